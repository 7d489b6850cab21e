/**
 * Payload schemas for every message: the router parses each payload with these before any handler sees it.
 * Unknown keys are rejected (strictObject), sizes are bounded, and a deal's URL must be https. Which deals a sender
 * may write is decided after parsing, in access.ts.
 */
import * as v from 'valibot';
import { SNAPSHOT_LIMITS as LIMIT } from '../core/snapshot-fit';
import type { DealSnapshot } from '../core/types';
import type { MessageType, Payload } from '../messages';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nullableText = (max: number) => v.nullable(text(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
/** What a tick's criterion id may be: what a playbook's criterion ids are. */
export const CRITERION_ID = /^[a-z0-9-]{1,100}$/;
const empty = v.strictObject({});
const revisionId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

const httpsUrl = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.check((s) => URL.canParse(s) && new URL(s).protocol === 'https:', 'must be an https URL'),
);

const dealSnapshot = v.strictObject({
  // A CRM's registry id, or `site:<id>` for a configured site.
  crm: v.pipe(v.string(), v.regex(/^(site:)?[a-z0-9-]{1,64}$/)),
  key: id,
  recordId: id,
  url: httpsUrl,
  locale: text(35),
  name: nullableText(LIMIT.name),
  stage: v.strictObject({ label: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMIT.stage)), value: nullableText(LIMIT.stage) }),
  amount: v.nullable(
    v.strictObject({ amount: v.pipe(v.number(), v.finite()), currency: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/))) }),
  ),
  closeDate: v.nullable(v.pipe(v.string(), v.isoDate())),
  probability: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
  nextStep: nullableText(LIMIT.nextStep),
  owner: nullableText(LIMIT.owner),
  forecastCategory: nullableText(LIMIT.forecastCategory),
  fields: v.pipe(
    v.record(text(LIMIT.fieldLabel), text(LIMIT.fieldValue)),
    v.check((r) => Object.keys(r).length <= LIMIT.fields, `has more than ${LIMIT.fields} fields`),
  ),
});

/** A list row: as a snapshot's fields, each optional (not shown in that list), the URL required. */
const listedDeal = v.strictObject({
  url: httpsUrl,
  name: v.optional(dealSnapshot.entries.name),
  stage: v.optional(v.nullable(dealSnapshot.entries.stage)),
  amount: v.optional(dealSnapshot.entries.amount),
  closeDate: v.optional(dealSnapshot.entries.closeDate),
  probability: v.optional(dealSnapshot.entries.probability),
  owner: v.optional(dealSnapshot.entries.owner),
  forecastCategory: v.optional(dealSnapshot.entries.forecastCategory),
});

// A compile-time guard: the schema's output must be a DealSnapshot, so the two cannot drift apart.
const _dealMatches: DealSnapshot = {} as v.InferOutput<typeof dealSnapshot>;
void _dealMatches;

export const PAYLOAD_SCHEMAS: { [K in MessageType]: v.GenericSchema<unknown, Payload<K>> } = {
  'deal/seen': v.strictObject({
    deal: v.pipe(
      dealSnapshot,
      v.check((d) => d.key.startsWith(`${d.crm}:`), "the deal's key does not belong to its CRM"),
    ),
  }),
  'check/set': v.strictObject({
    // The URL form for content scripts, the key form for extension pages: access.ts decides who may use which.
    deal: v.union([v.strictObject({ url: httpsUrl }), v.strictObject({ key: id })], 'must be { url } or { key }'),
    criterionId: v.pipe(v.string(), v.regex(CRITERION_ID)),
    checked: v.boolean(),
  }),
  'stage/choose': v.strictObject({
    deal: v.strictObject({ url: httpsUrl }),
    // A playbook stage id (src/core/playbook/schema.ts): whether the active playbook has it is the handler's check.
    stageId: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)),
  }),
  'options/open': empty,
  'pipeline/get': empty,
  'pipeline/deals': empty,
  'playbook/get': empty,
  'playbook/import': v.strictObject({
    // 5 MB of playbook text is far beyond any real playbook; the bound keeps a bad paste from hanging the worker.
    text: v.pipe(v.string(), v.maxLength(5_000_000, 'the playbook text is larger than 5 MB')),
    fileName: nullableText(260),
    selectorChecks: v.optional(
      v.strictObject({
        // Bounded like the section itself (src/core/playbook/schema.ts), with room to spare.
        parts: v.pipe(
          v.record(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/)), v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(200))),
          v.check((r) => Object.keys(r).length <= 100, 'names more than 100 CRMs'),
        ),
        invalidCss: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2000))), v.maxLength(10_000)),
      }),
    ),
  }),
  // The playbook is checked by its own definition in the handler, every problem at once; only its size is bounded here.
  'playbook/save': v.strictObject({
    playbook: v.pipe(
      v.unknown(),
      v.check((p) => typeof p === 'object' && p !== null && !Array.isArray(p), 'must be a playbook object'),
      // JSON.stringify throws on a value nested deeper than the stack goes (100,000 levels); such a value is no playbook.
      v.check((p) => (jsonLength(p) ?? Infinity) <= 5_000_000, 'the playbook is larger than 5 MB or nested too deeply to read'),
    ),
  }),
  'playbook/reset': empty,
  // The URL is checked in the handler (src/core/team-url.ts), which says why one cannot be used.
  'team/save': v.strictObject({ url: v.nullable(v.pipe(v.string(), v.maxLength(2000, 'the URL is longer than 2,000 characters'))) }),
  'team/refresh': empty,
  'revisions/list': empty,
  'revisions/get': v.strictObject({ id: revisionId }),
  'revisions/activate': v.strictObject({ id: revisionId }),
  // Each site is checked by the playbook's own definition in the handler, with the whole playbook it joins.
  'sites/save': v.strictObject({ sites: v.pipe(v.array(v.unknown()), v.maxLength(200, 'has more than 200 sites')) }),
  'sites/status': empty,
  'deals/listed': v.strictObject({
    rows: v.pipe(v.array(listedDeal), v.maxLength(500, 'has more than 500 rows')),
  }),
  'deal/open': v.strictObject({ key: id }),
  'deal/forget': v.strictObject({ key: id }),
  'sync/status': empty,
  'sync/set': v.strictObject({ id: v.pipe(v.string(), v.regex(/^(salesforce|dynamics):[a-z0-9.-]{1,100}$/, 'is not a sync id')), enabled: v.boolean() }),
  'sync/run': v.strictObject({ force: v.boolean() }),
  'data/csv': v.strictObject({ open: v.boolean() }),
  'data/backup': empty,
  // The backup is checked whole by its own definition in the handler, every problem at once; only its size is bounded here.
  'data/restore': v.strictObject({ text: v.pipe(v.string(), v.maxLength(500_000_000, 'the backup is larger than 500 MB')) }),
  'data/clear': empty,
};

/** The length of `value` as JSON, or null when it cannot be written as JSON (nested too deeply, or circular). */
function jsonLength(value: unknown): number | null {
  try {
    return JSON.stringify(value).length;
  } catch {
    return null;
  }
}

/**
 * Parse a payload for its message type; the error says where the payload is wrong and how, in one sentence that
 * never pastes in what was sent (which may be megabytes, or crafted to read like something else).
 */
export function parsePayload<K extends MessageType>(
  type: K,
  payload: unknown,
): { ok: true; value: Payload<K> } | { ok: false; message: string } {
  // An array passes valibot's object check ("typeof [] === 'object'"), so an empty-payload message would take one.
  if (!isPlainObject(payload)) return { ok: false, message: `Invalid ${type} message: its payload must be an object, not ${kindOf(payload)}.` };
  const result = v.safeParse(PAYLOAD_SCHEMAS[type], payload);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, message: `Invalid ${type} message${issueInWords(result.issues[0])}.` };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** What kind of value `value` is, in words: "a number", "an array", "nothing". */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value;
  return kind === 'object' ? 'an object' : kind === 'number' ? 'a number' : kind === 'string' ? 'a string' : kind === 'boolean' ? 'a boolean' : `a ${kind}`;
}

/** A name from the message (a key), short enough for a sentence. */
const quoted = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);

/** What valibot's default message for each check means, for a value that failed it. */
const FAILED_CHECKS: Record<string, (requirement: unknown) => string> = {
  max_length: (n) => `is longer than ${String(n)}`,
  min_length: (n) => (n === 1 ? 'is empty' : `is shorter than ${String(n)}`),
  regex: () => 'is not in the form it must have',
  iso_date: () => 'is not a date written YYYY-MM-DD',
  min_value: (n) => `is below ${String(n)}`,
  max_value: (n) => `is above ${String(n)}`,
  integer: () => 'is not a whole number',
  finite: () => 'is not a finite number',
};

/** " at <path>: <what is wrong>" for valibot's issue, without its "Expected … but received <the value>". */
function issueInWords(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return '';
  const keys = issue.path?.map((item) => String(item.key)) ?? [];
  const at = (path: string[]) => (path.length > 0 ? ` at ${path.map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k)).join('.')}` : '');
  // Our own messages (schemas above) are already words; valibot's defaults all start "Invalid <what>:".
  if (!issue.message.startsWith('Invalid ')) return `${at(keys)}: ${issue.message}`;
  if (issue.kind === 'schema' && (issue.type === 'strict_object' || issue.type === 'object')) {
    const key = keys[keys.length - 1] ?? '';
    if (issue.expected === 'never') return `${at(keys.slice(0, -1))}: ${quoted(key)} is not one of its fields`;
    if (issue.input === undefined && keys.length > 0) return `${at(keys.slice(0, -1))}: ${quoted(key)} is missing`;
  }
  if (issue.kind === 'schema') return `${at(keys)}: expected ${issue.expected ?? 'another kind of value'}, got ${kindOf(issue.input)}`;
  const words = FAILED_CHECKS[issue.type];
  const requirement = (issue as v.BaseIssue<unknown> & { requirement?: unknown }).requirement;
  return `${at(keys)}: it ${words ? words(requirement) : `fails the ${issue.type.replace(/_/g, ' ')} check`}`;
}
