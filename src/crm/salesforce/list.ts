/**
 * Salesforce Lightning's opportunities list view and Kanban: every row or card the page shows, as ListRows. The
 * list view's columns are found by their `data-label` (the rep's language); a Kanban card's stage is its column's.
 */
import { collapse, firstMatch, pageLocale, treesBelow } from '../dom';
import { fieldOfLabel, inRange, linkUrl, listRow, type ListField } from '../list';
import type { CrmListReader, ListRow, RowRange } from '../types';
import { dealKey } from './detect';
import {
  KANBAN_AMOUNT,
  KANBAN_CARD,
  KANBAN_CARDS_SCROLLER,
  KANBAN_CLOSE_DATE,
  KANBAN_COLUMN,
  KANBAN_HEADER,
  KANBAN_LINK,
  KANBAN_STAGE_LABEL,
  LIST_BODY,
  LIST_CELL,
  LIST_COLUMN_LABELS,
  LIST_LINK,
  LIST_ROW,
} from './selectors';

type Rows = { rows: ListRow[]; skipped: number; total: number };

/**
 * The trees to query: the document alone when the list is in its light DOM (synthetic shadow, today's orgs), else
 * with every open shadow root, which costs a walk of the whole page and is done only when the light DOM has no list.
 */
function listTrees(doc: Document): ParentNode[] {
  if (doc.querySelector(`${LIST_ROW}, ${KANBAN_COLUMN}`)) return [doc];
  return treesBelow(doc);
}

function queryAll(trees: readonly ParentNode[], selector: string): Element[] {
  return trees.flatMap((tree) => [...tree.querySelectorAll(selector)]);
}

/** The row's deal page, when its link is an opportunity record the detector recognises. */
function dealUrl(link: Element | null, page: URL): string | null {
  const url = linkUrl(link, page);
  return url && dealKey(url) ? url.href : null;
}

function readTable(page: URL, rows: Element[], locale: string, range: RowRange | undefined): Rows {
  const out: ListRow[] = [];
  let skipped = 0;
  for (const row of inRange(rows, range)) {
    const url = dealUrl(firstMatch(row, LIST_LINK), page);
    if (!url) {
      skipped++;
      continue;
    }
    const texts: Partial<Record<ListField, string>> = {};
    for (const cell of row.querySelectorAll(LIST_CELL)) {
      const field = fieldOfLabel(LIST_COLUMN_LABELS, cell.getAttribute('data-label') ?? '');
      if (field && !(field in texts)) texts[field] = cell.textContent ?? '';
    }
    out.push(listRow(url, texts, locale));
  }
  return { rows: out, skipped, total: rows.length };
}

/** The stage a Kanban column stands for: its label element, else its header without the "(13)" count. */
function columnStage(column: Element): string {
  const label = column.querySelector(KANBAN_STAGE_LABEL) ?? column.querySelector(KANBAN_HEADER);
  return collapse(label?.textContent ?? '').replace(/\s*\(\d[\d,.\s]*\+?\)$/, '');
}

function readKanban(page: URL, columns: Element[], locale: string, range: RowRange | undefined): Rows {
  const out: ListRow[] = [];
  let skipped = 0;
  const cards = columns.flatMap((column) => firstNonEmpty(column, KANBAN_CARD).map((card) => ({ card, column })));
  const stages = new Map<Element, string>();
  for (const { card, column } of inRange(cards, range)) {
    const stage = stages.get(column) ?? columnStage(column);
    stages.set(column, stage);
    const link = firstMatch(card, KANBAN_LINK);
    const url = dealUrl(link, page);
    if (!url) {
      skipped++;
      continue;
    }
    const texts: Partial<Record<ListField, string>> = { name: link?.textContent ?? '' };
    if (stage !== '') texts.stage = stage;
    const amount = firstMatch(card, KANBAN_AMOUNT);
    if (amount) texts.amount = amount.textContent ?? '';
    const closeDate = firstMatch(card, KANBAN_CLOSE_DATE);
    if (closeDate) texts.closeDate = closeDate.textContent ?? '';
    out.push(listRow(url, texts, locale));
  }
  return { rows: out, skipped, total: cards.length };
}

/** The elements matching the first selector that matches any under `root` (the card and its inner box never both). */
function firstNonEmpty(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    const found = [...root.querySelectorAll(selector)];
    if (found.length > 0) return found;
  }
  return [];
}

export const lists: CrmListReader = {
  id: 'salesforce',
  read(doc, page, range) {
    const trees = listTrees(doc);
    const locale = pageLocale(doc);
    const columns = queryAll(trees, KANBAN_COLUMN);
    if (columns.length > 0) return readKanban(page, columns, locale, range);
    const rows = queryAll(trees, LIST_ROW);
    // An empty table body is a list still loading, or a filter with no opportunity: nothing to record either way.
    return rows.length > 0 ? readTable(page, rows, locale, range) : null;
  },
  watched(doc) {
    const trees = listTrees(doc);
    const columns = queryAll(trees, KANBAN_COLUMN);
    if (columns.length > 0) return columns.map((column) => column.querySelector(KANBAN_CARDS_SCROLLER) ?? column);
    return queryAll(trees, LIST_BODY);
  },
};
