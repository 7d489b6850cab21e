/**
 * What the worker keeps, over IndexedDB: playbook revisions and where each source stands, the deals seen with their
 * stage history, and the manual check states. Every write is one transaction, so a worker stopped mid-way loses nothing. Everything
 * read back is parsed first (records.ts, parsePlaybook): what does not parse is skipped and logged, never used.
 */
import type { DealChecks, DealObservation, DealRecord, DealSnapshot, DealSummary, Playbook } from '../core/types';
import type { StagePick } from '../messages';
import { normalizeText } from '../core/text';
import { parsePlaybook } from '../core/playbook';
import type { SourceRow, SourceRowOf, SourceSlot, StagecoachDB, StoredCheck, StoredRevision, StoredStagePick, StoredSync } from './db';
import { parseDealRecord } from './records';

/** Stage visits kept per deal: enough for years of real deals, bounded against a page that flaps. */
const MAX_HISTORY = 200;

const sameStage = (a: DealSnapshot['stage'], b: DealSnapshot['stage']): boolean =>
  normalizeText(a.value ?? a.label) === normalizeText(b.value ?? b.label);

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

/** Tick rows read back: the key parts are the store's own key path, so only the time needs a look. */
const readableChecks = (rows: StoredCheck[]): StoredCheck[] =>
  rows.filter((row) => typeof row.checkedAt === 'string' && typeof row.criterionId === 'string');
/** A stage pick read back, or null when it is not one (then it is skipped like any unreadable record). */
const pickOf = (row: StoredStagePick | undefined): StagePick | null =>
  row && typeof row.stageId === 'string' && typeof row.chosenAt === 'string' ? { stageId: row.stageId, chosenAt: row.chosenAt } : null;
const checksOf = (rows: StoredCheck[]): DealChecks =>
  Object.fromEntries(readableChecks(rows).map((row) => [row.criterionId, { checkedAt: row.checkedAt }]));

export function createStore(db: StagecoachDB, log: Log) {
  const dealOrSkip = (value: unknown): DealRecord | undefined => {
    const parsed = parseDealRecord(value);
    if (parsed.ok) return parsed.record;
    const key = typeof value === 'object' && value !== null && 'key' in value ? String(value.key) : '(no key)';
    log(`skipped the stored deal ${key}, which cannot be read: ${parsed.problem}`);
    return undefined;
  };

  return {
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
      const tx = db.transaction(['deals', 'stagePicks'], 'readwrite');
      const deals = tx.objectStore('deals');
      const picks = tx.objectStore('stagePicks');
      const [stored, pickKey] = await Promise.all([deals.get(snapshot.key) as Promise<unknown>, picks.getKey(snapshot.key)]);
      // An unreadable record is replaced by a fresh one rather than blocking the deal for good.
      const existing = stored === undefined ? undefined : dealOrSkip(stored);
      let record: DealRecord;
      if (!existing) {
        record = {
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
      } else {
        const last = existing.history.at(-1);
        const history = last && sameStage(last.stage, snapshot.stage)
          ? existing.history
          : [...existing.history, { stage: snapshot.stage, enteredAt: now }].slice(-MAX_HISTORY);
        record = { ...existing, snapshot, lastSeen: now, history };
      }
      const droppedPick = pickKey !== undefined;
      await Promise.all([deals.put(record), ...(droppedPick ? [picks.delete(snapshot.key)] : [])]);
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
    async recordObservations(_observations: DealObservation[], _source: 'list' | 'sync', _now: string): Promise<string[]> {
      throw new Error('recordObservations: not built yet (issue 9, worker helper)');
    },

    /** Every deal's lean index row (store `summaries`): what the popup's first paint reads instead of full records. */
    async allSummaries(): Promise<DealSummary[]> {
      throw new Error('allSummaries: not built yet (issue 9, worker helper)');
    },

    /** Every org's sync row. */
    async syncs(): Promise<StoredSync[]> {
      throw new Error('syncs: not built yet (issue 9, worker helper)');
    },

    async putSync(_row: StoredSync): Promise<void> {
      throw new Error('putSync: not built yet (issue 9, worker helper)');
    },

    /** Tick or untick one criterion; returns the deal's check states after the change. */
    async setCheck(dealKey: string, criterionId: string, checked: boolean, now: string): Promise<DealChecks> {
      const tx = db.transaction('checks', 'readwrite');
      if (checked) {
        // Ticking again keeps the first tick's time: it is when the work was done.
        const existing = await tx.store.get([dealKey, criterionId]);
        if (!existing) await tx.store.put({ dealKey, criterionId, checkedAt: now });
      } else {
        await tx.store.delete([dealKey, criterionId]);
      }
      const rows = await tx.store.index('byDeal').getAll(dealKey);
      await tx.done;
      return checksOf(rows);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
