/**
 * What the worker keeps, over IndexedDB: the imported playbook, the deals seen with their stage history, and
 * the manual check states. Every write is one transaction, so a worker stopped mid-way loses nothing.
 */
import type { DealChecks, DealRecord, DealSnapshot, Playbook } from '../core/types';
import { normalizeStageName } from '../core/checklist';
import type { StagecoachDB, StoredPlaybook } from './db';

/** Stage visits kept per deal: enough for years of real deals, bounded against a page that flaps. */
const MAX_HISTORY = 200;

const sameStage = (a: DealSnapshot['stage'], b: DealSnapshot['stage']): boolean =>
  normalizeStageName(a.value ?? a.label) === normalizeStageName(b.value ?? b.label);

export function createStore(db: StagecoachDB) {
  return {
    importedPlaybook: (): Promise<StoredPlaybook | undefined> => db.get('playbooks', 'import'),

    async saveImportedPlaybook(playbook: Playbook, fileName: string | null, now: string): Promise<StoredPlaybook> {
      const stored: StoredPlaybook = { slot: 'import', playbook, fileName, importedAt: now };
      await db.put('playbooks', stored);
      return stored;
    },

    removeImportedPlaybook: (): Promise<void> => db.delete('playbooks', 'import'),

    /** Upsert a deal: refresh its snapshot and last-seen time, and open a new stage visit when its stage changed. */
    async recordDeal(snapshot: DealSnapshot, now: string): Promise<DealRecord> {
      const tx = db.transaction('deals', 'readwrite');
      const existing = await tx.store.get(snapshot.key);
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
      await tx.store.put(record);
      await tx.done;
      return record;
    },

    deal: (key: string): Promise<DealRecord | undefined> => db.get('deals', key),
    allDeals: (): Promise<DealRecord[]> => db.getAll('deals'),

    async checks(dealKey: string): Promise<DealChecks> {
      const rows = await db.getAllFromIndex('checks', 'byDeal', dealKey);
      return Object.fromEntries(rows.map((row) => [row.criterionId, { checkedAt: row.checkedAt }]));
    },

    async allChecks(): Promise<Map<string, DealChecks>> {
      const byDeal = new Map<string, DealChecks>();
      for (const row of await db.getAll('checks')) {
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
      return Object.fromEntries(rows.map((row) => [row.criterionId, { checkedAt: row.checkedAt }]));
    },
  };
}

export type Store = ReturnType<typeof createStore>;
