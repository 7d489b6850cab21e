/**
 * What every CRM's list and board reader shares: turning the texts a row or card shows (by field) into a ListRow,
 * with amounts and dates parsed as the page's locale writes them, and finding columns by their shown label. Pure
 * DOM reading, no browser APIs beyond the document the reader is given.
 */
import { parseDate } from '../core/dates';
import { parseMoney, parseNumber } from '../core/money';
import { collapse } from './dom';
import type { ListRow, RowRange } from './types';

/** The fields a list row can show, beyond its link. */
export type ListField = 'name' | 'stage' | 'amount' | 'closeDate' | 'probability' | 'owner' | 'forecastCategory';

/** The labels a CRM shows above (or beside) each field's column, per field, in the UI languages it ships. */
export type ColumnLabels = Readonly<Partial<Record<ListField, readonly string[]>>>;

/** Which field a shown column label names, or null. Case, whitespace and a trailing colon (board cards) are ignored. */
export function fieldOfLabel(labels: ColumnLabels, shown: string): ListField | null {
  const wanted = normalLabel(shown);
  if (wanted === '') return null;
  for (const [field, names] of Object.entries(labels) as [ListField, readonly string[]][]) {
    if (names.some((name) => normalLabel(name) === wanted)) return field;
  }
  return null;
}

function normalLabel(text: string): string {
  return collapse(text).replace(/\s*:$/, '').toLowerCase();
}

/** Text a CRM shows for an empty cell: nothing, or a dash (HubSpot shows two). */
const EMPTY = /^(?:[-–—]{1,2})?$/;

/**
 * A row from what it shows. `texts` holds the shown text of each field the row has (a column or a card line): a
 * field absent from `texts` stays out of the row (not shown), an empty text becomes null (shown empty). Amounts and
 * dates are parsed in `locale`; one that does not parse is left out rather than recorded wrong.
 */
export function listRow(url: string, texts: Partial<Record<ListField, string>>, locale: string, stageValue: string | null = null): ListRow {
  const row: ListRow = { url };
  for (const [field, raw] of Object.entries(texts) as [ListField, string][]) {
    const text = collapse(raw);
    const empty = EMPTY.test(text);
    switch (field) {
      case 'name':
      case 'owner':
      case 'forecastCategory':
        row[field] = empty ? null : text;
        break;
      case 'stage':
        row.stage = empty ? null : { label: text, value: stageValue };
        break;
      case 'amount': {
        const money = empty ? null : parseMoney(text, locale);
        if (empty || money) row.amount = money;
        break;
      }
      case 'closeDate': {
        const date = empty ? null : parseDate(text, locale);
        if (empty || date) row.closeDate = date;
        break;
      }
      case 'probability': {
        const value = empty ? null : parseNumber(text, locale);
        if (empty || (value !== null && value >= 0 && value <= 100)) row.probability = value;
        break;
      }
    }
  }
  return row;
}

/** The absolute URL of a link on the page at `page`, or null when it has no usable href. */
export function linkUrl(link: Element | null, page: URL): URL | null {
  const href = link?.getAttribute('href');
  if (!href) return null;
  try {
    return new URL(href, page);
  } catch {
    return null;
  }
}

/** The items of `range` (all without one): the rows a reader parses in this call. */
export function inRange<T>(items: readonly T[], range: RowRange | undefined): readonly T[] {
  return range ? items.slice(range.from, range.to) : items;
}
