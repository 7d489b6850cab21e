/**
 * Bounded growth: the retention rule of src/background/prune.ts, rule by rule, and held over a simulated year of daily
 * use (year-of-use.ts). The benchmark (test/bench/storage.ts) runs the same year at full size and reports the bytes.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { closedUnder, prune, RETENTION } from '../../../src/background/prune';
import { createStore, type Store } from '../../../src/background/store';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealObservation } from '../../../src/core/types';
import { mirrorChecksKey } from '../../../src/messages';
import { bytesPerStore, simulateYear, type YearResult } from './year-of-use';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-11-02T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const keyOf = (n: number) => `salesforce:acme:006${String(n).padStart(12, '0')}AAA`;
const isClosed = closedUnder(DEFAULT_PLAYBOOK);

function observation(n: number, stage: string, closed: { won: boolean } | null = null): DealObservation {
  const id = `006${String(n).padStart(12, '0')}AAA`;
  return {
    crm: 'salesforce',
    key: keyOf(n),
    recordId: id,
    url: `https://acme.lightning.force.com/lightning/r/Opportunity/${id}/view`,
    name: `Deal ${n}`,
    stage: { label: stage, value: null },
    closed,
  };
}

let store: Store;
beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), () => {});
});

describe('the retention rule', () => {
  it('forgets a closed deal unseen for 180 days whole, and keeps open deals of any age and closed deals seen since', async () => {
    await store.recordObservations([observation(1, 'Closed Won'), observation(2, 'Discovery', { won: false }), observation(3, 'Proposal')], 'list', daysAgo(400));
    await store.recordObservations([observation(4, 'Closed Lost')], 'list', daysAgo(RETENTION.closedDealDays - 1));
    // A stage the playbook lacks may be an open stage the admin has yet to add: kept.
    await store.recordObservations([observation(5, 'Verbal yes')], 'list', daysAgo(400));
    await store.setCheck(keyOf(1), 'handover', true, daysAgo(401));
    await store.setCheck(keyOf(3), 'quote-delivered', true, daysAgo(390));
    await store.setStagePick(keyOf(2), 'proposal', daysAgo(400));

    const pruned = await prune(store.database, { now: NOW, isClosed, pause: async () => {} });

    expect(pruned.deals.sort()).toEqual([keyOf(1), keyOf(2)]);
    expect((await store.allDeals()).map((d) => d.key).sort()).toEqual([keyOf(3), keyOf(4), keyOf(5)]);
    expect((await store.allSummaries()).map((d) => d.key).sort()).toEqual([keyOf(3), keyOf(4), keyOf(5)]);
    // The open deal's tick and its history stay; the forgotten deal's go with it, and so does its stage pick.
    expect(await store.checks(keyOf(3))).toEqual({ 'quote-delivered': { checkedAt: daysAgo(390) } });
    expect(await store.checkLog(keyOf(3))).toHaveLength(1);
    expect(await store.checks(keyOf(1))).toEqual({});
    expect(await store.checkLog(keyOf(1))).toEqual([]);
    expect(await store.stagePick(keyOf(2))).toBeNull();
  });

  it('keeps each deal’s newest tick events, oldest dropped first, and never its ticks', async () => {
    const events = RETENTION.checkEventsPerDeal + 30;
    for (let i = 0; i < events; i++) await store.setCheck(keyOf(1), 'pain', i % 2 === 0, daysAgo(events - i));
    await store.setCheck(keyOf(2), 'pain', true, daysAgo(1));

    const pruned = await prune(store.database, { now: NOW, isClosed, pause: async () => {} });

    expect(pruned.checkEvents).toBe(30);
    const log = await store.checkLog(keyOf(1));
    expect(log).toHaveLength(RETENTION.checkEventsPerDeal);
    expect(log[0]?.at).toBe(daysAgo(RETENTION.checkEventsPerDeal));
    expect(log.at(-1)?.at).toBe(daysAgo(1));
    // The tick stands as the last event left it (an untick: the last of an even count).
    expect((await store.checkLog(keyOf(1))).at(-1)?.checked).toBe(false);
    expect(await store.checks(keyOf(1))).toEqual({});
    expect(await store.checkLog(keyOf(2))).toHaveLength(1);
  });

  it('keeps the newest revisions and every revision a source points at, however old', async () => {
    const ids: number[] = [];
    const total = RETENTION.revisions + 10;
    for (let i = 0; i < total; i++) {
      const revision = await store.addRevision({ origin: 'editor', playbook: { ...DEFAULT_PLAYBOOK, revision: `r${i}` }, savedAt: daysAgo(total - i), fileName: null, url: null }, () => []);
      ids.push(revision.id);
    }
    const [first, second, third] = ids as [number, number, number];
    await store.putSource({ slot: 'policy', revisionId: first });
    await store.putSource({ slot: 'local', revisionId: second });
    await store.putSource({ slot: 'active', revisionId: second, notice: null });
    await store.putSource({ slot: 'teamState', url: 'https://acme.example/p.json', revisionId: third, etag: null, lastModified: null, checkedAt: null, receivedAt: null, failure: null });

    const pruned = await prune(store.database, { now: NOW, isClosed, pause: async () => {} });

    const kept = (await store.allRevisions()).map((r) => (r.ok ? r.revision.id : r.id));
    expect(kept).toEqual([first, second, third, ...ids.slice(-RETENTION.revisions)]);
    expect(pruned.revisions).toEqual(ids.slice(3, total - RETENTION.revisions));
  });

  it('counts as closed what the popup counts as closed: the CRM said so, or a won or lost stage', () => {
    const row = (stage: string, closed: { won: boolean } | null) => ({ stage: { label: stage, value: null }, closed }) as Parameters<typeof isClosed>[0];
    expect(isClosed(row('Closed Won', null))).toBe(true);
    expect(isClosed(row('closed lost', null))).toBe(true);
    expect(isClosed(row('Negotiation', { won: true }))).toBe(true);
    expect(isClosed(row('Negotiation', null))).toBe(false);
    expect(isClosed(row('Somewhere new', null))).toBe(false);
  });
});

describe('a year of daily use', () => {
  let year: YearResult;
  beforeAll(async () => {
    // A smaller team than the benchmark's 2,000 (see year-of-use.ts); the rules apply deal by deal all the same, and
    // 10 ticks a day over 20 deals takes some deals' tick history past its cap. Pruned weekly here to save time.
    year = await simulateYear({
      prune: true,
      pruneEveryDays: 5,
      shape: { teamDeals: 60, repDeals: 20, pageVisitsPerDay: 5, ticksPerDay: 10, syncsPerDay: 1, teamChecksPerDay: 1 },
    });
    // The last pass on the last day, as the daily alarm would run it.
    year.passes.push({ ms: 0, pruned: await year.worker.prune() });
  }, 120_000);

  it('keeps every open deal, and each tick as the rep left it', async () => {
    const deals = new Set((await year.store.allDeals()).map((d) => d.key));
    const ticks = await year.store.allChecks();
    for (const [key, criteria] of year.open) {
      expect(deals.has(key), key).toBe(true);
      expect(Object.keys(ticks.get(key) ?? {}).sort(), key).toEqual([...criteria].sort());
      // And the overlay's copy says the same.
      expect(Object.keys((year.mirror.get(mirrorChecksKey(key)) as object | undefined) ?? {}).sort(), key).toEqual([...criteria].sort());
    }
  });

  it('forgets deals closed long ago, with their index rows, ticks and copies, and keeps those closed lately', async () => {
    const forgotten = year.passes.flatMap((p) => p.pruned.deals);
    expect(forgotten.length).toBeGreaterThan(0);
    const deals = new Set((await year.store.allDeals()).map((d) => d.key));
    const rows = new Set((await year.store.allSummaries()).map((d) => d.key));
    const ticks = await year.store.allChecks();
    for (const key of forgotten) {
      expect(deals.has(key) || rows.has(key) || ticks.has(key) || year.mirror.has(mirrorChecksKey(key)), key).toBe(false);
    }
    // A sync shows a closed deal for 90 days (the simulated one notes it weekly, so up to a week less); 180 days after
    // that last sighting it goes. Closed more recently: kept.
    const keepAfter = year.now.getTime() - (90 - 7 + RETENTION.closedDealDays) * DAY_MS;
    for (const [key, closedAt] of year.closed) {
      if (closedAt.getTime() > keepAfter) expect(deals.has(key), key).toBe(true);
    }
    for (const row of await year.store.allSummaries()) {
      if (isClosed(row)) expect(Date.parse(row.lastSeen), row.key).toBeGreaterThan(year.now.getTime() - RETENTION.closedDealDays * DAY_MS - 7 * DAY_MS);
    }
  });

  it('keeps each deal’s tick history, stage visits and close-date changes within their caps', async () => {
    const events = (await year.store.database.getAll('checkLog')).reduce((n, e) => n.set(e.dealKey, (n.get(e.dealKey) ?? 0) + 1), new Map<string, number>());
    expect(Math.max(...events.values())).toBeLessThanOrEqual(RETENTION.checkEventsPerDeal);
    expect(year.passes.reduce((n, p) => n + p.pruned.checkEvents, 0)).toBeGreaterThan(0);
    for (const record of await year.store.allDeals()) {
      expect(record.history.length).toBeLessThanOrEqual(200);
      expect(record.closeDates.length).toBeLessThanOrEqual(100);
    }
    // A revision a month from the team URL, checked daily: twelve, no more.
    expect((await year.store.allRevisions()).length).toBeLessThanOrEqual(13);
  });

  it('costs bytes in proportion to the deals it keeps', async () => {
    const bytes = await bytesPerStore(year.store);
    const deals = (await year.store.allDeals()).length;
    // A synced deal with a page's 25 detail fields and a year of history is a few KB; the index row, less.
    expect((bytes.deals ?? 0) / deals).toBeLessThan(4_000);
    expect((bytes.summaries ?? 0) / deals).toBeLessThan(3_000);
    expect(bytes.checkLog).toBeLessThanOrEqual(deals * RETENTION.checkEventsPerDeal * 120);
  });
});

describe('the simulated sync', () => {
  it('adds no byte when it shows deals unchanged, as the year’s shortcut assumes', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ ...observation(i + 1, 'Proposal'), amount: { amount: 1000 + i, currency: 'USD' }, closeDate: '2027-01-15' }));
    await store.recordObservations(rows, 'sync', daysAgo(2));
    const before = await bytesPerStore(store);
    await store.recordObservations(rows, 'sync', daysAgo(1));
    expect(await bytesPerStore(store)).toEqual(before);
    expect((await store.deal(keyOf(1)))?.seen.sync).toBe(daysAgo(1));
  });
});
