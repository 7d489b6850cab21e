/**
 * Zoho CRM's deals list and kanban: every row or card the page shows, as ListRows. List columns are matched on
 * their header's label; a card's stage is its column's (`kanbanHeader_<Stage>`).
 */
import { collapse, firstMatch, pageLocale } from '../dom';
import { fieldOfLabel, inRange, linkUrl, listRow, type ListField } from '../list';
import type { CrmListReader, ListRow, RowRange } from '../types';
import { dealKey } from './detect';
import {
  DEAL_LINK,
  KANBAN_AMOUNT,
  KANBAN_CARD,
  KANBAN_CLOSE_DATE,
  KANBAN_COLUMN,
  KANBAN_OWNER,
  KANBAN_PROBABILITY,
  KANBAN_STAGE_PREFIX,
  KANBAN_TITLE,
  LIST_CELL,
  LIST_COLUMN_LABELS,
  LIST_HEADER_CELL,
  LIST_ROW,
} from './selectors';

type Texts = Partial<Record<ListField, string>>;

function dealUrl(link: Element | null, page: URL): string | null {
  const url = linkUrl(link, page);
  return url && dealKey(url) ? url.href : null;
}

function readKanban(columns: Element[], page: URL, locale: string, range: RowRange | undefined) {
  const rows: ListRow[] = [];
  let skipped = 0;
  const cards = columns.flatMap((column) => [...column.querySelectorAll(KANBAN_CARD)].map((card) => ({ card, column })));
  for (const { card, column } of inRange(cards, range)) {
    const stage = collapse((column.getAttribute('data-zcqa') ?? '').slice(KANBAN_STAGE_PREFIX.length));
    const title = firstMatch(card, KANBAN_TITLE);
    const url = dealUrl(title, page);
    if (!url) {
      skipped++;
      continue;
    }
    const texts: Texts = { name: title?.textContent ?? '' };
    if (stage !== '') texts.stage = stage;
    const parts: [ListField, Element | null][] = [
      ['amount', firstMatch(card, KANBAN_AMOUNT)],
      ['owner', card.querySelector(KANBAN_OWNER)],
      ['closeDate', card.querySelector(KANBAN_CLOSE_DATE)],
      ['probability', card.querySelector(KANBAN_PROBABILITY)],
    ];
    for (const [field, el] of parts) if (el) texts[field] = el.textContent ?? '';
    rows.push(listRow(url, texts, locale));
  }
  return { rows, skipped, total: cards.length };
}

function readList(doc: Document, listRows: Element[], page: URL, locale: string, range: RowRange | undefined) {
  const headers = [...doc.querySelectorAll(LIST_HEADER_CELL)].map((cell) => fieldOfLabel(LIST_COLUMN_LABELS, cell.textContent ?? ''));
  const rows: ListRow[] = [];
  let skipped = 0;
  for (const row of inRange(listRows, range)) {
    const url = dealUrl(row.querySelector(DEAL_LINK), page);
    if (!url) {
      skipped++;
      continue;
    }
    const texts: Texts = {};
    [...row.querySelectorAll(LIST_CELL)].forEach((cell, i) => {
      const field = headers[i];
      if (field && !(field in texts)) texts[field] = cell.textContent ?? '';
    });
    rows.push(listRow(url, texts, locale));
  }
  return { rows, skipped, total: listRows.length };
}

export const lists: CrmListReader = {
  id: 'zoho',
  read(doc, page, range) {
    const locale = pageLocale(doc);
    const columns = [...doc.querySelectorAll(KANBAN_COLUMN)];
    if (columns.length > 0) return readKanban(columns, page, locale, range);
    const listRows = [...doc.querySelectorAll(LIST_ROW)];
    return listRows.length > 0 ? readList(doc, listRows, page, locale, range) : null;
  },
  watched(doc) {
    const columns = [...doc.querySelectorAll(KANBAN_COLUMN)];
    if (columns.length > 0) return columns;
    const parent = doc.querySelector(LIST_ROW)?.parentElement;
    return parent ? [parent] : [];
  },
};
