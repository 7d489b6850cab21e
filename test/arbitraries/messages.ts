/**
 * fast-check arbitraries for the worker's messages, shared by the unit property test
 * (test/unit/background/messages-fuzz.test.ts) and the browser one (test/e2e/messages-fuzz.test.ts).
 *
 * Each generated case is a message, who sends it, and what the worker must do with it:
 * - `refused`: answer `{ ok: false }` with an error a person can read, and write nothing;
 * - `unchanged`: answer (with data or an error), and write nothing (hostile content where the payload schema leaves
 *   the value to the handler's own checks, e.g. a deeply nested "playbook" given to playbook/save);
 * - `may-write`: a valid message from a sender allowed to send it: answer, with data or a readable error.
 *
 * Valid messages are written by hand (a deal's key must be the one its URL gives, a playbook must be a playbook);
 * mutations are driven by the payload schemas themselves (src/background/payloads.ts): the walk below finds every
 * checked place of a payload and breaks it the ways its schema forbids, so a new field gets fuzzed without edits here,
 * and a schema kind the walk does not know fails loudly.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { PAYLOAD_SCHEMAS } from '../../src/background/payloads';
import { ALLOWED_SENDERS } from '../../src/background/router';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import { TEMPLATES } from '../../src/core/templates';
import { recogniseDeal } from '../../src/crm/registry';
import type { DealSnapshot, ListedRow } from '../../src/core/types';
import type { Message, MessageType, Payload, SenderKind } from '../../src/messages';

/** Who sends a message: our content script, our popup, or someone the worker must not trust. */
export type SenderName = 'content' | 'popup' | ForeignSender;
/** Other extensions, web pages (were externally_connectable open), our script in a subframe or on http, no origin. */
export type ForeignSender = 'other-extension' | 'web-page' | 'subframe' | 'http-page' | 'no-origin';
export const FOREIGN_SENDERS: readonly ForeignSender[] = ['other-extension', 'web-page', 'subframe', 'http-page', 'no-origin'];

export type Expectation = 'refused' | 'unchanged' | 'may-write';

export interface MessageCase {
  sender: SenderName;
  message: unknown;
  expect: Expectation;
  /** What was done to the message, for the counterexample and the tally of what was tried. */
  why: string;
}

export interface CaseOptions {
  /** The https origin of the CRM page the content script runs on (a Salesforce Lightning org). */
  origin: string;
  /** How deep a nested value may go: the unit test builds 100,000 levels; a browser cannot carry that in a message. */
  maxDepth: number;
  /**
   * The longest string to build: the unit test goes past every bound but data/restore's 500 MB (10,000,000); the
   * browser test stops at 100,000 characters, as carrying megabytes thousands of times would be all its time.
   */
  longest: number;
  /** Leave out valid messages of these types (the browser test leaves out those that open tabs). */
  skipValid?: readonly MessageType[];
}

/** Another org's Lightning origin: what a page of `origin` must never write to. */
export const OTHER_ORIGIN = 'https://globex.lightning.force.com';

const MESSAGE_TYPES = Object.keys(ALLOWED_SENDERS) as MessageType[];
const senderMay = (type: MessageType, kind: SenderKind) => (ALLOWED_SENDERS[type] as readonly SenderKind[]).includes(kind);
const isMessageType = (type: unknown): type is MessageType => typeof type === 'string' && Object.hasOwn(ALLOWED_SENDERS, type);

// ---- Valid payloads ----------------------------------------------------------------------------------------------

/** Short text, sometimes any Unicode (right-to-left marks, lone surrogates), sometimes exactly at its limit. */
const text = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: Math.min(max, 30) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max, 30) }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
  );
const nullableText = (max: number) => fc.option(text(max), { nil: null });

/** Salesforce opportunity ids: a few shared ones (so messages meet the same deals), and fresh 15-character ones. */
const ID_POOL = ['006Hs00001AbCdEIAV', '006aj00000F4kQzAAJ', '006000000000001AAA', '006000000000002AAA'];
const opportunityId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ID_POOL) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{12}$/).map((rest) => `006${rest}`) },
);

/** A deal page of `origin` and the key the worker derives from it (the registry's own reading of the URL). */
export function dealAt(origin: string, id: string): { url: string; key: string; recordId: string } {
  const url = `${origin}/lightning/r/Opportunity/${id}/view`;
  const key = recogniseDeal(new URL(url))?.key;
  if (!key) throw new Error(`${url} is no deal page the registry knows: fix the arbitraries' ids`);
  return { url, key, recordId: key.slice(key.lastIndexOf(':') + 1) };
}

/** Keys of the shared deals of both orgs: what the popup names deals by. */
export const poolKeys = (origin: string): string[] => [origin, OTHER_ORIGIN].flatMap((o) => ID_POOL.map((id) => dealAt(o, id).key));

const stage = fc.record({ label: fc.string({ minLength: 1, maxLength: 30 }), value: nullableText(300) });
const amount = fc.option(
  fc.record({
    amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
    currency: fc.option(fc.constantFrom('USD', 'EUR', 'GBP', 'JPY'), { nil: null }),
  }),
  { nil: null },
);
const isoDay = fc.option(
  fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  { nil: null },
);
const probability = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });

function snapshotAt(origin: string): fc.Arbitrary<DealSnapshot> {
  return fc
    .record({
      id: opportunityId,
      locale: fc.constantFrom('en-US', 'en-GB', 'de-DE', 'fr-FR', 'ja-JP'),
      name: nullableText(500),
      stage,
      amount,
      closeDate: isoDay,
      probability,
      nextStep: nullableText(2000),
      owner: nullableText(300),
      forecastCategory: nullableText(100),
      fields: fc.dictionary(fc.string({ maxLength: 20 }), text(5000), { maxKeys: 6 }),
    })
    .map(({ id, ...rest }) => ({ crm: 'salesforce', ...dealAt(origin, id), ...rest }));
}

function listedAt(origin: string): fc.Arbitrary<ListedRow> {
  return fc.record(
    {
      url: opportunityId.map((id) => dealAt(origin, id).url),
      name: nullableText(500),
      stage: fc.option(stage, { nil: null }),
      amount,
      closeDate: isoDay,
      probability,
      owner: nullableText(300),
      forecastCategory: nullableText(100),
    },
    { requiredKeys: ['url'] },
  );
}

/** The built-in playbook's criterion and stage ids, and ids no playbook has. */
const builtIn = TEMPLATES[0]?.playbook;
if (!builtIn) throw new Error('No built-in playbook template: the arbitraries need its ids');
const criterionId = fc.oneof(
  fc.constantFrom(...builtIn.stages.flatMap((s) => s.criteria.map((c) => c.id))),
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
);
const stageId = fc.oneof(fc.constantFrom(...builtIn.stages.map((s) => s.id)), fc.stringMatching(/^[a-z0-9-]{1,20}$/));
const revisionId = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(Number.MAX_SAFE_INTEGER));
const SITE = {
  id: 'acme-crm',
  name: 'Acme CRM',
  dealPages: 'https://crm.acme.example/deals/*',
  selectors: { name: 'h1', stage: '[data-field=stage]' },
};

/**
 * A valid payload of every message type, as a sender allowed to send it would (content scripts on `origin`). The type
 * makes a missing message type a compile error; messages-fuzz.test.ts checks each parses.
 */
export function validPayloads(origin: string): ValidPayloads {
  const known = validPayloadsByOrigin.get(origin);
  if (known) return known;
  const payloads = buildValidPayloads(origin);
  validPayloadsByOrigin.set(origin, payloads);
  return payloads;
}

type ValidPayloads = { [K in MessageType]: fc.Arbitrary<Payload<K>> };
const validPayloadsByOrigin = new Map<string, ValidPayloads>();
const TEMPLATE_TEXTS = TEMPLATES.map((t) => serializePlaybook(t.playbook));

function buildValidPayloads(origin: string): ValidPayloads {
  const empty = fc.constant({} as Record<string, never>);
  const key = fc.oneof(fc.constantFrom(...poolKeys(origin)), fc.string({ minLength: 1, maxLength: 40 }));
  return {
    'deal/seen': snapshotAt(origin).map((deal) => ({ deal })),
    'check/set': fc.record({
      deal: opportunityId.map((id) => ({ url: dealAt(origin, id).url })),
      criterionId,
      checked: fc.boolean(),
    }),
    'stage/choose': fc.record({ deal: opportunityId.map((id) => ({ url: dealAt(origin, id).url })), stageId }),
    'options/open': empty,
    'pipeline/get': empty,
    'pipeline/deals': empty,
    'playbook/get': empty,
    'playbook/import': fc.record(
      {
        text: fc.oneof(fc.constantFrom(...TEMPLATE_TEXTS), fc.string(), fc.json()),
        fileName: nullableText(260),
        selectorChecks: fc.record({
          parts: fc.dictionary(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), { maxKeys: 3 }),
          invalidCss: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
        }),
      },
      { requiredKeys: ['text', 'fileName'] },
    ),
    'playbook/save': fc.record({ playbook: fc.oneof(fc.constantFrom(...TEMPLATES.map((t) => t.playbook)), fc.object({ maxDepth: 2 })) }),
    'playbook/reset': empty,
    'team/save': fc.record({
      url: fc.oneof(
        fc.constant(null),
        fc.constantFrom('https://team.example/playbook.json', 'http://localhost:9/playbook.json', 'ftp://team.example/p', 'not an address'),
        fc.webUrl({ validSchemes: ['https'] }),
      ),
    }),
    'team/refresh': empty,
    'revisions/list': empty,
    'revisions/get': fc.record({ id: revisionId }),
    'revisions/activate': fc.record({ id: revisionId }),
    'sites/save': fc.record({
      sites: fc.oneof(fc.constant<unknown[]>([]), fc.constant<unknown[]>([SITE]), fc.array<unknown>(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })),
    }),
    'sites/status': empty,
    'deals/listed': fc.record({ rows: fc.array(listedAt(origin), { maxLength: 4 }) }),
    'deal/open': fc.record({ key }),
    'deal/forget': fc.record({ key }),
    'sync/status': empty,
    'sync/set': fc.record({
      id: fc.oneof(fc.constant(`salesforce:${new URL(origin).hostname.split('.')[0]}`), fc.stringMatching(/^(salesforce|dynamics):[a-z0-9.-]{1,20}$/)),
      enabled: fc.boolean(),
    }),
    'sync/run': fc.record({ force: fc.boolean() }),
    'data/csv': fc.record({ open: fc.boolean() }),
    'data/backup': empty,
    'data/restore': fc.record({ text: fc.oneof(fc.string(), fc.json()) }),
    'data/clear': empty,
  };
}

/** A valid message of one of `types`. */
function validMessage(origin: string, types: readonly MessageType[]): fc.Arbitrary<Message> {
  const payloads = validPayloads(origin);
  return fc.constantFrom(...types).chain((type) => (payloads[type] as fc.Arbitrary<unknown>).map((payload) => ({ type, payload }) as Message));
}

// ---- What a content script may not do, though every payload parses ------------------------------------------------

/**
 * Writes a page of `origin` must not get through: another org's deal (by its URL, or its key under our URL), a tick
 * named by key, a page of its own origin that is no deal page. Each passes the payload schema; access.ts refuses it.
 */
function forgedContentMessages(origin: string): fc.Arbitrary<{ message: Message; why: string }> {
  const other = snapshotAt(OTHER_ORIGIN);
  const notDealUrl = fc.constantFrom('/lightning/page/home', '/lightning/o/Opportunity/list', '/lightning/r/Account/001Hs00000XyZwVIAV/view').map((p) => origin + p);
  const otherDealUrl = opportunityId.map((id) => dealAt(OTHER_ORIGIN, id).url);
  return fc.oneof(
    other.map((deal) => ({ message: { type: 'deal/seen', payload: { deal } } as Message, why: "another org's deal seen" })),
    fc.tuple(snapshotAt(origin), other).map(([own, theirs]) => ({
      message: { type: 'deal/seen', payload: { deal: { ...own, key: theirs.key, recordId: theirs.recordId } } } as Message,
      why: "another org's key under this page's URL",
    })),
    fc.record({ url: otherDealUrl, criterionId, checked: fc.boolean() }).map(({ url, ...rest }) => ({
      message: { type: 'check/set', payload: { deal: { url }, ...rest } } as Message,
      why: "a tick on another org's deal",
    })),
    fc.record({ key: fc.constantFrom(...poolKeys(origin)), criterionId, checked: fc.boolean() }).map(({ key, ...rest }) => ({
      message: { type: 'check/set', payload: { deal: { key }, ...rest } } as Message,
      why: 'a tick named by key from a CRM page',
    })),
    fc.record({ url: fc.oneof(otherDealUrl, notDealUrl), stageId }).map(({ url, stageId: id }) => ({
      message: { type: 'stage/choose', payload: { deal: { url }, stageId: id } } as Message,
      why: "a stage chosen for another org's deal or a page that is no deal",
    })),
    fc.array(listedAt(OTHER_ORIGIN), { minLength: 1, maxLength: 3 }).map((rows) => ({
      message: { type: 'deals/listed', payload: { rows } } as Message,
      why: "another org's list rows",
    })),
  );
}

// ---- Mutations, driven by the payload schemas ---------------------------------------------------------------------

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const KINDS: readonly Kind[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];
type Path = (string | number)[];

/** The parts of a valibot schema or action the walk reads (valibot's own types are generic over every schema). */
interface SchemaNode {
  type: string;
  pipe?: readonly { kind: string; type: string; requirement?: unknown }[];
  entries?: Record<string, SchemaNode>;
  wrapped?: SchemaNode;
  item?: SchemaNode;
  value?: SchemaNode;
  options?: readonly SchemaNode[];
}

/** One checked place of a payload: what kinds of value it accepts, and the schema that checks it. */
interface Place {
  path: Path;
  /** null: the schema leaves the value to the handler (`unknown`), so what breaks it is not known here. */
  accepts: ReadonlySet<Kind> | null;
  node: SchemaNode;
  /** The keys a strict object there must have, and may have. */
  required?: string[];
  known?: string[];
}

function kindsOf(node: SchemaNode): Set<Kind> | null {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return new Set([node.type]);
    case 'strict_object':
      return new Set(['object']);
    // A record checks only that it is an object: valibot takes an array as one, keyed by index.
    case 'record':
      return new Set(['object', 'array']);
    case 'array':
      return new Set(['array']);
    case 'nullable': {
      const inner = kindsOf(node.wrapped as SchemaNode);
      return inner && new Set([...inner, 'null']);
    }
    case 'optional':
      return kindsOf(node.wrapped as SchemaNode);
    case 'union': {
      const all = new Set<Kind>();
      for (const option of node.options ?? []) {
        const kinds = kindsOf(option);
        if (!kinds) return null;
        for (const k of kinds) all.add(k);
      }
      return all;
    }
    case 'unknown':
      return null;
    default:
      throw new Error(`The message arbitraries cannot walk a valibot "${node.type}" schema: teach placesOf and kindsOf about it.`);
  }
}

/** Every checked place in `value`, which `node` accepts. */
function placesOf(node: SchemaNode, value: unknown, path: Path = []): Place[] {
  const here: Place = { path, accepts: kindsOf(node), node };
  switch (node.type) {
    case 'nullable':
      return value === null ? [here] : placesOf(node.wrapped as SchemaNode, value, path).map((p) => (p.path === path ? { ...p, accepts: here.accepts } : p));
    case 'optional':
      return value === undefined ? [] : placesOf(node.wrapped as SchemaNode, value, path);
    case 'strict_object': {
      const entries = node.entries ?? {};
      const record = value as Record<string, unknown>;
      const required = Object.keys(entries).filter((k) => entries[k]?.type !== 'optional');
      return [
        { ...here, required, known: Object.keys(entries) },
        ...Object.keys(entries).flatMap((k) => (Object.hasOwn(record, k) ? placesOf(entries[k] as SchemaNode, record[k], [...path, k]) : [])),
      ];
    }
    case 'record':
      return [here, ...Object.entries(value as object).flatMap(([k, item]) => placesOf(node.value as SchemaNode, item, [...path, k]))];
    case 'array':
      return [here, ...(value as unknown[]).flatMap((item, i) => placesOf(node.item as SchemaNode, item, [...path, i]))];
    case 'union': {
      const option = (node.options ?? []).find((o) => v.is(o as unknown as v.GenericSchema, value));
      return option ? [here, ...placesOf(option, value, path).filter((p) => p.path !== path || p.required)] : [here];
    }
    default:
      return [here];
  }
}

/** A copy of `root` with the value at `path` replaced (or removed, for `undefined` with `remove`). */
function setAt(root: unknown, path: Path, replace: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) throw new Error('setAt needs a path: the root is replaced by the caller');
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  replace(parent, path[path.length - 1] as string | number);
  return copy;
}
const replaced = (root: unknown, path: Path, value: unknown) =>
  path.length === 0 ? value : setAt(root, path, (parent, key) => void Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true }));

/** Any JSON value, two levels deep: built once, as building fast-check's JSON arbitrary is slow. */
const JSON_VALUE = fc.jsonValue({ maxDepth: 2 });
const VALUE_OF: Record<Kind, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 20 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(JSON_VALUE, { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 10 }), JSON_VALUE, { minKeys: 1, maxKeys: 3 }),
};

/** A value of `kind`, as JSON can carry it (no NaN, no undefined: a browser message is JSON). */
function valueOf(kind: Kind): fc.Arbitrary<unknown> {
  return VALUE_OF[kind];
}

/** `depth` levels of objects or arrays, each holding the next. */
export function nested(depth: number, as: 'object' | 'array'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = as === 'object' ? { a: value } : [value];
  return value;
}

/** Strings a check of a string place rejects, of every kind a hostile page would try. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'Not Valid!',
  '../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'http://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/options/index.html',
  'file:///etc/passwd',
  'next Friday',
  '\u202Egnp.exe',
  '__proto__',
];


interface Mutation {
  message: unknown;
  expect: Expectation;
  why: string;
}

/** Where in a message a place is, for the case's description: "check/set payload.deal.url". */
const whereIn = (type: MessageType, place: Place) => (place.path.length === 0 ? `${type} payload` : `${type} payload.${place.path.join('.')}`);

/** Mostly shallow; sometimes as deep as the caller allows (building 100,000 levels takes milliseconds each time). */
const depthUpTo = (maxDepth: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 50 }) }, { weight: 1, arbitrary: fc.constantFrom(1_000, maxDepth) });

/** Whether the schema at a place leaves its value, or each of its items, to the handler (`unknown`). */
function leftOpen(node: SchemaNode): boolean {
  if (node.type === 'optional' || node.type === 'nullable') return leftOpen(node.wrapped as SchemaNode);
  if (node.type === 'array') return node.item?.type === 'unknown';
  if (node.type === 'record') return node.value?.type === 'unknown';
  return node.type === 'unknown';
}

/**
 * `message` with a value nested `depth` levels deep at `place`, and what the worker must do with it. Refuse it where
 * the payload schema does (no such kind here, an object with fixed keys, items of the wrong kind); write nothing
 * where the schema lets it through to the handler's own checks (an `unknown` place, or an array or record of them,
 * such as sites/save's sites); and take it as a valid message where the schema checks all of it and accepts it (a
 * record of string lists reads `[["bottom"]]` as `{"0": ["bottom"]}`).
 */
function nestedAt(message: Message, place: Place, depth: number, as: 'object' | 'array'): Mutation {
  const payload = replaced(message.payload, place.path, nested(depth, as));
  const where = whereIn(message.type, place);
  let expect: Expectation;
  if (place.accepts === null) expect = 'unchanged';
  else if (!place.accepts.has(as) || (as === 'object' && place.known)) expect = 'refused';
  else if (!v.is(PAYLOAD_SCHEMAS[message.type] as unknown as v.GenericSchema, payload)) expect = 'refused';
  else expect = leftOpen(place.node) ? 'unchanged' : 'may-write';
  return { message: { type: message.type, payload }, expect, why: `${where}: nested ${depth} levels deep` };
}

/** Ways to break the value at `place` that its schema forbids. */
function breakPlace(message: Message, place: Place, { maxDepth, longest }: CaseOptions): fc.Arbitrary<Mutation>[] {
  const { type, payload } = message;
  const where = whereIn(type, place);
  const put = (value: unknown) => ({ type, payload: replaced(payload, place.path, value) });
  const out: fc.Arbitrary<Mutation>[] = [];
  const deep = fc.tuple(depthUpTo(maxDepth), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([d, as]) => nestedAt(message, place, d, as));
  // The handler checks what is here; nothing may be written and nothing may crash all the same.
  if (place.accepts === null) return [deep];
  const accepts = place.accepts;
  const wrong = KINDS.filter((k) => !accepts.has(k));
  if (wrong.length > 0) {
    out.push(
      fc
        .constantFrom(...wrong)
        .chain((kind) => valueOf(kind).map((value) => ({ message: put(value), expect: 'refused' as const, why: `${where}: a ${kind} instead` }))),
    );
  }
  out.push(deep);
  if (place.required && place.known) {
    const known = place.known;
    const extraKey = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'then'),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    out.push(
      fc
        .tuple(extraKey.filter((k) => !known.includes(k)), fc.oneof(JSON_VALUE, fc.constant({ isAdmin: true })))
        .map(([key, value]) => {
          // defineProperty, so `__proto__` is an own key (as JSON.parse makes it), not the object's prototype.
          const target = structuredClone(place.path.length === 0 ? payload : undefined);
          const withKey =
            place.path.length === 0
              ? Object.defineProperty(target as object, key, { value, enumerable: true, writable: true, configurable: true })
              : setAt(payload, place.path, (parent, k) => {
                  Object.defineProperty(parent[k] as object, key, { value, enumerable: true, writable: true, configurable: true });
                });
          return { message: { type, payload: withKey }, expect: 'refused' as const, why: `${where}: an extra key ${JSON.stringify(key)}` };
        }),
    );
    if (place.required.length > 0) {
      out.push(
        fc.constantFrom(...place.required).map((key) => ({
          message: { type, payload: replaced(payload, place.path, Object.fromEntries(Object.entries(valueAt(payload, place.path) as object).filter(([k]) => k !== key))) },
          expect: 'refused' as const,
          why: `${where}: "${key}" missing`,
        })),
      );
    }
  }
  for (const action of place.node.pipe ?? []) {
    if (action.kind !== 'validation') continue;
    const limit = typeof action.requirement === 'number' ? action.requirement : null;
    // Built only when chosen: a 5 MB string or 500 list rows for every message mutated would be most of the test's time.
    const broken = (value: () => unknown, what: string) =>
      fc.constant(null).map(() => ({ message: put(value()), expect: 'refused' as const, why: `${where}: ${what}` }));
    if (action.type === 'max_length' && limit !== null && limit < longest && place.node.type === 'string') {
      out.push(broken(() => 'x'.repeat(limit + 1), `${limit + 1} characters, over its ${limit}`));
    } else if (action.type === 'max_length' && limit !== null && place.node.type === 'array') {
      out.push(broken(() => Array.from({ length: limit + 1 }, () => (valueAt(payload, [...place.path, 0]) ?? null)), `${limit + 1} items, over its ${limit}`));
    } else if (action.type === 'min_length' && limit !== null && limit > 0) {
      out.push(broken(() => '', `empty, under its ${limit} characters`));
    } else if (action.type === 'min_value' && limit !== null) {
      out.push(broken(() => limit - 1, `${limit - 1}, under its minimum ${limit}`));
    } else if (action.type === 'max_value' && limit !== null && limit < Number.MAX_SAFE_INTEGER) {
      out.push(broken(() => limit + 1, `${limit + 1}, over its maximum ${limit}`));
    } else if (action.type === 'integer') {
      out.push(broken(() => 1.5, '1.5, not a whole number'));
    } else if (action.type === 'regex' || action.type === 'iso_date' || action.type === 'check') {
      if (place.node.type !== 'string') continue;
      const rejected = HOSTILE_STRINGS.filter((s) => !v.is(place.node as unknown as v.GenericSchema, s));
      if (rejected.length > 0) out.push(fc.constantFrom(...rejected).map((s) => ({ message: put(s), expect: 'refused' as const, why: `${where}: ${JSON.stringify(s)}` })));
    }
  }
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

/** Wrong message types: near misses, the names every object has, other values. */
const wrongType = (longest: number) =>
  fc
  .oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', ''),
    fc.constantFrom(...MESSAGE_TYPES).chain((t) =>
      fc.constantFrom(t.toUpperCase(), ` ${t}`, `${t}/`, `${t}\u0000`, t.replace('/', '.'), t.replace('e', '\u0435'), `../${t}`),
    ),
    fc.string({ maxLength: 30 }),
    fc.constant('x'.repeat(Math.min(1_000_000, longest))),
    fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant(['pipeline/get']), fc.constant({ toString: 'pipeline/get' })),
  )
  .filter((t) => !isMessageType(t));

const wrongTypeByLength = new Map<number, fc.Arbitrary<unknown>>();

/**
 * Hostile content the payload schema lets through to the handler's own checks: a value nested deep at each place the
 * schema leaves open (`unknown`, or an array or record of `unknown`). The handler must answer and write nothing.
 * These are few among all the ways to break a message, so the popup's cases ask for them by name.
 */
function leftToHandler(message: Message, { maxDepth }: CaseOptions): fc.Arbitrary<Mutation>[] {
  const places = placesOf(PAYLOAD_SCHEMAS[message.type] as unknown as SchemaNode, message.payload);
  return places
    .filter((place) => leftOpen(place.node))
    .map((place) => {
      const shapes = place.accepts === null ? (['object', 'array'] as const) : (['object', 'array'] as const).filter((as) => place.accepts?.has(as));
      return fc.tuple(depthUpTo(maxDepth), fc.constantFrom(...shapes)).map(([d, as]) => nestedAt(message, place, d, as));
    });
}

/** A mutation of a valid message: of its envelope, or of its payload where the payload schema checks it. */
function mutated(message: Message, options: CaseOptions): fc.Arbitrary<Mutation> {
  const places = placesOf(PAYLOAD_SCHEMAS[message.type] as unknown as SchemaNode, message.payload);
  const wrongTypes = wrongTypeByLength.get(options.longest) ?? wrongType(options.longest);
  wrongTypeByLength.set(options.longest, wrongTypes);
  const ofPayload = places.flatMap((place) => breakPlace(message, place, options));
  const refused = (why: string) => (m: unknown) => ({ message: m, expect: 'refused' as const, why });
  return fc.oneof(
    { weight: 1, arbitrary: wrongTypes.map((type) => ({ message: { type, payload: message.payload }, expect: 'refused' as const, why: 'a message type Stagecoach has not' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'sender', 'from', 'tabId', 'origin'), JSON_VALUE)
        .map(([key, value]) =>
          refused(`an extra key ${JSON.stringify(key)} beside type and payload`)(
            Object.defineProperty({ ...message }, key, { value, enumerable: true, writable: true, configurable: true }),
          ),
        ),
    },
    { weight: 1, arbitrary: fc.constant(refused('no payload')({ type: message.type })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<unknown>(null, 42, 'pipeline/get', [message.type, message.payload], true, [message])
        .map(refused('not an object')),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<unknown>(null, 0, 'text', [], [message.payload], true)
        .map((payload) => refused('a payload that is not an object')({ type: message.type, payload })),
    },
    { weight: 6, arbitrary: fc.oneof(...ofPayload) },
  );
}

// ---- Cases, by sender group ---------------------------------------------------------------------------------------

export interface MessageCases {
  content: fc.Arbitrary<MessageCase>;
  popup: fc.Arbitrary<MessageCase>;
  foreign: fc.Arbitrary<MessageCase>;
}

/**
 * `value` as short JSON-like text: nesting past 4 levels and strings past 80 characters cut, so a case with a 5 MB
 * string or 100,000 levels prints as a line (fast-check prints counterexamples with it, see fc.toStringMethod).
 */
export function show(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}… (${value.length} characters)` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth >= 4) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 5).map((item) => show(item, depth + 1));
    return `[${items.join(', ')}${value.length > 5 ? `, … (${value.length} items)` : ''}]`;
  }
  const entries = Object.entries(value);
  const shown = entries.slice(0, 16).map(([k, item]) => `${JSON.stringify(k)}: ${show(item, depth + 1)}`);
  return `{${shown.join(', ')}${entries.length > 16 ? ', …' : ''}}`;
}

/** The case, printed by fast-check as one readable line. */
function described(c: MessageCase): MessageCase {
  return Object.defineProperty(c, fc.toStringMethod, { value: () => `${c.sender} sends ${c.why} (${c.expect}): ${show(c.message)}` });
}

export function messageCases(options: CaseOptions): MessageCases {
  const { origin } = options;
  const kept = MESSAGE_TYPES.filter((t) => !(options.skipValid ?? []).includes(t));
  const contentTypes = kept.filter((t) => senderMay(t, 'content'));
  const pageTypes = kept.filter((t) => senderMay(t, 'page'));
  const contentOnly = MESSAGE_TYPES.filter((t) => !senderMay(t, 'page'));
  const pageOnly = MESSAGE_TYPES.filter((t) => !senderMay(t, 'content'));
  const any = validMessage(origin, MESSAGE_TYPES);
  /** A mutation, refused outright when its sender may not send its type at all. */
  const mutation = (sender: SenderName, kind: SenderKind | null) =>
    any.chain((message) =>
      mutated(message, options).map((m) =>
        described({
          sender,
          message: m.message,
          expect: kind !== null && senderMay(message.type, kind) ? m.expect : 'refused',
          why: `mutated: ${m.why}`,
        }),
      ),
    );
  const valid = (sender: SenderName, types: readonly MessageType[], expect: Expectation, why: string) =>
    validMessage(origin, types).map((message) => described({ sender, message, expect, why: `${why}: ${message.type}` }));

  return {
    content: fc.oneof(
      { weight: 3, arbitrary: valid('content', contentTypes, 'may-write', 'valid from its own org') },
      { weight: 2, arbitrary: forgedContentMessages(origin).map(({ message, why }) => described({ sender: 'content', message, expect: 'refused', why })) },
      { weight: 2, arbitrary: valid('content', pageOnly, 'refused', 'privileged, from a CRM page') },
      { weight: 5, arbitrary: mutation('content', 'content') },
    ),
    popup: fc.oneof(
      { weight: 3, arbitrary: valid('popup', pageTypes, 'may-write', 'valid from the popup') },
      { weight: 1, arbitrary: valid('popup', contentOnly, 'refused', 'only a CRM page sends it') },
      { weight: 6, arbitrary: mutation('popup', 'page') },
      {
        weight: 1,
        arbitrary: validMessage(origin, pageTypes)
          .map((message) => leftToHandler(message, options))
          .filter((ways) => ways.length > 0)
          .chain((ways) => fc.oneof(...ways))
          .map((m) => described({ sender: 'popup', message: m.message, expect: m.expect, why: `hostile content for the handler: ${m.why}` })),
      },
    ),
    foreign: fc
      .tuple(fc.constantFrom(...FOREIGN_SENDERS), fc.oneof(valid('content', MESSAGE_TYPES, 'refused', 'from a sender Stagecoach does not trust'), mutation('content', null)))
      .map(([sender, c]) => described({ ...c, sender })),
  };
}

// ---- What a reply must look like ----------------------------------------------------------------------------------

export const ERROR_CODES = ['unknown-message', 'forbidden', 'invalid-payload', 'failed'] as const;

/**
 * Why `message` is not an error a person can read, or null when it is: a sentence (a capital first, a full stop
 * last), short enough to read, with no stack trace, "[object Object]" or "undefined" (the marks of a value pasted in
 * unread or of a crash).
 */
export function unreadable(message: unknown): string | null {
  if (typeof message !== 'string' || message.trim() === '') return 'no message';
  if (message.length > 600) return `${message.length} characters long`;
  // A sentence may start with the address it is about ("https://… is not a deal page of a CRM Stagecoach knows.").
  if (!/^([A-Z"“]|https:\/\/)/u.test(message)) return 'does not start a sentence';
  if (!/[.!?]["”)]?$/u.test(message.trim())) return 'does not end a sentence';
  if (/\n\s*at .+[:(]\d+/.test(message) || /\.(ts|js):\d+/.test(message)) return 'has a stack trace';
  if (message.includes('[object Object]')) return 'says [object Object]';
  if (/\bundefined\b/.test(message)) return 'says undefined';
  return null;
}

/** Why `reply` breaks the rules for `c`, or null when it keeps them. */
export function replyProblem(c: Pick<MessageCase, 'expect'>, reply: unknown): string | null {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return `not a Reply: ${JSON.stringify(reply)}`;
  const r = reply as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return c.expect === 'refused' ? 'answered ok, where it must refuse' : null;
  if (r.ok !== false || !r.error) return `not a Reply: ${JSON.stringify(reply)}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(r.error.code)) return `unknown error code ${JSON.stringify(r.error.code)}`;
  const why = unreadable(r.error.message);
  return why && `error message ${why}: ${JSON.stringify(String(r.error.message).slice(0, 300))}`;
}
