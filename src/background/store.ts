/**
 * What the worker keeps, over IndexedDB: playbook revisions and where each source stands, the deals seen with their
 * stage history, and the manual check states. Every write is one transaction, so a worker stopped mid-way loses nothing. Everything
 * read back is parsed first (records.ts, parsePlaybook): what does not parse is skipped and logged, never used.
 */
import type { DealChecks, DealObservation, DealRecord, DealSnapshot, DealSummary, FieldChange, Money } from '../core/types';
import type { StagePick } from '../messages';
import { normalizeText } from '../core/text';
import { parsePlaybook } from '../core/playbook';
import { summaryOf } from '../core/deal-summary';
import type { IDBPObjectStore } from 'idb';
import type { SourceRow, SourceRowOf, SourceSlot, StagecoachDB, StagecoachSchema, StoredCheck, StoredCheckEvent, StoredRevision, StoredStagePick, StoredSync } from './db';
import { parseDealRecord, parseDealSummary, parseSync } from './records';

/** Stage visits kept per deal: enough for years of real deals, bounded against a page that flaps. */
const MAX_HISTORY = 200;

/** Close-date and amount changes kept per deal: a deal whose close date moved 100 times has told its story. */
const MAX_CHANGES = 100;

const sameStage = (a: DealSnapshot['stage'], b: DealSnapshot['stage']): boolean =>
  normalizeText(a.value ?? a.label) === normalizeText(b.value ?? b.label);

const sameMoney = (a: Money | null, b: Money | null): boolean =>
  a === b || (a !== null && b !== null && a.amount === b.amount && a.currency === b.currency);

/** `changes` with `from -> to` appended when the value moved, bounded to the latest MAX_CHANGES. */
function withChange<T>(changes: FieldChange<T>[], from: T | null, to: T | null, same: (a: T | null, b: T | null) => boolean, at: string): FieldChange<T>[] {
  return same(from, to) ? changes : [...changes, { from, to, at }].slice(-MAX_CHANGES);
}

/** The stage history after the deal was seen in `stage` at `now`; `enteredAt` is when it entered, if the CRM said. */
function withVisit(history: DealRecord['history'], stage: DealSnapshot['stage'], now: string, enteredAt?: string | null): DealRecord['history'] {
  const last = history.at(-1);
  if (last && sameStage(last.stage, stage)) return history;
  // The CRM's own stage-change time is the better one, unless it would put the visit before the one it ends (clocks
  // disagree, or the stage went back and forth between two reads) or in the future.
  const at = enteredAt && (!last || enteredAt > last.enteredAt) && enteredAt <= now ? enteredAt : now;
  return [...history, { stage, enteredAt: at }].slice(-MAX_HISTORY);
}

/**
 * The record after a page read `snapshot` at `now`: the snapshot is the page's, every field of it, since the page
 * shows the deal as it is now.
 */
function mergePage(existing: DealRecord | undefined, snapshot: DealSnapshot, now: string): DealRecord {
  if (!existing) {
    return {
      key: snapshot.key,
      snapshot,
      firstSeen: now,
      lastSeen: now,
      history: [{ stage: snapshot.stage, enteredAt: now }],
      seen: { page: now, list: null, sync: null },
      createdAt: null,
      closeDates: [],
      amounts: [],
      closed: null,
    };
  }
  const before = existing.snapshot;
  return {
    ...existing,
    snapshot,
    lastSeen: now,
    history: withVisit(existing.history, snapshot.stage, now),
    seen: { ...existing.seen, page: now },
    closeDates: withChange(existing.closeDates, before.closeDate, snapshot.closeDate, (a, b) => a === b, now),
    amounts: withChange(existing.amounts, before.amount, snapshot.amount, sameMoney, now),
  };
}

/** The snapshot fields a list row or sync answer may show (DealObservation's optional ones). */
const OBSERVED = ['name', 'amount', 'closeDate', 'probability', 'owner', 'forecastCategory', 'nextStep'] as const;

/**
 * The record after a list or sync showed `observation` at `now`, or null when it cannot be created (no stage shown).
 * A field the observation shows replaces the stored one only when the observation is newer than the deal page's last
 * read: a list row read now is newer; a sync answer is as new as the CRM's last change to the deal (`modifiedAt`),
 * so a page read after that change keeps what it read, fields a list or API may not show as precisely included.
 */
function mergeObservation(existing: DealRecord | undefined, observation: DealObservation, source: 'list' | 'sync', now: string): DealRecord | null {
  const observedAt = (source === 'sync' ? observation.modifiedAt : null) ?? now;
  const stage = observation.stage ?? null;
  if (!existing) {
    if (stage === null) return null;
    const snapshot: DealSnapshot = {
      crm: observation.crm,
      key: observation.key,
      recordId: observation.recordId,
      url: observation.url,
      locale: '',
      name: observation.name ?? null,
      stage,
      amount: observation.amount ?? null,
      closeDate: observation.closeDate ?? null,
      probability: observation.probability ?? null,
      nextStep: observation.nextStep ?? null,
      owner: observation.owner ?? null,
      forecastCategory: observation.forecastCategory ?? null,
      fields: {},
    };
    return {
      key: observation.key,
      snapshot,
      firstSeen: now,
      lastSeen: now,
      history: [{ stage, enteredAt: observation.stageChangedAt && observation.stageChangedAt <= now ? observation.stageChangedAt : now }],
      seen: { page: null, list: null, sync: null, [source]: now },
      createdAt: observation.createdAt ?? null,
      closeDates: [],
      amounts: [],
      closed: observation.closed ?? null,
    };
  }
  const fresher = existing.seen.page === null || observedAt > existing.seen.page;
  const before = existing.snapshot;
  const snapshot: DealSnapshot = { ...before };
  let history = existing.history;
  if (fresher) {
    for (const field of OBSERVED) {
      const value = observation[field];
      // Assigning through the union of field types needs the one cast: each value is of its own field's type.
      if (value !== undefined) (snapshot as Record<(typeof OBSERVED)[number], unknown>)[field] = value;
    }
    if (stage !== null) {
      snapshot.stage = stage;
      history = withVisit(history, stage, now, observation.stageChangedAt);
    }
  }
  return {
    ...existing,
    snapshot,
    lastSeen: now > existing.lastSeen ? now : existing.lastSeen,
    history,
    seen: { ...existing.seen, [source]: now },
    // Only sync gives these, and the deal page never shows them: nothing fresher to protect.
    createdAt: observation.createdAt !== undefined ? observation.createdAt : existing.createdAt,
    closed: observation.closed !== undefined ? observation.closed : existing.closed,
    closeDates: withChange(existing.closeDates, before.closeDate, snapshot.closeDate, (a, b) => a === b, now),
    amounts: withChange(existing.amounts, before.amount, snapshot.amount, sameMoney, now),
  };
}

type StoredReadiness = NonNullable<DealSummary['readiness']>;

/**
 * The index row of `record`, keeping the readiness of the row it replaces only when nothing readiness is made of
 * changed (the snapshot's every field and whether the CRM closed the deal); otherwise null, and the pipeline
 * evaluates the deal again.
 */
function rowOf(record: DealRecord, before: DealRecord | undefined, row: unknown): DealSummary {
  const kept = before && JSON.stringify(before.snapshot) === JSON.stringify(record.snapshot) && JSON.stringify(before.closed) === JSON.stringify(record.closed)
    ? readinessOfRow(row)
    : null;
  return summaryOf(record, kept);
}

/**
 * A tick changes the deal's readiness: its row's stored one is dropped in the tick's own transaction, so a worker
 * stopped before the pipeline evaluated the deal again cannot show the old one.
 */
async function forgetReadiness(summaries: IDBPObjectStore<StagecoachSchema, ('checks' | 'checkLog' | 'summaries')[], 'summaries', 'readwrite'>, key: string): Promise<void> {
  const parsed = parseDealSummary(await summaries.get(key));
  if (parsed.ok && parsed.summary.readiness !== null) await summaries.put({ ...parsed.summary, readiness: null });
}

function readinessOfRow(row: unknown): StoredReadiness | null {
  const parsed = parseDealSummary(row);
  return parsed.ok ? parsed.summary.readiness : null;
}

/** A revision read back: its playbook when it still reads as a valid playbook, else why not. */
export type ReadRevision =
  | { ok: true; revision: StoredRevision }
  | { ok: false; id: number; origin: string; savedAt: string | null; problem: string };

/** The source rows by slot; absent slots are unset. */
export type SourceRows = { [S in SourceSlot]?: SourceRowOf<S> };

const ORIGINS = new Set<string>(['import', 'editor', 'team', 'policy']);

function readRevision(value: unknown, log: Log): ReadRevision | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Partial<Record<keyof StoredRevision, unknown>>;
  if (typeof row.id !== 'number') return undefined;
  const savedAt = typeof row.savedAt === 'string' ? row.savedAt : null;
  const origin = typeof row.origin === 'string' && ORIGINS.has(row.origin) ? (row.origin as StoredRevision['origin']) : null;
  const parsed = parsePlaybook(row.playbook);
  if (parsed.ok && savedAt !== null && origin !== null) {
    return {
      ok: true,
      revision: {
        id: row.id,
        origin,
        playbook: parsed.playbook,
        savedAt,
        fileName: typeof row.fileName === 'string' ? row.fileName : null,
        url: typeof row.url === 'string' ? row.url : null,
      },
    };
  }
  const problem = parsed.ok
    ? savedAt === null ? 'it has no date' : 'it has no known origin'
    : parsed.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ');
  log(`playbook revision ${row.id} stored in this browser cannot be read (${problem})`);
  return { ok: false, id: row.id, origin: String(row.origin), savedAt, problem };
}

export type Log = (message: string, error?: unknown) => void;

/**
 * The browser refused a write for want of space: IndexedDB's QuotaExceededError (the browser's share for Stagecoach
 * is used up), or the disk itself full, which Chromium reports as an IO error naming it. Each gets its own advice:
 * the browser's share frees up from its site data or Stagecoach's closed deals; a full disk only from the disk, and
 * until then Chromium cannot even open the database to forget anything. The transaction that hit it was aborted, so
 * what was saved before is intact; the message completes the router's "Stagecoach could not save this tick (…)".
 */
export class StorageFull extends Error {
  constructor(cause: unknown) {
    super(
      cause instanceof Error && cause.name === 'QuotaExceededError'
        ? "your browser's storage for Stagecoach is full: free some space (the browser's settings, Privacy and security, " +
            "Site data) or forget closed deals on Stagecoach's options page, then try again"
        : "your computer's disk is full, and the browser can neither open nor save Stagecoach's data until there is room: free some space on the disk, then try again",
      { cause },
    );
    this.name = 'StorageFull';
  }
}

/**
 * A full disk as Chromium words it: `UnknownError: … IO error: …/000003.log: FILE_ERROR_NO_SPACE` from its LevelDB
 * store (seen on Chromium 150 with the profile on a full disk, test/e2e/quota.test.ts), SQLite's "database or disk
 * is full" from its newer SQLite store, and the system's own "No space left on device".
 */
const DISK_FULL = /FILE_ERROR_NO_SPACE|disk is full|No space left/i;

const isStorageFull = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'QuotaExceededError' || DISK_FULL.test(error.message));

/**
 * Why a request failed when the browser aborted its transaction. A write the disk has no room for aborts the whole
 * transaction: each of its requests fails with a bare AbortError ("The transaction was aborted, so the request cannot
 * be fulfilled"), and only the transaction's error names the cause. The request is what a caller awaits first, so
 * its error is the one that reaches the catch; this keeps the transaction's beside it (rememberAbortCauses).
 */
const abortCauses = new WeakMap<object, unknown>();

/**
 * For every request of `db` that fails because its transaction was aborted, remembers the transaction's error. The
 * listener captures: it runs before the request's own listener settles the caller's promise, so the cause is known
 * when the caller's catch runs. `onFull` hears of every transaction the browser aborted for want of space, whoever
 * ran it (this store or data-store.ts on its database).
 */
function rememberAbortCauses(db: Pick<IDBDatabase, 'addEventListener'>, onFull?: () => void): void {
  db.addEventListener(
    'error',
    (event) => {
      const request = event.target as Partial<IDBRequest> | null;
      const error = request?.error;
      const cause = request?.transaction?.error;
      if (error?.name === 'AbortError' && cause) abortCauses.set(error, cause);
    },
    { capture: true },
  );
  if (onFull) {
    db.addEventListener('abort', (event) => {
      if (isStorageFull((event.target as Partial<IDBTransaction> | null)?.error)) onFull();
    });
  }
}

/**
 * A storage error in words the rep can act on: StorageFull when there was no room, else the aborted transaction's
 * own error in place of a bare AbortError, else the error as it is.
 */
export function explainStorageError(error: unknown): unknown {
  const cause = (typeof error === 'object' && error !== null && abortCauses.get(error)) || error;
  return isStorageFull(cause) ? new StorageFull(cause) : cause;
}

/**
 * `methods` with every promise they return rejecting with explainStorageError's reading of a storage error, wherever
 * the write that hit it is: a request refused as it is made, or the commit at the end of the transaction.
 */
function explainingStorageErrors<T extends object>(methods: T): T {
  const wrapped: Record<string, unknown> = { ...(methods as Record<string, unknown>) };
  for (const [name, value] of Object.entries(methods)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      const result = method(...args);
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw explainStorageError(error);
          })
        : result;
    };
  }
  return wrapped as T;
}

/** See store.stamp(). */
export interface DataStamp {
  deals: number;
  lastSeen: string | null;
  lastTick: number | null;
}

/** Tick rows read back: the key parts are the store's own key path, so only the time needs a look. */
const readableChecks = (rows: StoredCheck[]): StoredCheck[] =>
  rows.filter((row) => typeof row.checkedAt === 'string' && typeof row.criterionId === 'string');
/** A stage pick read back, or null when it is not one (then it is skipped like any unreadable record). */
const pickOf = (row: StoredStagePick | undefined): StagePick | null =>
  row && typeof row.stageId === 'string' && typeof row.chosenAt === 'string' ? { stageId: row.stageId, chosenAt: row.chosenAt } : null;
const checksOf = (rows: StoredCheck[]): DealChecks =>
  Object.fromEntries(readableChecks(rows).map((row) => [row.criterionId, { checkedAt: row.checkedAt }]));

export interface StoreOptions {
  /** The browser aborted a transaction on this database for want of space (see rememberAbortCauses). */
  onFull?: () => void;
}

export function createStore(db: StagecoachDB, log: Log, { onFull }: StoreOptions = {}) {
  const dealOrSkip = (value: unknown): DealRecord | undefined => {
    const parsed = parseDealRecord(value);
    if (parsed.ok) return parsed.record;
    const key = typeof value === 'object' && value !== null && 'key' in value ? String(value.key) : '(no key)';
    log(`skipped the stored deal ${key}, which cannot be read: ${parsed.problem}`);
    return undefined;
  };

  const summaryOrSkip = (value: unknown): DealSummary | undefined => {
    const parsed = parseDealSummary(value);
    if (parsed.ok) return parsed.summary;
    const key = typeof value === 'object' && value !== null && 'key' in value ? String(value.key) : '(no key)';
    log(`skipped the index row of deal ${key}, which cannot be read: ${parsed.problem}`);
    return undefined;
  };

  rememberAbortCauses(db, onFull);
  return explainingStorageErrors({

    /**
     * The database itself, for the operations that span every store in one transaction (backup, restore, clearing,
     * forgetting a deal: data-store.ts). Everything else goes through the methods below.
     */
    database: db,

    /** A stored revision, parsed: its playbook is used only when it reads as a valid playbook today. */
    async revision(id: number): Promise<ReadRevision | undefined> {
      const stored: unknown = await db.get('revisions', id);
      return stored === undefined ? undefined : readRevision(stored, log);
    },

    /** Every stored revision, oldest first; those that no longer read are listed with their problem. */
    async allRevisions(): Promise<ReadRevision[]> {
      const stored: unknown[] = await db.getAll('revisions');
      return stored.map((row) => readRevision(row, log)).filter((row) => row !== undefined);
    },

    /** Every source's row. */
    async sources(): Promise<SourceRows> {
      const rows = (await db.getAll('sources')) as SourceRow[];
      return Object.fromEntries(rows.map((row) => [row.slot, row])) as SourceRows;
    },

    async source<S extends SourceSlot>(slot: S): Promise<SourceRowOf<S> | undefined> {
      return (await db.get('sources', slot)) as SourceRowOf<S> | undefined;
    },

    putSource: async (row: SourceRow): Promise<void> => {
      await db.put('sources', row);
    },

    deleteSource: (slot: SourceSlot): Promise<void> => db.delete('sources', slot),

    /**
     * Store a new revision and point sources at it, in one transaction: a worker stopped half-way leaves both as they
     * were. `pointers(id)` gives the source rows to write, which may name the new revision's id.
     */
    async addRevision(revision: Omit<StoredRevision, 'id'>, pointers: (id: number) => SourceRow[]): Promise<StoredRevision> {
      const tx = db.transaction(['revisions', 'sources'], 'readwrite');
      const id = await tx.objectStore('revisions').add(revision as StoredRevision);
      await Promise.all(pointers(id).map((row) => tx.objectStore('sources').put(row)));
      await tx.done;
      return { ...revision, id };
    },

    /**
     * Upsert a deal: refresh its snapshot and last-seen time, and open a new stage visit when its stage changed. Its
     * page was read, stage and all, so a stage chosen by hand for it is dropped in the same transaction
     * (`droppedPick` says whether there was one).
     */
    async recordDeal(snapshot: DealSnapshot, now: string): Promise<{ record: DealRecord; droppedPick: boolean }> {
      const tx = db.transaction(['deals', 'summaries', 'stagePicks'], 'readwrite');
      const deals = tx.objectStore('deals');
      const summaries = tx.objectStore('summaries');
      const picks = tx.objectStore('stagePicks');
      const [stored, row, pickKey] = await Promise.all([
        deals.get(snapshot.key) as Promise<unknown>,
        summaries.get(snapshot.key) as Promise<unknown>,
        picks.getKey(snapshot.key),
      ]);
      // An unreadable record is replaced by a fresh one rather than blocking the deal for good.
      const existing = stored === undefined ? undefined : dealOrSkip(stored);
      const record = mergePage(existing, snapshot, now);
      const droppedPick = pickKey !== undefined;
      await Promise.all([deals.put(record), summaries.put(rowOf(record, existing, row)), ...(droppedPick ? [picks.delete(snapshot.key)] : [])]);
      await tx.done;
      return { record, droppedPick };
    },

    /** The stage chosen by hand for a deal, if any. */
    async stagePick(dealKey: string): Promise<StagePick | null> {
      return pickOf(await db.get('stagePicks', dealKey));
    },

    async allStagePicks(): Promise<Map<string, StagePick>> {
      const byDeal = new Map<string, StagePick>();
      for (const row of await db.getAll('stagePicks')) {
        const pick = pickOf(row);
        if (pick) byDeal.set(row.dealKey, pick);
      }
      return byDeal;
    },

    /**
     * Puts back ticks and stage picks kept elsewhere (the storage.local copy, after the browser lost the database), in
     * one transaction, into the database just created (connection.ts), so nothing stored since can be overwritten.
     */
    async restoreCopies(checks: Map<string, DealChecks>, picks: Map<string, StagePick>): Promise<void> {
      const tx = db.transaction(['checks', 'stagePicks'], 'readwrite');
      const writes: Promise<unknown>[] = [];
      for (const [dealKey, dealChecks] of checks) {
        for (const [criterionId, { checkedAt }] of Object.entries(dealChecks)) writes.push(tx.objectStore('checks').put({ dealKey, criterionId, checkedAt }));
      }
      for (const [dealKey, pick] of picks) writes.push(tx.objectStore('stagePicks').put({ dealKey, ...pick }));
      await Promise.all([...writes, tx.done]);
    },

    /** Remember the stage a rep chose by hand for a deal whose page cannot be read; a new choice replaces the last. */
    async setStagePick(dealKey: string, stageId: string, now: string): Promise<StagePick> {
      await db.put('stagePicks', { dealKey, stageId, chosenAt: now });
      return { stageId, chosenAt: now };
    },

    async deal(key: string): Promise<DealRecord | undefined> {
      const stored: unknown = await db.get('deals', key);
      return stored === undefined ? undefined : dealOrSkip(stored);
    },

    async allDeals(): Promise<DealRecord[]> {
      const stored: unknown[] = await db.getAll('deals');
      return stored.map(dealOrSkip).filter((record) => record !== undefined);
    },

    async checks(dealKey: string): Promise<DealChecks> {
      return checksOf(await db.getAllFromIndex('checks', 'byDeal', dealKey));
    },

    async allChecks(): Promise<Map<string, DealChecks>> {
      const byDeal = new Map<string, DealChecks>();
      for (const row of readableChecks(await db.getAll('checks'))) {
        const checks = byDeal.get(row.dealKey) ?? {};
        checks[row.criterionId] = { checkedAt: row.checkedAt };
        byDeal.set(row.dealKey, checks);
      }
      return byDeal;
    },

    /**
     * Record what a list, board or sync showed, in one transaction (callers pass at most 500 at a time): new deals are
     * created, known ones get what the observation shows, except fields their page reported more recently. Keeps
     * stage history, close-date and amount changes, `seen`, and the deals' index rows. Returns the keys written.
     */
    async recordObservations(observations: DealObservation[], source: 'list' | 'sync', now: string): Promise<string[]> {
      const tx = db.transaction(['deals', 'summaries'], 'readwrite');
      const deals = tx.objectStore('deals');
      const summaries = tx.objectStore('summaries');
      // A list may show one deal twice (a board with a card in two columns while it moves): the last row wins.
      const byKey = new Map(observations.map((observation) => [observation.key, observation]));
      const written = await Promise.all(
        [...byKey.values()].map(async (observation) => {
          const [stored, row] = await Promise.all([deals.get(observation.key) as Promise<unknown>, summaries.get(observation.key) as Promise<unknown>]);
          const existing = stored === undefined ? undefined : dealOrSkip(stored);
          const record = mergeObservation(existing, observation, source, now);
          if (record === null) return null;
          await Promise.all([deals.put(record), summaries.put(rowOf(record, existing, row))]);
          return record.key;
        }),
      );
      await tx.done;
      return written.filter((key) => key !== null);
    },

    /** One deal's index row, or undefined when it has none (or it does not parse, which is logged). */
    async summary(key: string): Promise<DealSummary | undefined> {
      const stored: unknown = await db.get('summaries', key);
      return stored === undefined ? undefined : summaryOrSkip(stored);
    },

    /**
     * What the stored pipeline is made of, in three cheap reads (a count and two index ends, no record read): how many
     * deals, the last time one was written, the last tick or untick. A pipeline summary saved with the stamp it was
     * built from is still right while the stamp is the same.
     */
    async stamp(): Promise<DataStamp> {
      const tx = db.transaction(['deals', 'checkLog'], 'readonly');
      const [deals, last, tick] = await Promise.all([
        tx.objectStore('deals').count(),
        tx.objectStore('deals').index('lastSeen').openKeyCursor(null, 'prev'),
        tx.objectStore('checkLog').openKeyCursor(null, 'prev'),
      ]);
      await tx.done;
      return { deals, lastSeen: typeof last?.key === 'string' ? last.key : null, lastTick: typeof tick?.key === 'number' ? tick.key : null };
    },

    /** Every deal's lean index row (store `summaries`): what the popup's first paint reads instead of full records. */
    async allSummaries(): Promise<DealSummary[]> {
      const stored: unknown[] = await db.getAll('summaries');
      return stored.map(summaryOrSkip).filter((row) => row !== undefined);
    },

    /**
     * Evaluate deals' readiness again from their full records and ticks (`keys`; null: every deal) and store each in
     * its index row, rebuilt from the record, in one transaction: a write to one of these deals waits for it, so a
     * stored readiness always matches the record and ticks it was made from. `evaluate` must not wait on anything (the
     * transaction would close). Returns the rows written; a deal gone or unreadable has none.
     */
    async reevaluate(keys: readonly string[] | null, evaluate: (record: DealRecord, checks: DealChecks) => StoredReadiness): Promise<DealSummary[]> {
      const tx = db.transaction(['deals', 'checks', 'summaries'], 'readwrite');
      const deals = tx.objectStore('deals');
      const ticks = tx.objectStore('checks');
      let stored: unknown[];
      let checksOfDeal: (key: string, i: number) => DealChecks;
      if (keys === null) {
        // Every deal: two reads of whole stores beat 20,000 single reads.
        const [records, rows] = await Promise.all([deals.getAll() as Promise<unknown[]>, ticks.getAll()]);
        const byDeal = new Map<string, StoredCheck[]>();
        for (const row of rows) {
          const list = byDeal.get(row.dealKey);
          if (list) list.push(row);
          else byDeal.set(row.dealKey, [row]);
        }
        stored = records;
        checksOfDeal = (key) => checksOf(byDeal.get(key) ?? []);
      } else {
        const [records, rows] = await Promise.all([
          Promise.all(keys.map((key) => deals.get(key) as Promise<unknown>)),
          Promise.all(keys.map((key) => ticks.index('byDeal').getAll(key))),
        ]);
        stored = records;
        checksOfDeal = (_key, i) => checksOf(rows[i] ?? []);
      }
      const written: DealSummary[] = [];
      stored.forEach((value, i) => {
        const record = value === undefined ? undefined : dealOrSkip(value);
        if (record) written.push(summaryOf(record, evaluate(record, checksOfDeal(record.key, i))));
      });
      const summaries = tx.objectStore('summaries');
      await Promise.all(written.map((row) => summaries.put(row)));
      await tx.done;
      return written;
    },

    /** Every org's sync row; rows that do not read are skipped and logged. */
    async syncs(): Promise<StoredSync[]> {
      const stored: unknown[] = await db.getAll('syncs');
      return stored.flatMap((row) => {
        const parsed = parseSync(row);
        if (parsed.ok) return [parsed.sync];
        log(`skipped a stored sync setting that cannot be read: ${parsed.problem}`);
        return [];
      });
    },

    async putSync(row: StoredSync): Promise<void> {
      await db.put('syncs', row);
    },

    /** Every tick and untick of a deal, oldest first (rows not shaped like one are left out). */
    async checkLog(dealKey: string): Promise<StoredCheckEvent[]> {
      const rows = await db.getAllFromIndex('checkLog', 'byDeal', dealKey);
      return rows.filter((row) => typeof row.criterionId === 'string' && typeof row.checked === 'boolean' && typeof row.at === 'string');
    },

    /** Tick or untick one criterion; returns the deal's check states after the change. */
    async setCheck(dealKey: string, criterionId: string, checked: boolean, now: string): Promise<DealChecks> {
      const tx = db.transaction(['checks', 'checkLog', 'summaries'], 'readwrite');
      const checks = tx.objectStore('checks');
      const existing = await checks.get([dealKey, criterionId]);
      // Ticking again keeps the first tick's time: it is when the work was done. Only a change goes in the log.
      const changed = checked !== (existing !== undefined);
      if (changed) {
        await Promise.all([
          checked ? checks.put({ dealKey, criterionId, checkedAt: now }) : checks.delete([dealKey, criterionId]),
          tx.objectStore('checkLog').add({ dealKey, criterionId, checked, at: now }),
          forgetReadiness(tx.objectStore('summaries'), dealKey),
        ]);
      }
      const rows = await checks.index('byDeal').getAll(dealKey);
      await tx.done;
      return checksOf(rows);
    },
  });
}

export type Store = ReturnType<typeof createStore>;
