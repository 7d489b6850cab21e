/**
 * Pipedrive's pipeline board: every deal tile the board shows, as ListRows, with its column's stage and its value.
 * Pipedrive shows no stage key, close date or owner on a tile by default: those are left out.
 */
import { collapse, pageLocale } from '../dom';
import { inRange, linkUrl, listRow, type ListField } from '../list';
import type { CrmListReader, ListRow } from '../types';
import { dealKey } from './detect';
import { BOARD_DEALS_LIST, BOARD_ROOT, BOARD_STAGE_COLUMN, BOARD_TILE, BOARD_TILE_DEAL_ID, BOARD_TILE_LINK, BOARD_TILE_VALUE } from './selectors';

/** The stage name of the column holding `tile`: the column's first `div` outside its deals list. */
function stageOf(tile: Element): string {
  const column = tile.closest(BOARD_DEALS_LIST)?.closest(BOARD_STAGE_COLUMN);
  if (!column) return '';
  for (const child of column.children) {
    if (child.tagName === 'DIV' && !child.matches(BOARD_DEALS_LIST) && !child.querySelector(BOARD_DEALS_LIST)) {
      return collapse(child.textContent ?? '');
    }
  }
  return '';
}

/**
 * The tile's deal page: its title link, else `/deal/{data-test-deal-id}` on the board's own host (the id attribute is
 * the better-evidenced hook [MULTI]; the link's markup rests on one source).
 */
function dealUrl(tile: Element, page: URL): string | null {
  const link = linkUrl(tile.querySelector(BOARD_TILE_LINK), page);
  if (link && dealKey(link)) return link.href;
  const id = tile.getAttribute(BOARD_TILE_DEAL_ID) ?? '';
  const byId = /^\d+$/.test(id) ? new URL(`/deal/${id}`, page) : null;
  return byId && dealKey(byId) ? byId.href : null;
}

export const lists: CrmListReader = {
  id: 'pipedrive',
  read(doc, page, range) {
    const tiles = [...doc.querySelectorAll(BOARD_TILE)];
    if (tiles.length === 0) return null;
    const locale = pageLocale(doc);
    const rows: ListRow[] = [];
    let skipped = 0;
    for (const tile of inRange(tiles, range)) {
      const url = dealUrl(tile, page);
      if (!url) {
        skipped++;
        continue;
      }
      const texts: Partial<Record<ListField, string>> = {};
      const title = tile.querySelector(BOARD_TILE_LINK);
      if (title) texts.name = title.textContent ?? '';
      const stage = stageOf(tile);
      if (stage !== '') texts.stage = stage;
      const value = tile.querySelector(BOARD_TILE_VALUE);
      if (value) texts.amount = value.textContent ?? '';
      rows.push(listRow(url, texts, locale));
    }
    return { rows, skipped, total: tiles.length };
  },
  watched(doc) {
    const board = doc.querySelector(BOARD_ROOT);
    return board ? [board] : [];
  },
};
