/**
 * What the worker reads back from IndexedDB, parsed before use: a record written by an older version, a bug or a
 * hand in the devtools must not take the pipeline down. A record that does not parse is left in the database (nothing
 * is lost) and skipped with a log line naming it.
 */
import * as v from 'valibot';
import type { DealRecord, DealSnapshot } from '../core/types';

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

// The schema's output must be a DealRecord, so the two cannot drift apart.
const _recordMatches: DealRecord = {} as v.InferOutput<typeof dealRecord>;
void _recordMatches;

/** The stored deal, or a sentence saying what is wrong with it. */
export function parseDealRecord(value: unknown): { ok: true; record: DealRecord } | { ok: false; problem: string } {
  const result = v.safeParse(dealRecord, value);
  if (result.success) {
    if (result.output.key === result.output.snapshot.key) return { ok: true, record: result.output };
    return { ok: false, problem: `it is filed under ${result.output.key} but its snapshot is of ${result.output.snapshot.key}` };
  }
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, problem: `${path ? `${path}: ` : ''}${issue.message}` };
}
