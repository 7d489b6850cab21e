/**
 * Finding, filtering and sorting the popup's deal list: pure functions, so the rules are unit-tested without a DOM,
 * and fast enough to run on every keystroke over 10,000 deals. Everything that costs (folding text for search,
 * comparing names, closing periods) is computed once per load into `DealKeys`; a keystroke or a filter change only
 * walks arrays of precomputed values.
 */
import type { DealListItem } from '../core/forecast';

/**
 * One collator for every comparison, made on the first sort: making one per comparison is what makes localeCompare
 * slow on 10,000 deals, and making it at load would add a fresh renderer's first-Intl cost to the first paint.
 */
let collator: Intl.Collator | null = null;
function compareCollated(a: string, b: string): number {
  collator ??= new Intl.Collator(undefined, { numeric: true });
  return collator.compare(a, b);
}

/**
 * Text in the form searches compare: lower case, accents off ("José" finds "jose"), runs of spaces as one.
 * NFD splits a letter from its accent; the accents are then dropped as combining marks.
 */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Everything a deal can be found by: its name, CRM stage, playbook stage and owner. */
export function dealSearchText(deal: DealListItem): string {
  return foldText([deal.name, deal.crmStage, deal.stageName ?? '', deal.owner ?? ''].join(' '));
}

/** The words of a query; a deal matches when every one appears somewhere in its search text. */
export function queryWords(query: string): string[] {
  return foldText(query).split(' ').filter((w) => w !== '');
}

/** When a deal's close date falls, relative to today: the "Closing" filter. */
export type ClosingPeriod = 'overdue' | 'month' | 'quarter' | 'later' | 'none';

/**
 * The closing period of `closeDate` on `today` (both `YYYY-MM-DD`). "This month" deals are in "this quarter" too;
 * `closingPeriod` gives the narrowest, and `inClosing` answers the filter's question.
 */
export function closingPeriod(closeDate: string | null, today: string): ClosingPeriod {
  if (closeDate === null) return 'none';
  if (closeDate < today) return 'overdue';
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const [y, m] = [Number(closeDate.slice(0, 4)), Number(closeDate.slice(5, 7))];
  if (y !== year) return 'later';
  if (m === month) return 'month';
  return Math.ceil(m / 3) === Math.ceil(month / 3) ? 'quarter' : 'later';
}

export type ClosingFilter = 'month' | 'quarter' | 'overdue';

export function inClosing(period: ClosingPeriod, filter: ClosingFilter): boolean {
  if (filter === 'quarter') return period === 'month' || period === 'quarter';
  return period === filter;
}

export interface DealFilters {
  /** Playbook stage id, `unknown` for CRM stages not in the playbook, or null for every stage. */
  stage: string | null;
  /** CRM id (`salesforce`, `site:…`) or null for every CRM. */
  crm: string | null;
  ready: 'ready' | 'not-ready' | null;
  stale: boolean;
  closing: ClosingFilter | null;
}

export const NO_FILTERS: DealFilters = { stage: null, crm: null, ready: null, stale: false, closing: null };

export function filterCount(filters: DealFilters): number {
  return [filters.stage !== null, filters.crm !== null, filters.ready !== null, filters.stale, filters.closing !== null].filter(Boolean)
    .length;
}

/** The list's orders. `attention` is the worker's own: needing attention first, then closing soonest, then by name. */
export type SortKey = 'attention' | 'name' | 'amount' | 'closeDate' | 'stage' | 'daysInStage';

/** Precomputed per deal, once per load: what every keystroke, filter and sort reads. Index i is deals[i]. */
export interface DealKeys {
  texts: string[];
  closing: ClosingPeriod[];
  /** Playbook stage position (unknown stages after every known one). */
  stageRank: number[];
}

export const UNKNOWN_STAGE = 'unknown';

export function dealKeys(deals: readonly DealListItem[], stageOrder: readonly string[], today: string): DealKeys {
  const rank = new Map(stageOrder.map((id, i) => [id, i]));
  const texts: string[] = new Array(deals.length);
  const closing: ClosingPeriod[] = new Array(deals.length);
  const stageRank: number[] = new Array(deals.length);
  for (let i = 0; i < deals.length; i++) {
    const deal = deals[i] as DealListItem;
    texts[i] = dealSearchText(deal);
    closing[i] = closingPeriod(deal.closeDate, today);
    stageRank[i] = deal.stageId === null ? stageOrder.length : (rank.get(deal.stageId) ?? stageOrder.length);
  }
  return { texts, closing, stageRank };
}

/**
 * The deals' indexes in `sort` order. Missing values (no amount, no close date, unknown days) go last in either
 * direction: a rep sorting by amount wants the biggest deals, not the blanks. Amounts sort within their currency
 * (currencies in name order): there is no exchange rate to compare USD with EUR.
 */
export function sortOrder(deals: readonly DealListItem[], keys: DealKeys, sort: SortKey, descending: boolean): number[] {
  const order = deals.map((_, i) => i);
  if (sort === 'attention') return descending ? order.reverse() : order;
  const sign = descending ? -1 : 1;
  const byName = (a: number, b: number): number => compareCollated((deals[a] as DealListItem).name, (deals[b] as DealListItem).name);
  const missingLast = (va: number | string | null, vb: number | string | null): number | null => {
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    return null;
  };
  let compare: (a: number, b: number) => number;
  switch (sort) {
    case 'name':
      compare = (a, b) => sign * byName(a, b);
      break;
    case 'amount':
      compare = (a, b) => {
        const [ma, mb] = [(deals[a] as DealListItem).amount, (deals[b] as DealListItem).amount];
        const missing = missingLast(ma && ma.amount, mb && mb.amount);
        if (missing !== null) return missing || byName(a, b);
        const currency = compareCollated(ma?.currency ?? '', mb?.currency ?? '');
        if (currency !== 0) return currency;
        return sign * ((ma?.amount ?? 0) - (mb?.amount ?? 0)) || byName(a, b);
      };
      break;
    case 'closeDate':
      compare = (a, b) => {
        const [da, db] = [(deals[a] as DealListItem).closeDate, (deals[b] as DealListItem).closeDate];
        const missing = missingLast(da, db);
        if (missing !== null) return missing || byName(a, b);
        return sign * (da as string).localeCompare(db as string) || byName(a, b);
      };
      break;
    case 'stage':
      compare = (a, b) => sign * ((keys.stageRank[a] as number) - (keys.stageRank[b] as number)) || byName(a, b);
      break;
    case 'daysInStage':
      compare = (a, b) => {
        const [da, db] = [(deals[a] as DealListItem).daysInStage, (deals[b] as DealListItem).daysInStage];
        const missing = missingLast(da, db);
        if (missing !== null) return missing || byName(a, b);
        return sign * ((da as number) - (db as number)) || byName(a, b);
      };
      break;
  }
  return order.sort(compare);
}

/** The deals matching the filters and the query, in `order`. */
export function applyFilters(
  deals: readonly DealListItem[],
  keys: DealKeys,
  order: readonly number[],
  filters: DealFilters,
  query: string,
): DealListItem[] {
  const words = queryWords(query);
  const { stage, crm, ready, stale, closing } = filters;
  const found: DealListItem[] = [];
  for (const i of order) {
    const deal = deals[i] as DealListItem;
    if (stage !== null && (stage === UNKNOWN_STAGE ? deal.stageId !== null : deal.stageId !== stage)) continue;
    if (crm !== null && deal.crm !== crm) continue;
    if (ready !== null && deal.ready !== (ready === 'ready')) continue;
    if (stale && !deal.stale) continue;
    if (closing !== null && !inClosing(keys.closing[i] as ClosingPeriod, closing)) continue;
    if (words.length > 0) {
      const text = keys.texts[i] as string;
      if (!words.every((w) => text.includes(w))) continue;
    }
    found.push(deal);
  }
  return found;
}

/** Which rows of a virtual list to render: the rows in view plus `overscan` on each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewportHeight) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(total, last + overscan) };
}
