/**
 * What the worker reads back from IndexedDB, parsed before use: a record written by an older version, a bug or a
 * hand in the devtools must not take the pipeline down. A record that does not parse is left in the database (nothing
 * is lost) and skipped with a log line naming it.
 */
import * as v from 'valibot';
import type { DealRecord, DealSnapshot, DealSummary } from '../core/types';
import type { StoredSync } from './db';

/**
 * The shape of a stored deal, without the bounds a message is held to (payloads.ts): those were checked when it was
 * written, and checking 10,000 deals' every field against them again costs the popup's first read about 0.7 s.
 */
const text = v.string();
const nullableText = v.nullable(text);
const isoTime = v.pipe(v.string(), v.isoTimestamp());
const stage = v.strictObject({ label: text, value: nullableText });

const storedSnapshot = v.strictObject({
  crm: text,
  key: text,
  recordId: text,
  url: text,
  locale: text,
  name: nullableText,
  stage,
  amount: v.nullable(v.strictObject({ amount: v.number(), currency: nullableText })),
  closeDate: nullableText,
  probability: v.nullable(v.number()),
  nextStep: nullableText,
  owner: nullableText,
  forecastCategory: nullableText,
  fields: v.record(text, text),
});
const _snapshotMatches: DealSnapshot = {} as v.InferOutput<typeof storedSnapshot>;
void _snapshotMatches;

const dealRecord = v.strictObject({
  key: v.pipe(v.string(), v.minLength(1)),
  snapshot: storedSnapshot,
  firstSeen: isoTime,
  lastSeen: isoTime,
  history: v.pipe(v.array(v.strictObject({ stage, enteredAt: isoTime })), v.minLength(1)),
  seen: v.strictObject({ page: v.nullable(isoTime), list: v.nullable(isoTime), sync: v.nullable(isoTime) }),
  createdAt: v.nullable(isoTime),
  closeDates: v.array(v.strictObject({ from: nullableText, to: nullableText, at: isoTime })),
  amounts: v.array(
    v.strictObject({
      from: v.nullable(v.strictObject({ amount: v.number(), currency: nullableText })),
      to: v.nullable(v.strictObject({ amount: v.number(), currency: nullableText })),
      at: isoTime,
    }),
  ),
  closed: v.nullable(v.strictObject({ won: v.boolean() })),
});

const money = v.nullable(v.strictObject({ amount: v.number(), currency: nullableText }));
const seen = v.strictObject({ page: v.nullable(isoTime), list: v.nullable(isoTime), sync: v.nullable(isoTime) });
const visits = v.pipe(v.array(v.strictObject({ stage, enteredAt: isoTime })), v.minLength(1));
const closed = v.nullable(v.strictObject({ won: v.boolean() }));

/** A deal's index row (store `summaries`); its readiness with the playbook fingerprint and day it was made for. */
const dealSummary = v.strictObject({
  key: v.pipe(v.string(), v.minLength(1)),
  crm: text,
  name: nullableText,
  url: text,
  stage,
  amount: money,
  closeDate: nullableText,
  probability: v.nullable(v.number()),
  forecastCategory: nullableText,
  owner: nullableText,
  firstSeen: isoTime,
  lastSeen: isoTime,
  createdAt: v.nullable(isoTime),
  seen,
  history: visits,
  closePushes: v.number(),
  closed,
  readiness: v.nullable(
    v.strictObject({
      stageId: nullableText,
      requiredMet: v.nullable(v.number()),
      requiredTotal: v.nullable(v.number()),
      ready: v.boolean(),
      skipped: v.nullable(v.strictObject({ stageName: text, missing: v.number() })),
      playbook: text,
      day: text,
    }),
  ),
});
const _summaryMatches: DealSummary = {} as v.InferOutput<typeof dealSummary>;
void _summaryMatches;

const storedSync = v.strictObject({
  id: text,
  crm: v.picklist(['salesforce', 'dynamics']),
  org: text,
  enabled: v.boolean(),
  lastSyncedAt: v.nullable(isoTime),
  lastAttemptAt: v.nullable(isoTime),
  lastCount: v.nullable(v.number()),
  failure: nullableText,
});
const _syncMatches: StoredSync = {} as v.InferOutput<typeof storedSync>;
void _syncMatches;

// The schema's output must be a DealRecord, so the two cannot drift apart.
const _recordMatches: DealRecord = {} as v.InferOutput<typeof dealRecord>;
void _recordMatches;

/** The first problem valibot found, as "path: message". */
function problemOf(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const issue = issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

/** A stored index row, or a sentence saying what is wrong with it. */
export function parseDealSummary(value: unknown): { ok: true; summary: DealSummary } | { ok: false; problem: string } {
  const result = v.safeParse(dealSummary, value);
  return result.success ? { ok: true, summary: result.output } : { ok: false, problem: problemOf(result.issues) };
}

/** A stored sync row, or a sentence saying what is wrong with it. */
export function parseSync(value: unknown): { ok: true; sync: StoredSync } | { ok: false; problem: string } {
  const result = v.safeParse(storedSync, value);
  return result.success ? { ok: true, sync: result.output } : { ok: false, problem: problemOf(result.issues) };
}

/** The stored deal, or a sentence saying what is wrong with it. */
export function parseDealRecord(value: unknown): { ok: true; record: DealRecord } | { ok: false; problem: string } {
  const result = v.safeParse(dealRecord, value);
  if (result.success) {
    if (result.output.key === result.output.snapshot.key) return { ok: true, record: result.output };
    return { ok: false, problem: `it is filed under ${result.output.key} but its snapshot is of ${result.output.snapshot.key}` };
  }
  return { ok: false, problem: problemOf(result.issues) };
}
