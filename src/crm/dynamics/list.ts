/**
 * Dynamics 365's opportunity views (the grid): every row the grid shows, as ListRows. Columns are found by ag-grid's
 * `col-id` (the attribute's logical name), else by their header's English label.
 */
import { collapse, firstMatch, pageLocale } from '../dom';
import { fieldOfLabel, inRange, linkUrl, listRow, type ListField } from '../list';
import type { CrmListReader, ListRow } from '../types';
import { dealKey } from './detect';
import {
  GRID,
  GRID_CELL,
  GRID_COLUMN_HEADER,
  GRID_COLUMN_ID,
  GRID_COLUMN_IDS,
  GRID_COLUMN_LABELS,
  GRID_RECORD_LINK,
  GRID_ROW,
  GRID_ROW_INDEX,
} from './selectors';

/** The field a header or cell stands for: by its `col-id`, else by the label of the header at its position. */
function fieldOf(cell: Element, position: number, labels: (ListField | null)[]): ListField | null {
  const id = cell.getAttribute(GRID_COLUMN_ID)?.toLowerCase();
  if (id) {
    for (const [field, ids] of Object.entries(GRID_COLUMN_IDS) as [ListField, readonly string[]][]) {
      if (ids.includes(id)) return field;
    }
    return null;
  }
  return labels[position] ?? null;
}

export const lists: CrmListReader = {
  id: 'dynamics',
  read(doc, page, range) {
    const grid = firstMatch(doc, GRID);
    if (!grid) return null;
    const labels = [...grid.querySelectorAll(GRID_COLUMN_HEADER)].map((header) => fieldOfLabel(GRID_COLUMN_LABELS, header.textContent ?? ''));
    // One row's cells may sit in several containers (pinned and scrolling columns): gathered by row-index.
    const byIndex = new Map<string, Element[]>();
    for (const row of grid.querySelectorAll(`${GRID_ROW}[${GRID_ROW_INDEX}]`)) {
      const index = row.getAttribute(GRID_ROW_INDEX) ?? '';
      byIndex.set(index, [...(byIndex.get(index) ?? []), row]);
    }
    if (byIndex.size === 0) return null;
    const locale = pageLocale(doc);
    const rows: ListRow[] = [];
    let skipped = 0;
    const all = [...byIndex.values()];
    for (const parts of inRange(all, range)) {
      const cells = parts.flatMap((part) => [...part.querySelectorAll(GRID_CELL)]);
      const link = parts.map((part) => part.querySelector(GRID_RECORD_LINK)).find((found) => found !== null) ?? null;
      const url = linkUrl(link, page);
      if (!url || !dealKey(url)) {
        skipped++;
        continue;
      }
      const texts: Partial<Record<ListField, string>> = {};
      cells.forEach((cell, position) => {
        const field = fieldOf(cell, position, labels);
        if (field && !(field in texts)) texts[field] = collapse(cell.textContent ?? '');
      });
      rows.push(listRow(url.href, texts, locale));
    }
    return { rows, skipped, total: all.length };
  },
  watched(doc) {
    const grid = firstMatch(doc, GRID);
    return grid ? [grid] : [];
  },
};
