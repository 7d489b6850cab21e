/**
 * Sync through the real store (fake IndexedDB): a deal seen on its page and then synced stays one deal, its synced
 * fields are in the index with `seen.sync`, and the org's sync row survives the worker (a new runner reads it back).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { createSyncWith } from '../../../src/background/sync';
import { recogniseDeal } from '../../../src/crm/registry';
import { createApiServer, salesforceOpportunities, type ApiServer } from '../../api-server';
import { deal } from '../deal-fixture';

const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const HOST = 'acme.my.salesforce.com';

let store: Store;
let api: ApiServer;
const now = new Date();

function runner() {
  return createSyncWith({
    store: async () => store,
    effects: {
      granted: async () => true,
      release: async () => {},
      cookie: async () => 'sid-acme',
      fetch: (input, init) => api.handle(input, init),
    },
    now: () => now,
    log: () => {},
    sleep: async () => {},
    siteOrigins: async () => new Set(),
    written: async () => {},
  });
}

beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), () => {});
  api = createApiServer();
  api.salesforce.set(HOST, {
    sid: 'sid-acme',
    opportunities: salesforceOpportunities(300, now),
    multiCurrency: true,
    defaultCurrency: 'USD',
    pageSize: 2000,
    limitExceeded: false,
  });
});

describe('sync through the store', () => {
  it('records every synced opportunity in the index, the one seen on its page as the same deal', async () => {
    const first = api.salesforce.get(HOST)!.opportunities[0]!;
    const url = `https://acme.lightning.force.com/lightning/r/Opportunity/${first.Id}/view`;
    const key = recogniseDeal(new URL(url))!.key;
    await store.recordDeal(deal({ url, key, recordId: key.split(':')[2]!, name: 'Opportunity 1' }), new Date(now.getTime() - 86_400_000).toISOString());

    const { syncs } = await runner().handlers['sync/set']({ id: 'salesforce:acme', enabled: true }, page);
    expect(syncs[0]?.failure).toBeNull();
    expect(syncs[0]?.lastCount).toBe(270);

    const summaries = await store.allSummaries();
    expect(summaries).toHaveLength(300);
    const row = summaries.find((s) => s.key === key);
    expect(row?.seen.sync).toBe(now.toISOString());
    expect(row?.seen.page).not.toBeNull();
    expect(row?.amount).toEqual({ amount: 1000, currency: 'USD' });

    // A worker started later reads the org's setting back.
    const [status] = await runner().statuses();
    expect(status).toMatchObject({ id: 'salesforce:acme', enabled: true, lastCount: 270, lastSyncedAt: now.toISOString() });
  });
});
