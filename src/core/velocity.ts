/**
 * Velocity: how long deals stay in each open stage and where they go next, from the stage history Stagecoach
 * recorded. Only what was observed counts: a stage's time is measured only when Stagecoach saw the deal both enter and
 * leave it, and below VELOCITY_MIN_DEALS deals a figure is null ("not enough history yet"), never a guess.
 */
import { dayNumber } from './calendar';
import { VELOCITY_MIN_DEALS } from './types';
import type { CrmStage, Playbook, Stage, StageVelocity, StageVisit, Velocity } from './types';

/** The playbook stage a CRM stage means, or null: the pipeline's own lookup, so velocity and evaluation agree. */
export type StageOf = (crmStage: CrmStage) => Stage | null;

/**
 * Counts velocity over deal histories one at a time, so the pipeline adds each deal as it passes without collecting
 * histories first. Per stage and deal, a deal is counted once:
 * - time: the whole days of every stay in the stage Stagecoach saw begin and end, added up. The record's first visit
 *   is never timed: it began when Stagecoach first saw the deal, not when the deal entered the stage.
 * - exit: where the deal went the LAST time it left the stage (its final word on that stage). Forward is a later open
 *   stage in playbook order or a won stage; an earlier open stage or a lost stage is not. A first visit's exit counts
 *   (the move was seen); a move to a stage the playbook does not know says nothing about direction and is left out.
 * Consecutive visits that mean the same playbook stage (two CRM stages matched to one) are one stay.
 */
export class VelocityTally {
  private readonly open: readonly Stage[];
  private readonly openIndex: ReadonlyMap<string, number>;
  private readonly stageOf: StageOf;
  private readonly daySum: Float64Array;
  private readonly timed: Uint32Array;
  private readonly exited: Uint32Array;
  private readonly forward: Uint32Array;
  // Per-deal scratch, reused for every deal: 10,000 histories must not mean 10,000 allocations.
  private readonly dealDays: Float64Array;
  private readonly dealTimed: Uint8Array;
  /** 0: no known exit yet; 1: last left forward; 2: last left back or lost. */
  private readonly dealExit: Uint8Array;

  constructor(playbook: Playbook, stageOf: StageOf) {
    this.open = playbook.stages.filter((s) => s.outcome === 'open');
    this.openIndex = new Map(this.open.map((s, i) => [s.id, i]));
    this.stageOf = stageOf;
    const n = this.open.length;
    this.daySum = new Float64Array(n);
    this.timed = new Uint32Array(n);
    this.exited = new Uint32Array(n);
    this.forward = new Uint32Array(n);
    this.dealDays = new Float64Array(n);
    this.dealTimed = new Uint8Array(n);
    this.dealExit = new Uint8Array(n);
  }

  /** One deal's stage visits, oldest first (DealRecord.history / DealSummary.history). */
  add(history: readonly StageVisit[]): void {
    const start = history[0];
    // One visit shows no move: nothing entered or left while Stagecoach watched.
    if (start === undefined || history.length < 2) return;
    this.dealDays.fill(0);
    this.dealTimed.fill(0);
    this.dealExit.fill(0);
    let touched = false;

    // The stay being walked: its stage, when it began, and whether it began with the record's first visit.
    let stay = this.stageOf(start.stage);
    let began = start.enteredAt;
    let first = true;
    for (let i = 1; i < history.length; i++) {
      const visit = history[i];
      if (visit === undefined) continue;
      const next = this.stageOf(visit.stage);
      if (next !== null && stay !== null && next.id === stay.id) continue;
      const at = stay === null ? undefined : this.openIndex.get(stay.id);
      if (at !== undefined) {
        touched = true;
        if (!first) {
          // Calendar days in the rep's time zone, as time in stage is counted for staleness.
          const from = dayNumber(began);
          const to = dayNumber(visit.enteredAt);
          if (from !== null && to !== null && to >= from) {
            this.dealDays[at] = (this.dealDays[at] ?? 0) + (to - from);
            this.dealTimed[at] = 1;
          }
        }
        const direction = this.direction(at, next);
        if (direction !== 0) this.dealExit[at] = direction;
      }
      stay = next;
      began = visit.enteredAt;
      first = false;
    }
    if (!touched) return;

    for (let s = 0; s < this.open.length; s++) {
      if (this.dealTimed[s] === 1) {
        this.timed[s] = (this.timed[s] ?? 0) + 1;
        this.daySum[s] = (this.daySum[s] ?? 0) + (this.dealDays[s] ?? 0);
      }
      const exit = this.dealExit[s];
      if (exit !== 0) {
        this.exited[s] = (this.exited[s] ?? 0) + 1;
        if (exit === 1) this.forward[s] = (this.forward[s] ?? 0) + 1;
      }
    }
  }

  /** Every open stage in playbook order, with the deals behind each figure. */
  result(): Velocity {
    const stages: StageVelocity[] = this.open.map((stage, s) => {
      const timedDeals = this.timed[s] ?? 0;
      const exitedDeals = this.exited[s] ?? 0;
      return {
        stageId: stage.id,
        stageName: stage.name,
        avgDays: timedDeals >= VELOCITY_MIN_DEALS ? (this.daySum[s] ?? 0) / timedDeals : null,
        timedDeals,
        conversion: exitedDeals >= VELOCITY_MIN_DEALS ? (this.forward[s] ?? 0) / exitedDeals : null,
        exitedDeals,
      };
    });
    return { stages, minDeals: VELOCITY_MIN_DEALS };
  }

  /** 1 when leaving open stage `from` (its index) for `to` moves the deal forward, 2 when back or lost, 0 unknown. */
  private direction(from: number, to: Stage | null): 0 | 1 | 2 {
    if (to === null) return 0;
    if (to.outcome === 'won') return 1;
    if (to.outcome === 'lost') return 2;
    const index = this.openIndex.get(to.id);
    return index !== undefined && index > from ? 1 : 2;
  }
}
