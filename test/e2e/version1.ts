/**
 * The first release's database (version 1), written straight into the extension's IndexedDB from one of its pages:
 * what a rep of that release has when the extension updates. Shared by the migration's fault tests
 * (faults.test.ts) and the migration benchmark (test/bench/worker.ts).
 */
import type { Page } from 'playwright-core';
import type { DealSnapshot } from '../../src/core/types';

/** What a version 1 database holds: its playbook row, and `count` deals with two ticks each. */
export interface Version1 {
  count: number;
  record: { snapshot: DealSnapshot; firstSeen: string; lastSeen: string; history: unknown[] };
  playbook: object;
  tickedAt: string;
}

/**
 * Replaces the extension's database with a version 1 one (the first release's stores) holding `data`, from `raw`
 * (the worker stopped first). With `hold`, the page keeps its connection open and ignores the browser's request to
 * close it, as an extension page of an older version would: the worker's upgrade is then blocked until the page
 * calls `globalThis.heldDatabase.close()`.
 */
export async function seedVersion1(raw: Page, data: Version1, hold = false): Promise<void> {
  await raw.evaluate(
    async ({ count, record, playbook, tickedAt, hold }) => {
      await new Promise((resolve, reject) => {
        const removal = indexedDB.deleteDatabase('stagecoach');
        removal.onsuccess = resolve;
        removal.onerror = () => reject(removal.error);
      });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('stagecoach', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('playbooks', { keyPath: 'slot' });
          open.result.createObjectStore('deals', { keyPath: 'key' }).createIndex('lastSeen', 'lastSeen');
          open.result.createObjectStore('checks', { keyPath: ['dealKey', 'criterionId'] }).createIndex('byDeal', 'dealKey');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['playbooks', 'deals', 'checks'], 'readwrite');
      tx.objectStore('playbooks').put(playbook);
      for (let i = 0; i < count; i++) {
        // An 18-character Opportunity id of digits only, whose case suffix is AAA.
        const id = `006${String(i).padStart(12, '0')}AAA`;
        const key = `salesforce:acme:${id}`;
        const url = `https://acme.lightning.force.com/lightning/r/Opportunity/${id}/view`;
        tx.objectStore('deals').put({ ...record, key, snapshot: { ...record.snapshot, key, recordId: id, url, name: `${record.snapshot.name} #${i}` } });
        tx.objectStore('checks').put({ dealKey: key, criterionId: 'meeting', checkedAt: tickedAt });
        tx.objectStore('checks').put({ dealKey: key, criterionId: 'pain', checkedAt: tickedAt });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      if (hold) (globalThis as unknown as { heldDatabase: IDBDatabase }).heldDatabase = db;
      else db.close();
    },
    { ...data, hold },
  );
}
