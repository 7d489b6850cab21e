/**
 * The pipeline the popup shows, kept in the worker's memory between popup opens: evaluating 10,000 deals (rules,
 * readiness, attention) and reading their full records takes far longer than a popup may. IndexedDB stays the
 * truth: the cache is built from it when the worker starts (Chrome stops idle workers, and the cache goes with it),
 * rebuilt when the day or the playbook changes, and after a write only the written deal is read and evaluated again.
 */
import { aggregatePipeline, evaluateDeal, stageLookup, type DealEvaluation, type PipelineView, type StageLookup } from '../core/forecast';
import type { DealChecks, Playbook } from '../core/types';
import type { Store } from './store';

interface Built {
  /** The day and playbook the evaluations were made for. */
  fingerprint: string;
  playbook: Playbook;
  lookup: StageLookup;
  today: string;
  /** By deal key; null for won and lost deals, which the pipeline leaves out. */
  evaluations: Map<string, DealEvaluation | null>;
  view: PipelineView | null;
}

const NO_CHECKS: DealChecks = {};

export function createPipelineCache() {
  let built: Built | null = null;
  /** Bumped by every write, so a build that raced a write is used once but not kept. */
  let generation = 0;
  /** Re-evaluations of written deals, in write order; a read waits for them. */
  let refreshes: Promise<void> = Promise.resolve();

  async function build(store: Store, playbook: Playbook, today: string, fingerprint: string): Promise<Built> {
    const [deals, checks] = await Promise.all([store.allDeals(), store.allChecks()]);
    const lookup = stageLookup(playbook);
    const evaluations = new Map<string, DealEvaluation | null>();
    for (const deal of deals) {
      evaluations.set(deal.key, evaluateDeal(playbook, lookup, deal, checks.get(deal.key) ?? NO_CHECKS, today));
    }
    return { fingerprint, playbook, lookup, today, evaluations, view: null };
  }

  function viewOf(b: Built): PipelineView {
    b.view ??= aggregatePipeline(b.playbook, [...b.evaluations.values()].filter((e): e is DealEvaluation => e !== null));
    return b.view;
  }

  return {
    async view(store: Store, playbook: Playbook, today: string): Promise<PipelineView> {
      await refreshes;
      // The playbook as JSON: an import that keeps the name but changes a stage must still rebuild.
      const fingerprint = `${today}\n${JSON.stringify(playbook)}`;
      if (built !== null && built.fingerprint === fingerprint) return viewOf(built);
      const started = generation;
      const fresh = await build(store, playbook, today, fingerprint);
      if (generation === started) built = fresh;
      return viewOf(fresh);
    },

    /** A deal or its ticks were written: evaluate that deal again from the database before the next read. */
    dealWritten(store: Store, key: string): void {
      generation++;
      const b = built;
      if (b === null) return;
      b.view = null;
      refreshes = refreshes
        .then(async () => {
          const [record, checks] = await Promise.all([store.deal(key), store.checks(key)]);
          if (built !== b) return;
          b.evaluations.set(key, record === undefined ? null : evaluateDeal(b.playbook, b.lookup, record, checks, b.today));
          b.view = null;
        })
        .catch(() => {
          // Could not read it back: forget everything, the next read rebuilds from the database.
          built = null;
        });
    },

    /** Drop everything, e.g. when the playbook changed. */
    clear(): void {
      generation++;
      built = null;
    },
  };
}

export type PipelineCache = ReturnType<typeof createPipelineCache>;
