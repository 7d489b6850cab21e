import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, beforeEach, vi } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, openStagecoachDB } from '../../../src/background/db';
import { createConnection, explainOpenFailure } from '../../../src/background/connection';
import { createHandlers } from '../../../src/background/handlers';
import { createSiteRegistrations } from '../../../src/background/sites';
import { fakeSiteBrowser } from './sites-fake';
import { createMirror, RECOVERED_FILE, restoreFromCopy, type MirrorStorage } from '../../../src/background/mirror';
import { createRouter, type SenderContext } from '../../../src/background/router';
import { createStore, explainStorageError, type Store } from '../../../src/background/store';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { CRMS } from '../../../src/crm/registry';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { DealObservation, DealSnapshot, Playbook } from '../../../src/core/types';
import { MIRROR_PLAYBOOK_KEY, mirrorChecksKey, mirrorStagePickKey, STORAGE_LOST_KEY } from '../../../src/messages';
import { deal } from '../deal-fixture';
import { fakeWorker } from './worker-fake';

const ACME = 'https://acme.lightning.force.com';
const content: SenderContext = { kind: 'content', origin: ACME, tabId: 1 };
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };

const urlOf = (id: string, origin = ACME) => `${origin}/lightning/r/Opportunity/${id}/view`;
const keyOf = (id: string, org = 'acme') => `salesforce:${org}:${id}`;
const FIRST = '006000000000001AAA';
const SECOND = '006000000000002AAA';

function snapshot(overrides: Partial<DealSnapshot> = {}, id = FIRST): DealSnapshot {
  return deal({
    key: keyOf(id),
    recordId: id,
    url: urlOf(id),
    locale: 'en-US',
    name: 'Acme - 1,200 Widgets',
    stage: { label: 'Needs Analysis', value: 'Needs Analysis' },
    amount: { amount: 1_517_250, currency: 'USD' },
    closeDate: '2026-12-31',
    ...overrides,
  });
}

/** storage.local in memory; `failWrites` makes the next writes fail the way a full disk does. */
function memoryStorage() {
  const items = new Map<string, unknown>();
  let failures = 0;
  const write = () => {
    if (failures > 0) {
      failures--;
      throw new Error('QUOTA_BYTES quota exceeded');
    }
  };
  const storage: MirrorStorage = {
    all: async () => Object.fromEntries([...items].map(([k, v]) => [k, structuredClone(v)])),
    async set(values) {
      write();
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    async remove(keys) {
      write();
      for (const k of keys) items.delete(k);
    },
  };
  return { storage, items, failWrites: (n: number) => void (failures = n) };
}

let factory: IDBFactory;
let store: Store;
let clock: Date;
let storage: ReturnType<typeof memoryStorage>;
let log: ReturnType<typeof vi.fn<(message: string, error?: unknown) => void>>;

function handlers(getStore: () => Promise<Store> = async () => store) {
  const worker = fakeWorker({ store: getStore, storage: storage.storage, now: () => clock, log });
  return { mirror: worker.mirror, ...worker.handlers };
}

beforeEach(async () => {
  factory = new IDBFactory();
  log = vi.fn();
  store = createStore(await openStagecoachDB({ factory }), log);
  clock = new Date('2026-11-02T10:00:00Z');
  storage = memoryStorage();
});

describe('the database', () => {
  it('creates every store at the current version from nothing', async () => {
    const db = await openDB(DB_NAME, DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['checkLog', 'checks', 'deals', 'revisions', 'sources', 'stagePicks', 'summaries', 'syncs']);
    expect([...db.transaction('checks').store.indexNames]).toEqual(['byDeal']);
    expect([...db.transaction('deals').store.indexNames]).toEqual(['lastSeen']);
    db.close();
  });
});

describe('deals seen', () => {
  it('records first and last seen, and opens a stage visit only when the stage changes', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    clock = new Date('2026-11-03T10:00:00Z');
    await h['deal/seen']({ deal: snapshot({ amount: { amount: 2, currency: 'USD' } }) }, content);
    expect((await store.deal(snapshot().key))?.snapshot.amount).toEqual({ amount: 2, currency: 'USD' });
    clock = new Date('2026-11-05T10:00:00Z');
    const { history } = await h['deal/seen']({ deal: snapshot({ stage: { label: 'Value Proposition', value: 'Value Proposition' } }) }, content);
    expect(history).toEqual([
      { stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, enteredAt: '2026-11-02T10:00:00.000Z' },
      { stage: { label: 'Value Proposition', value: 'Value Proposition' }, enteredAt: '2026-11-05T10:00:00.000Z' },
    ]);
    const record = await store.deal(snapshot().key);
    expect(record?.firstSeen).toBe('2026-11-02T10:00:00.000Z');
    expect(record?.lastSeen).toBe('2026-11-05T10:00:00.000Z');
    expect(record?.snapshot.stage.label).toBe('Value Proposition');
  });
});

describe('what a CRM page may write', () => {
  it('refuses a deal of another org, and records nothing', async () => {
    const h = handlers();
    const globex = snapshot({ url: urlOf(FIRST, 'https://globex.lightning.force.com'), key: keyOf(FIRST, 'globex') });
    await expect(h['deal/seen']({ deal: globex }, content)).rejects.toThrow(
      'A page of https://acme.lightning.force.com may not change a deal of https://globex.lightning.force.com.',
    );
    expect(await store.allDeals()).toEqual([]);
  });

  it('refuses a deal of its own org filed under another org’s key', async () => {
    const h = handlers();
    await expect(h['deal/seen']({ deal: snapshot({ key: keyOf(FIRST, 'globex') }) }, content)).rejects.toThrow(
      `The deal at ${urlOf(FIRST)} is ${keyOf(FIRST)}, not ${keyOf(FIRST, 'globex')}.`,
    );
    await expect(h['deal/seen']({ deal: snapshot({ key: keyOf(SECOND) }) }, content)).rejects.toThrow(/is salesforce:acme:006000000000001AAA, not/);
    expect(await store.allDeals()).toEqual([]);
  });

  it('refuses a "deal" whose address is no deal page', async () => {
    const h = handlers();
    const account = `${ACME}/lightning/r/Account/001Hs00000XyZwVIAV/view`;
    await expect(h['deal/seen']({ deal: snapshot({ url: account }) }, content)).rejects.toThrow(/is not a deal page of a CRM Stagecoach knows/);
    await expect(h['check/set']({ deal: { url: account }, criterionId: 'pain', checked: true }, content)).rejects.toThrow(/not a deal page/);
    expect(await store.allDeals()).toEqual([]);
    expect(await store.allChecks()).toEqual(new Map());
  });

  it('ticks only deals of its own origin, under the key the deal’s URL gives', async () => {
    const h = handlers();
    await expect(
      h['check/set']({ deal: { url: urlOf(FIRST, 'https://globex.lightning.force.com') }, criterionId: 'pain', checked: true }, content),
    ).rejects.toThrow(/may not change a deal of https:\/\/globex/);
    await expect(h['check/set']({ deal: { key: keyOf(FIRST, 'globex') }, criterionId: 'pain', checked: true }, content)).rejects.toThrow(
      'A CRM page must name its deal by its address, not by a key.',
    );
    expect(await store.allChecks()).toEqual(new Map());

    // The 15-character form of the id in the address gives the deal's one key.
    await h['check/set']({ deal: { url: urlOf(FIRST.slice(0, 15)) }, criterionId: 'pain', checked: true }, content);
    expect([...(await store.allChecks()).keys()]).toEqual([keyOf(FIRST)]);
  });

  it('lets the extension’s own pages name a deal by its key', async () => {
    const h = handlers();
    await h['check/set']({ deal: { key: keyOf(FIRST, 'globex') }, criterionId: 'pain', checked: true }, page);
    expect(Object.keys(await store.checks(keyOf(FIRST, 'globex')))).toEqual(['pain']);
  });

  it('answers a forged message with "forbidden", through the router', async () => {
    const route = createRouter(handlers(), { id: 'ext', origin: 'chrome-extension://ext' }, log);
    const sender = { id: 'ext', origin: ACME, tab: { id: 4 }, frameId: 0 };
    const reply = await route({ type: 'check/set', payload: { deal: { key: keyOf(FIRST, 'globex') }, criterionId: 'pain', checked: true } }, sender);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'A CRM page must name its deal by its address, not by a key.' } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused check/set from https://acme.lightning.force.com'));
  });
});

describe('stages chosen by hand', () => {
  const choose = (stageId: string, url = urlOf(FIRST), sender: SenderContext = content) =>
    handlers()['stage/choose']({ deal: { url }, stageId }, sender);

  it('are remembered for the deal of the page’s own address, and mirrored to its overlay', async () => {
    const { pick } = await choose('discovery');
    expect(pick).toEqual({ stageId: 'discovery', chosenAt: '2026-11-02T10:00:00.000Z' });
    expect(await store.stagePick(keyOf(FIRST))).toEqual(pick);
    expect(storage.items.get(mirrorStagePickKey(keyOf(FIRST)))).toEqual(pick);
    // A 15-character id names the same deal: one pick, under the key the URL gives.
    clock = new Date('2026-11-03T10:00:00Z');
    await choose('qualification', urlOf(FIRST.slice(0, 15)));
    expect(await store.allStagePicks()).toEqual(
      new Map([[keyOf(FIRST), { stageId: 'qualification', chosenAt: '2026-11-03T10:00:00.000Z' }]]),
    );
  });

  it('are refused for a deal of another origin, and for a page that is no deal', async () => {
    await expect(choose('discovery', urlOf(FIRST, 'https://globex.lightning.force.com'))).rejects.toThrow(
      'A page of https://acme.lightning.force.com may not change a deal of https://globex.lightning.force.com.',
    );
    await expect(choose('discovery', `${ACME}/lightning/r/Account/001Hs00000XyZwVIAV/view`)).rejects.toThrow(/not a deal page/);
    expect(await store.allStagePicks()).toEqual(new Map());
    expect([...storage.items.keys()].filter((k) => k.startsWith(mirrorStagePickKey('')))).toEqual([]);
  });

  it('must be a stage of the active playbook', async () => {
    await expect(choose('negotiation-typo')).rejects.toThrow(
      `"negotiation-typo" is not a stage of the playbook “${DEFAULT_PLAYBOOK.name}” any more: choose the stage again.`,
    );
    expect(await store.stagePick(keyOf(FIRST))).toBeNull();
  });

  it('are dropped, database and mirror, once the deal’s page is read again', async () => {
    await choose('discovery');
    await choose('discovery', urlOf(SECOND));
    await handlers()['deal/seen']({ deal: snapshot() }, content);
    expect(await store.stagePick(keyOf(FIRST))).toBeNull();
    expect(storage.items.has(mirrorStagePickKey(keyOf(FIRST)))).toBe(false);
    // Another deal's pick stays: its page has not been read.
    expect(await store.stagePick(keyOf(SECOND))).toMatchObject({ stageId: 'discovery' });
    expect(storage.items.has(mirrorStagePickKey(keyOf(SECOND)))).toBe(true);
  });

  it('are in the mirror after a rebuild, and gone from it once the database has none', async () => {
    await choose('discovery');
    storage.items.clear();
    await handlers().mirror.rebuild();
    expect(storage.items.get(mirrorStagePickKey(keyOf(FIRST)))).toMatchObject({ stageId: 'discovery' });
    await store.recordDeal(snapshot(), clock.toISOString());
    await handlers().mirror.rebuild();
    expect(storage.items.has(mirrorStagePickKey(keyOf(FIRST)))).toBe(false);
  });
});

describe('manual checks', () => {
  it('keep the time of the first tick, survive a reopened database, and mirror to the overlay', async () => {
    const h = handlers();
    const key = snapshot().key;
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    clock = new Date('2026-11-04T10:00:00Z');
    const { checks } = await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    expect(checks).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
    expect(storage.items.get(mirrorChecksKey(key))).toEqual(checks);

    // A stopped worker reopens the database: nothing is lost.
    store = createStore(await openStagecoachDB({ factory }), log);
    expect(await store.checks(key)).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });

    await h['check/set']({ deal: { key }, criterionId: 'pain', checked: false }, page);
    expect(await store.checks(key)).toEqual({});
    expect(storage.items.has(mirrorChecksKey(key))).toBe(false);
  });
});

describe('the storage mirror', () => {
  it('keeps a saved tick saved when the mirror cannot be written, and repairs the mirror from the database', async () => {
    const h = handlers();
    const key = snapshot().key;
    storage.failWrites(1);
    const reply = await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    expect(reply.checks).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
    expect(await store.checks(key)).toEqual(reply.checks);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('the tick on salesforce:acme:006000000000001AAA was saved, but'), expect.any(Error));
    // The repair: a rebuild from the database right after the failure.
    expect(storage.items.get(mirrorChecksKey(key))).toEqual(reply.checks);
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toEqual(DEFAULT_PLAYBOOK);
  });

  it('rebuilds at the next change when storage stays broken for a while', async () => {
    const h = handlers();
    storage.failWrites(2); // the write and the rebuild right after it
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    expect(storage.items.size).toBe(0);
    // Storage works again: the next write rebuilds everything, the earlier tick included.
    await h['check/set']({ deal: { url: urlOf(SECOND) }, criterionId: 'pain', checked: true }, content);
    expect([...storage.items.keys()].sort()).toEqual([mirrorChecksKey(keyOf(FIRST)), mirrorChecksKey(keyOf(SECOND)), MIRROR_PLAYBOOK_KEY].sort());
  });

  it('keeps an import imported when the mirror cannot be written', async () => {
    const h = handlers();
    storage.failWrites(1);
    const reply = await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Acme' }), fileName: 'acme.json' }, page);
    expect(reply).toMatchObject({ imported: true, active: { playbook: { name: 'Acme' } } });
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Acme');
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Acme' });
  });

  it('rebuilds to what the database holds, removing ticks it no longer has and leaving the overlay’s own keys', async () => {
    const h = handlers();
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    await storage.storage.set({ [mirrorChecksKey('salesforce:acme:gone')]: { pain: { checkedAt: '2026-01-01T00:00:00.000Z' } }, 'ui:overlayCollapsed': true });
    await h.mirror.rebuild();
    expect(Object.fromEntries(storage.items)).toEqual({
      [MIRROR_PLAYBOOK_KEY]: DEFAULT_PLAYBOOK,
      [mirrorChecksKey(keyOf(FIRST))]: { pain: { checkedAt: '2026-11-02T10:00:00.000Z' } },
      'ui:overlayCollapsed': true,
    });
  });

  /** The worker's connection to a database the browser lost: none exists, the copy in `storage` survived. */
  function lostDatabase(restore = (opened: Store) => restoreFromCopy(storage.storage, opened, log)) {
    return createConnection(log, new IDBFactory(), 5_000, restore);
  }

  it('puts back the ticks, stage picks and playbook of its copy when the browser lost the database', async () => {
    // The browser deleted the database (a log torn by a full disk, test/e2e/quota.test.ts); the copy survived.
    await storage.storage.set({
      [mirrorChecksKey(keyOf(FIRST))]: { pain: { checkedAt: '2026-10-01T09:00:00.000Z' }, budget: { checkedAt: '2026-10-02T09:00:00.000Z' } },
      [mirrorStagePickKey(keyOf(SECOND))]: { stageId: 'qualify', chosenAt: '2026-10-03T09:00:00.000Z' },
      // What storage may also hold: nothing of it becomes a tick, and no prototype changes.
      [mirrorChecksKey(keyOf('006000000000003AAA'))]: JSON.parse('{"__proto__": {"checkedAt": "2026-10-04T09:00:00.000Z"}, "x": 1}'),
      [mirrorStagePickKey(keyOf('006000000000004AAA'))]: 'not a pick',
      [MIRROR_PLAYBOOK_KEY]: { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook' },
    });
    const connection = lostDatabase();
    const h = handlers(connection);
    await h.mirror.rebuild();
    const lost = await connection();

    expect(Object.fromEntries(await lost.allChecks())).toEqual({
      [keyOf(FIRST)]: { pain: { checkedAt: '2026-10-01T09:00:00.000Z' }, budget: { checkedAt: '2026-10-02T09:00:00.000Z' } },
    });
    expect(Object.fromEntries(await lost.allStagePicks())).toEqual({ [keyOf(SECOND)]: { stageId: 'qualify', chosenAt: '2026-10-03T09:00:00.000Z' } });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(log).toHaveBeenCalledWith(
      "the browser lost Stagecoach's database; 2 ticks on 1 deal, 1 stage choice and the playbook “Acme Sales Playbook” were brought back from the copy CRM pages read",
    );
    // The playbook the CRM pages had is this browser's own again, listed as brought back, and still what they show.
    const active = await h['playbook/get']({}, page);
    expect(active.playbook.name).toBe('Acme Sales Playbook');
    expect(active.source).toMatchObject({ kind: 'local', revision: { origin: 'import', fileName: RECOVERED_FILE } });
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Acme Sales Playbook' });
    // What the copy held that was not a tick or a pick is gone from it with the rebuild.
    expect(storage.items.has(mirrorChecksKey(keyOf('006000000000003AAA')))).toBe(false);
    // And the popup has what to tell the rep.
    expect(storage.items.get(STORAGE_LOST_KEY)).toEqual({ at: expect.any(String), ticks: 2, deals: 1, playbook: 'Acme Sales Playbook' });
  });

  it('puts the copy back before the first message is served: an untick then stays unticked, a tick joins the others', async () => {
    await storage.storage.set({
      [mirrorChecksKey(keyOf(FIRST))]: { pain: { checkedAt: '2026-10-01T09:00:00.000Z' }, budget: { checkedAt: '2026-10-02T09:00:00.000Z' } },
      // A playbook that does not read is not brought back.
      [MIRROR_PLAYBOOK_KEY]: { ...DEFAULT_PLAYBOOK, stages: 'not stages' },
    });
    const connection = lostDatabase();
    const h = handlers(connection);
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: false }, content);
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'champion', checked: true }, content);
    const expected = { budget: { checkedAt: '2026-10-02T09:00:00.000Z' }, champion: { checkedAt: '2026-11-02T10:00:00.000Z' } };
    expect(await (await connection()).checks(keyOf(FIRST))).toEqual(expected);
    expect(storage.items.get(mirrorChecksKey(keyOf(FIRST)))).toEqual(expected);
    expect((await h['playbook/get']({}, page)).playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(await (await connection()).allRevisions()).toEqual([]);
  });

  it('deletes the new database when putting the copy back fails, and tries again at the next open', async () => {
    await storage.storage.set({ [mirrorChecksKey(keyOf(FIRST))]: { pain: { checkedAt: '2026-10-01T09:00:00.000Z' } } });
    let attempts = 0;
    const connection = lostDatabase(async (opened) => {
      if (++attempts === 1) throw new Error('disk I/O error');
      await restoreFromCopy(storage.storage, opened, log);
    });
    await expect(connection()).rejects.toThrow('disk I/O error');
    expect(await (await connection()).checks(keyOf(FIRST))).toEqual({ pain: { checkedAt: '2026-10-01T09:00:00.000Z' } });
    expect(attempts).toBe(2);
  });

  it('does not bring back from its copy into a database that was already there', async () => {
    await storage.storage.set({ [mirrorChecksKey(keyOf(FIRST))]: { pain: { checkedAt: '2026-10-01T09:00:00.000Z' } } });
    await handlers().mirror.rebuild();
    expect((await store.allChecks()).size).toBe(0);
    expect(storage.items.has(mirrorChecksKey(keyOf(FIRST)))).toBe(false);
    expect(storage.items.has(STORAGE_LOST_KEY)).toBe(false);
  });

  it('says what failed: a write that failed changed nothing, a read says only to try again', async () => {
    const route = createRouter(
      handlers(async () => {
        throw new Error('disk I/O error');
      }),
      { id: 'ext', origin: 'chrome-extension://ext' },
      log,
    );
    const sender = { id: 'ext', origin: ACME, tab: { id: 4 }, frameId: 0 };
    const tick = await route({ type: 'check/set', payload: { deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true } }, sender);
    expect(tick).toEqual({
      ok: false,
      error: { code: 'failed', message: 'Stagecoach could not save this tick (disk I/O error). Nothing was changed; try again.' },
    });
    const self = { id: 'ext', origin: 'chrome-extension://ext' };
    const read = await route({ type: 'pipeline/get', payload: {} }, self);
    expect(read).toEqual({ ok: false, error: { code: 'failed', message: 'Stagecoach could not load your pipeline (disk I/O error). Try again.' } });
  });
});

describe('a storage error, in words', () => {
  const DISK = "your computer's disk is full, and the browser can neither open nor save Stagecoach's data until there is room: free some space on the disk, then try again";
  const QUOTA = "your browser's storage for Stagecoach is full: free some space (the browser's settings, Privacy and security, Site data) or forget closed deals on Stagecoach's options page, then try again";
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

  it('names a full disk as Chromium reports it (LevelDB and SQLite), and a used-up share of the browser', () => {
    const leveldb = new DOMException(
      'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
      'UnknownError',
    );
    expect(message(explainStorageError(leveldb))).toBe(DISK);
    expect(message(explainStorageError(new DOMException('database or disk is full', 'UnknownError')))).toBe(DISK);
    expect(message(explainStorageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError')))).toBe(QUOTA);
    const other = new DOMException('Internal error committing transaction.', 'UnknownError');
    expect(explainStorageError(other)).toBe(other);
  });

  it('gives the aborted transaction’s own error for a request that failed only because its transaction was aborted', async () => {
    const s = createStore(await openStagecoachDB({ factory }), log);
    const tx = s.database.transaction('checks', 'readwrite');
    const row = { dealKey: keyOf(FIRST), criterionId: 'pain', checkedAt: '2026-11-02T10:00:00.000Z' };
    const first = tx.store.add(row);
    const again = tx.store.add(row); // the same key: a ConstraintError, which aborts the transaction
    // Each outcome is taken as it comes: the three settle together.
    const after = tx.store.put({ ...row, criterionId: 'budget' }).then(() => null, (e: unknown) => e);
    const refused = again.then(() => null, (e: unknown) => e);
    const done = tx.done.then(() => null, (e: unknown) => e);
    await first;
    expect(await refused).toMatchObject({ name: 'ConstraintError' });
    const error = await after;
    await done;
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(explainStorageError(error)).toMatchObject({ name: 'ConstraintError' });
  });

  it('explains an open that fails: the same full disk right after a write found it full, else what usually causes it', () => {
    const failed = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    expect(message(explainOpenFailure(failed, true))).toBe(DISK);
    expect(message(explainOpenFailure(failed, false))).toBe(
      'your browser could not open Stagecoach\'s storage ("Internal error opening backing store for indexedDB.open."); ' +
        "this happens when the computer's disk is full: free some space, then try again",
    );
    const blocked = new Error('a migration step failed');
    expect(explainOpenFailure(blocked, true)).toBe(blocked);
  });
});

describe('a full storage', () => {
  const self = { id: 'ext', origin: 'chrome-extension://ext' };
  const fromPage = { id: 'ext', origin: ACME, tab: { id: 4 }, frameId: 0 };
  const FULL = "your browser's storage for Stagecoach is full: free some space (the browser's settings, Privacy and security, Site data) or forget closed deals on Stagecoach's options page, then try again";

  /**
   * From now on the browser refuses every write for want of space, as Chrome's IndexedDB does when the origin's
   * quota is full: a QuotaExceededError, here at the request, in the real browser mostly at the commit. A full disk
   * reads otherwise in Chromium (an IO error on the aborted transaction): test/e2e/quota.test.ts fills a real one.
   */
  function fillStorage() {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(full);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(full);
  }

  it('refuses a tick that does not fit, says so in words, and keeps the ticks saved before', async () => {
    const h = handlers();
    const route = createRouter(h, self, log);
    const key = snapshot().key;
    await route({ type: 'check/set', payload: { deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true } }, fromPage);
    const mirrored = structuredClone(Object.fromEntries(storage.items));

    fillStorage();
    const reply = await route({ type: 'check/set', payload: { deal: { url: urlOf(FIRST) }, criterionId: 'budget', checked: true } }, fromPage);
    vi.restoreAllMocks();

    expect(reply).toEqual({ ok: false, error: { code: 'failed', message: `Stagecoach could not save this tick (${FULL}). Nothing was changed; try again.` } });
    expect(await store.checks(key)).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
    expect(await store.checkLog(key)).toHaveLength(1);
    expect(Object.fromEntries(storage.items)).toEqual(mirrored);
  });

  it('refuses an import that does not fit, and keeps the playbook in force', async () => {
    const h = handlers();
    const route = createRouter(h, self, log);
    await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Acme' }), fileName: 'acme.json' }, page);

    fillStorage();
    const reply = await route({ type: 'playbook/import', payload: { text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Acme 2' }), fileName: 'acme-2.json' } }, self);
    vi.restoreAllMocks();

    expect(reply).toEqual({ ok: false, error: { code: 'failed', message: `Stagecoach could not import this playbook (${FULL}). Nothing was changed; try again.` } });
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Acme');
    expect((await store.allRevisions()).map((r) => (r.ok ? r.revision.playbook.name : r.problem))).toEqual(['Acme']);
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Acme' });
  });

  it('refuses a restore that does not fit, and keeps every deal and tick as they were', async () => {
    const h = handlers();
    const route = createRouter(h, self, log);
    await h['deal/seen']({ deal: snapshot() }, content);
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    const { backup } = await h['data/backup']({}, page);
    await h['deal/seen']({ deal: snapshot({ name: 'Globex' }, SECOND) }, content);

    fillStorage();
    const reply = await route({ type: 'data/restore', payload: { text: JSON.stringify(backup) } }, self);
    vi.restoreAllMocks();

    expect(reply).toEqual({ ok: false, error: { code: 'failed', message: `Stagecoach could not restore this backup (${FULL}). Nothing was changed; try again.` } });
    expect((await store.allDeals()).map((d) => d.snapshot.name).sort()).toEqual(['Acme - 1,200 Widgets', 'Globex']);
    expect(await store.checks(keyOf(FIRST))).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
  });
});

describe('what is read back from the database', () => {
  it('falls back to the built-in playbook when the stored one is corrupt, and says why', async () => {
    const h = handlers();
    const db = await openDB(DB_NAME, DB_VERSION);
    await db.put('revisions', { id: 1, origin: 'import', playbook: { format: 'stagecoach.playbook/v1', name: 'Acme', stages: 'lost' }, fileName: 'acme.json', url: null, savedAt: '2026-11-01T09:00:00.000Z' });
    await db.put('sources', { slot: 'local', revisionId: 1 });
    db.close();
    const active = await h['playbook/get']({}, page);
    expect(active.playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(active.source).toEqual({ kind: 'builtin' });
    expect(active.problems).toEqual([expect.stringMatching(/^The playbook of this browser \(revision 1\) can no longer be read from this browser's storage: stages/)]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('playbook revision 1 stored in this browser cannot be read'));
    // Everything else keeps working on the built-in playbook, the overlay's copy included.
    expect((await h['pipeline/get']({}, page)).playbookName).toBe(DEFAULT_PLAYBOOK.name);
    await h.mirror.rebuild();
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toEqual(DEFAULT_PLAYBOOK);
    // Resetting clears the unreadable playbook.
    await h['playbook/reset']({}, page);
    expect((await h['playbook/get']({}, page)).source).toEqual({ kind: 'builtin' });
  });

  it('skips a corrupt deal record, names it in the log, and keeps it in the database', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    const db = await openDB(DB_NAME, DB_VERSION);
    await db.put('deals', { key: keyOf(SECOND), snapshot: { url: urlOf(SECOND) }, history: [] });
    db.close();
    const { deals } = await h['pipeline/deals']({}, page);
    expect(deals.map((d) => d.key)).toEqual([keyOf(FIRST)]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`skipped the stored deal ${keyOf(SECOND)}, which cannot be read: snapshot`));
    expect(await store.deal(keyOf(SECOND))).toBeUndefined();
    const raw = await openDB(DB_NAME, DB_VERSION);
    expect(await raw.count('deals')).toBe(2);
    raw.close();
  });
});

describe('the database connection', () => {
  it('steps aside for a newer version, then opens again for the next message', async () => {
    const connection = createConnection(log, factory);
    const h = handlers(connection);
    await h['deal/seen']({ deal: snapshot() }, content);

    // A newer version is asked for elsewhere: ours closes so it is not blocked. This upgrade is abandoned, so the
    // database stays at our version, and the next message must open it again rather than use the closed handle.
    const newer = openDB(DB_NAME, DB_VERSION + 1, {
      upgrade(_db, _old, _new, tx) {
        tx.done.catch(() => {}); // the open's rejection below is the one to check
        tx.abort();
      },
    });
    await expect(newer).rejects.toThrow();
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'pain', checked: true }, content);
    expect((await h['pipeline/deals']({}, page)).deals).toMatchObject([{ key: keyOf(FIRST), name: 'Acme - 1,200 Widgets' }]);
    expect(await (await connection()).checks(keyOf(FIRST))).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
  });

  it('opens a new database when the old one was deleted under it', async () => {
    const connection = createConnection(log, factory);
    const h = handlers(connection);
    await h['deal/seen']({ deal: snapshot() }, content);
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase(DB_NAME);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    await h['deal/seen']({ deal: snapshot({ name: 'Acme renewal' }) }, content);
    expect((await (await connection()).allDeals()).map((d) => d.snapshot.name)).toEqual(['Acme renewal']);
  });
});

describe('playbooks', () => {
  it('start with the built-in playbook', async () => {
    const active = await handlers()['playbook/get']({}, page);
    expect(active).toMatchObject({ playbook: DEFAULT_PLAYBOOK, source: { kind: 'builtin' }, lock: null, team: null, policy: null, problems: [] });
  });

  it('import a valid playbook, mirror it, and keep check states whose criterion ids persist', async () => {
    const h = handlers();
    const key = snapshot().key;
    const criterionId = DEFAULT_PLAYBOOK.stages[0]!.criteria[0]!.id;
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId, checked: true }, content);
    const renamed: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook' };
    const reply = await h['playbook/import']({ text: serializePlaybook(renamed), fileName: 'acme.json' }, page);
    expect(reply).toMatchObject({ imported: true, active: { playbook: { name: 'Acme Sales Playbook' }, source: { kind: 'local', revision: { origin: 'import', fileName: 'acme.json' } } } });
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Acme Sales Playbook' });
    expect(Object.keys(await store.checks(key))).toEqual([criterionId]);
  });

  it('leave the active playbook unchanged when an import is invalid, and say every problem', async () => {
    const h = handlers();
    await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Kept' }), fileName: null }, page);
    const reply = await h['playbook/import']({ text: '{"format":"stagecoach.playbook/v1","name":"","stages":[]}', fileName: 'bad.json' }, page);
    expect(reply.imported).toBe(false);
    if (!reply.imported) expect(reply.problems.length).toBeGreaterThanOrEqual(2);
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Kept');
  });

  it('refuse selector repairs for a CRM Stagecoach does not have, and import those for one it has', async () => {
    const h = handlers();
    const text = (crm: string) => serializePlaybook({ ...DEFAULT_PLAYBOOK, selectors: { [crm]: { stage: ['li.is-current-stage'] } } });
    expect(await h['playbook/import']({ text: text('salesfroce'), fileName: null }, page)).toEqual({
      imported: false,
      problems: [
        {
          path: 'selectors.salesfroce',
          message: `Stagecoach has no CRM 'salesfroce' (did you mean 'salesforce'?): use one of ${CRMS.map((crm) => crm.id).join(', ')}`,
        },
      ],
    });
    const reply = await h['playbook/import']({ text: text('salesforce'), fileName: null }, page);
    expect(reply.imported && reply.active.playbook.selectors).toEqual({ salesforce: { stage: ['li.is-current-stage'] } });
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ selectors: { salesforce: { stage: ['li.is-current-stage'] } } });
  });

  it('refuse unknown parts and unparsable CSS as the options page found them, with the reader’s parts to choose from', async () => {
    const h = handlers();
    const text = serializePlaybook({ ...DEFAULT_PLAYBOOK, selectors: { salesforce: { stgae: ['li.now'], amount: ['span..amount'] } } });
    const selectorChecks = { parts: { salesforce: ['stage', 'amount'] }, invalidCss: ['span..amount'] };
    expect(await h['playbook/import']({ text, fileName: null, selectorChecks }, page)).toEqual({
      imported: false,
      problems: [
        { path: 'selectors.salesforce.stgae', message: "the salesforce reader has no part 'stgae' (did you mean 'stage'?): use one of stage, amount" },
        {
          path: 'selectors.salesforce.amount[0]',
          message: `"span..amount" is not a CSS selector the browser can read: try it in the deal page's developer tools with document.querySelector`,
        },
      ],
    });
    expect((await h['playbook/get']({}, page)).source).toEqual({ kind: 'builtin' });
  });

  it('reset to the built-in playbook', async () => {
    const h = handlers();
    await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Temp' }), fileName: null }, page);
    const active = await h['playbook/reset']({}, page);
    expect(active.source).toEqual({ kind: 'builtin' });
    expect(storage.items.get(MIRROR_PLAYBOOK_KEY)).toEqual(DEFAULT_PLAYBOOK);
  });
});

describe('the pipeline', () => {
  it('summarises recorded deals by playbook stage', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    await h['deal/seen']({ deal: snapshot({ amount: { amount: 100, currency: 'EUR' } }, SECOND) }, content);
    const { summary, playbookName } = await h['pipeline/get']({}, page);
    expect(playbookName).toBe(DEFAULT_PLAYBOOK.name);
    expect(summary.openDeals).toBe(2);
    const row = summary.stages.find((s) => s.count > 0);
    expect(row?.count).toBe(2);
    expect(row?.totals.map((t) => t.currency).sort()).toEqual(['EUR', 'USD']);
  });

  it('keeps the pipeline between reads and redoes only what each write changed', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    const first = await h['pipeline/deals']({}, page);
    expect(first.deals.map((d) => [d.name, d.crmStage, d.stageName])).toEqual([['Acme - 1,200 Widgets', 'Needs Analysis', 'Qualification']]);
    const readiness = first.deals[0]?.requiredMet;

    // A tick, a stage change and a new deal: each shows on the next read, from the warm cache.
    await h['check/set']({ deal: { url: urlOf(FIRST) }, criterionId: 'spiced', checked: true }, content);
    expect((await h['pipeline/deals']({}, page)).deals[0]?.requiredMet).toBe((readiness ?? 0) + 1);
    await h['deal/seen']({ deal: snapshot({ stage: { label: 'Proposal/Price Quote', value: null } }) }, content);
    await h['deal/seen']({ deal: snapshot({ name: 'Beta' }, SECOND) }, content);
    const after = await h['pipeline/deals']({}, page);
    expect(after.deals.map((d) => [d.name, d.stageName]).sort()).toEqual([['Acme - 1,200 Widgets', 'Proposal'], ['Beta', 'Qualification']]);
    const { summary } = await h['pipeline/get']({}, page);
    expect(summary.openDeals).toBe(2);
    expect(summary.attentionPreview.length).toBeLessThanOrEqual(5);

    // A won deal leaves the list; a new playbook re-evaluates everything.
    await h['deal/seen']({ deal: snapshot({ name: 'Beta', stage: { label: 'Closed Won', value: null } }, SECOND) }, content);
    expect((await h['pipeline/deals']({}, page)).deals.map((d) => d.name)).toEqual(['Acme - 1,200 Widgets']);
    const renamed = { ...DEFAULT_PLAYBOOK, stages: DEFAULT_PLAYBOOK.stages.map((st) => (st.id === 'proposal' ? { ...st, name: 'Offer' } : st)) };
    await h['playbook/import']({ text: serializePlaybook(renamed), fileName: null }, page);
    expect((await h['pipeline/deals']({}, page)).deals[0]?.stageName).toBe('Offer');
  });

  it('rebuilds from the database when the worker starts again', async () => {
    await handlers()['deal/seen']({ deal: snapshot() }, content);
    // A new worker: new handlers, same database.
    const { deals } = await handlers()['pipeline/deals']({}, page);
    expect(deals.map((d) => d.key)).toEqual([snapshot().key]);
  });
});

describe('deals learnt from lists and sync', () => {
  const listed = (overrides: Partial<DealObservation> = {}, id = FIRST): DealObservation => ({
    crm: 'salesforce',
    key: keyOf(id),
    recordId: id,
    url: urlOf(id),
    ...overrides,
  });
  const time = (iso: string) => new Date(iso).toISOString();
  const READINESS = { stageId: 'qualification', requiredMet: 1, requiredTotal: 3, ready: false, skipped: null, playbook: 'p1', day: '2026-11-02' };

  it('creates a deal from a list row with what the row shows, and skips a row without a stage', async () => {
    const written = await store.recordObservations(
      [
        listed({ name: 'Acme expansion', stage: { label: 'Prospecting', value: null }, amount: { amount: 9_000, currency: 'USD' } }),
        listed({ name: 'No stage shown' }, SECOND),
      ],
      'list',
      time('2026-11-02T10:00:00Z'),
    );
    expect(written).toEqual([keyOf(FIRST)]);
    const record = await store.deal(keyOf(FIRST));
    expect(record?.snapshot).toEqual({
      crm: 'salesforce', key: keyOf(FIRST), recordId: FIRST, url: urlOf(FIRST), locale: '', name: 'Acme expansion',
      stage: { label: 'Prospecting', value: null }, amount: { amount: 9_000, currency: 'USD' }, closeDate: null,
      probability: null, nextStep: null, owner: null, forecastCategory: null, fields: {},
    });
    expect(record?.seen).toEqual({ page: null, list: time('2026-11-02T10:00:00Z'), sync: null });
    expect(record?.history).toEqual([{ stage: { label: 'Prospecting', value: null }, enteredAt: time('2026-11-02T10:00:00Z') }]);
    expect(await store.deal(keyOf(SECOND))).toBeUndefined();
    expect((await store.allSummaries()).map((row) => [row.key, row.name, row.readiness])).toEqual([[keyOf(FIRST), 'Acme expansion', null]]);
    expect(log).not.toHaveBeenCalled();
  });

  it('never lets a list or sync overwrite fresher data from the deal page', async () => {
    await store.recordDeal(snapshot({ amount: { amount: 50_000, currency: 'USD' } }), time('2026-11-02T10:00:00Z'));
    // Sync answers with the CRM's state as of its last change, made before the page was read: the page stays.
    await store.recordObservations(
      [listed({ amount: { amount: 40_000, currency: 'USD' }, stage: { label: 'Prospecting', value: 'Prospecting' }, modifiedAt: time('2026-11-01T08:00:00Z'), createdAt: time('2026-10-01T08:00:00Z') })],
      'sync',
      time('2026-11-02T11:00:00Z'),
    );
    let record = await store.deal(keyOf(FIRST));
    expect(record?.snapshot.amount).toEqual({ amount: 50_000, currency: 'USD' });
    expect(record?.snapshot.stage.label).toBe('Needs Analysis');
    expect(record?.history).toHaveLength(1);
    // What the page never shows is taken all the same, and the sync is remembered.
    expect(record?.createdAt).toBe(time('2026-10-01T08:00:00Z'));
    expect(record?.seen).toEqual({ page: time('2026-11-02T10:00:00Z'), list: null, sync: time('2026-11-02T11:00:00Z') });

    // A list row read before the page (delivered late) changes nothing either.
    await store.recordObservations([listed({ name: 'Old name' })], 'list', time('2026-11-02T09:59:00Z'));
    expect((await store.deal(keyOf(FIRST)))?.snapshot.name).toBe('Acme - 1,200 Widgets');

    // A list read after the page shows the deal as it is now: its fields win, the page's detail fields stay.
    await store.recordObservations([listed({ amount: { amount: 55_000, currency: 'USD' }, owner: undefined })], 'list', time('2026-11-03T10:00:00Z'));
    record = await store.deal(keyOf(FIRST));
    expect(record?.snapshot).toMatchObject({ amount: { amount: 55_000, currency: 'USD' }, locale: 'en-US', name: 'Acme - 1,200 Widgets' });
    expect(record?.amounts).toEqual([{ from: { amount: 50_000, currency: 'USD' }, to: { amount: 55_000, currency: 'USD' }, at: time('2026-11-03T10:00:00Z') }]);
    expect((await store.summary(keyOf(FIRST)))?.amount).toEqual({ amount: 55_000, currency: 'USD' });
  });

  it('opens a stage visit when a list or sync shows another stage, at the time the CRM gives when it can', async () => {
    await store.recordObservations([listed({ stage: { label: 'Prospecting', value: null } })], 'list', time('2026-11-02T10:00:00Z'));
    await store.recordObservations([listed({ stage: { label: 'prospecting', value: null } })], 'list', time('2026-11-03T10:00:00Z'));
    await store.recordObservations(
      [listed({ stage: { label: 'Qualification', value: 'Qualification' }, stageChangedAt: time('2026-11-04T08:00:00Z'), modifiedAt: time('2026-11-04T08:00:00Z') })],
      'sync',
      time('2026-11-05T10:00:00Z'),
    );
    // A stage-change time before the visit it would end is not believed: the visit starts when Stagecoach saw it.
    await store.recordObservations(
      [listed({ stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, stageChangedAt: time('2026-11-01T08:00:00Z') })],
      'sync',
      time('2026-11-06T10:00:00Z'),
    );
    expect((await store.deal(keyOf(FIRST)))?.history.map((visit) => [visit.stage.label, visit.enteredAt])).toEqual([
      ['Prospecting', time('2026-11-02T10:00:00Z')],
      ['Qualification', time('2026-11-04T08:00:00Z')],
      ['Needs Analysis', time('2026-11-06T10:00:00Z')],
    ]);
    expect((await store.summary(keyOf(FIRST)))?.history).toHaveLength(3);
  });

  it('counts close dates pushed out, from lists and pages alike', async () => {
    await store.recordObservations([listed({ stage: { label: 'Prospecting', value: null }, closeDate: '2026-12-15' })], 'list', time('2026-11-02T10:00:00Z'));
    await store.recordObservations([listed({ closeDate: '2027-01-31' })], 'list', time('2026-11-09T10:00:00Z'));
    // Pulled in: a change, not a push.
    await store.recordDeal(snapshot({ stage: { label: 'Prospecting', value: null }, closeDate: '2027-01-15' }), time('2026-11-10T10:00:00Z'));
    await store.recordDeal(snapshot({ stage: { label: 'Prospecting', value: null }, closeDate: '2027-03-31' }), time('2026-11-16T10:00:00Z'));
    expect((await store.deal(keyOf(FIRST)))?.closeDates).toEqual([
      { from: '2026-12-15', to: '2027-01-31', at: time('2026-11-09T10:00:00Z') },
      { from: '2027-01-31', to: '2027-01-15', at: time('2026-11-10T10:00:00Z') },
      { from: '2027-01-15', to: '2027-03-31', at: time('2026-11-16T10:00:00Z') },
    ]);
    expect((await store.summary(keyOf(FIRST)))?.closePushes).toBe(2);
  });

  it('keeps a row’s readiness while nothing it is made of changes, and drops it when something does', async () => {
    const now = time('2026-11-02T10:00:00Z');
    await store.recordDeal(snapshot(), now);
    await store.reevaluate([keyOf(FIRST)], () => READINESS);
    expect((await store.summary(keyOf(FIRST)))?.readiness).toEqual(READINESS);
    // The same deal read again: readiness stands. A list row showing the same: it stands.
    await store.recordDeal(snapshot(), time('2026-11-02T11:00:00Z'));
    await store.recordObservations([listed({ name: 'Acme - 1,200 Widgets' })], 'list', time('2026-11-02T12:00:00Z'));
    expect((await store.summary(keyOf(FIRST)))?.readiness).toEqual(READINESS);
    // A changed amount, or a tick, drops it.
    await store.recordObservations([listed({ amount: null })], 'list', time('2026-11-02T13:00:00Z'));
    expect((await store.summary(keyOf(FIRST)))?.readiness).toBeNull();
    await store.reevaluate(null, () => READINESS);
    expect((await store.summary(keyOf(FIRST)))?.readiness).toEqual(READINESS);
    await store.setCheck(keyOf(FIRST), 'pain', true, time('2026-11-02T14:00:00Z'));
    expect((await store.summary(keyOf(FIRST)))?.readiness).toBeNull();
  });

  it('keeps every tick and untick in the deal’s tick history', async () => {
    await store.setCheck(keyOf(FIRST), 'pain', true, time('2026-11-02T10:00:00Z'));
    await store.setCheck(keyOf(FIRST), 'pain', true, time('2026-11-02T11:00:00Z'));
    await store.setCheck(keyOf(FIRST), 'pain', false, time('2026-11-03T10:00:00Z'));
    expect((await store.checkLog(keyOf(FIRST))).map((e) => [e.criterionId, e.checked, e.at])).toEqual([
      ['pain', true, time('2026-11-02T10:00:00Z')],
      ['pain', false, time('2026-11-03T10:00:00Z')],
    ]);
  });

  it('keeps each org’s sync setting, and skips a corrupt one with a log line', async () => {
    const row = { id: 'salesforce:acme', crm: 'salesforce' as const, org: 'acme', enabled: true, lastSyncedAt: null, lastAttemptAt: null, lastCount: null, failure: null };
    await store.putSync(row);
    const db = await openDB(DB_NAME);
    await db.put('syncs', { id: 'dynamics:broken', crm: 'dynamics' });
    db.close();
    expect(await store.syncs()).toEqual([row]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('skipped a stored sync setting that cannot be read'));
  });
});
