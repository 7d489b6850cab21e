import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { deal } from '../deal-fixture';
import { fakeWorker } from './worker-fake';

const ACME = 'https://acme.lightning.force.com';
const content: SenderContext = { kind: 'content', origin: ACME, tabId: 1 };
const FIRST = '006000000000001AAA';
const SECOND = '006000000000002AAA';
/** A close date `days` from the day the test runs, so no written date goes stale. */
const closeDateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const urlOf = (id: string, origin = ACME) => `${origin}/lightning/r/Opportunity/${id}/view`;

let store: Store;
let clock: Date;

function handlers() {
  return fakeWorker({ store: async () => store, now: () => clock, log: vi.fn() }).handlers;
}

beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), vi.fn());
  clock = new Date();
});

describe('deals/listed', () => {
  it('records every row of a list as a deal the popup lists, with what the row shows', async () => {
    const h = handlers();
    const { recorded } = await h['deals/listed'](
      {
        rows: [
          { url: urlOf(FIRST), name: 'Acme renewal', stage: { label: 'Prospecting', value: null }, amount: { amount: 9_000, currency: 'USD' }, closeDate: closeDateIn(60) },
          { url: urlOf(SECOND), name: 'Globex', stage: { label: 'Qualification', value: null }, owner: 'Ana Rep' },
        ],
      },
      content,
    );
    expect(recorded).toBe(2);
    const { deals } = await h['pipeline/deals']({}, { kind: 'page', origin: 'chrome-extension://x', tabId: null });
    expect(deals.map((d) => [d.key, d.name, d.crmStage, d.amount, d.closeDate, d.owner]).sort()).toEqual([
      [`salesforce:acme:${FIRST}`, 'Acme renewal', 'Prospecting', { amount: 9_000, currency: 'USD' }, closeDateIn(60), null],
      [`salesforce:acme:${SECOND}`, 'Globex', 'Qualification', null, null, 'Ana Rep'],
    ]);
  });

  it('keys a deal by its URL, whichever id form the list links (15 or 18 characters): one deal, not two', async () => {
    const h = handlers();
    const short = FIRST.slice(0, 15);
    await h['deals/listed']({ rows: [{ url: urlOf(short), name: 'Acme', stage: { label: 'Prospecting', value: null } }, { url: urlOf(FIRST), name: 'Acme', stage: { label: 'Prospecting', value: null } }] }, content);
    expect((await store.allSummaries()).map((s) => s.key)).toEqual([`salesforce:acme:${FIRST}`]);
  });

  it('refuses a list that names a deal of another org, recording nothing of it', async () => {
    const h = handlers();
    const rows = [
      { url: urlOf(FIRST), name: 'Acme', stage: { label: 'Prospecting', value: null } },
      { url: urlOf(SECOND, 'https://globex.lightning.force.com'), name: 'Globex', stage: { label: 'Prospecting', value: null } },
    ];
    await expect(h['deals/listed']({ rows }, content)).rejects.toThrow('may not record a deal of https://globex.lightning.force.com');
    expect(await store.allSummaries()).toEqual([]);
  });

  it('refuses a row whose link is no deal page', async () => {
    const h = handlers();
    const rows = [{ url: `${ACME}/lightning/r/Account/001000000000001AAA/view`, name: 'Acme Corp' }];
    await expect(h['deals/listed']({ rows }, content)).rejects.toThrow('is not a deal page');
  });

  it("never overwrites what the deal's page reported after the list was read", async () => {
    const h = handlers();
    const listTime = new Date(clock.getTime());
    const pageTime = new Date(clock.getTime() + 60_000);
    clock = pageTime;
    await h['deal/seen']({ deal: deal({ key: `salesforce:acme:${FIRST}`, recordId: FIRST, url: urlOf(FIRST), amount: { amount: 50_000, currency: 'USD' } }) }, content);
    // A list message that was read before the page (sent late) carries an older amount: the worker's time of the
    // list is its arrival, so the rule is exercised through the store's own clock argument here.
    await store.recordObservations([{ crm: 'salesforce', key: `salesforce:acme:${FIRST}`, recordId: FIRST, url: urlOf(FIRST), amount: { amount: 1, currency: 'USD' } }], 'list', listTime.toISOString());
    expect((await store.deal(`salesforce:acme:${FIRST}`))?.snapshot.amount).toEqual({ amount: 50_000, currency: 'USD' });
  });
});
