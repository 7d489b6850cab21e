/**
 * Stagecoach's IndexedDB: the typed schema and its versioned migrations. Only the background opens it.
 *
 * Version history (one `if (oldVersion < N)` step each; a database at any old version upgrades step by step):
 *   1: playbooks (by source), deals (by key, indexed by lastSeen), checks (by [dealKey, criterionId]).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DealRecord, Playbook } from '../core/types';

export const DB_NAME = 'stagecoach';
export const DB_VERSION = 1;

/** Sources other than the built-in playbook, which lives in the code and is never stored. */
export type PlaybookSlot = 'import';

export interface StoredPlaybook {
  slot: PlaybookSlot;
  playbook: Playbook;
  fileName: string | null;
  importedAt: string;
}

export interface StoredCheck {
  dealKey: string;
  criterionId: string;
  checkedAt: string;
}

export interface StagecoachSchema extends DBSchema {
  playbooks: { key: PlaybookSlot; value: StoredPlaybook };
  deals: { key: string; value: DealRecord; indexes: { lastSeen: string } };
  checks: { key: [string, string]; value: StoredCheck; indexes: { byDeal: string } };
}

export type StagecoachDB = IDBPDatabase<StagecoachSchema>;

export function openStagecoachDB(factory?: IDBFactory): Promise<StagecoachDB> {
  // idb reads the global indexedDB; tests hand in a fresh fake factory instead.
  if (factory) globalThis.indexedDB = factory;
  return openDB<StagecoachSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('playbooks', { keyPath: 'slot' });
        const deals = db.createObjectStore('deals', { keyPath: 'key' });
        deals.createIndex('lastSeen', 'lastSeen');
        const checks = db.createObjectStore('checks', { keyPath: ['dealKey', 'criterionId'] });
        checks.createIndex('byDeal', 'dealKey');
      }
    },
    blocking(_current, _blocked, event) {
      // A newer version of the extension wants to upgrade: step aside so it is not blocked.
      (event.target as IDBDatabase).close();
    },
  });
}
