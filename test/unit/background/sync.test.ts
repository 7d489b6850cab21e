/**
 * Opt-in CRM sync against the stand-in APIs (test/api-server.ts, called as `fetch`): paging, what each API field
 * becomes, the failures a rep acts on, and the runner's rules (which orgs run, one run per org, permissions). The
 * store is an in-memory one holding what sync hands it; the store's own merging is the worker's tests' business.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DealObservation, DealSummary } from '../../../src/core/types';
import type { StoredSync } from '../../../src/background/db';
import { Refused } from '../../../src/background/access';
import type { SenderContext } from '../../../src/background/router';
import { SYNC_BATCH, SYNC_INTERVAL_MS, createSyncWith, type SyncEffects, type SyncStore } from '../../../src/background/sync';
import { recogniseDeal } from '../../../src/crm/registry';
import { createApiServer, dynamicsOpportunities, salesforceOpportunities, type ApiServer } from '../../api-server';

const SF_HOST = 'acme.my.salesforce.com';
const DYN_HOST = 'contoso.crm4.dynamics.com';
const SF_DEAL = 'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view';
const DYN_DEAL = 'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const STAGES = [
  { id: '6b9ce798-221a-4260-90b2-2a95ed51a5bc', name: 'Qualify' },
  { id: '650e06b4-789b-46c1-822b-0da76bedb1ed', name: 'Develop' },
];
/** The options page or popup, the only senders of sync's messages. */
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const USER = '6f3f6c30-2a6b-4b7e-9d38-0f1f2c5b7a11';

/** A summary row as the index holds it for a deal seen on its page: only key and url matter to sync. */
const seenOn = (url: string): DealSummary => {
  const key = recogniseDeal(new URL(url))?.key;
  if (!key) throw new Error(`not a deal page: ${url}`);
  return { key, url } as DealSummary;
};

interface Harness {
  api: ApiServer;
  sync: ReturnType<typeof createSyncWith>;
  deals: Map<string, DealObservation>;
  batches: number[];
  rows: Map<string, StoredSync>;
  granted: Set<string>;
  released: { permissions: string[]; origins: string[] }[];
  sleeps: number[];
  written: string[][];
  cookies: Map<string, string>;
  clock: { now: Date };
}

function harness(summaries: DealSummary[] = [seenOn(SF_DEAL), seenOn(DYN_DEAL)]): Harness {
  const api = createApiServer();
  const deals = new Map<string, DealObservation>();
  const batches: number[] = [];
  const rows = new Map<string, StoredSync>();
  const granted = new Set(['cookies', `https://${SF_HOST}/*`, `https://${DYN_HOST}/*`]);
  const released: Harness['released'] = [];
  const sleeps: number[] = [];
  const written: string[][] = [];
  // The browser's cookie jar: `sid` for Salesforce's API host, the session cookie Dynamics sends with each request.
  const cookies = new Map<string, string>([[`https://${SF_HOST}/ sid`, 'sid-acme'], [DYN_HOST, 'CrmOwinAuth=ok']]);
  const clock = { now: new Date() };
  const store: SyncStore = {
    allSummaries: async () => summaries,
    syncs: async () => [...rows.values()],
    putSync: async (row) => {
      rows.set(row.id, row);
    },
    recordObservations: async (observations, source) => {
      expect(source).toBe('sync');
      batches.push(observations.length);
      for (const o of observations) deals.set(o.key, o);
      return observations.map((o) => o.key);
    },
  };
  const effects: SyncEffects = {
    granted: async (needs) => [...needs.permissions, ...needs.origins].every((n) => granted.has(n)),
    release: async (needs) => {
      released.push(needs);
    },
    cookie: async (url, name) => cookies.get(`${url} ${name}`) ?? null,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = new Headers(init?.headers);
      const cookie = cookies.get(url.host);
      if (cookie && init?.credentials === 'include') headers.set('Cookie', cookie);
      return api.handle(input, { ...init, headers });
    },
  };
  const sync = createSyncWith({
    store: async () => store,
    effects,
    now: () => clock.now,
    log: () => {},
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    siteOrigins: async () => new Set(),
    written: async (keys) => {
      written.push(keys);
    },
  });
  return { api, sync, deals, batches, rows, granted, released, sleeps, written, cookies, clock };
}

const today = new Date();

function addSalesforce(h: Harness, n: number, options: Partial<{ pageSize: number; multiCurrency: boolean; limitExceeded: boolean }> = {}) {
  h.api.salesforce.set(SF_HOST, {
    sid: 'sid-acme',
    opportunities: salesforceOpportunities(n, today),
    multiCurrency: options.multiCurrency ?? true,
    defaultCurrency: 'CHF',
    pageSize: options.pageSize ?? 2000,
    limitExceeded: options.limitExceeded ?? false,
  });
}

function addDynamics(h: Harness, n: number, options: Partial<{ forecastColumn: boolean; throttle: { seconds: number; times: number } }> = {}) {
  h.api.dynamics.set(DYN_HOST, {
    cookie: 'CrmOwinAuth=ok',
    userId: USER,
    stages: STAGES,
    opportunities: dynamicsOpportunities(n, today, STAGES),
    forecastColumn: options.forecastColumn ?? true,
    throttle: options.throttle ?? null,
  });
}

const statusOf = async (h: Harness, id: string) => (await h.sync.handlers['sync/status']({}, page)).syncs.find((s) => s.id === id);

async function switchOn(h: Harness, id: string) {
  return h.sync.handlers['sync/set']({ id, enabled: true }, page);
}

let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('the orgs a rep could sync', () => {
  it('are the Salesforce and Dynamics orgs of the deals seen, each off, with the API host and what it needs', async () => {
    const syncs = (await h.sync.handlers['sync/status']({}, page)).syncs;
    expect(syncs.map(({ id, apiOrigin, needs, enabled, lastSyncedAt, failure }) => ({ id, apiOrigin, needs, enabled, lastSyncedAt, failure }))).toEqual([
      { id: 'salesforce:acme', apiOrigin: `https://${SF_HOST}`, needs: { permissions: ['cookies'], origins: [`https://${SF_HOST}/*`] }, enabled: false, lastSyncedAt: null, failure: null },
      { id: 'dynamics:contoso', apiOrigin: `https://${DYN_HOST}`, needs: { permissions: [], origins: [`https://${DYN_HOST}/*`] }, enabled: false, lastSyncedAt: null, failure: null },
    ]);
    // Until the rep first switches one, the popup's answer reads nothing for them.
    expect(await h.sync.statuses()).toEqual([]);
  });

  it('a sandbox syncs from its own enhanced-domain API host', async () => {
    const s = harness([seenOn('https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view')]);
    const [org] = (await s.sync.handlers['sync/status']({}, page)).syncs;
    expect(org?.id).toBe('salesforce:acme--uat');
    expect(org?.apiOrigin).toBe('https://acme--uat.sandbox.my.salesforce.com');
  });
});

describe('Salesforce', () => {
  it('pages through nextRecordsUrl and records every opportunity, 200 a transaction, keyed as its deal page is', async () => {
    addSalesforce(h, 4500);
    const { syncs } = await switchOn(h, 'salesforce:acme');
    expect(h.deals.size).toBe(4500);
    expect(h.api.log.filter((line) => line.startsWith(SF_HOST))).toHaveLength(3);
    expect(Math.max(...h.batches)).toBe(SYNC_BATCH);
    const status = syncs.find((s) => s.id === 'salesforce:acme');
    expect(status?.enabled).toBe(true);
    expect(status?.failure).toBeNull();
    expect(status?.lastCount).toBe(4050); // every tenth is closed
    expect(status?.lastSyncedAt).toBe(h.clock.now.toISOString());
    // The pipeline cache heard of every deal written.
    expect(h.written.flat()).toHaveLength(4500);
  });

  it('maps each field as the page reader would report it', async () => {
    addSalesforce(h, 20);
    await switchOn(h, 'salesforce:acme');
    const source = h.api.salesforce.get(SF_HOST)!.opportunities[3]!;
    const url = `https://acme.lightning.force.com/lightning/r/Opportunity/${source.Id}/view`;
    const key = recogniseDeal(new URL(url))!.key;
    expect(h.deals.get(key)).toEqual({
      crm: 'salesforce',
      key,
      recordId: key.split(':')[2],
      url,
      name: 'Opportunity 4',
      stage: { label: 'Proposal/Price Quote', value: 'Proposal/Price Quote' },
      amount: { amount: 4000, currency: 'EUR' },
      closeDate: source.CloseDate,
      probability: source.Probability,
      owner: 'Riley Rep',
      forecastCategory: 'Pipeline',
      nextStep: null,
      createdAt: new Date(source.CreatedDate.replace('+0000', 'Z')).toISOString(),
      stageChangedAt: new Date(source.LastStageChangeDate!.replace('+0000', 'Z')).toISOString(),
      closed: null,
      modifiedAt: new Date(source.LastModifiedDate.replace('+0000', 'Z')).toISOString(),
    });
    const won = [...h.deals.values()].find((d) => d.name === 'Opportunity 20');
    expect(won?.closed).toEqual({ won: true });
    expect(won?.stage?.label).toBe('Closed Won');
  });

  it('in a single-currency org asks again without CurrencyIsoCode and takes the org’s default currency, asked once', async () => {
    addSalesforce(h, 10, { multiCurrency: false });
    const { syncs } = await switchOn(h, 'salesforce:acme');
    expect(syncs[0]?.failure).toBeNull();
    expect([...h.deals.values()].every((d) => d.amount?.currency === 'CHF')).toBe(true);
    expect(h.api.log.filter((line) => line.includes('Organization'))).toHaveLength(1);
  });

  it('without a session cookie, or with an expired one, asks the rep to sign in again and keeps what was synced', async () => {
    addSalesforce(h, 5);
    await switchOn(h, 'salesforce:acme');
    expect(h.deals.size).toBe(5);

    h.cookies.delete(`https://${SF_HOST}/ sid`);
    let { syncs } = await h.sync.handlers['sync/run']({ force: true }, page);
    expect(syncs.find((s) => s.id === 'salesforce:acme')?.failure).toBe('Sign in to Salesforce (acme) again, then sync.');

    h.cookies.set(`https://${SF_HOST}/ sid`, 'an-old-session');
    ({ syncs } = await h.sync.handlers['sync/run']({ force: true }, page));
    const status = syncs.find((s) => s.id === 'salesforce:acme');
    expect(status?.failure).toBe('Sign in to Salesforce (acme) again, then sync.');
    expect(status?.lastCount).toBe(5);
    expect(h.deals.size).toBe(5);
  });

  it('out of API requests says so, and Dynamics still syncs', async () => {
    addSalesforce(h, 5, { limitExceeded: true });
    addDynamics(h, 3);
    await switchOn(h, 'salesforce:acme');
    await switchOn(h, 'dynamics:contoso');
    const { syncs } = await h.sync.handlers['sync/run']({ force: true }, page);
    expect(syncs.find((s) => s.id === 'salesforce:acme')?.failure).toBe(
      'Salesforce (acme) has used up its API requests for today. Stagecoach tries again later; the deals already synced stay.',
    );
    expect(syncs.find((s) => s.id === 'dynamics:contoso')?.failure).toBeNull();
    expect(h.deals.size).toBe(3);
  });

  it('cannot reach the org: says to check the connection', async () => {
    await switchOn(h, 'salesforce:acme'); // no org answers at that host: a 404 page, not JSON
    h.api.handle = () => Promise.reject(new TypeError('Failed to fetch'));
    const { syncs } = await h.sync.handlers['sync/run']({ force: true }, page);
    expect(syncs.find((s) => s.id === 'salesforce:acme')?.failure).toBe('Could not reach Salesforce (acme): check your connection, then sync again.');
  });
});

describe('Dynamics 365', () => {
  it('pages through @odata.nextLink (500 a page) and maps stage GUIDs and names, Won/Lost, currency, owner, category', async () => {
    addDynamics(h, 1200);
    const { syncs } = await switchOn(h, 'dynamics:contoso');
    expect(syncs.find((s) => s.id === 'dynamics:contoso')?.failure).toBeNull();
    expect(h.deals.size).toBe(1200);
    expect(h.api.log.filter((line) => line.includes('/opportunities'))).toHaveLength(3);
    const key = 'dynamics:contoso:0f8fad5b-d9cb-469f-a165-000000000001';
    const source = h.api.dynamics.get(DYN_HOST)!.opportunities[1]!;
    expect(h.deals.get(key)).toEqual({
      crm: 'dynamics',
      key,
      recordId: '0f8fad5b-d9cb-469f-a165-000000000001',
      url: `https://${DYN_HOST}/main.aspx?pagetype=entityrecord&etn=opportunity&id=0f8fad5b-d9cb-469f-a165-000000000001`,
      name: 'Dynamics opportunity 2',
      stage: { label: 'Develop', value: '650e06b4-789b-46c1-822b-0da76bedb1ed' },
      amount: { amount: 1000, currency: 'EUR' },
      closeDate: source.estimatedclosedate,
      probability: 40,
      owner: 'Dana Dynamics',
      forecastCategory: 'Best case',
      createdAt: new Date(source.createdon).toISOString(),
      closed: null,
      modifiedAt: new Date(source.modifiedon).toISOString(),
    });
    // Its key is the one its deal page gives.
    expect(recogniseDeal(new URL(h.deals.get(key)!.url))?.key).toBe(key);
    expect(h.deals.get('dynamics:contoso:0f8fad5b-d9cb-469f-a165-000000000019')?.stage).toEqual({ label: 'Won', value: null });
    expect(h.deals.get('dynamics:contoso:0f8fad5b-d9cb-469f-a165-000000000009')?.closed).toEqual({ won: false });
  });

  it('without the forecasting column asks again without it', async () => {
    addDynamics(h, 4, { forecastColumn: false });
    const { syncs } = await switchOn(h, 'dynamics:contoso');
    expect(syncs.find((s) => s.id === 'dynamics:contoso')?.failure).toBeNull();
    expect([...h.deals.values()].every((d) => d.forecastCategory === null)).toBe(true);
  });

  it('waits out a short Retry-After and goes on', async () => {
    addDynamics(h, 4, { throttle: { seconds: 2, times: 1 } });
    const { syncs } = await switchOn(h, 'dynamics:contoso');
    expect(h.sleeps).toEqual([2000]);
    expect(syncs.find((s) => s.id === 'dynamics:contoso')?.failure).toBeNull();
    expect(h.deals.size).toBe(4);
  });

  it('a long Retry-After fails the org until later, without waiting', async () => {
    addDynamics(h, 4, { throttle: { seconds: 600, times: 5 } });
    const { syncs } = await switchOn(h, 'dynamics:contoso');
    expect(h.sleeps).toEqual([]);
    const status = syncs.find((s) => s.id === 'dynamics:contoso');
    expect(status?.failure).toBe('Dynamics 365 (contoso) asked Stagecoach to slow down. It tries again later; the deals already synced stay.');
    expect(status?.dueAt).toBe(new Date(h.clock.now.getTime() + SYNC_INTERVAL_MS).toISOString());
  });

  it('signed out (no session cookie): asks the rep to sign in again', async () => {
    addDynamics(h, 4);
    h.cookies.delete(DYN_HOST);
    const { syncs } = await switchOn(h, 'dynamics:contoso');
    expect(syncs.find((s) => s.id === 'dynamics:contoso')?.failure).toBe('Sign in to Dynamics 365 (contoso) again, then sync.');
    expect(h.deals.size).toBe(0);
  });
});

describe('when sync runs', () => {
  it('on popup open only orgs whose last attempt is older than the interval; on "Sync now" every enabled org', async () => {
    addSalesforce(h, 3);
    addDynamics(h, 3);
    await switchOn(h, 'salesforce:acme');
    const queries = () => h.api.log.filter((line) => line.startsWith(SF_HOST)).length;
    const before = queries();

    await h.sync.handlers['sync/run']({ force: false }, page);
    expect(queries()).toBe(before); // just synced
    expect(h.api.log.some((line) => line.startsWith(DYN_HOST))).toBe(false); // off

    h.clock.now = new Date(h.clock.now.getTime() + SYNC_INTERVAL_MS + 1000);
    await h.sync.handlers['sync/run']({ force: false }, page);
    expect(queries()).toBe(before + 1);

    await h.sync.handlers['sync/run']({ force: true }, page);
    expect(queries()).toBe(before + 2);
  });

  it('a second run while one is under way joins it', async () => {
    addSalesforce(h, 3);
    await switchOn(h, 'salesforce:acme');
    const before = h.api.log.length;
    await Promise.all([h.sync.handlers['sync/run']({ force: true }, page), h.sync.handlers['sync/run']({ force: true }, page)]);
    expect(h.api.log.length - before).toBe(1);
  });
});

describe('permissions', () => {
  it('switching on without the browser’s grant is refused and stays off', async () => {
    h.granted.delete('cookies');
    await expect(switchOn(h, 'salesforce:acme')).rejects.toThrow(Refused);
    expect((await statusOf(h, 'salesforce:acme'))?.enabled).toBe(false);
  });

  it('access taken back in the browser’s settings fails that org in words', async () => {
    addSalesforce(h, 3);
    await switchOn(h, 'salesforce:acme');
    h.granted.delete(`https://${SF_HOST}/*`);
    const { syncs } = await h.sync.handlers['sync/run']({ force: true }, page);
    expect(syncs.find((s) => s.id === 'salesforce:acme')?.failure).toBe(
      "Stagecoach may no longer read Salesforce (acme): its access was taken back in the browser's settings. Switch sync off and on again to allow it.",
    );
  });

  it('switching off gives back what no enabled org needs', async () => {
    addSalesforce(h, 1);
    addDynamics(h, 1);
    await switchOn(h, 'salesforce:acme');
    await switchOn(h, 'dynamics:contoso');
    await h.sync.handlers['sync/set']({ id: 'salesforce:acme', enabled: false }, page);
    expect(h.released).toEqual([{ permissions: ['cookies'], origins: [`https://${SF_HOST}/*`] }]);
    expect((await statusOf(h, 'salesforce:acme'))?.enabled).toBe(false);
    expect((await h.sync.statuses()).find((s) => s.id === 'dynamics:contoso')?.enabled).toBe(true);
  });

  it('an org Stagecoach has seen no deals of is refused', async () => {
    await expect(switchOn(h, 'salesforce:globex')).rejects.toThrow('Stagecoach has seen no deals of salesforce:globex');
  });
});
