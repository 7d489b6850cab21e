/**
 * The popup's figures and reasons in the rep's words. Pure functions, so the wording is unit-tested without a DOM.
 */
import { formatDate } from '../core/calendar';
import { COMPACT, formatDays, formatMoney, formatNumber, formatRelativeDays, reasonWords, safeLocale } from '../core/format';
import type { AttentionItem, AttentionReason, CategoryId, Coverage, CurrencyTotal, StageVelocity } from '../core/types';
import type { SyncStatus } from '../messages';

/** One currency's figure: the text shown and the full amount for its tooltip (same text when not compact). */
export interface MoneyText {
  currency: string | null;
  text: string;
  full: string;
}

/**
 * Per-currency figures, never summed across currencies. `which` picks the plain total or the weighted forecast.
 */
export function moneyTexts(
  totals: readonly CurrencyTotal[],
  which: 'amount' | 'weighted',
  locale: string,
  compact: boolean,
): MoneyText[] {
  return totals.map((t) => ({
    currency: t.currency,
    text: formatMoney(t[which], t.currency, locale, compact ? COMPACT : {}),
    full: formatMoney(t[which], t.currency, locale),
  }));
}

export function reasonText(reason: AttentionReason, locale: string): string {
  return reasonWords(reason, { date: (iso) => formatDate(iso, locale), days: formatDays, within: formatRelativeDays });
}

/** "Ready to advance", "2 of 5 required met", or null when the deal's stage is not in the playbook. */
export function readinessText(item: Pick<AttentionItem, 'requiredMet' | 'requiredTotal' | 'ready'>): string | null {
  if (item.requiredMet === null || item.requiredTotal === null) return null;
  return item.ready ? 'Ready to advance' : `${item.requiredMet} of ${item.requiredTotal} required met`;
}

/** The CRMs Stagecoach reads, as a sentence names them: "Salesforce", "HubSpot or Salesforce". */
export function crmNamesText(labels: readonly string[], locale: string): string {
  return new Intl.ListFormat(safeLocale(locale), { type: 'disjunction' }).format(labels);
}

/** A CRM's name as reps say it, from its registry id; a configured site (`site:<id>`) by its id. */
export function crmLabel(crm: string, labels: ReadonlyMap<string, string>): string {
  if (crm.startsWith('site:')) return `Site ${crm.slice('site:'.length)}`;
  return labels.get(crm) ?? crm;
}

/** How long ago a moment was, as the popup says it: "just now", "10 min ago", "3 h ago", "2 days ago". */
export function agoText(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (Number.isNaN(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${formatDays(Math.floor(hours / 24))} ago`;
}

/**
 * Where the open pipeline's deals come from, each deal counted once: "62 open deals: 48 synced from Salesforce
 * 10 min ago, 14 seen on pages". The sync time is the latest of that CRM's orgs.
 */
export function coverageText(coverage: Coverage, syncs: readonly SyncStatus[], now: Date, locale: string, labels: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const { crm, count } of coverage.synced) {
    if (count === 0) continue;
    const times = syncs.filter((s) => s.crm === crm && s.lastSyncedAt !== null).map((s) => s.lastSyncedAt as string);
    const last = times.sort().at(-1);
    parts.push(`${formatNumber(count, locale)} synced from ${crmLabel(crm, labels)}${last === undefined ? '' : ` ${agoText(last, now)}`}`);
  }
  if (coverage.pages > 0) parts.push(`${formatNumber(coverage.pages, locale)} seen on ${coverage.pages === 1 ? 'its page' : 'their pages'}`);
  if (coverage.lists > 0) parts.push(`${formatNumber(coverage.lists, locale)} seen in lists`);
  const head = `${formatNumber(coverage.open, locale)} open ${coverage.open === 1 ? 'deal' : 'deals'}`;
  return parts.length === 0 ? head : `${head}: ${parts.join(', ')}`;
}

/** One org's sync as a line: "Salesforce (acme): synced 10 min ago, 48 deals", or why it failed. */
export function syncStatusText(status: SyncStatus, now: Date, locale: string, labels: ReadonlyMap<string, string>): string {
  const who = `${crmLabel(status.crm, labels)} (${status.org})`;
  if (status.running) return `${who}: syncing…`;
  if (status.failure !== null) return `${who}: ${status.failure}`;
  if (status.lastSyncedAt === null) return `${who}: not synced yet`;
  const n = status.lastCount;
  const count = n === null ? '' : `, ${formatNumber(n, locale)} open ${n === 1 ? 'deal' : 'deals'}`;
  return `${who}: synced ${agoText(status.lastSyncedAt, now)}${count}`;
}

export const CATEGORY_NAMES: Record<CategoryId, string> = {
  commit: 'Commit',
  best_case: 'Best case',
  pipeline: 'Pipeline',
  omitted: 'Omitted',
};

/** "12 days" when there is enough history behind the figure, else the reason there is no number. */
export function avgDaysText(stage: StageVelocity): string {
  return stage.avgDays === null ? 'Not enough history yet' : formatDays(stage.avgDays);
}

/** "75%" of deals that left the stage moved forward, or no number below the threshold. */
export function conversionText(stage: StageVelocity, locale: string): string {
  if (stage.conversion === null) return 'Not enough history yet';
  return new Intl.NumberFormat(safeLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(stage.conversion);
}

/** All of a deal's reasons in one line, most severe first: "Close date passed (Nov 12, 2026); 2 required not met". */
export function reasonsLine(reasons: readonly AttentionReason[], locale: string): string {
  return reasons.map((r) => reasonText(r, locale)).join('; ');
}
