/**
 * The worker mirrors what the overlay needs into storage.local: content scripts cannot read the extension's
 * IndexedDB, and asking a sleeping worker costs hundreds of milliseconds. IndexedDB stays the source of truth: the
 * mirror is written after each database commit, best effort, and rebuilt from the database on install, update and
 * browser start, and whenever a write to it failed. A failed mirror write never fails the message that saved the data.
 */
import { MIRROR_NOTICE_KEY, MIRROR_PLAYBOOK_KEY, mirrorChecksKey, mirrorStagePickKey, type ChangeNotice, type StagePick } from '../messages';
import type { DealChecks, Playbook } from '../core/types';
import type { Log, Store } from './store';

/** Every method resolves, also when storage fails: failures are logged and repaired by a rebuild. */
export interface Mirror {
  /** A new active playbook and what changed (null: no notice to show). */
  playbook(playbook: Playbook, notice: ChangeNotice | null): Promise<void>;
  checks(dealKey: string, checks: DealChecks): Promise<void>;
  /** The stage chosen by hand for a deal, or null once it is dropped. */
  stagePick(dealKey: string, pick: StagePick | null): Promise<void>;
  /** Rewrite the mirror from the database, removing what the database no longer has. */
  rebuild(): Promise<void>;
}

/** The storage.local calls the mirror makes (src/platform in the worker, a Map in tests). */
export interface MirrorStorage {
  all(): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** Per-deal keys: a rebuild removes those the database no longer has. */
const DEAL_PREFIXES = [mirrorChecksKey(''), mirrorStagePickKey('')];

/** What the mirror shows of the playbook: the active one and its change notice. */
export type MirroredPlaybook = () => Promise<{ playbook: Playbook; notice: ChangeNotice | null }>;

export function createMirror(storage: MirrorStorage, store: () => Promise<Store>, current: MirroredPlaybook, log: Log): Mirror {
  // One write at a time, in order: a rebuild that read the database before a tick must not overwrite that tick's
  // mirror after it. Every queued job resolves.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): Promise<void> => (queue = queue.then(job));
  /** A write failed and no rebuild has succeeded since: single writes would leave the mirror wrong elsewhere. */
  let stale = false;

  async function rebuildNow(): Promise<void> {
    try {
      const s = await store();
      const [{ playbook, notice }, checks, picks, stored] = await Promise.all([current(), s.allChecks(), s.allStagePicks(), storage.all()]);
      const wanted: Record<string, unknown> = { [MIRROR_PLAYBOOK_KEY]: playbook };
      if (notice) wanted[MIRROR_NOTICE_KEY] = notice;
      for (const [dealKey, dealChecks] of checks) wanted[mirrorChecksKey(dealKey)] = dealChecks;
      for (const [dealKey, pick] of picks) wanted[mirrorStagePickKey(dealKey)] = pick;
      // Only what differs: every CRM tab hears each changed key.
      const changed = Object.entries(wanted).filter(([key, value]) => JSON.stringify(stored[key]) !== JSON.stringify(value));
      const obsolete = Object.keys(stored).filter(
        (key) => (key === MIRROR_NOTICE_KEY || DEAL_PREFIXES.some((prefix) => key.startsWith(prefix))) && !(key in wanted),
      );
      if (changed.length > 0) await storage.set(Object.fromEntries(changed));
      if (obsolete.length > 0) await storage.remove(obsolete);
      stale = false;
    } catch (error) {
      stale = true;
      log('could not rebuild the copy of the playbook and ticks that CRM pages read; trying again on the next change and at the next browser start', error);
    }
  }

  const write = (what: string, items: () => Promise<void>): Promise<void> =>
    enqueue(async () => {
      if (stale) return rebuildNow();
      try {
        await items();
      } catch (error) {
        log(`${what} was saved, but the copy CRM pages read could not be updated; rebuilding that copy from the database`, error);
        await rebuildNow();
      }
    });

  return {
    playbook: (playbook, notice) =>
      write('the playbook', async () => {
        // One write, so a deal page hears the playbook and its notice together.
        await storage.set({ [MIRROR_PLAYBOOK_KEY]: playbook, ...(notice && { [MIRROR_NOTICE_KEY]: notice }) });
        if (!notice) await storage.remove([MIRROR_NOTICE_KEY]);
      }),
    checks(dealKey, checks) {
      const key = mirrorChecksKey(dealKey);
      return write(`the tick on ${dealKey}`, () => (Object.keys(checks).length === 0 ? storage.remove([key]) : storage.set({ [key]: checks })));
    },
    stagePick(dealKey, pick) {
      const key = mirrorStagePickKey(dealKey);
      return write(`the stage chosen for ${dealKey}`, () => (pick === null ? storage.remove([key]) : storage.set({ [key]: pick })));
    },
    rebuild: () => enqueue(rebuildNow),
  };
}
