/**
 * Stagecoach's IndexedDB: the typed schema and its versioned migrations. Only the background opens it.
 *
 * Version history, one step each in MIGRATIONS (a database at any old version upgrades step by step, in one
 * versionchange transaction, so a failed step leaves the database as it was):
 *   1: playbooks (by slot), deals (by key, indexed by lastSeen), checks (by [dealKey, criterionId], indexed by deal).
 *   2: every deal re-filed under the key its own URL gives. Version 1 stored a deal under whatever key the page sent,
 *      so a forged message could file a deal of one org under another's key; version 2 derives keys in the worker
 *      (see access.ts). Deals whose URL is no deal page of a CRM we know, which only a forged message could have
 *      written, are dropped with their ticks.
 *   3: stagePicks (by deal key): the stage a rep chose by hand for a deal whose page cannot be read. A new store, so
 *      nothing stored before changes.
 *   4: revisions (by id, counting up) and sources (by slot): every playbook imported, edited, received from a team
 *      URL or set by policy is kept as a revision, and the sources say which revision each one is at. The imported
 *      playbook of version 3 becomes revision 1 and the local source; its store is then deleted.
 *   5: the whole pipeline. Deals gain `seen` (per source: page, list, sync), `createdAt`, `closeDates`, `amounts` and
 *      `closed` (a deal stored before was seen only on its page, at its lastSeen); `summaries` (by deal key) is the
 *      lean index the popup reads instead of full records, built here for every stored deal; `checkLog` (counting up,
 *      indexed by deal) keeps every tick and untick, starting with the ticks stored now; `syncs` (by `<crm>:<org>`)
 *      keeps each org's opt-in sync.
 * What a released step writes never changes (it may write it faster): a change to the stored data is a new step that
 * reads what the previous one wrote.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { DealRecord, DealSummary, Playbook } from '../core/types';
import { summaryOf } from '../core/deal-summary';
import type { ChangeNotice, RevisionOrigin, SyncCrm } from '../messages';
import { recogniseDeal } from '../crm/registry';

export const DB_NAME = 'stagecoach';

/** One playbook as it was imported, saved in the editor, received from a team URL or set by policy. */
export interface StoredRevision {
  id: number;
  origin: RevisionOrigin;
  playbook: Playbook;
  savedAt: string;
  fileName: string | null;
  url: string | null;
}

/**
 * Where each source stands, one row per slot:
 * - `local`: the revision imported or edited in this browser (null: the built-in playbook, after a reset);
 * - `team`: the team URL the rep saved (policy may set another, which wins);
 * - `teamState`: how the last check of the team URL in force went, and the revision it gave;
 * - `policy`: the revision made of the policy's inline playbook;
 * - `active`: the revision in force when last settled, and the "what changed" notice of the last change;
 * - `policyValues`: the browser policy's values as last read, used while the browser is slow to give them
 *   (policy-reader.ts).
 */
export type SourceRow =
  | { slot: 'local'; revisionId: number | null }
  | { slot: 'team'; url: string }
  | {
      slot: 'teamState';
      url: string;
      revisionId: number | null;
      etag: string | null;
      lastModified: string | null;
      checkedAt: string | null;
      receivedAt: string | null;
      failure: string | null;
    }
  | { slot: 'policy'; revisionId: number }
  | { slot: 'active'; revisionId: number | null; notice: ChangeNotice | null }
  | { slot: 'policyValues'; values: Record<string, unknown> };
export type SourceSlot = SourceRow['slot'];
export type SourceRowOf<S extends SourceSlot> = Extract<SourceRow, { slot: S }>;

export interface StoredCheck {
  dealKey: string;
  criterionId: string;
  checkedAt: string;
}

/** One org's opt-in sync (store `syncs` from version 5, by id `<crm>:<org>`). */
export interface StoredSync {
  id: string;
  crm: SyncCrm;
  org: string;
  enabled: boolean;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  lastCount: number | null;
  failure: string | null;
}

/** The stage a rep chose by hand for a deal whose page cannot be read (see messages.ts StagePick). */
export interface StoredStagePick {
  dealKey: string;
  stageId: string;
  chosenAt: string;
}

/** One tick or untick, kept for history (store `checkLog` from version 5). */
export interface StoredCheckEvent {
  id?: number;
  dealKey: string;
  criterionId: string;
  checked: boolean;
  at: string;
}

export interface StagecoachSchema extends DBSchema {
  summaries: { key: string; value: DealSummary };
  checkLog: { key: number; value: StoredCheckEvent; indexes: { byDeal: string } };
  syncs: { key: string; value: StoredSync };
  revisions: { key: number; value: StoredRevision };
  sources: { key: SourceSlot; value: SourceRow };
  stagePicks: { key: string; value: StoredStagePick };
  deals: { key: string; value: DealRecord; indexes: { lastSeen: string } };
  checks: { key: [string, string]; value: StoredCheck; indexes: { byDeal: string } };
}

export type StagecoachDB = IDBPDatabase<StagecoachSchema>;

/**
 * A step sees the database as the previous step left it, untyped: the schema above describes only the current
 * version, and a step must keep working after the schema moves on. Values it reads are `unknown` until it parses them.
 */
type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;
type MigrationStep = (db: IDBPDatabase, tx: UpgradeTransaction) => void | Promise<void>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Version 1: the stores and indexes. */
function createStores(db: IDBPDatabase): void {
  db.createObjectStore('playbooks', { keyPath: 'slot' });
  const deals = db.createObjectStore('deals', { keyPath: 'key' });
  deals.createIndex('lastSeen', 'lastSeen');
  const checks = db.createObjectStore('checks', { keyPath: ['dealKey', 'criterionId'] });
  checks.createIndex('byDeal', 'dealKey');
}

/** Version 2: each deal under the key its URL gives, its ticks with it; deals of no known deal page dropped. */
async function rekeyDealsFromTheirUrls(_db: IDBPDatabase, tx: UpgradeTransaction): Promise<void> {
  const deals = tx.objectStore('deals');
  const checks = tx.objectStore('checks');
  const [records, ticks] = await Promise.all([deals.getAll() as Promise<unknown[]>, checks.getAll() as Promise<unknown[]>]);

  /** Old key -> new key, or null when the deal is dropped. */
  const moves = new Map<string, string | null>();
  /** The deals as they must be stored, by key: a record read unchanged is the very object read, so it is not put. */
  const kept = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    if (!isObject(record) || typeof record.key !== 'string') continue;
    const snapshot = record.snapshot;
    const url = isObject(snapshot) && typeof snapshot.url === 'string' && URL.canParse(snapshot.url) ? new URL(snapshot.url) : null;
    const deal = url ? recogniseDeal(url) : null;
    moves.set(record.key, deal?.key ?? null);
    if (!deal || !isObject(snapshot)) continue;
    const moved =
      record.key === deal.key && snapshot.key === deal.key && snapshot.crm === deal.crm.id
        ? record
        : { ...record, key: deal.key, snapshot: { ...snapshot, key: deal.key, crm: deal.crm.id } };
    const other = kept.get(deal.key);
    // Two records of one deal (its 15- and 18-character ids, or a forged key): keep the one seen last, since it
    // has the current snapshot and stage, and the first time either was seen.
    if (other) {
      const [older, newer] = String(other.lastSeen) <= String(moved.lastSeen) ? [other, moved] : [moved, other];
      kept.set(deal.key, { ...newer, firstSeen: [older.firstSeen, newer.firstSeen].map(String).sort()[0] });
    } else {
      kept.set(deal.key, moved);
    }
  }

  /** The ticks as they must be stored, by [dealKey, criterionId] as JSON; likewise the very object read when unchanged. */
  const refiled = new Map<string, Record<string, unknown>>();
  for (const tick of ticks) {
    if (!isObject(tick) || typeof tick.dealKey !== 'string' || typeof tick.criterionId !== 'string' || typeof tick.checkedAt !== 'string') continue;
    // A tick of no recorded deal stays where it is: a rep can tick before the deal's first record arrives.
    const dealKey = moves.has(tick.dealKey) ? moves.get(tick.dealKey) : tick.dealKey;
    if (!dealKey) continue;
    const id = JSON.stringify([dealKey, tick.criterionId]);
    const other = refiled.get(id);
    // Ticked under both keys: the first tick is when the work was done.
    if (!other || tick.checkedAt < String(other.checkedAt)) {
      const stays = dealKey === tick.dealKey && Object.keys(tick).length === 3;
      refiled.set(id, stays ? tick : { dealKey, criterionId: tick.criterionId, checkedAt: tick.checkedAt });
    }
  }

  const dropped = [...moves.values()].filter((key) => key === null).length;
  if (dropped > 0) console.warn(`[Stagecoach] upgrade: dropped ${dropped} deal(s) whose address is no deal page of a CRM Stagecoach knows`);
  // Only what changes is written: nearly every deal is already under its URL's key. Keys left empty are emptied
  // before any is filled again, since a deal can move to a key another deal moved away from.
  const dealsRead = new Map(records.map((record) => [(record as { key: IDBValidKey }).key, record]));
  const ticksRead = new Map(
    ticks.map((tick) => {
      const { dealKey, criterionId } = tick as { dealKey: IDBValidKey; criterionId: IDBValidKey };
      return [JSON.stringify([dealKey, criterionId]), { key: [dealKey, criterionId] as IDBValidKey, tick }];
    }),
  );
  await Promise.all([
    ...[...dealsRead.keys()].filter((key) => !kept.has(key as string)).map((key) => deals.delete(key)),
    ...[...ticksRead].filter(([id]) => !refiled.has(id)).map(([, { key }]) => checks.delete(key)),
  ]);
  await Promise.all([
    ...[...kept].filter(([key, record]) => dealsRead.get(key) !== record).map(([, record]) => deals.put(record)),
    ...[...refiled].filter(([id, tick]) => ticksRead.get(id)?.tick !== tick).map(([, tick]) => checks.put(tick as unknown as StoredCheck)),
  ]);
}

/** Version 3: the stages reps chose by hand, one per deal. */
function createStagePicks(db: IDBPDatabase): void {
  db.createObjectStore('stagePicks', { keyPath: 'dealKey' });
}

/**
 * Version 4: playbook revisions and sources. The imported playbook (if any) becomes revision 1, the local source,
 * and the active revision (so upgrading shows no "what changed"); it is copied as stored, and parsed when read like
 * every revision. Then the old store goes: nothing else was in it.
 */
async function keepRevisions(db: IDBPDatabase, tx: UpgradeTransaction): Promise<void> {
  const revisions = db.createObjectStore('revisions', { keyPath: 'id', autoIncrement: true });
  const sources = db.createObjectStore('sources', { keyPath: 'slot' });
  const imported: unknown = await tx.objectStore('playbooks').get('import');
  if (isObject(imported) && 'playbook' in imported) {
    const savedAt = typeof imported.importedAt === 'string' ? imported.importedAt : new Date(0).toISOString();
    const fileName = typeof imported.fileName === 'string' ? imported.fileName : null;
    const id = await revisions.add({ origin: 'import', playbook: imported.playbook, savedAt, fileName, url: null });
    await sources.put({ slot: 'local', revisionId: id });
    await sources.put({ slot: 'active', revisionId: id, notice: null });
  }
  db.deleteObjectStore('playbooks');
}

/**
 * Version 5: each deal gains what the whole pipeline needs, and its index row; ticks start their history; syncs get
 * a store. A record not shaped like a deal is left as it is (the store skips and logs it when read, as before).
 */
async function indexTheWholePipeline(db: IDBPDatabase, tx: UpgradeTransaction): Promise<void> {
  const summaries = db.createObjectStore('summaries', { keyPath: 'key' });
  const checkLog = db.createObjectStore('checkLog', { keyPath: 'id', autoIncrement: true });
  checkLog.createIndex('byDeal', 'dealKey');
  db.createObjectStore('syncs', { keyPath: 'id' });

  const deals = tx.objectStore('deals');
  const [records, ticks] = await Promise.all([deals.getAll() as Promise<unknown[]>, tx.objectStore('checks').getAll() as Promise<unknown[]>]);
  const writes: Promise<unknown>[] = [];
  for (const record of records) {
    if (!isObject(record) || typeof record.key !== 'string' || !isObject(record.snapshot) || !Array.isArray(record.history)) continue;
    const lastSeen = typeof record.lastSeen === 'string' ? record.lastSeen : null;
    const upgraded = { ...record, seen: { page: lastSeen, list: null, sync: null }, createdAt: null, closeDates: [], amounts: [], closed: null };
    writes.push(deals.put(upgraded));
    const snapshot = record.snapshot;
    if (typeof snapshot.url === 'string' && isObject(snapshot.stage) && typeof record.firstSeen === 'string' && lastSeen !== null) {
      writes.push(summaries.put(summaryOf(upgraded as unknown as DealRecord)));
    }
  }
  for (const tick of ticks) {
    if (!isObject(tick) || typeof tick.dealKey !== 'string' || typeof tick.criterionId !== 'string' || typeof tick.checkedAt !== 'string') continue;
    writes.push(checkLog.add({ dealKey: tick.dealKey, criterionId: tick.criterionId, checked: true, at: tick.checkedAt }));
  }
  await Promise.all(writes);
}

/** MIGRATIONS[n - 1] takes a database from version n - 1 to version n. */
export const MIGRATIONS: readonly MigrationStep[] = [createStores, rekeyDealsFromTheirUrls, createStagePicks, keepRevisions, indexTheWholePipeline];
export const DB_VERSION = MIGRATIONS.length;

/** Runs the steps from `oldVersion` up to `newVersion` in the upgrade transaction. */
export async function migrate(db: IDBPDatabase, tx: UpgradeTransaction, oldVersion: number, newVersion: number): Promise<void> {
  for (let version = oldVersion + 1; version <= newVersion; version++) {
    const step = MIGRATIONS[version - 1];
    if (!step) throw new Error(`no upgrade step to database version ${version}`);
    try {
      await step(db, tx);
    } catch (error) {
      throw new Error(`could not upgrade Stagecoach's database to version ${version}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}

export interface OpenOptions {
  /** idb reads the global indexedDB; tests hand in a fresh fake factory instead. */
  factory?: IDBFactory;
  /**
   * The connection was closed under us: a newer version of the database is wanted elsewhere (`blocking`), or the
   * browser closed it (`terminated`). The owner must drop the handle and open again on next need.
   */
  onClose?: () => void;
  /**
   * The open waits on another connection at an older version that has not closed (an extension page or worker of the
   * version before, holding the database without stepping aside). The open goes on as soon as that one closes.
   */
  onBlocked?: () => void;
  /**
   * This open created the database: there was none. At a first install that is expected; after that, it means the
   * browser lost it (mirror.ts then brings back what its copy in storage.local still has).
   */
  onCreated?: () => void;
}

export async function openStagecoachDB(options: OpenOptions = {}): Promise<StagecoachDB> {
  if (options.factory) globalThis.indexedDB = options.factory;
  let failure: unknown;
  try {
    return await openDB<StagecoachSchema>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        if (oldVersion === 0) options.onCreated?.();
        // The schema type covers the current version only; the steps work on the untyped database (see MigrationStep).
        migrate(db as unknown as IDBPDatabase, tx as unknown as UpgradeTransaction, oldVersion, newVersion ?? DB_VERSION).catch((error: unknown) => {
          failure = error;
          // The open's rejection reports the failure; the transaction's own promise would only repeat it, unhandled.
          tx.done.catch(() => {});
          tx.abort();
        });
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking(_current, _blocked, event) {
        // Someone wants a newer version or to delete the database: step aside so they are not blocked.
        (event.target as IDBDatabase).close();
        options.onClose?.();
      },
      terminated() {
        options.onClose?.();
      },
    });
  } catch (error) {
    // An aborted upgrade rejects with a bare AbortError; the step's own error says what went wrong.
    throw failure ?? error;
  }
}
