import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import type { DealRecord, DealSnapshot } from '../../src/core/types';

/** A deal page snapshot with every field empty unless given: tests say only what matters to them. */
export function deal(overrides: Partial<DealSnapshot> = {}): DealSnapshot {
  return {
    crm: 'salesforce',
    key: 'salesforce:acme:006000000000001AAA',
    recordId: '006000000000001AAA',
    url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view',
    locale: 'en-GB',
    name: 'Acme renewal',
    stage: { label: 'Discovery', value: null },
    amount: null,
    closeDate: null,
    probability: null,
    nextStep: null,
    owner: null,
    forecastCategory: null,
    fields: {},
    ...overrides,
  };
}

/**
 * Opportunity `id` of the Acme Salesforce org, named `name`, in the built-in playbook's first stage with an amount,
 * an owner and a custom field: a deal with something in each kind of field, for tests that store and restore deals.
 */
export function acmeOpportunity(id: string, name: string): DealSnapshot {
  return deal({
    key: `salesforce:acme:${id}`,
    recordId: id,
    url: `https://acme.lightning.force.com/lightning/r/Opportunity/${id}/view`,
    locale: 'en-US',
    name,
    stage: { label: DEFAULT_PLAYBOOK.stages[0]!.name, value: null },
    amount: { amount: 5000, currency: 'USD' },
    owner: 'Dana',
    fields: { Region: 'EMEA' },
  });
}

/** A stored deal record that entered its current stage at `enteredAt`. */
export function record(key: string, snapshot: Partial<DealSnapshot>, enteredAt = '2026-06-01T09:00:00.000Z'): DealRecord {
  const snap = deal({ key, recordId: key, url: `https://crm.example/deal/${key}`, name: key, ...snapshot });
  return {
    key,
    snapshot: snap,
    firstSeen: enteredAt,
    lastSeen: enteredAt,
    history: [{ stage: snap.stage, enteredAt }],
    seen: { page: enteredAt, list: null, sync: null },
    createdAt: null,
    closeDates: [],
    amounts: [],
    closed: null,
  };
}

/** Intl puts non-breaking spaces in formatted money ("USD\u00a01.00"); tests compare readable text. */
export function plain(s: string | undefined): string {
  return (s ?? '').replace(/[\u00a0\u202f]/g, ' ');
}
