/**
 * A deal record's lean index row (DealSummary): what the pipeline needs without the deal's detail fields. Pure, so
 * the worker writes it with every deal write and the database upgrade builds it for deals stored before.
 */
import type { DealRecord, DealSummary, Readiness } from './types';

/** How many times the close date moved to a later date. */
export function closePushes(record: Pick<DealRecord, 'closeDates'>): number {
  let pushes = 0;
  for (const change of record.closeDates) if (change.from !== null && change.to !== null && change.to > change.from) pushes++;
  return pushes;
}

/** The index row of `record`, carrying `readiness` over when the caller still holds a valid one. */
export function summaryOf(record: DealRecord, readiness: (Readiness & { playbook: string; day: string }) | null = null): DealSummary {
  const snap = record.snapshot;
  return {
    key: record.key,
    crm: snap.crm,
    name: snap.name,
    url: snap.url,
    stage: snap.stage,
    amount: snap.amount,
    closeDate: snap.closeDate,
    probability: snap.probability,
    forecastCategory: snap.forecastCategory,
    owner: snap.owner,
    firstSeen: record.firstSeen,
    lastSeen: record.lastSeen,
    createdAt: record.createdAt,
    seen: record.seen,
    history: record.history,
    closePushes: closePushes(record),
    closed: record.closed,
    readiness,
  };
}
