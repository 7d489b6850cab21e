/**
 * What the worker keeps, over IndexedDB: the imported playbook, the deals seen with their stage history, and
 * the manual check states. Every write is one transaction, so a worker stopped mid-way loses nothing. Everything
 * read back is parsed first (records.ts, parsePlaybook): what does not parse is skipped and logged, never used.
 */
import type { DealChecks, DealRecord, DealSnapshot, Playbook } from '../core/types';
import type { StagePick } from '../messages';
import { normalizeText } from '../core/text';
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { parsePlaybook } from '../core/playbook';
import type { ActivePlaybook } from '../messages';
import type { StagecoachDB, StoredCheck, StoredPlaybook, StoredStagePick } from './db';
import { parseDealRecord } from './records';

/** Stage visits kept per deal: enough for years of real deals, bounded against a page that flaps. */
const MAX_HISTORY = 200;

const sameStage = (a: DealSnapshot['stage'], b: DealSnapshot['stage']): boolean =>
  normalizeText(a.value ?? a.label) === normalizeText(b.value ?? b.label);

/** The imported playbook as read back: none, usable, or stored but unreadable (and why). */
export type ImportedPlaybook =
  | { kind: 'none' }
  | { kind: 'ok'; stored: StoredPlaybook }
  | { kind: 'unreadable'; fileName: string | null; importedAt: string | null; problem: string };

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
    async importedPlaybook(): Promise<ImportedPlaybook> {
      const stored: unknown = await db.get('playbooks', 'import');
      if (stored === undefined) return { kind: 'none' };
      const fields = typeof stored === 'object' && stored !== null ? (stored as Partial<Record<keyof StoredPlaybook, unknown>>) : {};
      const fileName = typeof fields.fileName === 'string' ? fields.fileName : null;
      const importedAt = typeof fields.importedAt === 'string' ? fields.importedAt : null;
      const parsed = parsePlaybook(fields.playbook);
      if (parsed.ok && importedAt !== null) return { kind: 'ok', stored: { slot: 'import', playbook: parsed.playbook, fileName, importedAt } };
      const problem = parsed.ok
        ? 'it has no import time'
        : parsed.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ');
      log(`the imported playbook stored in this browser cannot be read (${problem}); using the built-in playbook`);
      return { kind: 'unreadable', fileName, importedAt, problem };
    },

    async saveImportedPlaybook(playbook: Playbook, fileName: string | null, now: string): Promise<StoredPlaybook> {
      const stored: StoredPlaybook = { slot: 'import', playbook, fileName, importedAt: now };
      await db.put('playbooks', stored);
      return stored;
    },

    removeImportedPlaybook: (): Promise<void> => db.delete('playbooks', 'import'),

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
        record = { key: snapshot.key, snapshot, firstSeen: now, lastSeen: now, history: [{ stage: snapshot.stage, enteredAt: now }] };
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

/** The playbook in force: the imported one when it reads back, else the built-in one (saying why, when unreadable). */
export async function activePlaybook(store: Store): Promise<ActivePlaybook> {
  const imported = await store.importedPlaybook();
  if (imported.kind === 'ok') {
    const { playbook, fileName, importedAt } = imported.stored;
    return { playbook, source: { kind: 'import', fileName, importedAt } };
  }
  if (imported.kind === 'unreadable') {
    const { fileName, importedAt, problem } = imported;
    return { playbook: DEFAULT_PLAYBOOK, source: { kind: 'unreadable-import', fileName, importedAt, problem } };
  }
  return { playbook: DEFAULT_PLAYBOOK, source: { kind: 'builtin' } };
}
