/**
 * The toolbar popup: the open pipeline by playbook stage, per-currency figures, and the deals that need attention.
 * It only renders what the worker summarised, so it stays fast with thousands of deals.
 */
import type { ComponentChildren } from 'preact';
import type { PipelineBrief } from '../core/forecast';
import type { ChangeNotice } from '../messages';
import type { AttentionItem, CurrencyTotal } from '../core/types';
import { formatNumber, plural } from '../core/format';
import { CRMS } from '../crm/registry';
import { ErrorIcon } from '../ui/icons';
import { Logo } from '../ui/Logo';
import { DealList } from './DealList';
import type { PopupModel } from './model';
import { crmNamesText, moneyTexts, readinessText, reasonText } from './words';

export function Popup({ model }: { model: PopupModel }) {
  const state = model.state.value;
  const brief = model.playbook.value;
  const notice = model.notice.value;
  return (
    <div class="popup">
      <header class="bar">
        <Logo size={28} />
        <div class="bar-text">
          <h1>Stagecoach</h1>
          {brief !== null && (
            <>
              <p class="bar-playbook" title={brief.name}>
                <span class="sr-only">Playbook: </span>
                {brief.name}
              </p>
              <p class="bar-source">{brief.why}</p>
            </>
          )}
        </div>
        <button type="button" class="icon-btn" aria-label="Settings" title="Playbook settings" onClick={() => void model.openSettings()}>
          <GearIcon />
        </button>
      </header>
      <main class="content">
        {model.settingsError.value !== null && <Problem title="Couldn’t open the settings">{model.settingsError.value}</Problem>}
        {model.teamProblem.value !== null && (
          <p class="note" role="alert">
            {model.teamProblem.value}
          </p>
        )}
        {notice !== null && <Changes notice={notice} error={model.noticeError.value} onDismiss={() => void model.dismissNotice()} />}
        {state.kind === 'loading' ? (
          <p class="loading" role="status">
            <span class="spinner" aria-hidden="true" />
            Loading your pipeline…
          </p>
        ) : state.kind === 'failed' ? (
          <div class="stack">
            <Problem title="Couldn’t load your pipeline">{state.message}</Problem>
            <button type="button" class="btn btn-brand" onClick={() => void model.load()}>
              Retry
            </button>
          </div>
        ) : model.isEmpty.value ? (
          <Empty
            crms={crmNamesText(
              CRMS.map((crm) => crm.label),
              model.locale,
            )}
            onSettings={() => void model.openSettings()}
          />
        ) : (
          <Pipeline model={model} summary={state.summary} />
        )}
      </main>
    </div>
  );
}

function Problem({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="notice notice-error" role="alert">
      <ErrorIcon />
      <div>
        <p class="notice-title">{title}</p>
        <p>{children}</p>
      </div>
    </div>
  );
}

/** What changed in the playbook, shown once: until "Got it" here or on a deal page. The lines come worded by the worker. */
function Changes({ notice, error, onDismiss }: { notice: ChangeNotice; error: string | null; onDismiss: () => void }) {
  const more = notice.total - notice.lines.length;
  return (
    <section class="notice notice-info changes" aria-labelledby="changes-title">
      <div>
        <h2 id="changes-title" class="notice-title">
          Playbook updated
        </h2>
        <p>“{notice.playbookName}” changed:</p>
        <ul>
          {notice.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
        {more > 0 && <p class="muted">and {more} more</p>}
        {error !== null && (
          <p class="changes-error" role="alert">
            {error}
          </p>
        )}
        <button type="button" class="btn" onClick={onDismiss}>
          Got it
        </button>
      </div>
    </section>
  );
}

function Empty({ crms, onSettings }: { crms: string; onSettings: () => void }) {
  return (
    <section class="empty" aria-labelledby="empty-title">
      <EmptyArt />
      <p>
        <strong id="empty-title" class="empty-title">No deals yet.</strong> Open a deal in {crms} and Stagecoach will
        show its stage checklist there; deals you visit appear here.
      </p>
      <button type="button" class="btn" onClick={onSettings}>
        Playbook settings
      </button>
    </section>
  );
}

function Pipeline({ model, summary }: { model: PopupModel; summary: PipelineBrief }) {
  const { locale } = model;
  const inStages = summary.stages.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <dl class="figures">
        <div class="figure">
          <dt>Open deals</dt>
          <dd class="figure-value">{formatNumber(summary.openDeals, locale)}</dd>
          <dd class={summary.readyDeals > 0 ? 'figure-sub is-ready' : 'figure-sub'}>
            {formatNumber(summary.readyDeals, locale)} ready
          </dd>
        </div>
        <div class="figure">
          <dt>Amount</dt>
          <dd class="figure-value">
            <MoneyList totals={summary.totals} which="amount" locale={locale} inline />
          </dd>
        </div>
        <div class="figure">
          <dt>Weighted forecast</dt>
          <dd class="figure-value">
            <MoneyList totals={summary.totals} which="weighted" locale={locale} inline />
          </dd>
        </div>
      </dl>

      <table class="stages">
        <caption>Pipeline by stage</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" class="num">Deals</th>
            <th scope="col" class="num">Amount</th>
            <th scope="col" class="num">Weighted</th>
          </tr>
        </thead>
        <tbody>
          {summary.stages.map((row) => (
            <tr key={row.stage.id} class={row.count === 0 ? 'is-empty' : undefined}>
              <th scope="row">
                <span class="stage-name">{row.stage.name}</span>
                <span class="stage-prob">{row.stage.probability}%</span>
              </th>
              <td class="num">
                <DealCount count={row.count} ready={row.ready} locale={locale} />
              </td>
              <td class="num">
                <MoneyList totals={row.totals} which="amount" locale={locale} />
              </td>
              <td class="num">
                <MoneyList totals={row.totals} which="weighted" locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="num">
              <DealCount count={inStages} ready={summary.readyDeals} locale={locale} />
            </td>
            <td class="num">
              <MoneyList totals={summary.totals} which="amount" locale={locale} />
            </td>
            <td class="num">
              <MoneyList totals={summary.totals} which="weighted" locale={locale} />
            </td>
          </tr>
        </tfoot>
      </table>
      {summary.unmatchedDeals > 0 && (
        <p class="note">
          {plural(summary.unmatchedDeals, 'deal is', 'deals are')} in a CRM stage that is not in the playbook, so{' '}
          {summary.unmatchedDeals === 1 ? 'it is' : 'they are'} not in the table.{' '}
          <button type="button" class="link" onClick={() => void model.openSettings()}>
            Check the playbook
          </button>
        </p>
      )}

      <Attention model={model} total={summary.attentionCount} />
      <DealList model={model} />
    </>
  );
}

function Attention({ model, total }: { model: PopupModel; total: number }) {
  return (
    <section class="attention" aria-labelledby="attention-title">
      <h2 id="attention-title">
        Needs attention <span class="count-pill">{formatNumber(total, model.locale)}</span>
      </h2>
      {total === 0 ? (
        <p class="muted">Nothing needs attention: no stale, overdue or at-risk deals.</p>
      ) : (
        <>
          <ul class="attention-list">
            {model.visibleAttention.value.map((item) => (
              <AttentionEntry key={item.key} item={item} locale={model.locale} />
            ))}
          </ul>
          {model.hiddenAttentionCount.value > 0 && (
            <button type="button" class="btn show-all" onClick={model.showAllAttention}>
              Show all {formatNumber(total, model.locale)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function AttentionEntry({ item, locale }: { item: AttentionItem; locale: string }) {
  const readiness = readinessText(item);
  return (
    <li>
      <a class="deal" href={item.url} target="_blank" rel="noreferrer">
        <span class="deal-top">
          <span class="deal-name">{item.name}</span>
          {readiness !== null && <span class={`readiness ${item.ready ? 'is-ready' : ''}`}>{readiness}</span>}
        </span>
        <span class="deal-stage">{item.stageLabel}</span>
        <span class="reasons">
          {item.reasons.map((reason, i) => (
            <span key={i} class={`reason reason-${reason.kind}`}>
              {reasonText(reason, locale)}
            </span>
          ))}
        </span>
        <span class="sr-only"> (opens in a new tab)</span>
      </a>
    </li>
  );
}

function DealCount({ count, ready, locale }: { count: number; ready: number; locale: string }) {
  return (
    <>
      <span class="count">{formatNumber(count, locale)}</span>
      {ready > 0 && <span class="ready"> {formatNumber(ready, locale)} ready</span>}
    </>
  );
}

/**
 * One line per currency. Compact figures carry the full amount in a tooltip. An empty list is a dash, read as
 * "none" by screen readers.
 */
function MoneyList({
  totals,
  which,
  locale,
  inline = false,
}: {
  totals: readonly CurrencyTotal[];
  which: 'amount' | 'weighted';
  locale: string;
  inline?: boolean;
}) {
  if (totals.length === 0) {
    return (
      <span class="none">
        <span aria-hidden="true">—</span>
        <span class="sr-only">none</span>
      </span>
    );
  }
  return (
    <span class={inline ? 'money money-inline' : 'money'}>
      {moneyTexts(totals, which, locale, true).map((m) => (
        <span key={m.currency ?? ''} class="money-line" title={m.full === m.text ? undefined : m.full}>
          {m.text}
        </span>
      ))}
    </span>
  );
}

function GearIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        fill-rule="evenodd"
        d="M19.06 8.38L19.06 11.62L16.7 11.66L15.91 13.56L17.55 15.26L15.26 17.55L13.56 15.91L11.66 16.7L11.62 19.06L8.38 19.06L8.34 16.7L6.44 15.91L4.74 17.55L2.45 15.26L4.09 13.56L3.3 11.66L0.94 11.62L0.94 8.38L3.3 8.34L4.09 6.44L2.45 4.74L4.74 2.45L6.44 4.09L8.34 3.3L8.38 0.94L11.62 0.94L11.66 3.3L13.56 4.09L15.26 2.45L17.55 4.74L15.91 6.44L16.7 8.34Z M10 6.8a3.2 3.2 0 1 0 0 6.4a3.2 3.2 0 1 0 0-6.4Z"
      />
    </svg>
  );
}

function EmptyArt() {
  return (
    <svg class="empty-art" viewBox="0 0 120 72" width="120" height="72" aria-hidden="true">
      <rect x="8" y="10" width="104" height="54" rx="6" fill="#f3f3f3" stroke="#c9c9c9" />
      <rect x="18" y="22" width="40" height="6" rx="3" fill="#c9c9c9" />
      <rect x="18" y="34" width="64" height="6" rx="3" fill="#e5e5e5" />
      <rect x="18" y="46" width="52" height="6" rx="3" fill="#e5e5e5" />
      <circle cx="94" cy="25" r="9" fill="#0176d3" />
      <path d="M89.5 25.3l3 3 6-6" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
