/**
 * The database side of "Your data": reading every store for a backup, and the three operations that change many
 * stores at once (restore, clear everything, forget one deal). Each is ONE IndexedDB transaction over every store it
 * touches, so it happens whole or not at all: a restore that fails on its 9,000th deal, or a worker stopped half-way,
 * leaves the data as it was. Nothing but the database is awaited inside a transaction (idb's rule: the transaction
 * would close under us).
 */
import type { Backup, BackupRevision, BackupSource } from '../core/backup';
import { summaryOf } from '../core/deal-summary';
import { parsePlaybook } from '../core/playbook';
import { BACKUP_FORMAT, type DealRecord } from '../core/types';
import type { SourceRow, StagecoachDB } from './db';
import { parseDealRecord } from './records';
import { explainStorageError, type Log } from './store';

/** Every store of the database; `summaries` is derived from `deals` and rebuilt rather than backed up. */
const ALL_STORES = ['revisions', 'sources', 'deals', 'summaries', 'checks', 'checkLog', 'stagePicks', 'syncs'] as const;
/** The stores that hold the playbook: a policy's lock keeps them as they are (see `keepPlaybook`). */
const PLAYBOOK_STORES = new Set<string>(['revisions', 'sources']);

type StoreName = (typeof ALL_STORES)[number];

/**
 * What a restore or clear may replace. Under a policy's lock (`keepPlaybook`) the playbook's stores are kept: the
 * organization decides the playbook, so only the rep's own deal data is cleared or restored.
 */
export interface ReplaceOptions {
  keepPlaybook: boolean;
}

const storesFor = ({ keepPlaybook }: ReplaceOptions): StoreName[] => ALL_STORES.filter((name) => !keepPlaybook || !PLAYBOOK_STORES.has(name));

/**
 * Everything local as a backup. What does not read (a deal or revision an older version or a hand in the devtools
 * broke) is left out and logged, as the worker skips it everywhere else; a source pointing at a left-out revision
 * points nowhere in the backup, so the file restores.
 */
export async function readBackup(db: StagecoachDB, exportedAt: string, log: Log): Promise<Backup> {
  const tx = db.transaction(['revisions', 'sources', 'deals', 'checks', 'checkLog', 'stagePicks', 'syncs'], 'readonly');
  const [revisionRows, sourceRows, dealRows, checks, checkLog, stagePicks, syncs] = await Promise.all([
    tx.objectStore('revisions').getAll() as Promise<unknown[]>,
    tx.objectStore('sources').getAll(),
    tx.objectStore('deals').getAll() as Promise<unknown[]>,
    tx.objectStore('checks').getAll(),
    tx.objectStore('checkLog').getAll(),
    tx.objectStore('stagePicks').getAll(),
    tx.objectStore('syncs').getAll(),
  ]);
  await tx.done;

  const revisions: BackupRevision[] = [];
  for (const row of revisionRows) {
    const r = row as Partial<Record<keyof BackupRevision, unknown>>;
    const parsed = parsePlaybook(r.playbook);
    if (parsed.ok && typeof r.id === 'number' && typeof r.savedAt === 'string' && typeof r.origin === 'string') {
      revisions.push({
        id: r.id,
        origin: r.origin as BackupRevision['origin'],
        playbook: parsed.playbook,
        savedAt: r.savedAt,
        fileName: typeof r.fileName === 'string' ? r.fileName : null,
        url: typeof r.url === 'string' ? r.url : null,
      });
    } else {
      log(`the backup leaves out playbook revision ${String(r.id)}, which cannot be read`);
    }
  }
  const kept = new Set(revisions.map((r) => r.id));
  const pointing = (id: number | null): number | null => (id !== null && kept.has(id) ? id : null);
  const sources: BackupSource[] = [];
  for (const row of sourceRows) {
    // The policy's row is the admin's, and the active row is settled again after a restore.
    if (row.slot === 'local') sources.push({ slot: 'local', revisionId: pointing(row.revisionId) });
    else if (row.slot === 'team') sources.push(row);
    else if (row.slot === 'teamState') sources.push({ ...row, revisionId: pointing(row.revisionId) });
  }

  const deals: DealRecord[] = [];
  for (const row of dealRows) {
    const parsed = parseDealRecord(row);
    if (parsed.ok) deals.push(parsed.record);
    else log(`the backup leaves out a stored deal that cannot be read: ${parsed.problem}`);
  }

  return {
    format: BACKUP_FORMAT,
    exportedAt,
    revisions,
    sources,
    deals,
    checks: checks.map(({ dealKey, criterionId, checkedAt }) => ({ dealKey, criterionId, checkedAt })),
    // Oldest first, as the log's ids count up; the ids themselves are this database's and are given anew on restore.
    checkLog: checkLog.map(({ dealKey, criterionId, checked, at }) => ({ dealKey, criterionId, checked, at })),
    stagePicks: stagePicks.map(({ dealKey, stageId, chosenAt }) => ({ dealKey, stageId, chosenAt })),
    // Settings only: when a sync last ran, and how it went, belongs to the browser that ran it.
    syncs: syncs.map(({ id, crm, org, enabled }) => ({ id, crm, org, enabled })),
  };
}

/**
 * Replace everything with `backup` in one transaction: every store emptied, the backup's rows written, each deal's
 * index row rebuilt from it. With `keepPlaybook`, revisions and sources stay as they are.
 */
export async function restoreBackup(db: StagecoachDB, backup: Backup, options: ReplaceOptions): Promise<void> {
  const names = storesFor(options);
  const tx = db.transaction(names, 'readwrite');
  await settle(tx, (writes) => {
    for (const name of names) writes.push(tx.objectStore(name).clear());
    if (!options.keepPlaybook) {
      for (const revision of backup.revisions) writes.push(tx.objectStore('revisions').put(revision));
      for (const source of backup.sources) writes.push(tx.objectStore('sources').put(source satisfies SourceRow));
    }
    for (const deal of backup.deals) {
      writes.push(tx.objectStore('deals').put(deal), tx.objectStore('summaries').put(summaryOf(deal)));
    }
    for (const check of backup.checks) writes.push(tx.objectStore('checks').put(check));
    for (const event of backup.checkLog) writes.push(tx.objectStore('checkLog').add(event));
    for (const pick of backup.stagePicks) writes.push(tx.objectStore('stagePicks').put(pick));
    for (const sync of backup.syncs) {
      writes.push(tx.objectStore('syncs').put({ ...sync, lastSyncedAt: null, lastAttemptAt: null, lastCount: null, failure: null }));
    }
  });
}

/** Empty every store (with `keepPlaybook`, all but the playbook's), in one transaction. */
export async function clearAll(db: StagecoachDB, options: ReplaceOptions): Promise<void> {
  const names = storesFor(options);
  const tx = db.transaction(names, 'readwrite');
  await settle(tx, (writes) => {
    for (const name of names) writes.push(tx.objectStore(name).clear());
  });
}

/**
 * Forget one deal: its record, index row, ticks, tick log and stage pick, in one transaction. Resolves to whether
 * there was anything of it to forget.
 */
export async function forgetDeal(db: StagecoachDB, key: string): Promise<boolean> {
  const tx = db.transaction(['deals', 'summaries', 'checks', 'checkLog', 'stagePicks'], 'readwrite');
  const [deal, checkKeys, logKeys, pick] = await Promise.all([
    tx.objectStore('deals').getKey(key),
    tx.objectStore('checks').index('byDeal').getAllKeys(key),
    tx.objectStore('checkLog').index('byDeal').getAllKeys(key),
    tx.objectStore('stagePicks').getKey(key),
  ]);
  const found = deal !== undefined || checkKeys.length > 0 || logKeys.length > 0 || pick !== undefined;
  await settle(tx, (writes) => {
    writes.push(tx.objectStore('deals').delete(key), tx.objectStore('summaries').delete(key), tx.objectStore('stagePicks').delete(key));
    for (const k of checkKeys) writes.push(tx.objectStore('checks').delete(k));
    for (const k of logKeys) writes.push(tx.objectStore('checkLog').delete(k));
  });
  return found;
}

/**
 * Issue the requests, wait for every one, then the commit. A request that fails, or throws as it is issued (a value
 * the browser cannot store), aborts the transaction, so nothing written before it stays; its own error says what went
 * wrong, so it is the one thrown, and the abort's echoes are silenced.
 */
async function settle(tx: { done: Promise<void>; abort(): void }, issue: (writes: Promise<unknown>[]) => void): Promise<void> {
  const writes: Promise<unknown>[] = [];
  try {
    issue(writes);
    await Promise.all(writes);
  } catch (error) {
    tx.done.catch(() => {});
    for (const write of writes) write.catch(() => {});
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request: nothing was committed either way.
    }
    throw explainStorageError(error);
  }
  // A commit refused for want of space says so (store.ts StorageFull); nothing of the transaction was kept.
  await tx.done.catch((error: unknown) => {
    throw explainStorageError(error);
  });
}
