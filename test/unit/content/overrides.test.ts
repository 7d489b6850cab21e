// @vitest-environment happy-dom
/**
 * The active playbook's selector repairs on a deal page: handed to the adapter in front of its own selectors, CSS that
 * does not parse dropped with a warning, and a new adapter only when the repairs for its CRM change.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRepairedAdapter, overridesFor } from '../../../src/content/overrides';
import type { Playbook } from '../../../src/core/types';
import type { CrmAdapter, SelectorOverrides } from '../../../src/crm/types';

/** An adapter that records the overrides it was made with: `withSelectors` is the only member these tests use. */
function testAdapter(overrides: SelectorOverrides = {}): CrmAdapter & { overrides: SelectorOverrides } {
  const none = () => null;
  return {
    id: 'salesforce',
    label: 'Salesforce',
    overrides,
    signature: none,
    read: () => ({ ok: false, failure: { kind: 'not-deal' } }),
    keepClear: none,
    watched: () => [],
    mayHoldDeal: () => false,
    observeRoot: none,
    parts: {
      stage: { label: 'the current stage in the Path', selectors: ['li.slds-is-current'] },
      amount: { label: 'the Amount field', selectors: ['.amount'] },
    },
    withSelectors: (more) => testAdapter(more),
  };
}

const playbook = (selectors?: Playbook['selectors']): Playbook => ({
  format: 'stagecoach.playbook/v1',
  name: 'Repairs',
  stages: [{ id: 'discovery', name: 'Discovery', match: [], probability: 10, forecastCategory: 'pipeline', outcome: 'open', criteria: [] }],
  ...(selectors && { selectors }),
});

afterEach(() => vi.restoreAllMocks());

describe('the playbook’s selector repairs on a deal page', () => {
  it('are the playbook’s selectors for this CRM only', () => {
    const repairs = playbook({ salesforce: { stage: ['li.is-now'] }, hubspot: { stage: ['.badge'] } });
    expect(overridesFor(repairs, testAdapter())).toEqual({ stage: ['li.is-now'] });
    expect(overridesFor(playbook(), testAdapter())).toEqual({});
    expect(overridesFor(null, testAdapter())).toEqual({});
  });

  it('drop a selector this browser cannot parse, naming it and its part in a warning, and keep the others', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const repairs = playbook({ salesforce: { stage: ['li..is-now', 'li.is-now'], amount: ['span::nonsense('] } });
    expect(overridesFor(repairs, testAdapter())).toEqual({ stage: ['li.is-now'] });
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      `[Stagecoach] The playbook's selector "li..is-now" for the current stage in the Path is not CSS this browser can read, so it is skipped. Fix it in the playbook and import it again.`,
      `[Stagecoach] The playbook's selector "span::nonsense(" for the Amount field is not CSS this browser can read, so it is skipped. Fix it in the playbook and import it again.`,
    ]);
  });
});

describe('the adapter a deal page reads with', () => {
  it('is the adapter itself without repairs, the adapter with them otherwise, and changes only when they do', () => {
    const adapter = testAdapter();
    const reading = createRepairedAdapter(adapter);
    expect(reading.update(playbook())).toBe(false);
    expect(reading.current).toBe(adapter);

    expect(reading.update(playbook({ salesforce: { stage: ['li.is-now'] } }))).toBe(true);
    const repaired = reading.current as ReturnType<typeof testAdapter>;
    expect(repaired.overrides).toEqual({ stage: ['li.is-now'] });
    // Another playbook with the same repairs (a renamed stage, say): the page need not be read again.
    expect(reading.update({ ...playbook({ salesforce: { stage: ['li.is-now'] } }), name: 'Renamed' })).toBe(false);
    expect(reading.current).toBe(repaired);
    // Repairs for another CRM only: this CRM reads with its own selectors again.
    expect(reading.update(playbook({ hubspot: { stage: ['.badge'] } }))).toBe(true);
    expect(reading.current).toBe(adapter);
  });
});
