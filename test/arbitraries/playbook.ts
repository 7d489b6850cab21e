/**
 * Generated playbook files for the import fuzz tests (test/unit/core/import-fuzz.test.ts and
 * test/unit/background/import-fuzz.test.ts):
 * - `canonicalPlaybook`: VALID playbooks in the form the parser returns them (every default written out, texts
 *   trimmed, keys in the definition's order, rule values in their parsed type), covering every form the format
 *   allows: standard and label fields, every rule op with each kind of value, links, match names, sites with and
 *   without the optional parts, and the `selectors` section;
 * - `looseText`: the same playbook written the ways an admin may write it (spaces around texts, defaults left out,
 *   numbers as text where a number op takes them, keys in any order);
 * - `hostileValues` and `mutated`: a valid file with one value replaced, or one key added, by something hostile
 *   (deeply nested JSON, a 1 MB text, `__proto__` / `constructor` / `prototype` keys as own properties, markup).
 * Built from the format's definition (src/core/playbook/schema.ts), which the tests then hold the parser to.
 */
import fc from 'fast-check';
import { parseSitePattern } from '../../src/core/site-pattern';
import { CRMS } from '../../src/crm/registry';
import { normalizeText } from '../../src/core/text';
import {
  FORECAST_CATEGORIES,
  LIMITS,
  OUTCOMES,
  PART_ID_PATTERN,
  RULE_OPS,
  STANDARD_FIELDS,
  type FieldRef,
  type RuleOp,
  type StandardField,
} from '../../src/core/playbook/schema';
import { BACKUP_FORMAT, PLAYBOOK_FORMAT, type Criterion, type Link, type Playbook, type Rule, type Site, type Stage } from '../../src/core/types';

/** Keys that reach an object's prototype when a parser copies them carelessly. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Text that must stay text wherever it is shown: markup, script addresses, direction overrides, JSON's own quotes. */
const HOSTILE_TEXT = [
  '<img src=x onerror="window.__stagecoachTrap=1">',
  '<script>window.__stagecoachTrap=1</script>',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '\u202Eevil\u202C',
  '__proto__',
  'constructor',
  '{"polluted": true}',
  '" \\ \u0000 \u2028',
  '\uD800',
] as const;

const codePoints = (s: string): number => [...s].length;

/** A text the parser keeps as is: not blank, no spaces around it (the parser trims), at most `max` characters. */
function text(max: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    )
    .map((s) => s.trim())
    .filter((s) => /\S/.test(s) && codePoints(s) <= max);
}

const idArb = fc.stringMatching(/^[a-z0-9-]{1,64}$/);
/** `count` ids, none twice (ids are unique among their siblings). */
const ids = (min: number, max: number) => fc.uniqueArray(idArb, { minLength: min, maxLength: max });

/** A number as JSON carries it back: finite, and never -0 (JSON writes it as 0). */
const finite = (min?: number, max?: number): fc.Arbitrary<number> =>
  fc
    .double({ noNaN: true, noDefaultInfinity: true, ...(min !== undefined && { min }), ...(max !== undefined && { max }) })
    .map((n) => (Object.is(n, -0) ? 0 : n));

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const relativeDate = fc.oneof(fc.constant('today'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 9999 })).map(([sign, n]) => `today${sign}${n}`));

const STANDARD = Object.keys(STANDARD_FIELDS) as StandardField[];
const labelField = text(LIMITS.label).map((label): FieldRef => ({ label }));

/** A rule whose op fits its field (number ops on amount, probability or a label; date ops on closeDate or a label). */
const rule: fc.Arbitrary<Rule> = fc.constantFrom(...(Object.keys(RULE_OPS) as RuleOp[])).chain((op) => {
  const compares = RULE_OPS[op].compares;
  const fits = STANDARD.filter((f) => compares === 'any' || STANDARD_FIELDS[f] === compares);
  const field = fc.oneof(fc.constantFrom(...fits), labelField);
  const value: fc.Arbitrary<Rule['value']> | null = (() => {
    switch (op) {
      case 'present':
      case 'absent':
        return null;
      case 'equals':
      case 'notEquals':
      case 'contains':
        return fc.oneof(finite(), text(LIMITS.value));
      case 'oneOf':
        return fc.array(text(LIMITS.value), { minLength: 1, maxLength: 4 });
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return finite();
      case 'before':
      case 'after':
        return fc.oneof(isoDate, relativeDate);
    }
  })();
  return value === null
    ? field.map((f): Rule => ({ field: f, op }))
    : fc.tuple(field, value).map(([f, v]): Rule => ({ field: f, op, value: v }));
});

const httpsUrl = fc
  .webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true })
  .filter((url) => /^https:\/\/\S+$/.test(url) && URL.canParse(url) && new URL(url).username === '' && codePoints(url) <= LIMITS.url);

const link: fc.Arbitrary<Link> = fc.record({ title: text(LIMITS.name), url: httpsUrl });

function criterion(id: string): fc.Arbitrary<Criterion> {
  return fc
    .record(
      {
        label: text(LIMITS.label),
        required: fc.boolean(),
        help: text(LIMITS.text),
        links: fc.array(link, { maxLength: 2 }),
        rule,
      },
      { requiredKeys: ['label', 'required', 'links'] },
    )
    .map(({ label, required, help, links, rule: r }): Criterion => ({
      id,
      label,
      required,
      ...(help !== undefined && { help }),
      links,
      ...(r !== undefined && { rule: r }),
    }));
}

/** A stage with the CRM stage names it claims (its name first): names claimed by no other stage. */
function stage(id: string, names: [string, ...string[]]): fc.Arbitrary<Stage> {
  return fc
    .record(
      {
        probability: finite(0, 100),
        forecastCategory: fc.constantFrom(...FORECAST_CATEGORIES),
        outcome: fc.constantFrom(...OUTCOMES),
        staleAfterDays: fc.integer({ min: 1, max: LIMITS.staleAfterDays }),
        guidance: text(LIMITS.text),
        criteria: ids(0, 4).chain((criterionIds) => fc.tuple(...criterionIds.map(criterion))),
      },
      { requiredKeys: ['probability', 'forecastCategory', 'outcome', 'criteria'] },
    )
    .map(({ probability, forecastCategory, outcome, staleAfterDays, guidance, criteria }): Stage => ({
      id,
      name: names[0],
      match: names.slice(1),
      probability,
      forecastCategory,
      outcome,
      ...(staleAfterDays !== undefined && { staleAfterDays }),
      ...(guidance !== undefined && { guidance }),
      criteria,
    }));
}

/** 1 to 5 stages whose CRM stage names (name and match) mean one stage each, as the format demands. */
const stages: fc.Arbitrary<Stage[]> = fc
  .array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 5 })
  .chain((matchCounts) => {
    const total = matchCounts.reduce((sum, n) => sum + n + 1, 0);
    return fc.tuple(
      fc.uniqueArray(idArb, { minLength: matchCounts.length, maxLength: matchCounts.length }),
      fc.uniqueArray(text(LIMITS.name), { minLength: total, maxLength: total, selector: normalizeText }),
    ).chain(([stageIds, names]) => {
      let next = 0;
      return fc.tuple(
        ...matchCounts.map((n, i) => {
          const own = names.slice(next, next + n + 1) as [string, ...string[]];
          next += n + 1;
          return stage(stageIds[i] ?? '', own);
        }),
      );
    });
  });

const host = fc.domain().filter((domain) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain));
/** A deal-page pattern as admins write it: with or without https://, one host or `*.` a domain, one or two `*`. */
const dealPages = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    host,
    fc.array(fc.oneof(fc.constant('*'), fc.stringMatching(/^[a-z0-9_-]{1,12}$/)), { minLength: 0, maxLength: 3 }),
  )
  .map(([scheme, wildcard, domain, segments]) => {
    const path = segments.includes('*') ? segments : [...segments, '*'];
    return `${scheme ? 'https://' : ''}${wildcard ? '*.' : ''}${domain}/${path.join('/')}`;
  })
  .filter((pattern) => codePoints(pattern) <= LIMITS.url && parseSitePattern(pattern).ok);

const selectorText = text(LIMITS.selector);

function site(id: string): fc.Arbitrary<Site> {
  return fc
    .record(
      {
        name: text(LIMITS.name),
        dealPages,
        locale: fc.constantFrom('en-US', 'de-DE', 'fr', 'ja-JP', 'pt-BR', 'en-GB'),
        stageSelector: selectorText,
        nameSelector: selectorText,
        amount: selectorText,
        closeDate: selectorText,
      },
      { requiredKeys: ['name', 'dealPages', 'stageSelector', 'nameSelector'] },
    )
    .map(({ name, dealPages: pages, locale, nameSelector, stageSelector, amount, closeDate }): Site => ({
      id,
      name,
      dealPages: pages,
      ...(locale !== undefined && { locale }),
      selectors: {
        name: nameSelector,
        stage: stageSelector,
        ...(amount !== undefined && { amount }),
        ...(closeDate !== undefined && { closeDate }),
      },
    }));
}

/** A name the file chooses for a CRM or a part: any the pattern allows but the reserved words. */
const chosenKey = (pattern: RegExp) =>
  fc.stringMatching(pattern).filter((key) => !(RESERVED_KEYS as readonly string[]).includes(key));

/** The CRMs this Stagecoach has: the worker refuses repairs for any other. */
export const CRM_IDS = CRMS.map((crm) => crm.id);

/** Repairs for CRMs of the registry, under part names the format allows (the worker does not know the parts). */
const selectors: fc.Arbitrary<NonNullable<Playbook['selectors']>> = fc.dictionary(
  fc.constantFrom(...CRM_IDS),
  fc.dictionary(chosenKey(PART_ID_PATTERN), fc.array(selectorText, { minLength: 1, maxLength: 3 }), {
    minKeys: 1,
    maxKeys: 3,
    noNullPrototype: true,
  }),
  { minKeys: 0, maxKeys: 2, noNullPrototype: true },
);

/** A valid playbook in its canonical form: what parsePlaybook returns for it, key for key. */
export const canonicalPlaybook: fc.Arbitrary<Playbook> = fc
  .record(
    {
      name: text(LIMITS.name),
      revision: text(LIMITS.name),
      stages,
      sites: ids(0, 2).chain((siteIds) => fc.tuple(...siteIds.map(site))),
      selectors,
    },
    { requiredKeys: ['name', 'stages'] },
  )
  .map(({ name, revision, stages: s, sites, selectors: sel }): Playbook => ({
    format: PLAYBOOK_FORMAT,
    name,
    ...(revision !== undefined && { revision }),
    stages: s,
    ...(sites !== undefined && { sites }),
    ...(sel !== undefined && { selectors: sel }),
  }));

/** Defaults the parser fills in, which a file may leave out. */
const DEFAULTS: Record<string, unknown> = { required: true, outcome: 'open' };
const EMPTY_LIST_DEFAULTS = new Set(['match', 'criteria', 'links']);
const NUMBER_OPS = new Set<string>(['gt', 'gte', 'lt', 'lte']);

/**
 * `playbook` written loosely, with the choices `seed` makes: spaces around texts (not ids and other keys, which
 * are never trimmed), defaults left out, a number op's number as text, keys shuffled. It means the same playbook.
 */
function loosen(value: unknown, choose: () => number, key: string | null, parent: Record<string, unknown> | null): unknown {
  if (Array.isArray(value)) return value.map((item) => loosen(item, choose, null, null));
  // The selectors section's keys are the file's own (CRM ids, part ids), kept in the file's order: not shuffled.
  if (key === 'selectors' && parent?.format !== undefined) {
    return Object.fromEntries(
      Object.entries(value as Record<string, Record<string, string[]>>).map(([crm, parts]) => [
        crm,
        Object.fromEntries(Object.entries(parts).map(([part, list]) => [part, list.map((item) => (choose() % 3 === 0 ? ` ${item}\t` : item))])),
      ]),
    );
  }
  if (typeof value === 'string') {
    // Texts are trimmed on reading; ids, formats, ops, fields, categories and dates in value positions are words.
    const word = key === 'id' || key === 'format' || key === 'op' || key === 'forecastCategory' || key === 'outcome' ||
      (key === 'field' && typeof parent?.field === 'string');
    return !word && choose() % 3 === 0 ? ` \t${value}\n ` : value;
  }
  if (typeof value === 'number') {
    const numberOp = key === 'value' && typeof parent?.op === 'string' && NUMBER_OPS.has(parent.op);
    // A plain decimal only: the format reads "5000" and "12.5" as numbers, not "1e21".
    return numberOp && /^-?\d+(\.\d+)?$/.test(String(value)) && choose() % 2 === 0 ? String(value) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const entries = Object.entries(object).filter(([k, v]) => {
    const isDefault = (Object.hasOwn(DEFAULTS, k) && DEFAULTS[k] === v) || (EMPTY_LIST_DEFAULTS.has(k) && Array.isArray(v) && v.length === 0);
    return !(isDefault && choose() % 2 === 0);
  });
  for (let i = entries.length - 1; i > 0; i--) {
    const j = choose() % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, loosen(v, choose, k, object)]));
}

/** A canonical playbook and the same playbook written loosely, as file text. */
export const looseText: fc.Arbitrary<{ playbook: Playbook; text: string }> = fc
  .tuple(canonicalPlaybook, fc.array(fc.nat(), { minLength: 64, maxLength: 64 }))
  .map(([playbook, choices]) => {
    let i = 0;
    const choose = () => choices[i++ % choices.length] ?? 0;
    return { playbook, text: JSON.stringify(loosen(playbook, choose, null, null), null, 1) };
  });

/** An object with `key` as an own property whatever the key is (an assignment to `__proto__` sets the prototype). */
function withOwn(key: string, value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/**
 * A value held as its JSON text: 10,000 levels of nesting overflow the stack of JSON.stringify (and of fast-check's
 * printing of a counterexample), so such values stay text until a file is written with `fileText`.
 */
export class RawJson {
  constructor(readonly text: string, readonly label: string) {}
  /** How fast-check prints it in a counterexample. */
  toString(): string {
    return this.label;
  }
}

/** JSON text nested `depth` levels deep. */
export function deeplyNestedText(depth: number, kind: 'list' | 'object'): string {
  return kind === 'list' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** `value` as file text, RawJson values written as they are. */
export function fileText(value: unknown): string {
  const raws: string[] = [];
  const marked = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `\u0000raw${raws.length - 1}\u0000`;
  });
  return (marked ?? 'null').replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)] ?? 'null');
}

/** `value` as a JSON value, as JSON.parse reads its file text: every key an own property, RawJson values parsed. */
export function fileValue(value: unknown): unknown {
  return JSON.parse(fileText(value));
}

const MEGABYTE = 1 << 20;

/** Values that have broken parsers: deep nesting, huge texts and keys, prototype keys, markup, odd numbers (write with fileText). */
export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('list', 'object').map((kind) => new RawJson(deeplyNestedText(10_000, kind as 'list' | 'object'), `<${kind} nested 10,000 deep>`)),
  },
  { weight: 1, arbitrary: fc.constantFrom('x', ' ', '<b>', 'é').map((unit) => unit.repeat(MEGABYTE)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...RESERVED_KEYS), fc.constantFrom<unknown>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 'yes', ['yes']))
      .map(([key, value]) => withOwn(key, value)),
  },
  { weight: 1, arbitrary: fc.constant(new RawJson(`{"${'k'.repeat(MEGABYTE)}": "a key 1 MB long"}`, '<an object with a key 1 MB long>')) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -0, 0.1 + 0.2) },
);

/** Every place in `value`: the path to each value, the root's too. */
function places(value: unknown, at: (string | number)[] = [], into: (string | number)[][] = []): (string | number)[][] {
  into.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => places(item, [...at, i], into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) places(item, [...at, key], into);
  }
  return into;
}

/** A copy of `base` (plain JSON) with the value at `path` replaced, or, where it is an object and `add` is set, a key added. */
function replaced(base: unknown, path: (string | number)[], hostile: unknown, add: string | null): unknown {
  if (path.length === 0) {
    if (add !== null && base !== null && typeof base === 'object' && !Array.isArray(base)) {
      const copy = { ...(base as Record<string, unknown>) };
      Object.defineProperty(copy, add, { value: hostile, enumerable: true, writable: true, configurable: true });
      return copy;
    }
    return hostile;
  }
  const [head, ...rest] = path;
  if (Array.isArray(base)) return base.map((item, i) => (i === head ? replaced(item, rest, hostile, add) : item));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(base as Record<string, unknown>)) {
    Object.defineProperty(copy, key, { value: key === head ? replaced(item, rest, hostile, add) : item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** `base` with one hostile change at a place chosen anywhere in it: a value replaced, or a key added to an object. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return base.chain((value) => {
    const all = places(value);
    return fc
      .tuple(
        fc.nat({ max: all.length - 1 }),
        hostileValues,
        fc.option(fc.oneof(fc.constantFrom(...RESERVED_KEYS, 'toString', 'hasOwnProperty', 'valueOf'), fc.string({ maxLength: 12 })), { freq: 3 }),
      )
      .map(([index, hostile, add]) => replaced(value, all[index] ?? [], hostile, add));
  });
}

/** A valid backup holding `playbook` as its one revision, a deal, a tick and the other sections. */
export function validBackup(playbook: unknown): Record<string, unknown> {
  const at = '2026-03-01T09:30:00.000Z';
  const stage = { label: 'Discovery', value: null };
  return {
    format: BACKUP_FORMAT,
    exportedAt: at,
    revisions: [{ id: 1, origin: 'import', playbook, savedAt: at, fileName: 'acme.json', url: null }],
    sources: [{ slot: 'local', revisionId: 1 }],
    deals: [
      {
        key: 'salesforce:acme:006000000000001AAA',
        snapshot: {
          crm: 'salesforce',
          key: 'salesforce:acme:006000000000001AAA',
          recordId: '006000000000001AAA',
          url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view',
          locale: 'en-US',
          name: 'Acme renewal',
          stage,
          amount: { amount: 5000, currency: 'USD' },
          closeDate: '2026-04-30',
          probability: 10,
          nextStep: null,
          owner: 'Dana',
          forecastCategory: null,
          fields: { Region: 'EMEA' },
        },
        firstSeen: at,
        lastSeen: at,
        history: [{ stage, enteredAt: at }],
        seen: { page: at, list: null, sync: null },
        createdAt: null,
        closeDates: [],
        amounts: [],
        closed: null,
      },
    ],
    checks: [{ dealKey: 'salesforce:acme:006000000000001AAA', criterionId: 'pain', checkedAt: at }],
    checkLog: [{ dealKey: 'salesforce:acme:006000000000001AAA', criterionId: 'pain', checked: true, at }],
    stagePicks: [],
    syncs: [{ id: 'salesforce:acme', crm: 'salesforce', org: 'acme', enabled: true }],
  };
}
