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
