/**
 * The popup's first view, painted from `pipeline/get` alone: where the numbers come from (and sync), the open
 * pipeline and weighted forecast per currency, the pipeline by stage as a bar chart above its table, the forecast by
 * category, and what closes, was created and was won lately. Every money figure is per currency, never converted.
 */
import type { PipelineBrief } from '../core/forecast';
import { formatNumber, plural } from '../core/format';
import type { PeriodSummary, StageSummary } from '../core/types';
import type { PopupModel } from './model';
import { DealCount, MoneyList, None } from './parts';
import { CATEGORY_NAMES, coverageText, syncStatusText } from './words';

export function Summary({ model, summary, crmLabels }: { model: PopupModel; summary: PipelineBrief; crmLabels: ReadonlyMap<string, string> }) {
  const { locale } = model;
  const inStages = summary.stages.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <Coverage model={model} summary={summary} crmLabels={crmLabels} />
      <dl class="figures">
        <div class="figure">
          <dt>Open deals</dt>
          <dd class="figure-value">{formatNumber(summary.openDeals, locale)}</dd>
          <dd class={summary.readyDeals > 0 ? 'figure-sub is-ready' : 'figure-sub'}>{formatNumber(summary.readyDeals, locale)} ready</dd>
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

      {summary.attentionCount > 0 && (
        <p class="attention-line">
          <span class="dot" aria-hidden="true" />
          {attentionLine(summary.actNow, summary.attentionCount - summary.actNow, locale)}{' '}
          <button type="button" class="link" onClick={() => model.showView('attention')}>
            See why
          </button>
        </p>
      )}

      <section class="by-stage" aria-labelledby="stages-title">
        <h2 id="stages-title" class="section-title">
          Pipeline by stage
        </h2>
        <StageChart stages={summary.stages} locale={locale} />
        <table class="stages">
          <caption class="sr-only">Pipeline by stage</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" class="num">
                Deals
              </th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Weighted
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.stages.map((row) => (
              <tr key={row.stage.id} class={row.count === 0 ? 'is-empty' : undefined}>
                <th scope="row">
                  <bdi class="stage-name">{row.stage.name}</bdi>
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
      </section>

      <table class="stages">
        <caption>Forecast by category</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col" class="num">
              Deals
            </th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col" class="num">
              Weighted
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.categories.map((row) => (
            <tr key={row.category} class={row.count === 0 ? 'is-empty' : undefined}>
              <th scope="row">
                <span class="stage-name">{CATEGORY_NAMES[row.category]}</span>
              </th>
              <td class="num">
                <span class="count">{formatNumber(row.count, locale)}</span>
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
      </table>

      <table class="stages periods">
        <caption>Closing, created and won</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" class="num">
              Deals
            </th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          <Period name="Closing this month" period={summary.closing.month} locale={locale} />
          <Period name="Closing this quarter" period={summary.closing.quarter} locale={locale} />
          <Period name="Created, last 30 days" period={summary.created.last30} locale={locale} />
          <Period name="Created, last 90 days" period={summary.created.last90} locale={locale} />
          <Period name="Won, last 30 days" period={summary.won.last30} locale={locale} />
          <Period name="Won, last 90 days" period={summary.won.last90} locale={locale} />
        </tbody>
      </table>
      {summary.created.undated > 0 && (
        <p class="muted small">
          {plural(summary.created.undated, 'deal has', 'deals have')} no known creation date (only sync reports it), so{' '}
          {summary.created.undated === 1 ? 'it is' : 'they are'} not in “Created”.
        </p>
      )}
    </>
  );
}

function Period({ name, period, locale }: { name: string; period: PeriodSummary; locale: string }) {
  return (
    <tr class={period.count === 0 ? 'is-empty' : undefined}>
      <th scope="row">
        <span class="stage-name">{name}</span>
      </th>
      <td class="num">
        <span class="count">{formatNumber(period.count, locale)}</span>
      </td>
      <td class="num">{period.count === 0 ? <None /> : <MoneyList totals={period.totals} which="amount" locale={locale} />}</td>
    </tr>
  );
}

/** The chart's geometry, in SVG units (the SVG scales to the popup's width). */
const CHART = { width: 376, row: 20, bar: 12, label: 132, countWidth: 40 };

/**
 * Open deals per stage as horizontal bars, by count: counts add up across currencies, amounts do not. Screen readers
 * get one sentence (the table below is the accessible source of every figure).
 */
export function StageChart({ stages, locale }: { stages: readonly StageSummary[]; locale: string }) {
  const max = Math.max(1, ...stages.map((s) => s.count));
  const span = CHART.width - CHART.label - CHART.countWidth;
  const label = `Open deals by stage: ${stages.map((s) => `${s.stage.name} ${formatNumber(s.count, locale)}`).join(', ')}`;
  return (
    <svg class="chart" role="img" aria-label={label} viewBox={`0 0 ${CHART.width} ${stages.length * CHART.row}`} width="100%">
      {stages.map((s, i) => {
        const y = i * CHART.row;
        const width = s.count === 0 ? 0 : Math.max(2, (s.count / max) * span);
        return (
          <g key={s.stage.id} data-stage={s.stage.name} data-count={s.count}>
            <text x={CHART.label - 8} y={y + CHART.row / 2} class="chart-label" text-anchor="end" dominant-baseline="central">
              {s.stage.name}
            </text>
            <rect x={CHART.label} y={y + (CHART.row - CHART.bar) / 2} width={span} height={CHART.bar} rx="2" class="chart-track" />
            <rect x={CHART.label} y={y + (CHART.row - CHART.bar) / 2} width={width} height={CHART.bar} rx="2" class="chart-bar" />
            <text x={CHART.label + width + 6} y={y + CHART.row / 2} class="chart-count" dominant-baseline="central">
              {formatNumber(s.count, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** "62 open deals: 48 synced from Salesforce 10 min ago, 14 seen on pages", then each synced org and "Sync now". */
function Coverage({ model, summary, crmLabels }: { model: PopupModel; summary: PipelineBrief; crmLabels: ReadonlyMap<string, string> }) {
  const now = model.now();
  const enabled = model.syncs.value.filter((s) => s.enabled);
  const run = model.syncRun.value;
  const running = run.kind === 'running' || enabled.some((s) => s.running);
  return (
    <section class="coverage" aria-label="Where these numbers come from">
      <p class="coverage-line">{coverageText(summary.coverage, model.syncs.value, now, model.locale, crmLabels)}</p>
      {enabled.length > 0 && (
        <div class="sync">
          <ul class="sync-list">
            {enabled.map((s) => (
              <li key={s.id} class={s.failure !== null && !s.running ? 'sync-failed' : undefined}>
                {syncStatusText(s, now, model.locale, crmLabels)}
              </li>
            ))}
          </ul>
          <button type="button" class="btn btn-small" disabled={running} aria-busy={running} onClick={() => void model.syncNow()}>
            {running ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
      )}
      {run.kind === 'failed' && (
        <p class="sync-error" role="alert">
          Sync didn’t run: {run.message}
        </p>
      )}
    </section>
  );
}

/**
 * "3 deals need action now, 12 more are not ready for their stage.": the badge's count first (what needs doing
 * today), then the ordinary work, so the two numbers a rep sees agree with the icon.
 */
export function attentionLine(actNow: number, notReady: number, locale: string): string {
  const now = actNow > 0 ? `${formatNumber(actNow, locale)} ${actNow === 1 ? 'deal needs' : 'deals need'} action now` : '';
  const rest =
    notReady > 0
      ? `${formatNumber(notReady, locale)}${actNow > 0 ? ' more' : ''} ${notReady === 1 ? 'is' : 'are'} not ready for ${notReady === 1 ? 'its' : 'their'} stage`
      : '';
  const text = [now, rest].filter((part) => part !== '').join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
