/**
 * The pipeline the popup shows, kept in the worker's memory between popup opens. IndexedDB stays the truth: Chrome
 * stops idle workers, and the cache goes with them.
 *
 * The first popup after the worker starts must not read 10,000 full deal records (about 2 s): it reads the lean index
 * rows (store `summaries`), each carrying its deal's readiness as last evaluated, with the playbook and day it was
 * evaluated for. Readiness is the only part of the evaluation that needs the full record and ticks; the rest comes
 * from the row. So a build:
 * - uses a row's readiness as it is when it was made under the active playbook, even on an earlier day (the answer
 *   comes at once; those rows are evaluated again in the background afterwards, a chunk at a time, and written back);
 * - evaluates rows of another playbook, or never evaluated, from their full record and ticks before answering (after
 *   a playbook change the background already did most of them: `playbookChanged` starts it at once).
 * After a write only the written deals are evaluated again, from the database, in the same transaction that stores
 * their readiness (store.reevaluate), so a stored readiness always matches what it was made from.
 *
 * Reading 10,000 index rows still takes about a second when the worker has just started, so the popup's first answer
 * (`brief`, the summary without the deal list) does not wait for it: the last summary is kept for the browser session
 * (storage.session) with the playbook, the day and the data stamp (store.stamp) it was made from, and answers as long
 * as all three are the same. Every write drops it first. The deal list, which the popup asks for after it painted,
 * builds the pipeline as before.
 */
import {
  aggregatePipeline,
  briefOf,
  evaluateSummary,
  readinessOf,
  stageLookup,
  type DealEvaluation,
  type PipelineBrief,
  type PipelineView,
  type StageLookup,
} from '../core/forecast';
import type { DealChecks, DealRecord, DealSummary, Playbook } from '../core/types';
import type { DataStamp, Store } from './store';

/** Deals evaluated per background transaction: small enough that a write waiting behind one is not noticed. */
const CHUNK = 250;

interface Entry {
  row: DealSummary;
  /** null for won, lost and closed deals, which only the won and velocity figures count. */
  evaluation: DealEvaluation | null;
}

interface Built {
  playbook: Playbook;
  /** The playbook's fingerprint, as stored with each row's readiness. */
  fingerprint: string;
  lookup: StageLookup;
  today: string;
  entries: Map<string, Entry>;
  view: PipelineView | null;
}

type StoredReadiness = NonNullable<DealSummary['readiness']>;

/**
 * A short, stable name for a playbook's content, stored with each readiness: an import that keeps the playbook's name
 * but changes a stage must still re-evaluate. SHA-256 of its JSON, the first 16 bytes: collisions are not a concern.
 */
export async function playbookFingerprint(playbook: Playbook): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(playbook)));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Where the last summary is kept between worker starts (storage.session in the worker). */
export interface BriefCache {
  get(): Promise<unknown>;
  /** null: forget it. */
  set(value: SavedBrief | null): Promise<void>;
}

/** The last summary, and what it was made from. */
export interface SavedBrief {
  brief: PipelineBrief;
  fingerprint: string;
  today: string;
  stamp: DataStamp;
}

const sameStamp = (a: DataStamp, b: DataStamp): boolean => a.deals === b.deals && a.lastSeen === b.lastSeen && a.lastTick === b.lastTick;

/** A saved summary read back: only this worker writes it, so a shape check is enough. */
function savedBrief(value: unknown): SavedBrief | null {
  if (typeof value !== 'object' || value === null) return null;
  const saved = value as Partial<Record<keyof SavedBrief, unknown>>;
  const stamp = saved.stamp as Partial<DataStamp> | undefined;
  const ok =
    typeof saved.brief === 'object' &&
    saved.brief !== null &&
    typeof saved.fingerprint === 'string' &&
    typeof saved.today === 'string' &&
    typeof stamp?.deals === 'number';
  return ok ? (saved as SavedBrief) : null;
}

export interface PipelineOptions {
  /** Called when what the pipeline shows may have changed (a write, a playbook change): the badge follows it. */
  changed?: () => void;
  /** Keeps the last summary across worker starts; without one, every first answer builds the pipeline. */
  briefCache?: BriefCache;
  /** Let other work run between background chunks (a macrotask in the worker; tests may run them back to back). */
  pause?: () => Promise<void>;
  log?: (message: string, error?: unknown) => void;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createPipelineCache(options: PipelineOptions = {}) {
  const pause = options.pause ?? nextTask;
  let built: Built | null = null;
  /** Bumped by every write and playbook change, so a build that raced one is used once but not kept. */
  let generation = 0;
  /** Re-evaluations of written deals, in write order; a read waits for them. */
  let refreshes: Promise<void> = Promise.resolve();
  /** The background re-evaluation running, if any; a newer one (another playbook, another day) replaces it. */
  let background: { fingerprint: string; today: string } | null = null;
  const fingerprints = new WeakMap<Playbook, Promise<string>>();
  /**
   * The build under way, shared: the badge's count at worker start and the popup's first pipeline/get arrive together,
   * and two builds would read and evaluate everything twice.
   */
  let building: { fingerprint: string; today: string; generation: number; result: ReturnType<typeof build> } | null = null;

  const fingerprintOf = (playbook: Playbook): Promise<string> => {
    let fingerprint = fingerprints.get(playbook);
    if (!fingerprint) {
      fingerprint = playbookFingerprint(playbook);
      fingerprints.set(playbook, fingerprint);
    }
    return fingerprint;
  };

  const evaluator =
    (playbook: Playbook, lookup: StageLookup, fingerprint: string, today: string) =>
    (record: DealRecord, checks: DealChecks): StoredReadiness => ({
      ...readinessOf(playbook, lookup, record, checks, today),
      playbook: fingerprint,
      day: today,
    });

  const entryOf = (b: Pick<Built, 'playbook' | 'lookup' | 'today'>, row: DealSummary & { readiness: StoredReadiness }): Entry => ({
    row,
    evaluation: evaluateSummary(b.playbook, b.lookup, row, row.readiness, b.today),
  });

  /** Rows written by store.reevaluate, into `b` (when it is still the pipeline in use); `gone` keys are removed. */
  function apply(b: Built, rows: DealSummary[], gone: readonly string[] = []): void {
    // Readiness moved (a background re-evaluation, a write's): the summary made before it is not this pipeline's.
    if (b === built) forgetBrief();
    for (const key of gone) b.entries.delete(key);
    for (const row of rows) if (row.readiness !== null) b.entries.set(row.key, entryOf(b, { ...row, readiness: row.readiness }));
    b.view = null;
  }

  async function build(store: Store, playbook: Playbook, fingerprint: string, today: string): Promise<{ built: Built; older: string[] }> {
    const lookup = stageLookup(playbook);
    const b: Built = { playbook, fingerprint, lookup, today, entries: new Map(), view: null };
    const rows = await store.allSummaries();
    const missing: string[] = [];
    const older: string[] = [];
    for (const row of rows) {
      const readiness = row.readiness;
      if (readiness === null || readiness.playbook !== fingerprint) {
        missing.push(row.key);
        continue;
      }
      if (readiness.day !== today) older.push(row.key);
      b.entries.set(row.key, entryOf(b, { ...row, readiness }));
    }
    if (missing.length > 0) {
      // Most rows missing (a new playbook the background has not reached, a database just upgraded): read whole
      // stores once rather than key by key.
      const keys = missing.length > rows.length / 2 ? null : missing;
      apply(b, await store.reevaluate(keys, evaluator(playbook, lookup, fingerprint, today)));
    }
    return { built: b, older };
  }

  /**
   * Evaluate `keys` (null: every deal) again under `playbook` and `today`, a chunk per transaction with a pause
   * between, writing readiness back; each chunk also lands in the pipeline in memory when it was built for the same.
   */
  async function refreshInBackground(store: Store, playbook: Playbook, fingerprint: string, today: string, keys: readonly string[] | null): Promise<void> {
    const run = { fingerprint, today };
    background = run;
    const lookup = stageLookup(playbook);
    const evaluate = evaluator(playbook, lookup, fingerprint, today);
    const all = keys ?? (await store.allSummaries()).filter((row) => row.readiness?.playbook !== fingerprint || row.readiness.day !== today).map((row) => row.key);
    for (let i = 0; i < all.length && background === run; i += CHUNK) {
      const chunk = all.slice(i, i + CHUNK);
      const rows = await store.reevaluate(chunk, evaluate);
      const b = built;
      if (b !== null && b.fingerprint === fingerprint && b.today === today) {
        const written = new Set(rows.map((row) => row.key));
        apply(b, rows, chunk.filter((key) => !written.has(key)));
      }
      await pause();
    }
    if (background === run) background = null;
    options.changed?.();
  }

  const startBackground = (...args: Parameters<typeof refreshInBackground>) => {
    void refreshInBackground(...args).catch((error: unknown) => {
      background = null;
      options.changed?.();
      // Nothing is lost: the rows keep the readiness they had, and the next build evaluates what it must.
      options.log?.('could not re-evaluate the deals in the background', error);
    });
  };

  /** Deals or their ticks were written: evaluate those deals again from the database before the next read. */
  function dealsWritten(store: Store, keys: readonly string[]): void {
    if (keys.length === 0) return;
    generation++;
    forgetBrief();
    const b = built;
    if (b !== null) b.view = null;
    refreshes = refreshes
      .then(async () => {
        if (b === null || built !== b) return;
        const rows = await store.reevaluate(keys, evaluator(b.playbook, b.lookup, b.fingerprint, b.today));
        if (built !== b) return;
        const written = new Set(rows.map((row) => row.key));
        apply(b, rows, keys.filter((key) => !written.has(key)));
      })
      .catch((error: unknown) => {
        // Could not read them back: forget everything, the next read rebuilds from the database.
        options.log?.('could not evaluate the written deals again', error);
        built = null;
      });
    options.changed?.();
  }

  /** The summary last saved, and the pipeline and generation it was made from. */
  let saved: { fingerprint: string; today: string; generation: number; brief: PipelineBrief } | null = null;

  /** Dropped before anything else on a change: a summary saved across the change must not answer after it. */
  function forgetBrief(): void {
    saved = null;
    options.briefCache?.set(null).catch((error: unknown) => options.log?.('could not forget the saved pipeline summary', error));
  }

  function viewOf(b: Built): PipelineView {
    b.view ??= aggregatePipeline(b.playbook, b.entries.values(), b.today);
    return b.view;
  }

  return {
    async view(store: Store, playbook: Playbook, today: string): Promise<PipelineView> {
      await refreshes;
      const fingerprint = await fingerprintOf(playbook);
      if (built !== null && built.fingerprint === fingerprint && built.today === today) return viewOf(built);
      const started = generation;
      const shared = building !== null && building.fingerprint === fingerprint && building.today === today && building.generation === started;
      const run = shared && building !== null ? building : { fingerprint, today, generation: started, result: build(store, playbook, fingerprint, today) };
      building = run;
      let fresh: Awaited<typeof run.result>;
      try {
        fresh = await run.result;
      } finally {
        if (building === run) building = null;
      }
      if (generation === started) built = fresh.built;
      // The answer uses yesterday's readiness where it had it; today's follows in the background.
      if (fresh.older.length > 0 && !(background?.fingerprint === fingerprint && background.today === today)) {
        startBackground(store, playbook, fingerprint, today, fresh.older);
      }
      return viewOf(fresh.built);
    },

    /**
     * The summary alone (the popup's first answer and the badge's count): the saved one when nothing it was made from
     * changed, else from the pipeline, which is then saved. Never slower than `view`, which it uses on a miss.
     */
    async brief(store: Store, playbook: Playbook, today: string): Promise<PipelineBrief> {
      await refreshes;
      const fingerprint = await fingerprintOf(playbook);
      const current = built !== null && built.fingerprint === fingerprint && built.today === today;
      // Answered or saved since the last change: nothing to read or save (a popup opened twice in a minute).
      if (saved !== null && saved.fingerprint === fingerprint && saved.today === today && saved.generation === generation) return saved.brief;
      if (!current && options.briefCache) {
        const before = generation;
        const stamp = await store.stamp();
        const kept = await options.briefCache.get().then(savedBrief);
        if (kept !== null && kept.fingerprint === fingerprint && kept.today === today && sameStamp(kept.stamp, stamp)) {
          if (generation === before) saved = { fingerprint, today, generation, brief: kept.brief };
          return kept.brief;
        }
      }
      // The stamp is read before the data: a write landing in between makes the saved summary look older than it is
      // (the next start builds again), never newer.
      const started = generation;
      const stamp = options.briefCache ? await store.stamp() : null;
      const brief = briefOf((await this.view(store, playbook, today)).summary);
      if (stamp !== null && generation === started) {
        options.briefCache?.set({ brief, fingerprint, today, stamp }).catch((error: unknown) => options.log?.('could not save the pipeline summary', error));
        saved = { fingerprint, today, generation, brief };
      }
      return brief;
    },

    dealsWritten,

    /** One deal or its ticks were written. */
    dealWritten(store: Store, key: string): void {
      dealsWritten(store, [key]);
    },

    /**
     * The playbook changed: drop the pipeline, and evaluate every deal under the new one in the background now, so the
     * next popup finds most rows ready instead of evaluating 10,000 records before it paints.
     */
    playbookChanged(store: Store, playbook: Playbook, today: string): void {
      generation++;
      built = null;
      forgetBrief();
      // The badge follows when the background is done (refreshInBackground says so), not before: counting now would
      // evaluate every deal in the foreground.
      void fingerprintOf(playbook).then((fingerprint) => startBackground(store, playbook, fingerprint, today, null));
    },

    /** Drop everything (the data was cleared or restored): the next read builds from the database. */
    clear(): void {
      generation++;
      built = null;
      background = null;
      forgetBrief();
      options.changed?.();
    },
  };
}

export type PipelineCache = ReturnType<typeof createPipelineCache>;
