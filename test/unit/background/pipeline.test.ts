/**
 * The worker's pipeline from the lean index: what it reads when the worker starts, when the day turns, when the
 * playbook changes and after a write; the toolbar badge that follows it; and deal/open.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { playbookFingerprint } from '../../../src/background/pipeline';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { addDays, isoDate } from '../../../src/core/calendar';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { DealSnapshot } from '../../../src/core/types';
import { deal } from '../deal-fixture';
import { fakeWorker } from './worker-fake';

const ACME = 'https://acme.lightning.force.com';
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const tab = (tabId: number): SenderContext => ({ kind: 'content', origin: ACME, tabId });
const urlOf = (n: number) => `${ACME}/lightning/r/Opportunity/00600000000000${n}AAA/view`;
const keyOf = (n: number) => `salesforce:acme:00600000000000${n}AAA`;

/** Today as the test runs, and days around it: nothing here expires. */
const TODAY = isoDate(new Date());
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

/** A Qualification deal (Needs Analysis) with an amount, closing `closeDate`. */
function qualification(n: number, closeDate: string, overrides: Partial<DealSnapshot> = {}): DealSnapshot {
  return deal({
    key: keyOf(n),
    recordId: `00600000000000${n}AAA`,
    url: urlOf(n),
    name: `Deal ${n}`,
    stage: { label: 'Needs Analysis', value: 'Needs Analysis' },
    amount: { amount: 1_000 * n, currency: 'USD' },
    closeDate,
    ...overrides,
  });
}

let factory: IDBFactory;
let store: Store;
let clock: Date;
const log = vi.fn();

/** A store whose `reevaluate` (the only way full records are read for the pipeline) is watched. */
function watched(base: Store) {
  const reevaluate = vi.fn(base.reevaluate);
  return { store: { ...base, reevaluate } as Store, reevaluate };
}

/** A new worker over the same database: what Chrome does after stopping an idle one. */
const worker = (over: Store = store, tabs?: Map<number, string | null>, badgeFollowsWrites = false, session?: Map<string, unknown>) =>
  fakeWorker({ store: async () => over, now: () => clock, log, badgeFollowsWrites, ...(tabs && { tabs }), ...(session && { session }) });

/** A store whose reads of the index and of full records are watched. */
function counted(base: Store) {
  const allSummaries = vi.fn(base.allSummaries);
  const reevaluate = vi.fn(base.reevaluate);
  return { store: { ...base, allSummaries, reevaluate } as Store, allSummaries, reevaluate };
}

beforeEach(async () => {
  factory = new IDBFactory();
  store = createStore(await openStagecoachDB({ factory }), log);
  clock = noon(TODAY);
  log.mockReset();
});

describe('the summary saved for the browser session', () => {
  it('answers the first popup after a worker start without reading the index, until something it was made from changes', async () => {
    const session = new Map<string, unknown>();
    const first = worker(store, undefined, false, session);
    for (const n of [1, 2, 3]) await first.handlers['deal/seen']({ deal: qualification(n, addDays(TODAY, 30)) }, tab(n));
    const made = await first.handlers['pipeline/get']({}, page);
    expect(made.summary.openDeals).toBe(3);

    // Restarted: the saved summary answers; not one index row or record is read.
    const a = counted(store);
    expect((await worker(a.store, undefined, false, session).handlers['pipeline/get']({}, page)).summary).toEqual(made.summary);
    expect(a.allSummaries).not.toHaveBeenCalled();
    expect(a.reevaluate).not.toHaveBeenCalled();

    // A write drops it: the next worker builds from the index and shows the new amount.
    const b = worker(store, undefined, false, session);
    await b.handlers['deal/seen']({ deal: qualification(1, addDays(TODAY, 30), { amount: { amount: 50_000, currency: 'USD' } }) }, tab(1));
    const c = counted(store);
    const after = await worker(c.store, undefined, false, session).handlers['pipeline/get']({}, page);
    expect(c.allSummaries).toHaveBeenCalled();
    expect(after.summary.totals).toEqual([{ currency: 'USD', amount: 55_000, weighted: expect.any(Number) }]);

    // A write the summary was not told of (a worker stopped between the write and dropping it) still shows: the data
    // stamp differs.
    await store.recordDeal(qualification(4, addDays(TODAY, 30)), new Date(clock.getTime() + 60_000).toISOString());
    const d = counted(store);
    expect((await worker(d.store, undefined, false, session).handlers['pipeline/get']({}, page)).summary.openDeals).toBe(4);
    expect(d.allSummaries).toHaveBeenCalled();

    // Another day: made again (overdue and stale figures move with the calendar).
    clock = noon(addDays(TODAY, 1));
    const e = counted(store);
    await worker(e.store, undefined, false, session).handlers['pipeline/get']({}, page);
    expect(e.allSummaries).toHaveBeenCalled();
  });
});

describe('the pipeline from the index', () => {
  it('paints the first popup after a worker start from index rows, without reading a full record', async () => {
    const first = worker();
    for (const n of [1, 2, 3]) await first.handlers['deal/seen']({ deal: qualification(n, addDays(TODAY, 30)) }, tab(n));
    const before = await first.handlers['pipeline/get']({}, page);
    // The evaluations were stored with the rows.
    const fingerprint = await playbookFingerprint(DEFAULT_PLAYBOOK);
    expect((await store.allSummaries()).map((row) => row.readiness && [row.readiness.playbook, row.readiness.day])).toEqual([
      [fingerprint, TODAY],
      [fingerprint, TODAY],
      [fingerprint, TODAY],
    ]);

    const { store: spied, reevaluate } = watched(store);
    const after = await worker(spied).handlers['pipeline/get']({}, page);
    expect(reevaluate).not.toHaveBeenCalled();
    expect(after.summary).toEqual(before.summary);
    expect(after.summary.openDeals).toBe(3);
  });

  it('answers a new day’s first popup from yesterday’s readiness, then evaluates the rows for today in the background', async () => {
    const closing = addDays(TODAY, 1);
    await worker().handlers['deal/seen']({ deal: qualification(1, closing) }, tab(1));
    const yesterday = await worker().handlers['pipeline/deals']({}, page);
    // Amount and a close date ahead: 2 of 5 required met (the three manual criteria are unticked).
    expect(yesterday.deals[0]).toMatchObject({ requiredMet: 2, requiredTotal: 5 });

    // Two days on, the close date has passed: its rule is no longer met. The first answer must not wait for that.
    clock = noon(addDays(TODAY, 2));
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { store: spied, reevaluate } = watched(store);
    reevaluate.mockImplementation(async (...args) => {
      await held;
      return store.reevaluate(...args);
    });
    const later = worker(spied);
    const first = await later.handlers['pipeline/deals']({}, page);
    expect(first.deals[0]).toMatchObject({ requiredMet: 2, reasons: expect.arrayContaining([{ kind: 'overdue', closeDate: closing }]) });
    expect(reevaluate).toHaveBeenCalledWith([keyOf(1)], expect.any(Function));

    release();
    await vi.waitFor(async () => expect((await store.summary(keyOf(1)))?.readiness).toMatchObject({ requiredMet: 1, day: addDays(TODAY, 2) }));
    expect((await later.handlers['pipeline/deals']({}, page)).deals[0]?.requiredMet).toBe(1);
  });

  it('evaluates every deal under a new playbook in the background, so the next popup reads only rows', async () => {
    const h = worker().handlers;
    for (const n of [1, 2]) await h['deal/seen']({ deal: qualification(n, addDays(TODAY, 30)) }, tab(n));
    expect((await h['pipeline/deals']({}, page)).deals.map((d) => d.requiredTotal)).toEqual([5, 5]);

    // A playbook that asks one more thing of Qualification.
    const stricter = {
      ...DEFAULT_PLAYBOOK,
      name: 'Stricter',
      stages: DEFAULT_PLAYBOOK.stages.map((stage) =>
        stage.id === 'qualification' ? { ...stage, criteria: [...stage.criteria, { id: 'mutual-plan', label: 'Mutual plan agreed', required: true, help: 'Both sides signed off the steps to a decision.', links: [] }] } : stage,
      ),
    };
    expect(await h['playbook/import']({ text: serializePlaybook(stricter), fileName: 'stricter.json' }, page)).toMatchObject({ imported: true });
    const fingerprint = await playbookFingerprint((await worker().playbooks.active()).playbook);
    await vi.waitFor(async () => expect((await store.allSummaries()).every((row) => row.readiness?.playbook === fingerprint)).toBe(true));

    const { store: spied, reevaluate } = watched(store);
    expect((await worker(spied).handlers['pipeline/deals']({}, page)).deals.map((d) => d.requiredTotal)).toEqual([6, 6]);
    expect(reevaluate).not.toHaveBeenCalled();
  });

  it('evaluates only the written deal again after a write, and rows of a database just upgraded all at once', async () => {
    // Rows never evaluated (as the upgrade to version 5 leaves them): one read of every record. (The playbook is
    // settled first: settling the first one re-evaluates every deal in the background, which is not this test's.)
    const settling = worker(store, undefined, true);
    await settling.playbooks.active();
    // That evaluation is done when the badge is counted after it.
    await vi.waitFor(() => expect(settling.badges).toEqual([0]), { timeout: 3_000 });
    for (const n of [1, 2, 3]) await store.recordDeal(qualification(n, addDays(TODAY, 30)), clock.toISOString());
    const { store: spied, reevaluate } = watched(store);
    const h = worker(spied).handlers;
    expect((await h['pipeline/get']({}, page)).summary.openDeals).toBe(3);
    expect(reevaluate.mock.calls.map(([keys]) => keys)).toEqual([null]);

    reevaluate.mockClear();
    await h['check/set']({ deal: { url: urlOf(2) }, criterionId: 'spiced', checked: true }, tab(2));
    const { deals } = await h['pipeline/deals']({}, page);
    expect(deals.find((d) => d.key === keyOf(2))?.requiredMet).toBe(3);
    expect(reevaluate.mock.calls.map(([keys]) => keys)).toEqual([[keyOf(2)]]);
  });

  it('counts deals learnt from a list, and leaves closed ones out of the open pipeline', async () => {
    const h = worker().handlers;
    await h['deal/seen']({ deal: qualification(1, addDays(TODAY, 30)) }, tab(1));
    expect((await h['pipeline/get']({}, page)).summary.openDeals).toBe(1);
    await store.recordObservations(
      [
        { crm: 'salesforce', key: keyOf(2), recordId: '006000000000002AAA', url: urlOf(2), name: 'Listed', stage: { label: 'Prospecting', value: null } },
        { crm: 'salesforce', key: keyOf(3), recordId: '006000000000003AAA', url: urlOf(3), name: 'Won', stage: { label: 'Closed Won', value: null } },
      ],
      'list',
      clock.toISOString(),
    );
    // What lists.ts does after recording: the pipeline evaluates the written deals.
    const w = worker();
    const { summary } = await w.handlers['pipeline/get']({}, page);
    expect(summary.openDeals).toBe(2);
    expect(summary.coverage).toMatchObject({ open: 2, pages: 1, lists: 1 });
  });
});

describe('the toolbar badge', () => {
  it('shows how many deals need attention, and follows writes once they settle', async () => {
    const w = worker(store, undefined, true);
    await w.refreshBadge();
    expect(w.badges).toEqual([0]);
    // Two deals past their close date: both need action now.
    for (const n of [1, 2]) await w.handlers['deal/seen']({ deal: qualification(n, addDays(TODAY, -3)) }, tab(n));
    await vi.waitFor(() => expect(w.badges.at(-1)).toBe(2), { timeout: 3_000 });
    // A deal only not ready for its stage is ordinary work: listed under attention, not counted on the icon.
    await w.handlers['deal/seen']({ deal: qualification(3, addDays(TODAY, 30)) }, tab(3));
    expect((await w.handlers['pipeline/get']({}, page)).summary.attentionCount).toBe(3);
    // One is won: it leaves the pipeline and the count.
    await w.handlers['deal/seen']({ deal: qualification(2, addDays(TODAY, -3), { stage: { label: 'Closed Won', value: 'Closed Won' } }) }, tab(2));
    await vi.waitFor(() => expect(w.badges.at(-1)).toBe(1), { timeout: 3_000 });
    // One count per write, and the same count is not set twice.
    await w.refreshBadge();
    expect(w.badges).toEqual([0, 1, 2, 1]);
    // A new worker sets it again from the index.
    const next = worker();
    await next.refreshBadge();
    expect(next.badges).toEqual([1]);
  });
});

describe('deal/open', () => {
  it('focuses the tab the deal was read in while it still shows that deal, else opens the deal', async () => {
    const tabs = new Map<number, string | null>([[7, urlOf(1)], [8, null]]);
    const w = worker(store, tabs);
    await w.handlers['deal/seen']({ deal: qualification(1, addDays(TODAY, 30)) }, tab(7));
    await store.recordObservations(
      [{ crm: 'salesforce', key: keyOf(2), recordId: '006000000000002AAA', url: urlOf(2), stage: { label: 'Prospecting', value: null } }],
      'list',
      clock.toISOString(),
    );

    expect(await w.handlers['deal/open']({ key: keyOf(1) }, page)).toEqual({ focused: true });
    // The rep moved tab 7 on to another deal: deal 1 opens in a new tab.
    tabs.set(7, urlOf(3));
    expect(await w.handlers['deal/open']({ key: keyOf(1) }, page)).toEqual({ focused: false });
    // Never opened in a tab (known from a list): opens.
    expect(await w.handlers['deal/open']({ key: keyOf(2) }, page)).toEqual({ focused: false });
    // Tab 7 closed.
    tabs.delete(7);
    expect(await w.handlers['deal/open']({ key: keyOf(1) }, page)).toEqual({ focused: false });
    // A tab whose address the browser hides (a CRM without host access): the deal last read in it says what it shows.
    await w.handlers['deal/seen']({ deal: qualification(3, addDays(TODAY, 30)) }, tab(8));
    expect(await w.handlers['deal/open']({ key: keyOf(3) }, page)).toEqual({ focused: true });
    await w.handlers['deal/seen']({ deal: qualification(4, addDays(TODAY, 30)) }, tab(8));
    expect(await w.handlers['deal/open']({ key: keyOf(3) }, page)).toEqual({ focused: false });
    expect(w.opened).toEqual({ focused: [7, 8], created: [urlOf(1), urlOf(2), urlOf(1), urlOf(3)] });
  });

  it('says so when the deal is no longer stored', async () => {
    await expect(worker().handlers['deal/open']({ key: keyOf(9) }, page)).rejects.toThrow(/no longer has this deal/);
  });
});
