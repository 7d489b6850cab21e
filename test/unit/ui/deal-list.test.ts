import { describe, expect, it } from 'vitest';
import type { DealListItem } from '../../../src/core/forecast';
import { dealSearchText, filterDeals, foldText, queryWords, visibleRange } from '../../../src/popup/deal-list';

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
  ...extra,
});

const DEALS = [
  item('Globex - Renewal'),
  item('Acme - 1,200 Widgets', { crmStage: 'Prospecting', stageName: 'Discovery', owner: 'Zoë Martin' }),
  item('Société Générale - Pilot', { crmStage: 'On Hold', stageName: null, owner: null }),
];
const TEXTS = DEALS.map(dealSearchText);
const names = (query: string) => filterDeals(DEALS, TEXTS, query).map((d) => d.name);

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
    expect(filterDeals(DEALS, TEXTS, '   ')).toBe(DEALS);
  });

  it('filters 10,000 deals well within a frame', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item(`Deal ${i} ${i % 7 === 0 ? 'Globex' : 'Acme'}`));
    const texts = many.map(dealSearchText);
    const started = performance.now();
    const found = filterDeals(many, texts, 'globex 12');
    expect(performance.now() - started).toBeLessThan(50);
    expect(found.every((d) => d.name.includes('Globex') && d.name.includes('12'))).toBe(true);
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
