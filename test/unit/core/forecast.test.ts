import { describe, it, expect } from 'vitest';
import { addDays, monthOf, quarterOf } from '../../../src/core/calendar';
import {
  attentionItemOf,
  briefOf,
  categoryOf,
  crmForecastCategory,
  evaluateDeal,
  pipelineView,
  readinessOf,
  sourceOf,
  stageLookup,
  summarizePipeline,
  type DealListItem,
} from '../../../src/core/forecast';
import { parsePlaybook } from '../../../src/core/playbook';
import type { DealChecks, DealRecord, Playbook, Stage } from '../../../src/core/types';
import { record } from '../deal-fixture';

const TODAY = '2026-11-15';

function playbook(): Playbook {
  const result = parsePlaybook({
    format: 'stagecoach.playbook/v1',
    name: 'Test',
    stages: [
      {
        id: 'discovery',
        name: 'Discovery',
        probability: 10,
        forecastCategory: 'pipeline',
        staleAfterDays: 21,
        criteria: [{ id: 'pain', label: 'Pain confirmed' }],
      },
      {
        id: 'proposal',
        name: 'Proposal',
        probability: 60,
        forecastCategory: 'best_case',
        staleAfterDays: 14,
        criteria: [{ id: 'amount', label: 'Amount', rule: { field: 'amount', op: 'gt', value: 0 } }],
      },
      { id: 'negotiation', name: 'Negotiation', probability: 80, forecastCategory: 'best_case' },
      { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
      { id: 'lost', name: 'Closed Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.playbook;
}

const stage = (label: string) => ({ stage: { label, value: null } });
const money = (amount: number, currency: string | null) => ({ amount: { amount, currency } });
const noChecks = new Map<string, DealChecks>();
/** Noon of a local calendar day as an ISO timestamp, so day counts hold in every time zone. */
const localNoon = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12).toISOString();
};
const recently = localNoon('2026-11-10');
/** Every deal in `keys` has Discovery's one manual criterion ticked, so only the reason a test is about shows. */
const painTicked = (...keys: string[]) => new Map<string, DealChecks>(keys.map((k) => [k, { pain: { checkedAt: recently } }]));
/** The noon of `n` days before TODAY, as a recorded time. */
const daysAgo = (n: number): string => localNoon(addDays(TODAY, -n));

describe('summarizePipeline: counts and money', () => {
  it('never adds different currencies together; unknown currency is its own bucket', () => {
    const deals = [
      record('a', { ...stage('Discovery'), ...money(1000, 'USD') }, recently),
      record('b', { ...stage('Discovery'), ...money(2000, 'EUR') }, recently),
      record('c', { ...stage('Discovery'), ...money(500, 'USD') }, recently),
      record('d', { ...stage('Proposal'), ...money(10000, 'USD') }, recently),
      record('e', { ...stage('Proposal'), ...money(300, null) }, recently),
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.stages.map((r) => [r.stage.id, r.count])).toEqual([
      ['discovery', 3],
      ['proposal', 2],
      ['negotiation', 0],
    ]);
    expect(s.stages[0]?.totals).toEqual([
      { currency: 'EUR', amount: 2000, weighted: 200 },
      { currency: 'USD', amount: 1500, weighted: 150 },
    ]);
    expect(s.stages[1]?.totals).toEqual([
      { currency: 'USD', amount: 10000, weighted: 6000 },
      { currency: null, amount: 300, weighted: 180 },
    ]);
    expect(s.stages[2]?.totals).toEqual([]);
    expect(s.totals).toEqual([
      { currency: 'USD', amount: 11500, weighted: 6150 },
      { currency: 'EUR', amount: 2000, weighted: 200 },
      { currency: null, amount: 300, weighted: 180 },
    ]);
    expect(s.openDeals).toBe(5);
  });

  it('leaves won and lost deals out entirely', () => {
    const deals = [
      record('open', { ...stage('Discovery'), ...money(1000, 'USD') }, recently),
      record('won', { ...stage('Closed Won'), ...money(50000, 'USD'), closeDate: '2026-01-01' }, '2025-01-01T00:00:00Z'),
      record('lost', { ...stage('closed lost'), ...money(70000, 'USD'), closeDate: '2026-01-01' }, '2025-01-01T00:00:00Z'),
    ];
    const s = summarizePipeline(playbook(), deals, painTicked('open'), TODAY);
    expect(s.openDeals).toBe(1);
    expect(s.totals).toEqual([{ currency: 'USD', amount: 1000, weighted: 100 }]);
    expect(s.stages.map((r) => r.stage.id)).toEqual(['discovery', 'proposal', 'negotiation']);
    expect(s.attention).toEqual([]);
  });

  it('counts ready deals per stage from ticks and rules', () => {
    const deals = [
      record('ticked', stage('Discovery'), recently),
      record('unticked', stage('Discovery'), recently),
      record('priced', { ...stage('Proposal'), ...money(10, 'USD') }, recently),
      record('unpriced', stage('Proposal'), recently),
      record('no-criteria', stage('Negotiation'), recently),
    ];
    const checks = new Map<string, DealChecks>([['ticked', { pain: { checkedAt: recently } }]]);
    const s = summarizePipeline(playbook(), deals, checks, TODAY);
    expect(s.stages.map((r) => [r.count, r.ready])).toEqual([
      [2, 1],
      [2, 1],
      [1, 1],
    ]);
    expect(s.readyDeals).toBe(3);
  });

  it('counts deals in unknown stages as open and unmatched, with no stage row or totals', () => {
    const deals = [record('odd', { ...stage('Perception Analysis'), ...money(9000, 'USD') }, recently)];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect([s.openDeals, s.unmatchedDeals, s.readyDeals]).toEqual([1, 1, 0]);
    expect(s.stages.every((r) => r.count === 0)).toBe(true);
    expect(s.totals).toEqual([]);
    expect(s.attention).toEqual([
      {
        key: 'odd',
        name: 'odd',
        url: 'https://crm.example/deal/odd',
        stageLabel: 'Perception Analysis',
        requiredMet: null,
        requiredTotal: null,
        ready: false,
        reasons: [{ kind: 'unknown-stage' }],
      },
    ]);
  });
});

describe('summarizePipeline: attention', () => {
  it('flags a deal sitting in its stage longer than the stage allows', () => {
    const deals = [
      record('stale', stage('Discovery'), localNoon('2026-10-20')), // 26 days > 21
      record('fresh', stage('Discovery'), localNoon('2026-10-25')), // 21 days: not more than 21
      record('no-limit', stage('Negotiation'), localNoon('2025-01-01')),
    ];
    const s = summarizePipeline(playbook(), deals, painTicked('stale', 'fresh'), TODAY);
    expect(s.attention.map((a) => [a.key, a.reasons])).toEqual([['stale', [{ kind: 'stale', days: 26, limit: 21 }]]]);
  });

  it('measures staleness from the last stage change, or from first seen without history', () => {
    const moved = record('moved', stage('Proposal'), localNoon('2026-01-01'));
    moved.history.push({ stage: { label: 'Proposal', value: null }, enteredAt: localNoon('2026-11-10') });
    const unrecorded = record('unrecorded', stage('Proposal'), localNoon('2026-10-01'));
    unrecorded.history = [];
    unrecorded.snapshot.amount = { amount: 1, currency: 'USD' };
    moved.snapshot.amount = { amount: 1, currency: 'USD' };
    const s = summarizePipeline(playbook(), [moved, unrecorded], noChecks, TODAY);
    expect(s.attention.map((a) => [a.key, a.reasons])).toEqual([
      ['unrecorded', [{ kind: 'stale', days: 45, limit: 14 }]],
    ]);
  });

  it('flags an overdue close date, and a deal closing within 14 days that is not ready', () => {
    const deals = [
      record('overdue', { ...stage('Negotiation'), closeDate: '2026-11-14' }, recently),
      record('closing', { ...stage('Discovery'), closeDate: '2026-11-29' }, recently),
      record('closing-ready', { ...stage('Discovery'), closeDate: '2026-11-20' }, recently),
      record('later', { ...stage('Discovery'), closeDate: '2026-11-30' }, recently),
      record('today', { ...stage('Discovery'), closeDate: TODAY }, recently),
    ];
    const checks = new Map<string, DealChecks>([['closing-ready', { pain: { checkedAt: recently } }]]);
    const s = summarizePipeline(playbook(), deals, checks, TODAY);
    expect(s.attention.map((a) => [a.key, a.reasons])).toEqual([
      ['overdue', [{ kind: 'overdue', closeDate: '2026-11-14' }]],
      ['today', [{ kind: 'closing-not-ready', closeDate: TODAY, days: 0 }, { kind: 'not-ready', missing: 1 }]],
      ['closing', [{ kind: 'closing-not-ready', closeDate: '2026-11-29', days: 14 }, { kind: 'not-ready', missing: 1 }]],
      ['later', [{ kind: 'not-ready', missing: 1 }]],
    ]);
    expect(s.attention[2]).toMatchObject({ requiredMet: 0, requiredTotal: 1, ready: false });
  });

  it('sorts by the most severe reason (closing soonest, stalest first within one), then by name', () => {
    const deals = [
      record('Unknown B', stage('Mystery'), recently),
      record('Unknown A', stage('Mystery'), recently),
      record('Stale 30', stage('Discovery'), localNoon('2026-10-16')),
      record('Stale 60', stage('Discovery'), localNoon('2026-09-16')),
      record('Closing', { ...stage('Discovery'), closeDate: '2026-11-20' }, recently),
      record('Overdue Z', { ...stage('Negotiation'), closeDate: '2026-11-01' }, recently),
      record('Overdue A', { ...stage('Discovery'), closeDate: '2026-11-01' }, localNoon('2026-09-16')),
    ];
    const s = summarizePipeline(playbook(), deals, painTicked('Stale 30', 'Stale 60', 'Overdue A'), TODAY);
    expect(s.attention.map((a) => a.name)).toEqual([
      'Overdue A',
      'Overdue Z',
      'Closing',
      'Stale 60',
      'Stale 30',
      'Unknown A',
      'Unknown B',
    ]);
    // A deal can need attention for several reasons at once, most severe first.
    expect(s.attention[0]?.reasons.map((r) => r.kind)).toEqual(['overdue', 'stale']);
  });

  it('flags an overdue deal even when its stage is unknown', () => {
    const s = summarizePipeline(playbook(), [record('x', { ...stage('Mystery'), closeDate: '2026-01-01' }, recently)], noChecks, TODAY);
    expect(s.attention[0]?.reasons).toEqual([{ kind: 'overdue', closeDate: '2026-01-01' }, { kind: 'unknown-stage' }]);
  });

  it('names an unnamed deal so the list stays readable', () => {
    const s = summarizePipeline(playbook(), [record('x', { ...stage('Mystery'), name: null }, recently)], noChecks, TODAY);
    expect(s.attention[0]?.name).toBe('Untitled deal');
  });
});

describe('pipelineView: the deal list', () => {
  it('lists every open deal lean: attention first in the attention order, then closing soonest, then by name', () => {
    const deals = [
      record('later', { ...stage('Negotiation'), closeDate: '2027-03-01', owner: ' Ana Souza ' }, recently),
      record('sooner', { ...stage('Negotiation'), closeDate: '2027-01-10', ...money(50, 'EUR') }, recently),
      record('no-date', stage('Negotiation'), recently),
      record('odd', stage('Perception Analysis'), recently),
      record('overdue', { ...stage('Negotiation'), closeDate: '2026-11-01' }, recently),
      record('won', { ...stage('Closed Won'), closeDate: '2027-01-01' }, recently),
    ];
    const view = pipelineView(playbook(), deals, noChecks, TODAY);
    expect(view.deals.map((d) => d.key)).toEqual(['overdue', 'odd', 'sooner', 'later', 'no-date']);
    expect(view.summary.attention.map((a) => a.key)).toEqual(view.deals.slice(0, 2).map((d) => d.key));
    expect(view.deals[2]).toEqual({
      key: 'sooner',
      name: 'sooner',
      url: 'https://crm.example/deal/sooner',
      crmStage: 'Negotiation',
      stageName: 'Negotiation',
      owner: null,
      amount: { amount: 50, currency: 'EUR' },
      closeDate: '2027-01-10',
      requiredMet: 0,
      requiredTotal: 0,
      ready: true,
      reasons: [],
      crm: 'salesforce',
      stageId: 'negotiation',
      category: 'best_case',
      daysInStage: 5, // entered 10 Nov, today 15 Nov
      stale: false,
      lastSeen: recently,
      source: 'page',
    });
    expect(view.deals[3]?.owner).toBe('Ana Souza');
    expect(view.deals[1]).toMatchObject({ stageName: null, requiredMet: null, ready: false, reasons: [{ kind: 'unknown-stage' }] });
    // Lean: nothing of the page's detail fields or history travels with the list.
    expect(Object.keys(view.deals[0] ?? {})).not.toContain('fields');
  });

  it('gives the same summary as summarizePipeline, and a brief with the attention head', () => {
    const deals = [
      record('a', { ...stage('Discovery'), ...money(1000, 'USD') }, '2026-01-01T09:00:00Z'),
      record('b', { ...stage('Proposal'), ...money(10, 'USD'), closeDate: '2026-11-01' }, recently),
      record('c', stage('Negotiation'), recently),
    ];
    const view = pipelineView(playbook(), deals, noChecks, TODAY);
    expect(view.summary).toEqual(summarizePipeline(playbook(), deals, noChecks, TODAY));
    const brief = briefOf(view.summary, 1);
    expect(brief.attentionCount).toBe(2);
    expect(brief.attentionPreview).toEqual(view.summary.attention.slice(0, 1));
    expect(attentionItemOf(view.deals[0] as DealListItem)).toEqual(view.summary.attention[0]);
  });
});
