/**
 * Bounded growth: what Stagecoach forgets, and when. A year of a rep's daily use (test/unit/background/growth.test.ts
 * simulates one) would otherwise keep every deal a sync or list ever showed, and every tick and untick, for good.
 *
 * The rule, in the order the pass applies it:
 * 1. A closed deal not seen for RETENTION.closedDealDays is forgotten whole: its record, index row, ticks, tick history
 *    and stage pick (and, through the mirror's rebuild, its copy in storage.local). "Closed" is what the popup counts
 *    as closed: the CRM said so (sync), or the deal's stage is a won or lost stage of the active playbook. A deal that is
 *    open, or whose state cannot be read, is never forgotten, however old: only the rep's "Forget this deal" does that.
 * 2. A deal's tick history (store `checkLog`) keeps its newest RETENTION.checkEventsPerDeal events, oldest dropped
 *    first. The ticks themselves (store `checks`, what the checklist shows) are never touched by this step.
 * 3. Playbook revisions: the newest RETENTION.revisions, plus every revision a source points at (the one in force,
 *    the local one, the team URL's, the policy's), whatever their age.
 * Stage visits, close-date and amount changes are bounded as they are written (store.ts MAX_HISTORY, MAX_CHANGES).
 *
 * Every deletion is a small transaction of its own (PRUNE_BATCH deals or events) that checks again, inside it, what
 * it deletes: a deal seen or ticked since the pass read the index is kept, and a write waiting behind one batch waits
 * for milliseconds, not for the whole pass.
 */
import { stageLookup, stageOfLookup } from '../core/forecast';
import type { DealSummary, Playbook } from '../core/types';
import { parseDealSummary } from './records';
import type { SourceRow, StagecoachDB } from './db';

export const RETENTION = {
  /**
   * Days a closed deal is kept after it was last seen. Over 90, so "won in the last 90 days" never loses a deal (a
   * sync keeps showing a deal for 90 days after it closed, and each time is a sighting); 180 leaves two quarters of
   * closed deals for the stage velocity figures.
   */
  closedDealDays: 180,
  /** Tick and untick events kept per deal: a real deal has a few dozen in its life; a hundred tells any story. */
  checkEventsPerDeal: 100,
  /** Playbook revisions kept besides those in use: years of monthly revisions, to compare with or go back to. */
  revisions: 50,
} as const;

/** Deals, or tick events, per deleting transaction. */
export const PRUNE_BATCH = 100;

export interface PruneOptions {
  now: Date;
  /** Whether a deal's index row is closed under the active playbook (the CRM said so, or a won or lost stage). */
  isClosed(row: DealSummary): boolean;
  /** Let other work run between batches (a macrotask in the worker). */
  pause?: () => Promise<void>;
}

/** What a pass forgot. */
export interface Pruned {
  deals: string[];
  checkEvents: number;
  revisions: number[];
}

/**
 * Closed as the popup counts it under `playbook`: the CRM said the deal closed, or its stage is a won or lost stage. A
 * stage the playbook lacks is not closed: the deal may be open under a stage the admin has yet to add.
 */
export function closedUnder(playbook: Playbook): (row: DealSummary) => boolean {
  const stageOf = stageOfLookup(stageLookup(playbook));
  return (row) => row.closed !== null || (stageOf(row.stage)?.outcome ?? 'open') !== 'open';
}

const DAY_MS = 86_400_000;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Apply the retention rule once (see the file's comment). */
export async function prune(db: StagecoachDB, options: PruneOptions): Promise<Pruned> {
  const pause = options.pause ?? nextTask;
  const cutoff = new Date(options.now.getTime() - RETENTION.closedDealDays * DAY_MS).toISOString();
  const forgettable = (value: unknown): boolean => {
    const parsed = parseDealSummary(value);
    return parsed.ok && parsed.summary.lastSeen < cutoff && options.isClosed(parsed.summary);
  };

  const deals: string[] = [];
  const candidates = (await db.getAll('summaries')).filter(forgettable).map((row) => row.key);
  for (let i = 0; i < candidates.length; i += PRUNE_BATCH) {
    deals.push(...(await forgetClosedDeals(db, candidates.slice(i, i + PRUNE_BATCH), forgettable)));
    await pause();
  }

  let checkEvents = 0;
  const surplus = await surplusCheckEvents(db);
  for (let i = 0; i < surplus.length; i += PRUNE_BATCH) {
    const tx = db.transaction('checkLog', 'readwrite');
    await Promise.all(surplus.slice(i, i + PRUNE_BATCH).map((id) => tx.store.delete(id)));
    await tx.done;
    checkEvents += Math.min(PRUNE_BATCH, surplus.length - i);
    await pause();
  }

  return { deals, checkEvents, revisions: await pruneRevisions(db) };
}

/** Forget the deals of `keys` still `forgettable` when read in this transaction; returns those forgotten. */
async function forgetClosedDeals(db: StagecoachDB, keys: string[], forgettable: (row: unknown) => boolean): Promise<string[]> {
  const tx = db.transaction(['deals', 'summaries', 'checks', 'checkLog', 'stagePicks'], 'readwrite');
  const rows = await Promise.all(keys.map((key) => tx.objectStore('summaries').get(key) as Promise<unknown>));
  const gone = keys.filter((_key, i) => forgettable(rows[i]));
  await Promise.all(
    gone.map(async (key) => {
      const [ticks, events] = await Promise.all([
        tx.objectStore('checks').index('byDeal').getAllKeys(key),
        tx.objectStore('checkLog').index('byDeal').getAllKeys(key),
      ]);
      await Promise.all([
        tx.objectStore('deals').delete(key),
        tx.objectStore('summaries').delete(key),
        tx.objectStore('stagePicks').delete(key),
        ...ticks.map((tick) => tx.objectStore('checks').delete(tick)),
        ...events.map((id) => tx.objectStore('checkLog').delete(id)),
      ]);
    }),
  );
  await tx.done;
  return gone;
}

/**
 * The ids of tick events beyond each deal's newest RETENTION.checkEventsPerDeal. Ids count up, so the smallest are the
 * oldest. One read of the whole log (a year of daily ticking is about 5,000 events of 100 bytes): a key cursor over
 * the deal index reads less but asks the database once per event, which measured ten times slower.
 */
async function surplusCheckEvents(db: StagecoachDB): Promise<number[]> {
  const byDeal = new Map<string, number[]>();
  for (const event of await db.getAll('checkLog')) {
    if (typeof event.id !== 'number') continue;
    const ids = byDeal.get(event.dealKey);
    if (ids) ids.push(event.id);
    else byDeal.set(event.dealKey, [event.id]);
  }
  const surplus: number[] = [];
  for (const ids of byDeal.values()) {
    if (ids.length <= RETENTION.checkEventsPerDeal) continue;
    // getAll answers in key order, so each deal's ids ascend already; sorted anyway, since only the oldest may go.
    ids.sort((a, b) => a - b);
    surplus.push(...ids.slice(0, ids.length - RETENTION.checkEventsPerDeal));
  }
  return surplus;
}

/** The revision ids a source row points at. */
function pointedAt(row: SourceRow): number | null {
  return 'revisionId' in row ? row.revisionId : null;
}

/** Drop revisions beyond the newest RETENTION.revisions that no source points at, in one transaction. */
async function pruneRevisions(db: StagecoachDB): Promise<number[]> {
  const tx = db.transaction(['revisions', 'sources'], 'readwrite');
  const [ids, sources] = await Promise.all([tx.objectStore('revisions').getAllKeys(), tx.objectStore('sources').getAll()]);
  const inUse = new Set(sources.map(pointedAt).filter((id) => id !== null));
  const newest = new Set([...ids].sort((a, b) => b - a).slice(0, RETENTION.revisions));
  const gone = ids.filter((id) => !newest.has(id) && !inUse.has(id));
  await Promise.all(gone.map((id) => tx.objectStore('revisions').delete(id)));
  await tx.done;
  return gone;
}
