/**
 * A year of a rep's daily use, on a fake IndexedDB through the worker's own handlers and store: what the growth test
 * (growth.test.ts) holds to the retention limits and the storage benchmark (test/bench/storage.ts) reports.
 *
 * 250 working days (weekends skipped, so about 350 calendar days). The rep's team has 2,000 open Salesforce
 * opportunities, synced twice a day; 200 of them are the rep's, listed once a day (a list view of 200 rows), 30 of
 * those opened on their page a day (about 25 detail fields each), with 20 ticks or unticks a day. Every day some
 * deals move a stage (1 in 15), push their close date (1 in 50) or change amount (1 in 60); every week 5 % of the
 * open deals close, won or lost, and as many new ones are created, the rep's share among them. The playbook gets a
 * new revision a month from the team URL, which is checked every hour (unchanged in between). The daily pruning
 * alarm runs after each day when `prune` is on.
 *
 * A sync answers every open opportunity and those closed in the last 90 days. With `fullSync` off, a sync records only
 * the deals that changed since the last one (the CRM's own changes), and once a week moves the seen times of the closed
 * deals it still shows, written straight into the stores: what a full sync writes for an unchanged deal, at the same
 * byte length (an ISO time replaces an ISO time), in a fraction of the time. Only a closed deal's last sighting matters
 * to pruning, and a week's lag only brings its pruning earlier. The growth test checks that a full sync of unchanged
 * deals adds no byte.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openStagecoachDB } from '../../../src/background/db';
import { createStore, type Store } from '../../../src/background/store';
import type { SenderContext } from '../../../src/background/router';
import type { MirrorStorage } from '../../../src/background/mirror';
import type { Pruned } from '../../../src/background/prune';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealObservation, DealSnapshot, Playbook } from '../../../src/core/types';
import { fakeWorker, type FakeWorker } from './worker-fake';

export const YEAR = {
  workingDays: 250,
  teamDeals: 2_000,
  repDeals: 200,
  pageVisitsPerDay: 30,
  ticksPerDay: 20,
  syncsPerDay: 2,
  teamChecksPerDay: 24,
  weeklyCloseShare: 0.05,
  detailFields: 25,
  revisionEveryDays: 21,
} as const;

const ORIGIN = 'https://acme.lightning.force.com';
const TEAM_URL = 'https://playbooks.acme.example/sales.json';
const OPEN_STAGES = DEFAULT_PLAYBOOK.stages.filter((stage) => stage.outcome === 'open');
const DAY_MS = 86_400_000;
/** How long a sync keeps showing a closed opportunity (sync/salesforce.ts: those closed in the last 90 days). */
const SYNC_SHOWS_CLOSED_DAYS = 90;

/** A small seeded generator (mulberry32): the same year every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SimDeal {
  id: string;
  stage: number;
  amount: number;
  closeDate: string;
  rep: boolean;
  /** When it closed (ms), null while open. */
  closedAt: number | null;
  won: boolean;
  createdAt: string;
  /** Something a sync shows changed since the last sync. */
  dirty: boolean;
}

export interface YearResult {
  store: Store;
  worker: FakeWorker;
  /** The storage.local mirror, by key. */
  mirror: Map<string, unknown>;
  /** The deals open at the end of the year, and their ticks as the rep last left them (criterion ids per deal). */
  open: Map<string, Set<string>>;
  /** The deals closed during the year, by key, with when they closed. */
  closed: Map<string, Date>;
  now: Date;
  /** Each daily pruning pass: how long it took (ms) and what it forgot. */
  passes: { ms: number; pruned: Pruned }[];
}

export interface YearOptions {
  prune: boolean;
  fullSync?: boolean;
  workingDays?: number;
  /**
   * The shape of the year, YEAR's by default. The unit test runs a smaller team (the same rules apply to each deal,
   * and a year at full size takes minutes on fake-indexeddb); the benchmark runs YEAR.
   */
  shape?: Partial<Record<'teamDeals' | 'repDeals' | 'pageVisitsPerDay' | 'ticksPerDay' | 'syncsPerDay' | 'teamChecksPerDay', number>>;
  /** Run the pruning pass every this many working days (1: daily, as the alarm does). */
  pruneEveryDays?: number;
  /** Called at the end of each working day (0-based), after its pruning pass: to measure the stores as they grow. */
  afterDay?: (day: number, store: Store) => Promise<void>;
}

const idOf = (n: number) => `006${String(n).padStart(12, '0')}AAA`;
const keyOf = (id: string) => `salesforce:acme:${id}`;
const urlOf = (id: string) => `${ORIGIN}/lightning/r/Opportunity/${id}/view`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A playbook revision: the default one, its guidance reworded `n` times (what a monthly revision changes). */
function revisionOf(n: number): Playbook {
  return {
    ...DEFAULT_PLAYBOOK,
    revision: `r${n}`,
    stages: DEFAULT_PLAYBOOK.stages.map((stage) => ({ ...stage, guidance: `${stage.guidance ?? ''} (reviewed ${n} times)`.trim() })),
  };
}

/** A storage.local area in memory: the mirror's writes land here. */
function memoryArea(): { area: MirrorStorage; items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    area: {
      all: async () => Object.fromEntries(items),
      set: async (values) => void Object.entries(values).forEach(([k, v]) => items.set(k, structuredClone(v))),
      remove: async (keys) => void keys.forEach((k) => items.delete(k)),
    },
  };
}

/** JSON length of every value of each store: the structured-clone size, approximated. */
export async function bytesPerStore(store: Store): Promise<Record<string, number>> {
  const db = store.database;
  const sizes: Record<string, number> = {};
  for (const name of db.objectStoreNames) {
    const rows: unknown[] = await db.getAll(name);
    sizes[name] = rows.reduce<number>((sum, row) => sum + JSON.stringify(row).length, 0);
  }
  return sizes;
}

/** Keys and values of the storage.local mirror, as JSON. */
export const mirrorBytes = (items: Map<string, unknown>): number =>
  [...items].reduce((sum, [key, value]) => sum + key.length + JSON.stringify(value).length, 0);

export async function simulateYear(options: YearOptions): Promise<YearResult> {
  const rand = random(10);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  // The year ends about now: the last working day is today, so the closed-deal cut-off falls within the year.
  const days = options.workingDays ?? YEAR.workingDays;
  let clock = new Date(Date.now() - Math.ceil((days * 7) / 5) * DAY_MS);
  clock.setUTCHours(9, 0, 0, 0);

  const factory = new IDBFactory();
  const store = createStore(await openStagecoachDB({ factory }), () => {});
  const { area, items } = memoryArea();
  let teamRevision = 1;
  let teamChanged = true;
  const worker = fakeWorker({
    store: async () => store,
    storage: area,
    now: () => clock,
    log: () => {},
    fetchTeam: async () => {
      if (!teamChanged) return { kind: 'unchanged' };
      teamChanged = false;
      return { kind: 'new', playbook: revisionOf(teamRevision), etag: `"r${teamRevision}"`, lastModified: null };
    },
  });
  const page: SenderContext = { kind: 'page', origin: 'chrome-extension://stagecoach', tabId: null };
  const content: SenderContext = { kind: 'content', origin: ORIGIN, tabId: 7 };
  await worker.handlers['team/save']({ url: TEAM_URL }, page);

  let next = 1;
  const deals: SimDeal[] = [];
  const newDeal = (rep: boolean): SimDeal => {
    const deal: SimDeal = {
      id: idOf(next++),
      stage: Math.floor(rand() * OPEN_STAGES.length),
      amount: Math.round(5_000 + rand() * 200_000),
      closeDate: isoDay(clock.getTime() + (20 + rand() * 120) * DAY_MS),
      rep,
      closedAt: null,
      won: false,
      createdAt: clock.toISOString(),
      dirty: true,
    };
    deals.push(deal);
    return deal;
  };
  const shape = { ...YEAR, ...options.shape };
  const { teamDeals, repDeals } = shape;
  for (let i = 0; i < teamDeals; i++) newDeal(i < repDeals);
  const ticks = new Map<string, Set<string>>();
  const closed = new Map<string, Date>();

  const stageOf = (deal: SimDeal) => {
    if (deal.closedAt === null) return { label: OPEN_STAGES[deal.stage]?.name ?? 'Discovery', value: null };
    return { label: deal.won ? 'Closed Won' : 'Closed Lost', value: null };
  };
  const observation = (deal: SimDeal): DealObservation => ({
    crm: 'salesforce',
    key: keyOf(deal.id),
    recordId: deal.id,
    url: urlOf(deal.id),
    name: `Acme deal ${deal.id.slice(3, 15).replace(/^0+/, '')}`,
    stage: stageOf(deal),
    amount: { amount: deal.amount, currency: 'USD' },
    closeDate: deal.closeDate,
    owner: deal.rep ? 'Ada Rep' : 'Another Rep',
    probability: 10 + deal.stage * 15,
    forecastCategory: 'Pipeline',
    nextStep: 'Follow up',
    createdAt: deal.createdAt,
    modifiedAt: clock.toISOString(),
    closed: deal.closedAt === null ? null : { won: deal.won },
  });
  const snapshot = (deal: SimDeal): DealSnapshot => {
    const o = observation(deal);
    const fields: Record<string, string> = {};
    for (let f = 0; f < YEAR.detailFields; f++) fields[`Detail field ${f + 1}`] = `Value ${f + 1} of ${o.name ?? ''}`;
    return {
      crm: 'salesforce',
      key: o.key,
      recordId: o.recordId,
      url: o.url,
      locale: 'en-US',
      name: o.name ?? null,
      stage: o.stage ?? stageOf(deal),
      amount: o.amount ?? null,
      closeDate: o.closeDate ?? null,
      probability: o.probability ?? null,
      nextStep: o.nextStep ?? null,
      owner: o.owner ?? null,
      forecastCategory: o.forecastCategory ?? null,
      fields,
    };
  };
  const shownBySync = (deal: SimDeal) => deal.closedAt === null || clock.getTime() - deal.closedAt <= SYNC_SHOWS_CLOSED_DAYS * DAY_MS;

  async function sync(weekly: boolean): Promise<void> {
    const shown = deals.filter(shownBySync);
    const changed = options.fullSync ? shown : shown.filter((deal) => deal.dirty);
    for (let i = 0; i < changed.length; i += 500) await store.recordObservations(changed.slice(i, i + 500).map(observation), 'sync', clock.toISOString());
    for (const deal of changed) deal.dirty = false;
    if (!options.fullSync && weekly) await touchSeen(shown.filter((deal) => deal.closedAt !== null && !changed.includes(deal)).map((deal) => keyOf(deal.id)));
  }

  /** What a sync writes for a deal it shows unchanged: its seen and last-seen times, in record and index row. */
  async function touchSeen(keys: string[]): Promise<void> {
    const now = clock.toISOString();
    const tx = store.database.transaction(['deals', 'summaries'], 'readwrite');
    await Promise.all(
      keys.map(async (key) => {
        const [record, row] = await Promise.all([tx.objectStore('deals').get(key), tx.objectStore('summaries').get(key)]);
        if (!record || !row) return;
        const seen = { ...record.seen, sync: now };
        await Promise.all([tx.objectStore('deals').put({ ...record, seen, lastSeen: now }), tx.objectStore('summaries').put({ ...row, seen, lastSeen: now })]);
      }),
    );
    await tx.done;
  }

  const passes: YearResult['passes'] = [];
  for (let day = 0; day < days; day++) {
    const open = () => deals.filter((deal) => deal.closedAt === null);
    const repOpen = open().filter((deal) => deal.rep);

    // Weekly: some deals close, as many new ones are created.
    if (day % 5 === 0 && day > 0) {
      const closing = open().filter(() => rand() < YEAR.weeklyCloseShare);
      for (const deal of closing) {
        deal.closedAt = clock.getTime();
        deal.won = rand() < 0.3;
        deal.dirty = true;
        closed.set(keyOf(deal.id), new Date(clock));
        ticks.delete(keyOf(deal.id));
      }
      for (const deal of closing) newDeal(deal.rep);
    }
    // Daily changes in the CRM.
    for (const deal of open()) {
      if (rand() < 1 / 15 && deal.stage < OPEN_STAGES.length - 1) {
        deal.stage++;
        deal.dirty = true;
      }
      if (rand() < 1 / 50) {
        deal.closeDate = isoDay(Date.parse(deal.closeDate) + 14 * DAY_MS);
        deal.dirty = true;
      }
      if (rand() < 1 / 60) {
        deal.amount = Math.round(deal.amount * (0.8 + rand() * 0.4));
        deal.dirty = true;
      }
    }

    // Morning sync, the list view, the deal pages and ticks through the day, the afternoon sync.
    await sync(day % 5 === 0);
    await store.recordObservations(repOpen.map((deal) => ({ ...observation(deal), modifiedAt: undefined, createdAt: undefined })), 'list', clock.toISOString());
    for (let v = 0; v < shape.pageVisitsPerDay; v++) {
      const deal = pick(repOpen);
      await worker.handlers['deal/seen']({ deal: snapshot(deal) }, content);
    }
    for (let t = 0; t < shape.ticksPerDay; t++) {
      const deal = pick(repOpen);
      const key = keyOf(deal.id);
      const criterion = pick(OPEN_STAGES[deal.stage]?.criteria ?? []).id;
      const mine = ticks.get(key) ?? new Set<string>();
      const checked = !mine.has(criterion) || rand() < 0.3;
      await worker.handlers['check/set']({ deal: { url: urlOf(deal.id) }, criterionId: criterion, checked }, content);
      if (checked) mine.add(criterion);
      else mine.delete(criterion);
      ticks.set(key, mine);
    }
    if (shape.syncsPerDay > 1) await sync(false);

    // The team URL, hourly; a new revision a month.
    if (day % YEAR.revisionEveryDays === 0 && day > 0) {
      teamRevision++;
      teamChanged = true;
    }
    for (let h = 0; h < shape.teamChecksPerDay; h++) await worker.playbooks.refreshTeam();

    if (options.prune && day % (options.pruneEveryDays ?? 1) === 0) {
      const started = performance.now();
      const pruned = await worker.prune();
      passes.push({ ms: performance.now() - started, pruned });
    }
    await options.afterDay?.(day, store);
    // The next working day.
    clock = new Date(clock.getTime() + (day % 5 === 4 ? 3 : 1) * DAY_MS);
  }
  clock = new Date(clock.getTime() - DAY_MS);

  const open = new Map<string, Set<string>>();
  for (const deal of deals) if (deal.closedAt === null) open.set(keyOf(deal.id), ticks.get(keyOf(deal.id)) ?? new Set());
  return { store, worker, mirror: items, open, closed, now: clock, passes };
}
