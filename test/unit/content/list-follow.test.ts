// @vitest-environment happy-dom
/**
 * The loop on a list page (src/content/list-follow.ts) over a made-up reader of `li[data-url]` rows: each deal is sent
 * once until its row changes, in messages of at most 500 rows, read 50 rows per task, and nothing after navigation
 * aborts it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_ROWS, READ_ROWS, followList } from '../../../src/content/list-follow';
import type { CrmListReader, ListRow, RowRange } from '../../../src/crm/types';

const ranges: (RowRange | undefined)[] = [];

const reader: CrmListReader = {
  id: 'test',
  read(doc, _url, range) {
    ranges.push(range);
    const items = [...doc.querySelectorAll('li')];
    if (items.length === 0) return null;
    const slice = range ? items.slice(range.from, range.to) : items;
    const rows = slice.filter((li) => li.dataset.url).map((li): ListRow => ({ url: li.dataset.url ?? '', name: li.textContent }));
    return { rows, skipped: slice.length - rows.length, total: items.length };
  },
  watched: (doc) => [...doc.querySelectorAll('ul')],
};

function list(count: number, start = 0): string {
  return Array.from({ length: count }, (_, i) => `<li data-url="https://crm.example/deal/${start + i}">Deal ${start + i}</li>`).join('');
}

let sent: ListRow[][];
let controller: AbortController;
const send = (rows: ListRow[]) => {
  sent.push(rows);
  return Promise.resolve();
};
const sentUrls = () => sent.flat().map((row) => row.url);

beforeEach(() => {
  sent = [];
  ranges.length = 0;
  controller = new AbortController();
  document.body.innerHTML = '';
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => controller.abort());

describe('following a list page', () => {
  it('waits for the list to render, then sends every row once, and a changed row again on its own', async () => {
    followList(reader, controller.signal, send);
    document.body.innerHTML = `<ul>${list(3)}</ul>`;
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(3));

    const second = document.querySelectorAll('li')[1] as HTMLElement;
    second.textContent = 'Deal 1, renamed';
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual([{ url: 'https://crm.example/deal/1', name: 'Deal 1, renamed' }]);

    // A change that leaves every row as sent sends nothing.
    document.querySelector('ul')?.insertAdjacentHTML('beforeend', '<li>no link</li>');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sent).toHaveLength(2);
  });

  it('sends rows added as the list scrolls, and only those', async () => {
    document.body.innerHTML = `<ul>${list(5)}</ul>`;
    followList(reader, controller.signal, send);
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(5));
    document.querySelector('ul')?.insertAdjacentHTML('beforeend', list(2, 5));
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(7));
    expect(sent[1]?.map((row) => row.name)).toEqual(['Deal 5', 'Deal 6']);
  });

  it('reads a long list 50 rows per task and sends it in messages of at most 500 rows', async () => {
    document.body.innerHTML = `<ul>${list(1_200)}</ul>`;
    followList(reader, controller.signal, send);
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(1_200));
    expect(sent.map((batch) => batch.length)).toEqual([BATCH_ROWS, BATCH_ROWS, 200]);
    expect(new Set(sentUrls()).size).toBe(1_200);
    expect(ranges.every((range) => range !== undefined && range.to - range.from === READ_ROWS)).toBe(true);
  });

  it('stops when navigation aborts it: later changes send nothing', async () => {
    document.body.innerHTML = `<ul>${list(2)}</ul>`;
    followList(reader, controller.signal, send);
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(2));
    controller.abort();
    document.querySelector('ul')?.insertAdjacentHTML('beforeend', list(2, 2));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sentUrls()).toHaveLength(2);
  });

  it('sends again, with the next change, rows the worker did not take', async () => {
    let fail = true;
    const flaky = (rows: ListRow[]) => {
      if (fail) {
        fail = false;
        return Promise.reject(new Error('worker restarting'));
      }
      return send(rows);
    };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    document.body.innerHTML = `<ul>${list(2)}</ul>`;
    followList(reader, controller.signal, flaky);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toHaveLength(0);
    document.querySelector('ul')?.insertAdjacentHTML('beforeend', list(1, 2));
    await vi.waitFor(() => expect(sentUrls()).toHaveLength(3));
  });
});
