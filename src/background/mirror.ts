/**
 * The worker mirrors what the overlay needs into storage.local: content scripts cannot read the extension's
 * IndexedDB, and asking a sleeping worker costs hundreds of milliseconds. IndexedDB stays the source of truth: the
 * mirror is written after each database commit, best effort, and rebuilt from the database on install, update and
 * browser start, and whenever a write to it failed. A failed mirror write never fails the message that saved the data.
 */
import { MIRROR_NOTICE_KEY, MIRROR_PLAYBOOK_KEY, mirrorChecksKey, mirrorStagePickKey, STORAGE_LOST_KEY, type ChangeNotice, type StagePick, type StorageLostNotice } from '../messages';
import type { DealChecks, Playbook } from '../core/types';
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { parsePlaybook } from '../core/playbook';
import { isPlainObject } from '../core/playbook/blocks';
import { plural } from '../core/format';
import { CRITERION_ID } from './payloads';
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

/** A deal's ticks as the copy holds them, or null when the value is not that (storage can hold anything). */
function copiedChecks(value: unknown): DealChecks | null {
  if (!isPlainObject(value)) return null;
  // Only ids a tick can be saved with (which "__proto__" and its kind are not).
  const checks: DealChecks = Object.fromEntries(
    Object.entries(value).flatMap(([criterionId, tick]) =>
      CRITERION_ID.test(criterionId) && isPlainObject(tick) && typeof tick.checkedAt === 'string' ? [[criterionId, { checkedAt: tick.checkedAt }]] : [],
    ),
  );
  return Object.keys(checks).length > 0 ? checks : null;
}

/** A stage pick as the copy holds it, or null. */
const copiedPick = (value: unknown): StagePick | null =>
  isPlainObject(value) && typeof value.stageId === 'string' && typeof value.chosenAt === 'string' ? { stageId: value.stageId, chosenAt: value.chosenAt } : null;

/** The name a playbook brought back from the copy is listed under: "Imported from … on <date>". */
export const RECOVERED_FILE = 'Stagecoach’s copy, after the browser lost its data';

/** The playbook the copy holds, when it reads as one and is not the built-in one (which needs no bringing back). */
function copiedPlaybook(value: unknown): Playbook | null {
  if (value === undefined) return null;
  const parsed = parsePlaybook(value);
  return parsed.ok && JSON.stringify(parsed.playbook) !== JSON.stringify(DEFAULT_PLAYBOOK) ? parsed.playbook : null;
}

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

/**
 * The database was just created, yet the copy holds ticks, stage picks or a playbook other than the built-in one:
 * they can only come from a database the browser lost (Chromium deletes one whose log a full disk left torn, at its
 * next start: test/e2e/quota.test.ts). The connection puts them back as it opens the new database, before any
 * message or rebuild can use it (connection.ts). Deal records, histories and the team URL are not in the copy: a
 * deal comes back when its page or list is seen again.
 */
export async function restoreFromCopy(storage: Pick<MirrorStorage, 'all' | 'set'>, s: Store, log: Log): Promise<void> {
  const stored = await storage.all();
  const checks = new Map<string, DealChecks>();
  const picks = new Map<string, StagePick>();
  const [checksPrefix, picksPrefix] = DEAL_PREFIXES as [string, string];
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith(checksPrefix)) {
      const ticks = copiedChecks(value);
      if (ticks) checks.set(key.slice(checksPrefix.length), ticks);
    } else if (key.startsWith(picksPrefix)) {
      const pick = copiedPick(value);
      if (pick) picks.set(key.slice(picksPrefix.length), pick);
    }
  }
  const playbook = copiedPlaybook(stored[MIRROR_PLAYBOOK_KEY]);
  if (checks.size > 0 || picks.size > 0) await s.restoreCopies(checks, picks);
  if (playbook) {
    // The playbook CRM pages had, back in force as this browser's own: an import, an edit, or the team URL's (whose
    // address was in the database too). A policy's playbook applies again by itself and wins over it.
    await s.addRevision({ origin: 'import', playbook, savedAt: new Date().toISOString(), fileName: RECOVERED_FILE, url: null }, (id) => [
      { slot: 'local', revisionId: id },
      { slot: 'active', revisionId: id, notice: null },
    ]);
  }
  if (checks.size === 0 && picks.size === 0 && !playbook) return;
  const ticks = [...checks.values()].reduce((sum, dealChecks) => sum + Object.keys(dealChecks).length, 0);
  log(
    `the browser lost Stagecoach's database; ${plural(ticks, 'tick', 'ticks')} on ${plural(checks.size, 'deal', 'deals')}, ` +
      `${plural(picks.size, 'stage choice', 'stage choices')}` +
      `${playbook ? ` and the playbook “${playbook.name}”` : ''} were brought back from the copy CRM pages read`,
  );
  // The rep hears of it in the popup. What was brought back stays brought back if this cannot be written.
  const notice: StorageLostNotice = { at: new Date().toISOString(), ticks, deals: checks.size, playbook: playbook?.name ?? null };
  await storage.set({ [STORAGE_LOST_KEY]: notice }).catch((error: unknown) => log('could not tell the rep that the browser lost the database', error));
}
