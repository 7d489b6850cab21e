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

type Check = (value: unknown) => boolean;
const isText: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const orNull =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStage: Check = (value) => isObject(value) && isText(value.label) && orNull(isText)(value.value);
const isMoney: Check = (value) => isObject(value) && isNumber(value.amount) && orNull(isText)(value.currency);
const isSeen: Check = (value) => isObject(value) && orNull(isText)(value.page) && orNull(isText)(value.list) && orNull(isText)(value.sync);
const isVisits: Check = (value) =>
  Array.isArray(value) && value.length > 0 && value.every((visit) => isObject(visit) && isStage(visit.stage) && isText(visit.enteredAt));
const isClosed: Check = (value) => isObject(value) && typeof value.won === 'boolean';
const isSkipped: Check = (value) => isObject(value) && isText(value.stageName) && isNumber(value.missing);
const isReadiness: Check = (value) =>
  isObject(value) &&
  orNull(isText)(value.stageId) &&
  orNull(isNumber)(value.requiredMet) &&
  orNull(isNumber)(value.requiredTotal) &&
  typeof value.ready === 'boolean' &&
  orNull(isSkipped)(value.skipped) &&
  isText(value.playbook) &&
  isText(value.day);

/**
 * A DealSummary's fields and how each is checked. By hand rather than with valibot: the first popup after the worker
 * starts reads every row, and at 10,000 rows valibot's parse (timestamps matched by pattern included) took longer
 * than the whole rest of the answer. The row is written only by the worker, from a parsed record, with every write
 * of its deal: the shape is what can go wrong (an older version, a hand in the devtools), and the shape is checked.
 */
const SUMMARY_FIELDS: { [K in keyof DealSummary]-?: Check } = {
  key: (value) => typeof value === 'string' && value.length > 0,
  crm: isText,
  name: orNull(isText),
  url: isText,
  stage: isStage,
  amount: orNull(isMoney),
  closeDate: orNull(isText),
  probability: orNull(isNumber),
  forecastCategory: orNull(isText),
  owner: orNull(isText),
  firstSeen: isText,
  lastSeen: isText,
  createdAt: orNull(isText),
  seen: isSeen,
  history: isVisits,
  closePushes: isNumber,
  closed: orNull(isClosed),
  readiness: orNull(isReadiness),
};
const SUMMARY_CHECKS = Object.entries(SUMMARY_FIELDS);

/** A stored index row, or a sentence saying which field is wrong with it. */
export function parseDealSummary(value: unknown): { ok: true; summary: DealSummary } | { ok: false; problem: string } {
  if (!isObject(value)) return { ok: false, problem: 'it is not an index row' };
  for (const [field, check] of SUMMARY_CHECKS) {
    if (!check(value[field])) return { ok: false, problem: `${field}: not what an index row holds there` };
  }
  return { ok: true, summary: value as unknown as DealSummary };
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
