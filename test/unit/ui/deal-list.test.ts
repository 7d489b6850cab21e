import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../src/core/calendar';
import type { DealListItem } from '../../../src/core/forecast';
import {
  applyFilters,
  closingPeriod,
  dealKeys,
  foldText,
  NO_FILTERS,
  queryWords,
  sortOrder,
  UNKNOWN_STAGE,
  visibleRange,
  type DealFilters,
  type SortKey,
} from '../../../src/popup/deal-list';

/** Today and days from it, as ISO dates: the closing periods move with the calendar, so the tests do too. */
const TODAY = new Date();
const isoOf = (d: Date): string => isoDate(d);
const daysFromToday = (n: number): string => isoOf(new Date(TODAY.getFullYear(), TODAY.getMonth(), TODAY.getDate() + n));
const STAGE_ORDER = ['discovery', 'negotiation'];

const item = (name: string, extra: Partial<DealListItem> = {}): DealListItem => ({
  key: name,
  name,
  url: `https://crm.example/${encodeURIComponent(name)}`,
  crmStage: 'Negotiation/Review',
  stageName: 'Negotiation',
  owner: 'José Álvarez',
  amount: null,
  closeDate: null,
  requiredMet: 1,
  requiredTotal: 3,
  ready: false,
  reasons: [],
  crm: 'salesforce',
  stageId: 'negotiation',
  category: 'pipeline',
  daysInStage: null,
  stale: false,
  lastSeen: TODAY.toISOString(),
  source: 'page',
  ...extra,
});

const DEALS = [
  item('Globex - Renewal'),
  item('Acme - 1,200 Widgets', { crmStage: 'Prospecting', stageName: 'Discovery', owner: 'Zoë Martin' }),
  item('Société Générale - Pilot', { crmStage: 'On Hold', stageName: null, owner: null }),
];
const KEYS = dealKeys(DEALS, STAGE_ORDER, isoOf(TODAY));
const names = (query: string, filters: DealFilters = NO_FILTERS, deals = DEALS, keys = KEYS) =>
  applyFilters(deals, keys, deals.map((_, i) => i), filters, query).map((d) => d.name);

describe('finding a deal', () => {
  it('folds case, accents and spaces', () => {
    expect(foldText('  Société   GÉNÉRALE ')).toBe('societe generale');
    expect(queryWords('  jose   ALVAREZ ')).toEqual(['jose', 'alvarez']);
  });

  it('matches name, CRM stage, playbook stage and owner, without accents or case', () => {
    expect(names('globex')).toEqual(['Globex - Renewal']);
    expect(names('prospecting')).toEqual(['Acme - 1,200 Widgets']);
    expect(names('discovery')).toEqual(['Acme - 1,200 Widgets']);
    expect(names('zoe')).toEqual(['Acme - 1,200 Widgets']);
    expect(names('ÁLVAREZ')).toEqual(['Globex - Renewal']);
    expect(names('societe')).toEqual(['Société Générale - Pilot']);
  });

  it('needs every word to match somewhere, in any order', () => {
    expect(names('negotiation globex')).toEqual(['Globex - Renewal']);
    expect(names('globex prospecting')).toEqual([]);
    expect(names('1,200 acme')).toEqual(['Acme - 1,200 Widgets']);
  });

  it('keeps the list order, and an empty query is the whole list', () => {
    expect(names('-')).toEqual(DEALS.map((d) => d.name));
    expect(names('   ')).toEqual(DEALS.map((d) => d.name));
    expect(applyFilters(DEALS, KEYS, [2, 0, 1], NO_FILTERS, '')).toEqual([DEALS[2], DEALS[0], DEALS[1]]);
  });

  it('filters 10,000 deals well within a frame', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item(`Deal ${i} ${i % 7 === 0 ? 'Globex' : 'Acme'}`));
    const keys = dealKeys(many, STAGE_ORDER, isoOf(TODAY));
    const order = many.map((_, i) => i);
    const started = performance.now();
    const found = applyFilters(many, keys, order, NO_FILTERS, 'globex 12');
    expect(performance.now() - started).toBeLessThan(50);
    expect(found.every((d) => d.name.includes('Globex') && d.name.includes('12'))).toBe(true);
  });
});

describe('filtering the deal list', () => {
  const deals = [
    item('Overdue', { closeDate: daysFromToday(-1), ready: true }),
    item('Today', { closeDate: daysFromToday(0), stale: true }),
    item('No date', { closeDate: null, crm: 'hubspot', stageId: 'discovery' }),
    item('Next year', { closeDate: `${TODAY.getFullYear() + 1}-01-15`, stageId: null }),
  ];
  const keys = dealKeys(deals, STAGE_ORDER, isoOf(TODAY));
  const only = (filters: Partial<DealFilters>, query = '') => names(query, { ...NO_FILTERS, ...filters }, deals, keys);

  it('by stage (or not in the playbook), CRM, readiness and stale', () => {
    expect(only({ stage: 'discovery' })).toEqual(['No date']);
    expect(only({ stage: UNKNOWN_STAGE })).toEqual(['Next year']);
    expect(only({ crm: 'hubspot' })).toEqual(['No date']);
    expect(only({ ready: 'ready' })).toEqual(['Overdue']);
    expect(only({ ready: 'not-ready' })).toEqual(['Today', 'No date', 'Next year']);
    expect(only({ stale: true })).toEqual(['Today']);
  });

  it('by closing period: overdue, this month, this quarter (which holds this month)', () => {
    expect(only({ closing: 'overdue' })).toEqual(['Overdue']);
    expect(only({ closing: 'month' })).toEqual(['Today']);
    expect(only({ closing: 'quarter' })).toEqual(['Today']);
    expect(only({ closing: 'month' }, 'overdue')).toEqual([]);
  });

  it('knows months and quarters', () => {
    expect(closingPeriod('2026-02-10', '2026-02-09')).toBe('month');
    expect(closingPeriod('2026-03-31', '2026-02-09')).toBe('quarter');
    expect(closingPeriod('2026-04-01', '2026-03-31')).toBe('later');
    expect(closingPeriod('2026-03-30', '2026-03-31')).toBe('overdue');
    expect(closingPeriod('2027-01-05', '2026-12-31')).toBe('later');
    expect(closingPeriod(null, '2026-12-31')).toBe('none');
  });
});

describe('sorting the deal list', () => {
  const deals = [
    item('b Umbrella', { amount: { amount: 500, currency: 'USD' }, closeDate: '2026-03-01', stageId: 'negotiation', daysInStage: 3 }),
    item('a Acme', { amount: null, closeDate: null, stageId: 'discovery', daysInStage: null }),
    item('c Globex', { amount: { amount: 900, currency: 'USD' }, closeDate: '2026-01-01', stageId: null, daysInStage: 40 }),
    item('d Stark', { amount: { amount: 100, currency: 'EUR' }, closeDate: '2026-02-01', stageId: 'discovery', daysInStage: 10 }),
  ];
  const keys = dealKeys(deals, STAGE_ORDER, '2026-01-01');
  const sorted = (key: SortKey, descending = false) => sortOrder(deals, keys, key, descending).map((i) => deals[i]?.name);

  it('by name, amount (within each currency), close date, stage and days in stage; blanks last either way', () => {
    expect(sorted('attention')).toEqual(deals.map((d) => d.name));
    expect(sorted('name')).toEqual(['a Acme', 'b Umbrella', 'c Globex', 'd Stark']);
    expect(sorted('amount', true)).toEqual(['d Stark', 'c Globex', 'b Umbrella', 'a Acme']);
    expect(sorted('amount')).toEqual(['d Stark', 'b Umbrella', 'c Globex', 'a Acme']);
    expect(sorted('closeDate')).toEqual(['c Globex', 'd Stark', 'b Umbrella', 'a Acme']);
    expect(sorted('closeDate', true)).toEqual(['b Umbrella', 'd Stark', 'c Globex', 'a Acme']);
    expect(sorted('stage')).toEqual(['a Acme', 'd Stark', 'b Umbrella', 'c Globex']);
    expect(sorted('daysInStage', true)).toEqual(['c Globex', 'd Stark', 'b Umbrella', 'a Acme']);
  });

  it('sorts 10,000 deals fast enough to do on a click', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item(`Deal ${(i * 7919) % 10_000}`, { amount: { amount: (i * 31) % 977, currency: 'USD' } }));
    const manyKeys = dealKeys(many, STAGE_ORDER, '2026-01-01');
    const started = performance.now();
    sortOrder(many, manyKeys, 'amount', true);
    sortOrder(many, manyKeys, 'name', false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('the virtual list window', () => {
  it('renders the rows in view plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 300, 50, 1000, 4)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(5000, 300, 50, 1000, 4)).toEqual({ start: 96, end: 110 });
    expect(visibleRange(49_900, 300, 50, 1000, 4)).toEqual({ start: 994, end: 1000 });
    expect(visibleRange(-20, 300, 50, 3, 4)).toEqual({ start: 0, end: 3 });
  });
});
