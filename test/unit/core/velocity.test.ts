import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/calendar';
import { pipelineView, stageLookup, stageOfLookup } from '../../../src/core/forecast';
import { parsePlaybook } from '../../../src/core/playbook';
import type { CrmStage, DealRecord, Playbook, StageVisit } from '../../../src/core/types';
import { VelocityTally } from '../../../src/core/velocity';
import { record } from '../deal-fixture';

const TODAY = '2026-11-15';

function playbook(): Playbook {
  const result = parsePlaybook({
    format: 'stagecoach.playbook/v1',
    name: 'Test',
    stages: [
      { id: 'discovery', name: 'Discovery', probability: 10, forecastCategory: 'pipeline', criteria: [] },
      { id: 'proposal', name: 'Proposal', probability: 60, forecastCategory: 'best_case', match: ['Angebot'], criteria: [] },
      { id: 'negotiation', name: 'Negotiation', probability: 80, forecastCategory: 'best_case', criteria: [] },
      { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won', criteria: [] },
      { id: 'lost', name: 'Closed Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost', criteria: [] },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.playbook;
}

/** Noon of the local day `n` days before TODAY as a recorded time, so whole days hold in every time zone. */
const daysAgo = (n: number): string => {
  const [y, m, d] = addDays(TODAY, -n).split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12).toISOString();
};

/** Stage visits, oldest first: `[stage label, days before TODAY]`, or a full CRM stage for a value/label pair. */
function visits(...steps: [string | CrmStage, number][]): StageVisit[] {
  return steps.map(([s, ago]) => ({ stage: typeof s === 'string' ? { label: s, value: null } : s, enteredAt: daysAgo(ago) }));
}

/**
 * Five deals' histories, with the days each spent in Proposal worked out by hand:
 * v1 Discovery -> Proposal (30 days ago) -> Negotiation (20): 10 days, forward.
 * v2 Proposal seen entering 35 days ago, then under its German label (value Proposal: the same stage, one stay),
 *    Negotiation 20 days ago: 15 days, forward.
 * v3 Proposal 30 days ago -> Closed Lost 10 days ago: 20 days, a lost exit (not forward).
 * v4 Proposal 30 -> back to Discovery 25 -> Proposal 20 -> Negotiation 12: 5 + 8 = 13 days, counted once; its last
 *    exit (to Negotiation) is forward.
 * v5 first seen in Proposal 50 days ago -> Negotiation 45: not timed (Stagecoach did not see it enter), but its exit
 *    forward counts; Negotiation 45 -> Closed Won 5: 40 days, forward.
 */
const FIVE: StageVisit[][] = [
  visits(['Discovery', 40], ['Proposal', 30], ['Negotiation', 20]),
  visits(['Discovery', 40], ['Proposal', 35], [{ label: 'Angebot', value: 'Proposal' }, 30], ['Negotiation', 20]),
  visits(['Discovery', 40], ['Proposal', 30], ['Closed Lost', 10]),
  visits(['Discovery', 40], ['Proposal', 30], ['Discovery', 25], ['Proposal', 20], ['Negotiation', 12]),
  visits(['Proposal', 50], ['Negotiation', 45], ['Closed Won', 5]),
];
/** A sixth: Proposal 45 -> Negotiation 40, 5 days forward. */
const SIXTH = visits(['Discovery', 60], ['Proposal', 45], ['Negotiation', 40]);

function velocityOf(histories: StageVisit[][]) {
  const p = playbook();
  const tally = new VelocityTally(p, stageOfLookup(stageLookup(p)));
  for (const history of histories) tally.add(history);
  return tally.result();
}

describe('velocity: days in stage and conversion from recorded history', () => {
  it('gives no average below five timed deals, but always the counts; conversion from five exits', () => {
    const proposal = velocityOf(FIVE).stages.find((s) => s.stageId === 'proposal');
    // Timed: v1 10, v2 15, v3 20, v4 13 (v5's first visit is not timed): 4 deals, not enough.
    // Exits: v1, v2, v4, v5 forward, v3 lost: 4 of 5.
    expect(proposal).toEqual({ stageId: 'proposal', stageName: 'Proposal', avgDays: null, timedDeals: 4, conversion: 0.8, exitedDeals: 5 });
  });

  it('averages whole days once five deals were seen entering and leaving', () => {
    const proposal = velocityOf([...FIVE, SIXTH]).stages.find((s) => s.stageId === 'proposal');
    // (10 + 15 + 20 + 13 + 5) / 5 = 63 / 5 = 12.6 days; 5 forward of 6 exits.
    expect(proposal).toEqual({ stageId: 'proposal', stageName: 'Proposal', avgDays: 12.6, timedDeals: 5, conversion: 5 / 6, exitedDeals: 6 });
  });

  it('covers every open stage in playbook order, and only those', () => {
    const v = velocityOf([...FIVE, SIXTH]);
    expect(v.minDeals).toBe(5);
    expect(v.stages.map((s) => [s.stageId, s.timedDeals, s.exitedDeals, s.avgDays, s.conversion])).toEqual([
      // Discovery: only v4's second stay (25 -> 20) is timed; v1, v2, v3, v4, v6 all left forward.
      ['discovery', 1, 5, null, 1],
      ['proposal', 5, 6, 12.6, 5 / 6],
      // Negotiation: only v5 left it (to Closed Won, 40 days).
      ['negotiation', 1, 1, null, null],
    ]);
  });

  it('ignores a move to a stage the playbook does not know, and deals never seen moving', () => {
    const v = velocityOf([visits(['Discovery', 40], ['Proposal', 30], ['Mystery', 20]), visits(['Negotiation', 3])]);
    expect(v.stages.find((s) => s.stageId === 'proposal')).toMatchObject({ timedDeals: 1, exitedDeals: 0 });
    expect(v.stages.find((s) => s.stageId === 'negotiation')).toMatchObject({ timedDeals: 0, exitedDeals: 0 });
  });

  it('is part of the pipeline, closed deals’ histories included', () => {
    const deals: DealRecord[] = [...FIVE, SIXTH].map((history, i) => {
      const last = history[history.length - 1];
      const deal = record(`v${i + 1}`, { stage: last?.stage ?? { label: '', value: null } }, history[0]?.enteredAt);
      deal.history = history;
      return deal;
    });
    const view = pipelineView(playbook(), deals, new Map(), TODAY);
    // v3 (lost) and v5 (won) are closed, yet their time in Proposal counts.
    expect(view.summary.openDeals).toBe(4);
    expect(view.summary.velocity).toEqual(velocityOf([...FIVE, SIXTH]));
  });
});
