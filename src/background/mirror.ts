/**
 * The worker mirrors what the overlay needs into storage.local: content scripts cannot read the extension's
 * IndexedDB, and asking a sleeping worker costs hundreds of milliseconds. IndexedDB stays the source of truth;
 * the mirror is rebuilt from it whenever the extension is installed or updated.
 */
import { MIRROR_PLAYBOOK_KEY, mirrorChecksKey } from '../messages';
import { storage } from '../platform';
import type { DealChecks, Playbook } from '../core/types';
import type { Mirror } from './handlers';
import type { Store } from './store';
import { activePlaybook } from './handlers';

export const storageMirror: Mirror = {
  playbook: (playbook: Playbook) => storage.set({ [MIRROR_PLAYBOOK_KEY]: playbook }),
  async checks(dealKey: string, checks: DealChecks) {
    const key = mirrorChecksKey(dealKey);
    if (Object.keys(checks).length === 0) await storage.remove([key]);
    else await storage.set({ [key]: checks });
  },
};

export async function rebuildMirror(store: Store): Promise<void> {
  const [{ playbook }, checks] = await Promise.all([activePlaybook(store), store.allChecks()]);
  const items: Record<string, unknown> = { [MIRROR_PLAYBOOK_KEY]: playbook };
  for (const [dealKey, dealChecks] of checks) items[mirrorChecksKey(dealKey)] = dealChecks;
  await storage.set(items);
}
