/**
 * Upgrades from every earlier database version, each full of realistic data: deals with stage history, ticks, an
 * imported playbook. A new version adds its step to MIGRATIONS and an entry to EARLIER_VERSIONS below (the data as
 * the version before it stored it); the guard test fails until it does.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, MIGRATIONS, migrate, openStagecoachDB } from '../../../src/background/db';
import { createHandlers } from '../../../src/background/handlers';
import { createConnection } from '../../../src/background/connection';
import { createRouter } from '../../../src/background/router';
import { createSiteRegistrations } from '../../../src/background/sites';
import { fakeSiteBrowser } from './sites-fake';
import { createMirror } from '../../../src/background/mirror';
import { createStore, type Store } from '../../../src/background/store';
import type { SenderContext } from '../../../src/background/router';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealRecord, Playbook } from '../../../src/core/types';
import { deal } from '../deal-fixture';
import { summaryOf } from '../../../src/core/deal-summary';
import { fakeWorker } from './worker-fake';

/** A database at `version`, built by the real steps up to that version: what a user of that release has. */
async function databaseAt(version: number): Promise<IDBPDatabase> {
  return openDB(DB_NAME, version, {
    upgrade(db, oldVersion, _newVersion, tx) {
      void migrate(db, tx, oldVersion, version);
    },
  });
}

const ORIGIN = 'https://acme.lightning.force.com';
const url = (id: string, origin = ORIGIN) => `${origin}/lightning/r/Opportunity/${id}/view`;
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 5, 1) + days * DAY).toISOString();

/** A deal seen over months, through several stages. */
function dealRecord(id: string, key: string, name: string, stages: string[], dealUrl = url(id)): DealRecord {
  const history = stages.map((label, i) => ({ stage: { label, value: label }, enteredAt: at(i * 20) }));
  const snap = deal({
    key,
    recordId: id,
    url: dealUrl,
    name,
    locale: 'en-US',
    stage: history.at(-1)!.stage,
    amount: { amount: 48_000, currency: 'USD' },
    closeDate: '2027-03-31',
    owner: 'Dana Rep',
    fields: { 'Lead Source': 'Partner Referral', 'Next Step': 'Send the order form' },
  });
  return { key, snapshot: snap, firstSeen: at(0), lastSeen: at(stages.length * 20), history } as unknown as DealRecord;
}

const IMPORTED: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook', revision: '7' };
const WIDGETS = dealRecord('006000000000001AAA', 'salesforce:acme:006000000000001AAA', 'Acme - 1,200 Widgets', ['Prospecting', 'Qualification', 'Needs Analysis']);
const RENEWAL = dealRecord('006000000000002AAA', 'salesforce:acme:006000000000002AAA', 'Acme renewal', ['Qualification', 'Proposal/Price Quote']);

/**
 * A deal stored before version 5 as version 5 has it: seen on its page only, at its last-seen time, with no change of
 * close date or amount observed and nothing known of its creation or closing.
 */
const asOfVersion5 = (record: DealRecord): DealRecord => ({
  ...record,
  seen: { page: record.lastSeen, list: null, sync: null },
  createdAt: null,
  closeDates: [],
  amounts: [],
  closed: null,
});

/** What every upgrade must keep: the deals with their history, their ticks, the imported playbook. */
async function expectEverythingKept(store: Store) {
  expect(await store.deal(WIDGETS.key)).toEqual(asOfVersion5(WIDGETS));
  expect(await store.deal(RENEWAL.key)).toEqual(asOfVersion5(RENEWAL));
  expect(await store.checks(WIDGETS.key)).toEqual({ meeting: { checkedAt: at(3) }, pain: { checkedAt: at(25) } });
  expect(await store.checks(RENEWAL.key)).toEqual({ budget: { checkedAt: at(30) } });
  // Version 5: every deal has its index row, not yet evaluated; every tick stored starts the tick history.
  expect(await store.summary(WIDGETS.key)).toEqual(summaryOf(asOfVersion5(WIDGETS)));
  expect(await store.summary(RENEWAL.key)).toMatchObject({ name: 'Acme renewal', stage: RENEWAL.snapshot.stage, history: RENEWAL.history, readiness: null });
  expect(await store.checkLog(WIDGETS.key)).toEqual([
    { id: expect.any(Number), dealKey: WIDGETS.key, criterionId: 'meeting', checked: true, at: at(3) },
    { id: expect.any(Number), dealKey: WIDGETS.key, criterionId: 'pain', checked: true, at: at(25) },
  ]);
  // The imported playbook is revision 1 now, the local source, in force; nothing to announce to reps.
  const worker = fakeWorker({ store: async () => store, now: () => new Date(at(90)), log: () => {} });
  const active = await worker.playbooks.active();
  expect(active.playbook).toEqual(IMPORTED);
  expect(active.source).toEqual({
    kind: 'local',
    revision: { id: 1, origin: 'import', savedAt: at(1), name: IMPORTED.name, label: '7', fileName: 'acme.json', url: null, stages: IMPORTED.stages.length, criteria: IMPORTED.stages.reduce((n, s) => n + s.criteria.length, 0) },
  });
  expect(active.why).toBe('Imported in this browser');
  expect(await worker.playbooks.notice()).toBeNull();
  expect((await worker.playbooks.revisions()).revisions.map((r) => r.id)).toEqual([1]);
}

interface EarlierVersion {
  version: number;
  /** Realistic data, written as that version stored it. */
  seed(db: IDBPDatabase): Promise<void>;
  /** What the upgrade must do to this version's data beyond keeping it. */
  alsoExpect?(store: Store, warnings: string[]): Promise<void>;
}

const EARLIER_VERSIONS: EarlierVersion[] = [
  {
    version: 1,
    async seed(db) {
      const tx = db.transaction(['playbooks', 'deals', 'checks'], 'readwrite');
      const deals = tx.objectStore('deals');
      const checks = tx.objectStore('checks');
      await tx.objectStore('playbooks').put({ slot: 'import', playbook: IMPORTED, fileName: 'acme.json', importedAt: at(1) });
      await deals.put(WIDGETS);
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(3) });
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'pain', checkedAt: at(25) });
      // Version 1 filed a deal under the key its page sent: here one that is not the key its own URL gives (the
      // 15-character id), with its tick; and one a forged message filed under another org's key.
      await deals.put({ ...RENEWAL, key: 'salesforce:acme:006000000000002', snapshot: { ...RENEWAL.snapshot, key: 'salesforce:acme:006000000000002' } });
      await checks.put({ dealKey: 'salesforce:acme:006000000000002', criterionId: 'budget', checkedAt: at(30) });
      const forged = dealRecord('006000000000003AAA', 'salesforce:globex:006000000000003AAA', 'Globex expansion', ['Qualification']);
      await deals.put(forged);
      await checks.put({ dealKey: forged.key, criterionId: 'meeting', checkedAt: at(5) });
      // Only a forged message could have stored a "deal" of a page that is no deal page of a CRM we know.
      const stray = dealRecord('006000000000004AAA', 'salesforce:evil:006000000000004AAA', 'Stray', ['Qualification'], 'https://evil.example/deal/4');
      await deals.put(stray);
      await checks.put({ dealKey: stray.key, criterionId: 'pain', checkedAt: at(6) });
      // A tick made before its deal was first recorded stays where it is.
      await checks.put({ dealKey: 'salesforce:acme:006000000000005AAA', criterionId: 'pain', checkedAt: at(7) });
      await tx.done;
    },
    async alsoExpect(store, warnings) {
      expect(warnings).toEqual(['[Stagecoach] upgrade: dropped 1 deal(s) whose address is no deal page of a CRM Stagecoach knows']);
      const keys = (await store.allDeals()).map((d) => d.key).sort();
      expect(keys).toEqual([WIDGETS.key, RENEWAL.key, 'salesforce:acme:006000000000003AAA'].sort());
      const globex = await store.deal('salesforce:acme:006000000000003AAA');
      expect(globex?.snapshot).toMatchObject({ key: 'salesforce:acme:006000000000003AAA', name: 'Globex expansion' });
      expect(globex?.history).toHaveLength(1);
      expect(await store.checks('salesforce:acme:006000000000003AAA')).toEqual({ meeting: { checkedAt: at(5) } });
      const allChecks = await store.allChecks();
      expect([...allChecks.keys()].sort()).toEqual(
        [WIDGETS.key, RENEWAL.key, 'salesforce:acme:006000000000003AAA', 'salesforce:acme:006000000000005AAA'].sort(),
      );
    },
  },
  {
    version: 2,
    async seed(db) {
      const tx = db.transaction(['playbooks', 'deals', 'checks'], 'readwrite');
      await tx.objectStore('playbooks').put({ slot: 'import', playbook: IMPORTED, fileName: 'acme.json', importedAt: at(1) });
      await tx.objectStore('deals').put(WIDGETS);
      await tx.objectStore('deals').put(RENEWAL);
      const checks = tx.objectStore('checks');
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(3) });
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'pain', checkedAt: at(25) });
      await checks.put({ dealKey: RENEWAL.key, criterionId: 'budget', checkedAt: at(30) });
      await tx.done;
    },
    async alsoExpect(store) {
      // Version 3 only adds the stages reps choose by hand: none yet, and one can be chosen.
      expect(await store.allStagePicks()).toEqual(new Map());
      await store.setStagePick(WIDGETS.key, 'discovery', at(91));
      expect(await store.stagePick(WIDGETS.key)).toEqual({ stageId: 'discovery', chosenAt: at(91) });
    },
  },
  {
    version: 3,
    async seed(db) {
      const tx = db.transaction(['playbooks', 'deals', 'checks', 'stagePicks'], 'readwrite');
      await tx.objectStore('playbooks').put({ slot: 'import', playbook: IMPORTED, fileName: 'acme.json', importedAt: at(1) });
      await tx.objectStore('deals').put(WIDGETS);
      await tx.objectStore('deals').put(RENEWAL);
      const checks = tx.objectStore('checks');
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(3) });
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'pain', checkedAt: at(25) });
      await checks.put({ dealKey: RENEWAL.key, criterionId: 'budget', checkedAt: at(30) });
      await tx.objectStore('stagePicks').put({ dealKey: RENEWAL.key, stageId: 'proposal', chosenAt: at(40) });
      await tx.done;
    },
    async alsoExpect(store) {
      // Version 4 moves the imported playbook into revisions (checked by expectEverythingKept); the picks stay.
      expect(await store.stagePick(RENEWAL.key)).toEqual({ stageId: 'proposal', chosenAt: at(40) });
      // The old store is gone: the playbook has one home.
      const db = await openDB(DB_NAME);
      expect([...db.objectStoreNames].sort()).toEqual(['checkLog', 'checks', 'deals', 'revisions', 'sources', 'stagePicks', 'summaries', 'syncs']);
      db.close();
    },
  },
  {
    version: 4,
    async seed(db) {
      const tx = db.transaction(['revisions', 'sources', 'deals', 'checks', 'stagePicks'], 'readwrite');
      await tx.objectStore('revisions').add({ origin: 'import', playbook: IMPORTED, savedAt: at(1), fileName: 'acme.json', url: null });
      await tx.objectStore('sources').put({ slot: 'local', revisionId: 1 });
      await tx.objectStore('sources').put({ slot: 'active', revisionId: 1, notice: null });
      await tx.objectStore('deals').put(WIDGETS);
      await tx.objectStore('deals').put(RENEWAL);
      const checks = tx.objectStore('checks');
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(3) });
      await checks.put({ dealKey: WIDGETS.key, criterionId: 'pain', checkedAt: at(25) });
      await checks.put({ dealKey: RENEWAL.key, criterionId: 'budget', checkedAt: at(30) });
      await tx.objectStore('stagePicks').put({ dealKey: RENEWAL.key, stageId: 'proposal', chosenAt: at(40) });
      await tx.done;
    },
    async alsoExpect(store) {
      expect(await store.stagePick(RENEWAL.key)).toEqual({ stageId: 'proposal', chosenAt: at(40) });
      expect((await store.allSummaries()).map((row) => row.key).sort()).toEqual([WIDGETS.key, RENEWAL.key].sort());
      expect(await store.syncs()).toEqual([]);
      // A deal first seen on a list after the upgrade joins the index beside them.
      const listed = { crm: 'salesforce', key: 'salesforce:acme:006000000000009AAA', recordId: '006000000000009AAA', url: url('006000000000009AAA') };
      expect(await store.recordObservations([{ ...listed, stage: { label: 'Prospecting', value: null } }], 'list', at(91))).toEqual([listed.key]);
      expect((await store.allSummaries()).map((row) => row.key)).toContain(listed.key);
    },
  },
];

let factory: IDBFactory;
beforeEach(() => {
  factory = new IDBFactory();
  globalThis.indexedDB = factory;
});

describe('database upgrades', () => {
  it('have realistic data for every earlier version', () => {
    expect(EARLIER_VERSIONS.map((v) => v.version)).toEqual(Array.from({ length: DB_VERSION - 1 }, (_, i) => i + 1));
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  for (const earlier of EARLIER_VERSIONS) {
    it(`keep every deal, stage visit, tick and the imported playbook of a version ${earlier.version} database`, async () => {
      const old = await databaseAt(earlier.version);
      expect(old.version).toBe(earlier.version);
      await earlier.seed(old);
      old.close();

      const log = vi.fn();
      const warnings: string[] = [];
      const warn = vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
      const db = await openStagecoachDB({ factory });
      warn.mockRestore();
      expect(db.version).toBe(DB_VERSION);
      const store = createStore(db, log);
      await expectEverythingKept(store);
      await earlier.alsoExpect?.(store, warnings);
      expect(log).not.toHaveBeenCalled();

      // And the worker works on it: the pipeline shows the deals, a tick lands on the upgraded key.
      const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
      const content: SenderContext = { kind: 'content', origin: ORIGIN, tabId: 1 };
      const h = fakeWorker({ store: async () => store, now: () => new Date(at(90)), log }).handlers;
      const { deals } = await h['pipeline/deals']({}, page);
      expect(deals.map((d) => d.name)).toEqual(expect.arrayContaining(['Acme - 1,200 Widgets', 'Acme renewal']));
      await h['check/set']({ deal: { url: url('006000000000002') }, criterionId: 'pain', checked: true }, content);
      expect(Object.keys(await store.checks(RENEWAL.key)).sort()).toEqual(['budget', 'pain']);
      db.close();
    });
  }

  it('file the records of one deal as one at version 2, kept from the one seen last, each tick at its first time', async () => {
    const old = await databaseAt(1);
    const id15 = 'salesforce:acme:006000000000001';
    // The deal under its 18-character key (seen last, with the current stage) and its 15-character key (seen first).
    const newer = { ...WIDGETS, firstSeen: at(10), lastSeen: at(60) };
    const older = { ...WIDGETS, key: id15, snapshot: { ...WIDGETS.snapshot, key: id15, stage: { label: 'Prospecting', value: 'Prospecting' } }, firstSeen: at(0), lastSeen: at(20) };
    // The renewal also filed by a forged message under another org's key (read after the true one): first seen earlier.
    const forgedKey = 'salesforce:globex:006000000000002AAA';
    const forged = { ...RENEWAL, key: forgedKey, snapshot: { ...RENEWAL.snapshot, key: forgedKey }, firstSeen: at(-5), lastSeen: at(1) };
    const tx = old.transaction(['deals', 'checks'], 'readwrite');
    await tx.objectStore('deals').put(newer);
    await tx.objectStore('deals').put(older);
    await tx.objectStore('deals').put(RENEWAL);
    await tx.objectStore('deals').put(forged);
    await tx.objectStore('checks').put({ dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(12) });
    await tx.objectStore('checks').put({ dealKey: id15, criterionId: 'meeting', checkedAt: at(3) });
    await tx.objectStore('checks').put({ dealKey: id15, criterionId: 'pain', checkedAt: at(4) });
    await tx.objectStore('checks').put({ dealKey: WIDGETS.key, criterionId: 'budget', checkedAt: at(30) });
    await tx.objectStore('checks').put({ dealKey: RENEWAL.key, criterionId: 'budget', checkedAt: at(31) });
    await tx.done;
    old.close();

    const db = await databaseAt(2);
    expect(await db.getAll('deals')).toEqual([{ ...newer, firstSeen: at(0) }, { ...RENEWAL, firstSeen: at(-5) }].sort((a, b) => a.key.localeCompare(b.key)));
    expect(await db.getAll('checks')).toEqual(
      [
        { dealKey: WIDGETS.key, criterionId: 'budget', checkedAt: at(30) },
        { dealKey: WIDGETS.key, criterionId: 'meeting', checkedAt: at(3) },
        { dealKey: WIDGETS.key, criterionId: 'pain', checkedAt: at(4) },
        { dealKey: RENEWAL.key, criterionId: 'budget', checkedAt: at(31) },
      ].sort((a, b) => a.dealKey.localeCompare(b.dealKey) || a.criterionId.localeCompare(b.criterionId)),
    );
    db.close();
  });

  it('leave the database as it was when a step fails', async () => {
    const old = await databaseAt(1);
    await EARLIER_VERSIONS[0]!.seed(old);
    old.close();
    // Version 2's step breaks half-way, the way a bug would.
    const failing = vi.spyOn(URL, 'canParse').mockImplementation(() => {
      throw new Error('boom');
    });
    await expect(openStagecoachDB({ factory })).rejects.toThrow("could not upgrade Stagecoach's database to version 2: boom");
    failing.mockRestore();
    const after = await openDB(DB_NAME);
    expect(after.version).toBe(1);
    expect(await after.count('deals')).toBe(4);
    after.close();
  });
});

describe('an upgrade blocked by another open connection', () => {
  const self = { id: 'ext', origin: 'chrome-extension://ext' };
  const tick = { type: 'check/set', payload: { deal: { url: url('006000000000002') }, criterionId: 'pain', checked: true } };
  const sender = { id: 'ext', origin: ORIGIN, tab: { id: 4 }, frameId: 0 };

  /** A version 4 database with its data, held open by `old` (an extension page or worker of the version before). */
  async function heldAtVersion4() {
    const old = await databaseAt(4);
    await EARLIER_VERSIONS[3]!.seed(old);
    return old;
  }

  function worker(waitMs: number) {
    const log = vi.fn();
    const connection = createConnection(log, factory, waitMs);
    const route = createRouter(fakeWorker({ store: connection, now: () => new Date(at(90)), log }).handlers, self, log);
    return { connection, route, log };
  }

  it('goes on at once when the old connection steps aside, as every Stagecoach connection does', async () => {
    const old = await heldAtVersion4();
    // What db.ts's `blocking` does in the version before: close on versionchange.
    old.addEventListener('versionchange', () => old.close());
    const { route } = worker(50);
    expect(await route(tick, sender)).toMatchObject({ ok: true });
    const db = await openDB(DB_NAME);
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('tells the sender what to do when the old connection never closes, and serves the next message once it has', async () => {
    const old = await heldAtVersion4();
    const { route, connection, log } = worker(50);
    const started = Date.now();
    expect(await route(tick, sender)).toEqual({
      ok: false,
      error: {
        code: 'failed',
        message:
          'Stagecoach could not save this tick (Stagecoach is waiting for another of its tabs to close before it can update its storage: ' +
          'close other Stagecoach tabs (options or popup pages) and try again). Nothing was changed; try again.',
      },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(log).toHaveBeenCalledWith('the database upgrade waits for another Stagecoach tab to close its older connection');
    // Nothing was written: the old data is as it was, at the old version.
    expect(await old.count('checks')).toBe(3);
    expect(old.version).toBe(4);

    // The other tab closes: the upgrade that was waiting runs, and the same worker serves the next message.
    old.close();
    expect(await route(tick, sender)).toMatchObject({ ok: true });
    const store = await connection();
    expect(await store.deal(WIDGETS.key)).toEqual(asOfVersion5(WIDGETS));
    expect(await store.deal(RENEWAL.key)).toEqual(asOfVersion5(RENEWAL));
    expect(Object.keys(await store.checks(RENEWAL.key)).sort()).toEqual(['budget', 'pain']);
  });
});
