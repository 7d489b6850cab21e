/**
 * HubSpot's deals board and index (list): every card or row the page shows, as ListRows. A card's stage is its
 * column's; its properties and the index's columns are matched on their shown label.
 */
import { collapse, pageLocale } from '../dom';
import { fieldOfLabel, inRange, linkUrl, listRow, type ListField } from '../list';
import type { CrmListReader, ListRow, RowRange } from '../types';
import { dealKey } from './detect';
import {
  BOARD_CARD,
  BOARD_CARD_PROPERTY,
  BOARD_CARD_PROPERTY_LABEL,
  BOARD_CARD_PROPERTY_VALUE,
  BOARD_CARD_TITLE,
  BOARD_COLUMN,
  BOARD_COLUMN_NAME,
  DEAL_LINK,
  INDEX_NAME_CELL,
  LIST_LABELS,
} from './selectors';

type Texts = Partial<Record<ListField, string>>;

function columns(doc: Document): Element[] {
  for (const selector of BOARD_COLUMN) {
    const found = [...doc.querySelectorAll(selector)];
    if (found.length > 0) return found;
  }
  return [];
}

/** The deal page a card or row links to, when the detector recognises it. */
function dealUrl(scope: Element, page: URL): string | null {
  const link = scope.matches(DEAL_LINK) ? scope : scope.querySelector(DEAL_LINK);
  const url = linkUrl(link, page);
  return url && dealKey(url) ? url.href : null;
}

function readBoard(cols: Element[], page: URL, locale: string, range: RowRange | undefined) {
  const rows: ListRow[] = [];
  let skipped = 0;
  const cards = cols.flatMap((column) => [...column.querySelectorAll(BOARD_CARD)].map((card) => ({ card, column })));
  for (const { card, column } of inRange(cards, range)) {
    const stage = collapse(column.querySelector(BOARD_COLUMN_NAME)?.textContent ?? '');
    const url = dealUrl(card, page);
    if (!url) {
      skipped++;
      continue;
    }
    const texts: Texts = {};
    const title = card.querySelector(BOARD_CARD_TITLE);
    if (title) texts.name = title.textContent ?? '';
    if (stage !== '') texts.stage = stage;
    for (const property of card.querySelectorAll(BOARD_CARD_PROPERTY)) {
      const field = fieldOfLabel(LIST_LABELS, property.querySelector(BOARD_CARD_PROPERTY_LABEL)?.textContent ?? '');
      const value = property.querySelector(BOARD_CARD_PROPERTY_VALUE);
      if (field && value && !(field in texts)) texts[field] = value.textContent ?? '';
    }
    rows.push(listRow(url, texts, locale));
  }
  return { rows, skipped, total: cards.length };
}

function readIndex(nameCells: Element[], page: URL, locale: string, range: RowRange | undefined) {
  const table = nameCells[0]?.closest('table');
  const headers = [...(table?.querySelectorAll('thead th') ?? [])].map((th) => fieldOfLabel(LIST_LABELS, th.textContent ?? ''));
  const rows: ListRow[] = [];
  let skipped = 0;
  for (const nameCell of inRange(nameCells, range)) {
    const row = nameCell.closest('tr');
    const url = row ? dealUrl(nameCell, page) : null;
    if (!row || !url) {
      skipped++;
      continue;
    }
    const texts: Texts = { name: nameCell.textContent ?? '' };
    [...row.children].forEach((cell, i) => {
      const field = headers[i];
      if (field && field !== 'name' && !(field in texts)) texts[field] = cell.textContent ?? '';
    });
    rows.push(listRow(url, texts, locale));
  }
  return { rows, skipped, total: nameCells.length };
}

export const lists: CrmListReader = {
  id: 'hubspot',
  read(doc, page, range) {
    const locale = pageLocale(doc);
    const cols = columns(doc);
    if (cols.length > 0) return readBoard(cols, page, locale, range);
    const nameCells = [...doc.querySelectorAll(INDEX_NAME_CELL)];
    return nameCells.length > 0 ? readIndex(nameCells, page, locale, range) : null;
  },
  watched(doc) {
    const cols = columns(doc);
    if (cols.length > 0) return cols;
    const body = doc.querySelector(INDEX_NAME_CELL)?.closest('tbody');
    return body ? [body] : [];
  },
};
