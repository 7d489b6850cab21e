/**
 * Finding a deal in the popup's list: pure functions, so the matching rules are unit-tested without a DOM, and fast
 * enough to run on every keystroke over 10,000 deals.
 */
import type { DealListItem } from '../core/forecast';

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

/**
 * The deals matching a query, in the list's order. `texts[i]` is `dealSearchText(deals[i])`, computed once per
 * load instead of once per keystroke.
 */
export function filterDeals(deals: readonly DealListItem[], texts: readonly string[], query: string): readonly DealListItem[] {
  const words = queryWords(query);
  if (words.length === 0) return deals;
  const found: DealListItem[] = [];
  for (let i = 0; i < deals.length; i++) {
    const text = texts[i] as string;
    if (words.every((w) => text.includes(w))) found.push(deals[i] as DealListItem);
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
