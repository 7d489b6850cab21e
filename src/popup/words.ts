/**
 * The popup's figures and reasons in the rep's words. Pure functions, so the wording is unit-tested without a DOM.
 */
import { formatDate } from '../core/calendar';
import { COMPACT, formatDays, formatMoney, formatRelativeDays, safeLocale } from '../core/format';
import type { AttentionItem, AttentionReason, CurrencyTotal } from '../core/types';

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
  switch (reason.kind) {
    case 'stale':
      return `${formatDays(reason.days)} in stage (limit ${reason.limit})`;
    case 'overdue':
      return `Close date passed (${formatDate(reason.closeDate, locale)})`;
    case 'closing-not-ready':
      return `Closes ${formatRelativeDays(reason.days)}, not ready`;
    case 'pushed':
      return `Close date pushed out ${reason.times} times`;
    case 'skipped':
      return `${reason.missing} required in ${reason.stageName} still open`;
    case 'not-ready':
      return `${reason.missing} required not met`;
    case 'unknown-stage':
      return 'Stage not in playbook';
  }
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
