/**
 * The toolbar popup: the rep's whole open pipeline at a glance (summary, attention, velocity, every deal). It only
 * renders what the worker summarised, so it stays fast with thousands of deals.
 */
import type { PipelineBrief } from '../core/forecast';
import type { ChangeNotice, StorageLostNotice } from '../messages';
import { formatNumber, plural } from '../core/format';
import { CRMS } from '../crm/registry';
import { Logo } from '../ui/Logo';
import { Attention } from './Attention';
import { DealList } from './DealList';
import type { PopupModel, View } from './model';
import { Problem } from './parts';
import { Summary } from './Summary';
import { Velocity } from './Velocity';
import { crmNamesText } from './words';

/** CRM names by registry id, for "synced from Salesforce" and the CRM filter. */
const CRM_LABELS: ReadonlyMap<string, string> = new Map(CRMS.map((crm) => [crm.id, crm.label]));

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
                <bdi>{brief.name}</bdi>
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
        {model.lost.value !== null && (
          <Lost
            notice={model.lost.value}
            locale={model.locale}
            error={model.lostError.value}
            onSettings={() => void model.openSettings()}
            onDismiss={() => void model.dismissLost()}
          />
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

/** What changed in the playbook, shown once: until "Got it" here or on a deal page. The lines come worded by the worker. */
function Changes({ notice, error, onDismiss }: { notice: ChangeNotice; error: string | null; onDismiss: () => void }) {
  const more = notice.total - notice.lines.length;
  return (
    <section class="notice notice-info changes" aria-labelledby="changes-title">
      <div>
        <h2 id="changes-title" class="notice-title">
          Playbook updated
        </h2>
        <p>
          “<bdi>{notice.playbookName}</bdi>” changed:
        </p>
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

/**
 * The browser lost Stagecoach's database (after a full disk) and the worker brought back what its copy held: what came
 * back, what did not, and where a backup goes back in. Shown until "Got it".
 */
function Lost(props: { notice: StorageLostNotice; locale: string; error: string | null; onSettings: () => void; onDismiss: () => void }) {
  const { notice, locale, error } = props;
  const on = new Date(notice.at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const ticks = `${plural(notice.ticks, 'tick', 'ticks')} on ${plural(notice.deals, 'deal', 'deals')}`;
  return (
    <section class="notice notice-info changes" aria-labelledby="lost-title">
      <div>
        <h2 id="lost-title" class="notice-title">
          Your browser lost Stagecoach’s data
        </h2>
        <p>
          On {on} Stagecoach found its storage deleted by the browser, which happens after the disk was full. Brought back from
          Stagecoach’s own copy: {ticks}
          {notice.playbook !== null && (
            <>
              {' '}
              and the playbook “<bdi>{notice.playbook}</bdi>”
            </>
          )}
          .
        </p>
        <p>
          Deals come back as you open them. Their stage history does not, nor a team playbook address: if you have a
          backup, restore it in the settings (Your data).
        </p>
        {error !== null && (
          <p class="changes-error" role="alert">
            {error}
          </p>
        )}
        <div class="notice-actions">
          <button type="button" class="btn" onClick={props.onDismiss}>
            Got it
          </button>
          <button type="button" class="btn" onClick={props.onSettings}>
            Open settings
          </button>
        </div>
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
        show its stage checklist there; deals you visit, or see in a list or board, appear here.
      </p>
      <button type="button" class="btn" onClick={onSettings}>
        Playbook settings
      </button>
    </section>
  );
}

const VIEWS: { id: View; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'attention', label: 'Attention' },
  { id: 'velocity', label: 'Velocity' },
  { id: 'deals', label: 'All deals' },
];

/**
 * The pipeline in four views behind tabs, so the first one stays short: Summary, Attention, Velocity, All deals. Only
 * the open view is rendered, so typing in All deals never redraws the summary.
 */
function Pipeline({ model, summary }: { model: PopupModel; summary: PipelineBrief }) {
  const view = model.view.value;
  const select = (index: number) => {
    const next = VIEWS[(index + VIEWS.length) % VIEWS.length] as (typeof VIEWS)[number];
    model.showView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <>
      {/* Tabs as in the WAI-ARIA pattern: one tab stop, arrows move between tabs and show each at once. */}
      <div class="tabs" role="tablist" aria-label="Pipeline views">
        {VIEWS.map((v, i) => (
          <button
            key={v.id}
            id={`tab-${v.id}`}
            type="button"
            role="tab"
            class="tab"
            aria-selected={view === v.id}
            aria-controls={`panel-${v.id}`}
            tabIndex={view === v.id ? 0 : -1}
            onClick={() => model.showView(v.id)}
            onKeyDown={(e) => {
              const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 };
              const to = moves[e.key];
              if (to === undefined) return;
              e.preventDefault();
              select(to);
            }}
          >
            {v.label}
            {v.id === 'attention' && summary.attentionCount > 0 && (
              <span class="tab-count">
                <span class="sr-only">, </span>
                {formatNumber(summary.attentionCount, model.locale)}
              </span>
            )}
          </button>
        ))}
      </div>
      <div class="panel" role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
        {view === 'summary' ? (
          <Summary model={model} summary={summary} crmLabels={CRM_LABELS} />
        ) : view === 'attention' ? (
          <Attention model={model} total={summary.attentionCount} />
        ) : view === 'velocity' ? (
          <Velocity velocity={summary.velocity} locale={model.locale} />
        ) : (
          <DealList model={model} crmLabels={CRM_LABELS} />
        )}
      </div>
    </>
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
