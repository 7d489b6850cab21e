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

/** A deal whose close date the CRM moved: each `[from, to]` pair is one observed change. */
function withCloseDates(deal: DealRecord, moves: [string, string][]): DealRecord {
  deal.closeDates = moves.map(([from, to]) => ({ from, to, at: recently }));
  return deal;
}

/** A deal Stagecoach saw in each stage in turn, `[label, days before TODAY]`, the last being where it is now. */
function travelled(key: string, visits: [string, number][], extra: Partial<DealRecord['snapshot']> = {}): DealRecord {
  const last = visits[visits.length - 1];
  if (last === undefined) throw new Error('A deal has at least one stage visit');
  const deal = record(key, { ...stage(last[0]), ...extra }, daysAgo(visits[0]?.[1] ?? 0));
  deal.history = visits.map(([label, ago]) => ({ stage: { label, value: null }, enteredAt: daysAgo(ago) }));
  return deal;
}

describe('readinessOf: the stage checklist and stages skipped', () => {
  const lookup = stageLookup(playbook());
  const readiness = (deal: DealRecord, checks: DealChecks = {}) => readinessOf(playbook(), lookup, deal, checks, TODAY);

  it('is the checklist of the deal’s own stage', () => {
    expect(readiness(record('d', stage('Discovery')))).toEqual({
      stageId: 'discovery',
      requiredMet: 0,
      requiredTotal: 1,
      ready: false,
      skipped: null,
    });
    expect(readiness(record('d', stage('Mystery')))).toEqual({
      stageId: null,
      requiredMet: null,
      requiredTotal: null,
      ready: false,
      skipped: null,
    });
  });

  it('reports the earliest earlier stage whose required criteria are unmet, and how many', () => {
    // Seen in Discovery, then in Negotiation: Discovery's tick and Proposal's amount rule are both unmet.
    const jumped = travelled('j', [
      ['Discovery', 10],
      ['Negotiation', 5],
    ]);
    expect(readiness(jumped)).toMatchObject({ stageId: 'negotiation', ready: true, skipped: { stageName: 'Discovery', missing: 1 } });
    // Discovery ticked: Proposal is the earliest with a gap.
    expect(readiness(jumped, { pain: { checkedAt: recently } }).skipped).toEqual({ stageName: 'Proposal', missing: 1 });
    // Both met on the same snapshot and ticks: nothing skipped.
    jumped.snapshot.amount = { amount: 5, currency: 'USD' };
    expect(readiness(jumped, { pain: { checkedAt: recently } }).skipped).toBeNull();
  });

  it('judges no stage the deal passed before Stagecoach first saw it: nobody could have ticked it', () => {
    expect(readiness(record('n', stage('Negotiation'))).skipped).toBeNull();
    // First seen in Proposal: Discovery is not asked about, Proposal is.
    const fromProposal = travelled('p', [
      ['Proposal', 10],
      ['Negotiation', 5],
    ]);
    expect(readiness(fromProposal).skipped).toEqual({ stageName: 'Proposal', missing: 1 });
  });
});

describe('evaluateDeal: attention reasons, their cause, and their order', () => {
  const lookup = stageLookup(playbook());
  const evaluate = (deal: DealRecord, checks: DealChecks = {}) => evaluateDeal(playbook(), lookup, deal, checks, TODAY);
  const reasonsOf = (deal: DealRecord, checks: DealChecks = {}) => evaluate(deal, checks)?.item.reasons;

  it('pushed: the close date moved out twice or more; a pull-in is not a push', () => {
    const twice = withCloseDates(record('p', { ...stage('Negotiation'), closeDate: '2026-12-20' }, recently), [
      ['2026-11-30', '2026-12-10'],
      ['2026-12-10', '2026-12-20'],
    ]);
    expect(reasonsOf(twice)).toEqual([{ kind: 'pushed', times: 2 }]);
    const onceAndBack = withCloseDates(record('q', { ...stage('Negotiation'), closeDate: '2026-12-05' }, recently), [
      ['2026-11-30', '2026-12-10'],
      ['2026-12-10', '2026-12-05'],
    ]);
    expect(reasonsOf(onceAndBack)).toEqual([]);
  });

  it('skipped: says which earlier stage and how many of its required criteria are unmet', () => {
    const jumped = travelled('j', [
      ['Discovery', 10],
      ['Negotiation', 5],
    ]);
    expect(reasonsOf(jumped)).toEqual([{ kind: 'skipped', stageName: 'Discovery', missing: 1 }]);
  });

  it('not-ready: counts the required criteria of its own stage still unmet', () => {
    expect(reasonsOf(record('d', stage('Discovery'), recently))).toEqual([{ kind: 'not-ready', missing: 1 }]);
    expect(reasonsOf(record('d', stage('Discovery'), recently), { pain: { checkedAt: recently } })).toEqual([]);
  });

  it('is left out when the CRM says the deal closed, whatever stage it shows', () => {
    const closed = record('c', stage('Negotiation'), recently);
    closed.closed = { won: false };
    expect(evaluate(closed)).toBeNull();
  });

  it('orders deals: overdue, closing not ready, skipped, pushed, stale, not ready, unknown stage', () => {
    const pushes: [string, string][] = [
      ['2026-11-30', '2026-12-10'],
      ['2026-12-10', '2026-12-20'],
    ];
    const deals = [
      record('Unknown', stage('Mystery'), recently),
      record('Not ready', stage('Discovery'), recently),
      record('Stale', { ...stage('Proposal'), ...money(5, 'USD') }, daysAgo(20)), // 20 days > 14
      withCloseDates(record('Pushed twice', stage('Negotiation'), recently), pushes),
      withCloseDates(record('Pushed thrice', stage('Negotiation'), recently), [...pushes, ['2026-12-20', '2027-01-20']]),
      travelled('Skipped', [
        ['Discovery', 10],
        ['Negotiation', 5],
      ]),
      record('Closing', { ...stage('Discovery'), closeDate: addDays(TODAY, 3) }, recently),
      record('Overdue', { ...stage('Negotiation'), closeDate: addDays(TODAY, -1) }, recently),
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.attention.map((a) => [a.name, a.reasons.map((r) => r.kind)])).toEqual([
      ['Overdue', ['overdue']],
      ['Closing', ['closing-not-ready', 'not-ready']],
      ['Skipped', ['skipped']],
      // More pushes first.
      ['Pushed thrice', ['pushed']],
      ['Pushed twice', ['pushed']],
      ['Stale', ['stale']],
      ['Not ready', ['not-ready']],
      ['Unknown', ['unknown-stage']],
    ]);
  });

  it('fills the list fields: CRM, stage, category, days in stage, stale, last seen and source', () => {
    const deal = record('s', { ...stage('Proposal'), crm: 'hubspot', forecastCategory: 'Commit' }, daysAgo(20));
    deal.lastSeen = recently;
    expect(evaluate(deal)?.item).toMatchObject({
      crm: 'hubspot',
      stageId: 'proposal',
      stageName: 'Proposal',
      category: 'commit',
      daysInStage: 20,
      stale: true,
      lastSeen: recently,
      source: 'page',
    });
    const unknown = evaluate(record('u', stage('Mystery'), daysAgo(3)))?.item;
    expect(unknown).toMatchObject({ stageId: null, category: null, daysInStage: 3, stale: false });
  });

  it('names the source: sync over the page over a list', () => {
    expect(sourceOf({ page: recently, list: recently, sync: recently })).toBe('sync');
    expect(sourceOf({ page: recently, list: recently, sync: null })).toBe('page');
    expect(sourceOf({ page: null, list: recently, sync: null })).toBe('list');
  });
});

describe('forecast categories', () => {
  it('reads every CRM’s words, whatever their case, spaces, underscores or hyphens', () => {
    const words: [string, string | null][] = [
      ['Pipeline', 'pipeline'],
      ['Best Case', 'best_case'],
      ['Best case', 'best_case'],
      ['BEST_CASE', 'best_case'],
      ['BestCase', 'best_case'],
      ['best-case', 'best_case'],
      [' Commit ', 'commit'],
      ['Committed', 'commit'],
      ['Forecast', 'commit'],
      ['Omitted', 'omitted'],
      ['Omit', 'omitted'],
      ['Closed', 'closed'],
      ['Won', 'closed'],
      ['Lost', 'omitted'],
      ['Upside', null],
      ['', null],
    ];
    expect(words.map(([w]) => [w, crmForecastCategory(w)])).toEqual(words);
  });

  it('prefers the CRM’s category to the stage’s; a still-open deal called closed counts as commit', () => {
    const stageOf = (forecastCategory: Stage['forecastCategory']): Stage => ({ ...(playbook().stages[0] as Stage), forecastCategory });
    expect(categoryOf('Best Case', stageOf('pipeline'))).toBe('best_case');
    expect(categoryOf(null, stageOf('pipeline'))).toBe('pipeline');
    expect(categoryOf('Upside', stageOf('best_case'))).toBe('best_case');
    expect(categoryOf(null, stageOf('closed'))).toBe('commit');
    expect(categoryOf('Won', stageOf('pipeline'))).toBe('commit');
    expect(categoryOf('Lost', stageOf('commit'))).toBe('omitted');
    expect(categoryOf('Commit', null)).toBeNull();
  });

  it('totals open deals by category, per currency, weighted by each deal’s stage', () => {
    const deals = [
      record('a', { ...stage('Discovery'), ...money(1000, 'USD') }, recently), // pipeline (stage): 1000, 10% -> 100
      record('b', { ...stage('Discovery'), ...money(2000, 'EUR'), forecastCategory: 'Commit' }, recently), // commit: EUR 2000, 10% -> 200
      record('c', { ...stage('Proposal'), ...money(10000, 'USD'), forecastCategory: 'BEST_CASE' }, recently), // best case: 60% -> 6000
      record('d', { ...stage('Proposal'), ...money(500, 'USD'), forecastCategory: 'Committed' }, recently), // commit: USD 500, 60% -> 300
      record('e', { ...stage('Negotiation'), ...money(4000, 'USD'), forecastCategory: 'Omit' }, recently), // omitted: 80% -> 3200
      record('f', { ...stage('Negotiation'), forecastCategory: 'Upside' }, recently), // best case (stage), no amount
      record('g', { ...stage('Mystery'), ...money(999, 'USD'), forecastCategory: 'Commit' }, recently), // unknown stage: none
      record('h', { ...stage('Closed Won'), ...money(5000, 'USD') }, recently), // closed: none
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.categories).toEqual([
      // EUR 2000 before USD 500: largest amount first.
      { category: 'commit', count: 2, totals: [{ currency: 'EUR', amount: 2000, weighted: 200 }, { currency: 'USD', amount: 500, weighted: 300 }] },
      { category: 'best_case', count: 2, totals: [{ currency: 'USD', amount: 10000, weighted: 6000 }] },
      { category: 'pipeline', count: 1, totals: [{ currency: 'USD', amount: 1000, weighted: 100 }] },
      { category: 'omitted', count: 1, totals: [{ currency: 'USD', amount: 4000, weighted: 3200 }] },
    ]);
  });

  it('reports all four categories even when empty', () => {
    expect(summarizePipeline(playbook(), [], noChecks, TODAY).categories).toEqual([
      { category: 'commit', count: 0, totals: [] },
      { category: 'best_case', count: 0, totals: [] },
      { category: 'pipeline', count: 0, totals: [] },
      { category: 'omitted', count: 0, totals: [] },
    ]);
  });
});

describe('closing this month and this quarter', () => {
  it('knows calendar months and quarters, leap days included', () => {
    expect(monthOf('2028-02-10')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(quarterOf('2026-02-28')).toEqual({ first: '2026-01-01', last: '2026-03-31' });
    expect(quarterOf('2026-12-31')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
    expect(quarterOf('2027-01-01')).toEqual({ first: '2027-01-01', last: '2027-03-31' });
  });

  it('counts open deals closing in the calendar month and quarter of today, per currency', () => {
    // Today 15 Nov: the month is 1-30 Nov, the quarter 1 Oct - 31 Dec. Negotiation weighs 80%.
    const closing = (key: string, closeDate: string, amount: number) =>
      record(key, { ...stage('Negotiation'), closeDate, ...money(amount, 'USD') }, recently);
    const deals = [
      closing('month-first', '2026-11-01', 100), // month, quarter (overdue, still this month)
      closing('month-last', '2026-11-30', 200), // month, quarter
      closing('next-month', '2026-12-01', 400), // quarter
      closing('quarter-last', '2026-12-31', 800), // quarter
      closing('quarter-first', '2026-10-01', 1600), // quarter
      closing('last-quarter', '2026-09-30', 3200), // neither
      closing('next-quarter', '2027-01-01', 6400), // neither
      record('lost', { ...stage('Closed Lost'), closeDate: '2026-11-20', ...money(9, 'USD') }, recently), // closed: neither
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    // Month: 100 + 200 = 300, weighted 240. Quarter: 100 + 200 + 400 + 800 + 1600 = 3100, weighted 2480.
    expect(s.closing).toEqual({
      month: { count: 2, totals: [{ currency: 'USD', amount: 300, weighted: 240 }] },
      quarter: { count: 5, totals: [{ currency: 'USD', amount: 3100, weighted: 2480 }] },
    });
  });

  it('moves to the next quarter on its first day', () => {
    const deals = ['2026-12-31', '2027-01-01', '2027-03-31', '2027-04-01'].map((closeDate) =>
      record(closeDate, { ...stage('Negotiation'), closeDate }, recently),
    );
    const lastDay = summarizePipeline(playbook(), deals, noChecks, '2026-12-31').closing;
    expect([lastDay.month.count, lastDay.quarter.count]).toEqual([1, 1]); // 31 Dec only
    const firstDay = summarizePipeline(playbook(), deals, noChecks, '2027-01-01').closing;
    expect([firstDay.month.count, firstDay.quarter.count]).toEqual([1, 2]); // 1 Jan; 1 Jan and 31 Mar
  });
});

describe('created and won in the last 30 and 90 days', () => {
  /** A deal the CRM created `n` days before TODAY. */
  const created = (key: string, n: number | null, snapshot: Partial<DealRecord['snapshot']>) => {
    const deal = record(key, snapshot, recently);
    deal.createdAt = n === null ? null : daysAgo(n);
    return deal;
  };

  it('counts deals created, open or closed, in windows of 30 and 90 days counting today', () => {
    const discovery = { ...stage('Discovery'), ...money(1000, 'USD') }; // 10% -> 100 weighted
    const deals = [
      created('29 days', 29, discovery), // both windows
      created('30 days', 30, discovery), // 90 only: the last 30 days are today and the 29 before
      created('89 days', 89, discovery), // 90 only
      created('90 days', 90, discovery), // neither
      created('undated', null, discovery),
      created('won', 10, { ...stage('Closed Won'), ...money(500, 'USD'), closeDate: addDays(TODAY, -2) }), // both, 100%
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.created).toEqual({
      // 1000 + 500 = 1500; weighted 100 + 500 = 600.
      last30: { count: 2, totals: [{ currency: 'USD', amount: 1500, weighted: 600 }] },
      // 1000 * 3 + 500 = 3500; weighted 100 * 3 + 500 = 800.
      last90: { count: 4, totals: [{ currency: 'USD', amount: 3500, weighted: 800 }] },
      undated: 1,
    });
  });

  it('counts deals won by their close date, else by when Stagecoach saw them enter a won stage', () => {
    const won = (key: string, closedDaysAgo: number, amount: number) =>
      record(key, { ...stage('Closed Won'), closeDate: addDays(TODAY, -closedDaysAgo), ...money(amount, 'USD') }, recently);
    const syncedWon = record('synced', { ...stage('Negotiation'), closeDate: addDays(TODAY, -5), ...money(8, 'USD') }, recently);
    syncedWon.closed = { won: true }; // the CRM says won while its stage still reads Negotiation
    const syncedLost = record('synced-lost', { ...stage('Negotiation'), closeDate: addDays(TODAY, -5), ...money(16, 'USD') }, recently);
    syncedLost.closed = { won: false };
    const undated = travelled(
      'no close date',
      [
        ['Negotiation', 100],
        ['Closed Won', 20],
      ],
      money(32, 'USD'),
    );
    const deals = [
      won('29 days', 29, 1), // both
      won('30 days', 30, 2), // 90 only
      won('90 days', 90, 4), // neither
      syncedWon, // both
      syncedLost, // not won
      undated, // entered Closed Won 20 days ago: both
      record('lost', { ...stage('Closed Lost'), closeDate: addDays(TODAY, -3), ...money(64, 'USD') }, recently),
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.won).toEqual({
      // 1 + 8 + 32 = 41, all weighted fully.
      last30: { count: 3, totals: [{ currency: 'USD', amount: 41, weighted: 41 }] },
      // 41 + 2 = 43.
      last90: { count: 4, totals: [{ currency: 'USD', amount: 43, weighted: 43 }] },
    });
  });
});

describe('coverage: where the open pipeline was learnt', () => {
  it('counts each open deal once: synced per CRM, else seen on its page, else in a list', () => {
    const seen = (key: string, crm: string, sources: Partial<DealRecord['seen']>, stageLabel = 'Discovery') => {
      const deal = record(key, { ...stage(stageLabel), crm }, recently);
      deal.seen = { page: null, list: null, sync: null, ...sources };
      return deal;
    };
    const deals = [
      seen('s1', 'salesforce', { sync: recently }),
      seen('s2', 'salesforce', { sync: recently, list: recently }),
      seen('d1', 'dynamics', { sync: recently }),
      seen('d2', 'dynamics', { sync: recently, page: recently }),
      seen('p1', 'hubspot', { page: recently }),
      seen('p2', 'salesforce', { page: recently, list: recently }),
      seen('l1', 'pipedrive', { list: recently }),
      seen('won', 'salesforce', { sync: recently }, 'Closed Won'),
    ];
    const s = summarizePipeline(playbook(), deals, noChecks, TODAY);
    expect(s.coverage).toEqual({
      open: 7,
      // Two each: by name.
      synced: [
        { crm: 'dynamics', count: 2 },
        { crm: 'salesforce', count: 2 },
      ],
      pages: 2,
      lists: 1,
    });
  });
});
