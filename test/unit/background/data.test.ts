/**
 * "Your data" in the worker, over a fake IndexedDB: a backup restores what it held (deals, ticks, tick log, stage
 * picks, revisions, sources), all or nothing; a damaged file or a failing write changes nothing; clearing empties
 * everything but what the policy decides; forgetting removes one deal everywhere, CRM pages' copy included.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { NO_POLICY } from '../../../src/background/policy';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { BACKUP_FORMAT, type Playbook } from '../../../src/core/types';
import { mirrorChecksKey, mirrorStagePickKey } from '../../../src/messages';
import { fakeWorker, type FakeWorker } from './worker-fake';
import { acmeOpportunity as snapshot } from '../deal-fixture';

const ACME_ORIGIN = 'https://acme.lightning.force.com';
const content: SenderContext = { kind: 'content', origin: ACME_ORIGIN, tabId: 1 };
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const FIRST = '006000000000001AAA';
const SECOND = '006000000000002AAA';
const keyOf = (id: string) => `salesforce:acme:${id}`;
const TEAM_URL = 'https://playbooks.acme.test/sales.json';

const ACME: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme playbook' };
const ORG: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Organization playbook' };
const criterion = DEFAULT_PLAYBOOK.stages[0]!.criteria.find((c) => !c.rule)!.id;


let store: Store;
let clock: Date;
let mirrored: Map<string, unknown>;
let log: ReturnType<typeof vi.fn<(message: string, error?: unknown) => void>>;
let w: FakeWorker;

beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), (m, e) => log(m, e));
  clock = new Date('2026-05-04T10:00:00Z');
  log = vi.fn();
  mirrored = new Map();
  w = fakeWorker({
    store: async () => store,
    storage: {
      all: async () => Object.fromEntries(mirrored),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => mirrored.set(k, v)),
      remove: async (keys) => void keys.forEach((k) => mirrored.delete(k)),
    },
    now: () => clock,
    log,
    fetchTeam: async () => ({ kind: 'failed', reason: 'no network in unit tests' }),
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Two deals, a tick (and its log entry, which the tick writes), a stage picked by hand, an imported playbook and a team URL. */
async function seed(): Promise<void> {
  const h = w.handlers;
  await h['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
  await h['team/save']({ url: TEAM_URL }, page);
  await h['deal/seen']({ deal: snapshot(FIRST, 'Acme renewal') }, content);
  await h['deal/seen']({ deal: snapshot(SECOND, 'Globex expansion') }, content);
  await h['check/set']({ deal: { key: keyOf(FIRST) }, criterionId: criterion, checked: true }, page);
  await h['stage/choose']({ deal: { url: snapshot(SECOND, '').url }, stageId: DEFAULT_PLAYBOOK.stages[1]!.id }, content);
}

/** What a rep would notice is there: deal names, ticks, stage picks, the tick log, the revisions and the playbook. */
async function state() {
  const deals = (await store.allDeals()).map((d) => d.snapshot.name).sort();
  const checks = Object.fromEntries([...(await store.allChecks())].map(([k, c]) => [k, Object.keys(c)]));
  const picks = [...(await store.allStagePicks()).keys()];
  const checkLog = (await store.database.getAll('checkLog')).map((e) => `${e.dealKey} ${e.criterionId} ${e.checked}`);
  const summaries = (await store.database.getAll('summaries')).map((s) => s.name).sort();
  const revisions = (await store.allRevisions()).map((r) => (r.ok ? r.revision.playbook.name : r.problem));
  const active = await w.handlers['playbook/get']({}, page);
  return { deals, checks, picks, checkLog, summaries, revisions, playbook: active.playbook.name, team: active.team?.url ?? null };
}

async function backupText(): Promise<string> {
  const { backup } = await w.handlers['data/backup']({}, page);
  return JSON.stringify(backup);
}

describe('backup and restore', () => {
  it('backs up everything, and after clearing restores the deals, ticks, history, stage picks and playbook', async () => {
    await seed();
    const before = await state();
    expect(before).toMatchObject({ deals: ['Acme renewal', 'Globex expansion'], playbook: 'Acme playbook', team: TEAM_URL });
    expect(before.checkLog).toHaveLength(1);

    const { backup, counts } = await w.handlers['data/backup']({}, page);
    expect(counts).toEqual({ deals: 2, checks: 1, revisions: 1, stagePicks: 1 });
    expect(backup).toMatchObject({ format: BACKUP_FORMAT, exportedAt: clock.toISOString() });
    const text = JSON.stringify(backup);

    await w.handlers['data/clear']({}, page);
    expect(await state()).toEqual({ deals: [], checks: {}, picks: [], checkLog: [], summaries: [], revisions: [], playbook: DEFAULT_PLAYBOOK.name, team: null });
    expect([...mirrored.keys()].filter((k) => k.startsWith('mirror:checks:') || k.startsWith('mirror:stagePick:'))).toEqual([]);

    const restored = await w.handlers['data/restore']({ text }, page);
    expect(restored).toMatchObject({ restored: true, counts: { deals: 2, checks: 1, revisions: 1, stagePicks: 1 }, active: { playbook: { name: 'Acme playbook' } } });
    expect(await state()).toEqual({ ...before, summaries: ['Acme renewal', 'Globex expansion'] });
    // CRM pages see the ticks and the chosen stage again.
    expect(mirrored.get(mirrorChecksKey(keyOf(FIRST)))).toEqual({ [criterion]: { checkedAt: clock.toISOString() } });
    expect(mirrored.get(mirrorStagePickKey(keyOf(SECOND)))).toMatchObject({ stageId: DEFAULT_PLAYBOOK.stages[1]!.id });
    // Every field the page showed comes back, not only what the popup lists.
    expect((await store.deal(keyOf(FIRST)))?.snapshot.fields).toEqual({ Region: 'EMEA' });
  });

  it('replaces what is there rather than merging into it', async () => {
    await seed();
    const text = await backupText();
    await w.handlers['deal/seen']({ deal: snapshot('006000000000003AAA', 'Initech pilot') }, content);
    await w.handlers['data/restore']({ text }, page);
    expect((await state()).deals).toEqual(['Acme renewal', 'Globex expansion']);
  });

  it('refuses a damaged file with every problem, and changes nothing', async () => {
    await seed();
    const before = await state();
    const damaged = JSON.parse(await backupText()) as { deals: { snapshot: { url: string } }[] };
    damaged.deals[1]!.snapshot.url = 'javascript:alert(1)';
    expect(await w.handlers['data/restore']({ text: JSON.stringify(damaged) }, page)).toEqual({
      restored: false,
      problems: ['deals[1].snapshot.url: must be an https URL'],
    });
    expect(await w.handlers['data/restore']({ text: '{"format": "stagecoach.backup/v1", "deals": [' }, page)).toMatchObject({ restored: false });
    expect(await state()).toEqual(before);
  });

  it('is all or nothing: a write failing half-way leaves the old data', async () => {
    await seed();
    const text = await backupText();
    await w.handlers['deal/seen']({ deal: snapshot('006000000000003AAA', 'Initech pilot') }, content);
    const before = await state();

    // The second deal's write fails, after the stores were emptied and the first deal written.
    const put = IDBObjectStore.prototype.put;
    let dealWrites = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'deals' && ++dealWrites === 2) throw new DOMException('The disk is full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(w.handlers['data/restore']({ text }, page)).rejects.toThrow("your browser's storage for Stagecoach is full");
    vi.restoreAllMocks();
    expect(dealWrites).toBe(2);
    expect(await state()).toEqual(before);
  });

  it('restores 10,000 deals', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const id = `006${String(i).padStart(12, '0')}AAA`;
      const snap = snapshot(id, `Deal ${i}`);
      return { key: snap.key, snapshot: snap, firstSeen: clock.toISOString(), lastSeen: clock.toISOString(), history: [{ stage: snap.stage, enteredAt: clock.toISOString() }], seen: { page: clock.toISOString(), list: null, sync: null }, createdAt: null, closeDates: [], amounts: [], closed: null };
    });
    const file = { format: BACKUP_FORMAT, exportedAt: clock.toISOString(), revisions: [], sources: [], deals: many, checks: [], checkLog: [], stagePicks: [], syncs: [] };
    const text = JSON.stringify(file);
    expect(text.length).toBeGreaterThan(5_000_000);
    expect(await w.handlers['data/restore']({ text }, page)).toMatchObject({ restored: true, counts: { deals: 10_000 } });
    expect(await store.database.count('deals')).toBe(10_000);
    expect(await store.database.count('summaries')).toBe(10_000);
    const { counts } = await w.handlers['data/backup']({}, page);
    expect(counts.deals).toBe(10_000);
  }, 60_000);
});

describe('clear everything', () => {
  it('removes the rep’s team URL and playbook, but the policy’s playbook still applies', async () => {
    await seed();
    await w.setPolicy({ ...NO_POLICY, playbook: ORG });
    const { active } = await w.handlers['data/clear']({}, page);
    expect(active.playbook.name).toBe('Organization playbook');
    const after = await state();
    expect(after).toMatchObject({ deals: [], team: null, playbook: 'Organization playbook' });
    // The policy's revision is made again from the policy: the only one left.
    expect(after.revisions).toEqual(['Organization playbook']);
  });
});

describe('under a policy’s lock', () => {
  it('clearing and restoring change the deals only: the playbook stays the organization’s', async () => {
    await seed();
    const text = await backupText();
    await w.setPolicy({ ...NO_POLICY, locked: true, playbook: ORG });
    const revisions = (await state()).revisions;

    await w.handlers['data/clear']({}, page);
    expect(await state()).toMatchObject({ deals: [], checks: {}, playbook: 'Organization playbook', revisions });

    const restored = await w.handlers['data/restore']({ text }, page);
    expect(restored).toMatchObject({ restored: true, counts: { deals: 2, revisions: 0 }, active: { playbook: { name: 'Organization playbook' } } });
    expect(await state()).toMatchObject({ deals: ['Acme renewal', 'Globex expansion'], playbook: 'Organization playbook', revisions });
  });
});

describe('forget a deal', () => {
  it('removes its record, index row, ticks, tick log and stage pick, here and on CRM pages, and nothing else', async () => {
    await seed();
    await w.handlers['check/set']({ deal: { key: keyOf(SECOND) }, criterionId: criterion, checked: true }, page);
    await w.handlers['deal/forget']({ key: keyOf(FIRST) }, page);
    await w.handlers['deal/forget']({ key: keyOf(SECOND) }, page);
    const after = await state();
    expect(after).toMatchObject({ deals: [], checks: {}, picks: [], checkLog: [], summaries: [], playbook: 'Acme playbook' });
    expect(mirrored.has(mirrorChecksKey(keyOf(FIRST)))).toBe(false);
    expect(mirrored.has(mirrorChecksKey(keyOf(SECOND)))).toBe(false);
    expect(mirrored.has(mirrorStagePickKey(keyOf(SECOND)))).toBe(false);
    expect((await w.handlers['pipeline/deals']({}, page)).deals).toEqual([]);
  });

  it('keeps the other deals', async () => {
    await seed();
    await w.handlers['deal/forget']({ key: keyOf(FIRST) }, page);
    expect(await state()).toMatchObject({ deals: ['Globex expansion'], picks: [keyOf(SECOND)] });
    expect((await w.handlers['pipeline/deals']({}, page)).deals.map((d) => d.name)).toEqual(['Globex expansion']);
  });

  it('says so when the deal is not stored', async () => {
    await expect(w.handlers['deal/forget']({ key: keyOf(FIRST) }, page)).rejects.toThrow(/not stored in this browser/);
  });
});

describe('CSV export', () => {
  it('adds won and lost deals only when every deal is asked for', async () => {
    await seed();
    const won = DEFAULT_PLAYBOOK.stages.find((stage) => stage.outcome === 'won')!;
    await w.handlers['deal/seen']({ deal: { ...snapshot('006000000000003AAA', 'Initech pilot'), stage: { label: won.name, value: null } } }, content);
    expect((await w.handlers['data/csv']({ open: true }, page)).rows).toBe(2);
    const { csv, rows } = await w.handlers['data/csv']({ open: false }, page);
    expect(rows).toBe(3);
    const initech = csv.split('\r\n').find((line) => line.startsWith('Initech pilot,'));
    // Closed: its playbook stage, no readiness and no attention to tell.
    expect(initech?.split(',').slice(0, 4)).toEqual(['Initech pilot', 'Salesforce', won.name, won.name]);
    expect(initech?.split(',').slice(11, 14)).toEqual(['', '', '']);
  });

  it('gives the open deals as a spreadsheet reads them', async () => {
    await seed();
    const { csv, rows } = await w.handlers['data/csv']({ open: true }, page);
    expect(rows).toBe(2);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Deal,CRM,Stage \(CRM\),Playbook stage,Amount,Currency,Weighted/);
    expect(lines.slice(1, 3).map((l) => l.split(',').slice(0, 2))).toEqual(
      expect.arrayContaining([
        ['Acme renewal', 'Salesforce'],
        ['Globex expansion', 'Salesforce'],
      ]),
    );
  });
});
