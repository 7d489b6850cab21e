/**
 * Building blocks for the playbook definition (./schema.ts): valibot schemas that word every problem the way an admin
 * reads it, plus the two schemas valibot does not have in the form the format promises (see closedObject, byType).
 * Messages are set where each issue is raised, so the parser (src/core/playbook.ts) only turns paths into JSON paths.
 */
import * as v from 'valibot';

type Message = (issue: v.BaseIssue<unknown>) => string;

/**
 * What to say when a required key is missing, by the schema of the key. Valibot raises a missing key as an issue of
 * the object, so the object looks its wording up here; each block that can be required registers its own.
 */
const MISSING = new WeakMap<v.GenericSchema, string>();

/** `schema`, with the words to use when the key it belongs to is missing from an object. */
export function required<S extends v.GenericSchema>(schema: S, missing: string): S {
  MISSING.set(schema, missing);
  return schema;
}

/** The words registered for `schema`, or for the schema its pipe starts with (a link's url pipes a text further). */
function missingMessage(schema: v.GenericSchema | undefined): string {
  for (let s = schema; s !== undefined; s = 'pipe' in s ? (s.pipe as readonly v.GenericSchema[])[0] : undefined) {
    const words = MISSING.get(s);
    if (words !== undefined) return words;
  }
  return 'missing: this is required';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object that rejects unknown keys, naming every one of them (with a did-you-mean hint), and that refuses lists:
 * valibot's strictObject stops at the first unknown key and takes an array for an object. `notObject` words the
 * problem when the value is not an object at all, from a short description of what was there.
 */
export function closedObject<const E extends v.ObjectEntries>(entries: E, notObject: (got: string) => string) {
  const known = Object.keys(entries);
  const message: Message = (issue) => {
    if (issue.expected === 'never') {
      const key = String(issue.input);
      return `unknown key '${shortKey(key)}'${didYouMean(key, known)}`;
    }
    const key = issue.path?.at(-1)?.key;
    if (typeof key === 'string') return missingMessage(entries[key]);
    return notObject(describe(issue.input));
  };
  const fields = v.object(entries, message);
  const schema = v.strictObject(entries, message);
  type Run = (typeof schema)['~run'];
  const run: Run = function (this: typeof schema, dataset, config) {
    const input = dataset.value;
    if (!isPlainObject(input)) {
      // _addIssue turns the dataset into a failure: the dataset valibot's own schemas return here too.
      v._addIssue(this, 'type', dataset, config);
      return dataset as unknown as ReturnType<Run>;
    }
    const output = fields['~run'](dataset, config);
    // Own keys only: a file's "constructor" or "toString" is an unknown key, never Object.prototype's.
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(entries, key)) v._addIssue(this, 'key', output, config, { input: key, expected: 'never' });
    }
    return output;
  };
  return v._standardSchema({ ...schema, '~run': run }) as typeof schema;
}

/** Keys valibot's record skips without a word, so that they cannot reach an object's prototype when copied. */
const RESERVED_KEYS = ['__proto__', 'prototype', 'constructor'];

/**
 * An object whose keys are names the file chooses (CRM ids, part ids), each checked by `key`, each value by `value`;
 * it refuses lists, which valibot's record takes for objects keyed "0", "1", ... and the keys valibot's record skips
 * (`constructor` is a well-formed CRM id and part id): skipped, a repair written under one would vanish on import.
 */
export function keyedObject<const K extends v.GenericSchema<string, string>, const V extends v.GenericSchema>(
  key: K,
  value: V,
  message: Message,
) {
  const schema = v.record(key, value, message);
  type Run = (typeof schema)['~run'];
  const run: Run = function (this: typeof schema, dataset, config) {
    if (!isPlainObject(dataset.value)) {
      v._addIssue(this, 'type', dataset, config);
      return dataset as unknown as ReturnType<Run>;
    }
    const input = dataset.value;
    const output = schema['~run'](dataset, config);
    for (const name of RESERVED_KEYS.filter((reserved) => Object.hasOwn(input, reserved))) {
      v._addIssue(this, 'key', output, config, {
        input: name,
        expected: 'a name',
        received: `"${name}"`,
        message: `'${name}' is not a name Stagecoach can read here: no CRM and no part is called that`,
        path: [{ type: 'object', origin: 'key', input, key: name, value: input[name] }],
      });
    }
    return output;
  };
  return v._standardSchema({ ...schema, '~run': run }) as typeof schema;
}

/**
 * A union that picks its option by the JSON type of the value (a text, a number, an object...), so a problem is
 * worded for what was written: valibot's union, when every option fails, reports one issue for all of them.
 * `message` words the problem when the value has none of the options' types.
 */
export function byType<const O extends v.UnionOptions>(options: O, message: Message) {
  const schema = v.union(options, message);
  type Run = (typeof schema)['~run'];
  const run: Run = function (this: typeof schema, dataset, config) {
    const option = options.find((o) => takesJsonType(o, dataset.value));
    if (option === undefined) {
      v._addIssue(this, 'type', dataset, config);
      return dataset as unknown as ReturnType<Run>;
    }
    return option['~run'](dataset, config) as ReturnType<Run>;
  };
  return v._standardSchema({ ...schema, '~run': run }) as typeof schema;
}

/** Whether `value` has the JSON type `schema` reads (a pipe's type is its first schema's). */
function takesJsonType(schema: v.GenericSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
    case 'picklist':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'strict_object':
      return isPlainObject(value);
    default:
      throw new Error(`byType cannot tell which values a "${schema.type}" schema reads`);
  }
}

/** What a wrong value was, in a few characters: strings quoted as JSON, containers by kind. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}

/**
 * A key as a problem names it: whole up to 60 characters, then cut with "...". A file may hold a key megabytes long,
 * and a problem is a sentence a person reads, not a copy of the file.
 */
export function shortKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
}

/** " (did you mean 'required'?)" when a known word is within 2 edits of what was written. */
export function didYouMean(written: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(written.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best === null ? '' : ` (did you mean '${best}'?)`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** "got" part of a message: a short description of the value the issue is about. */
export const got = (issue: v.BaseIssue<unknown>): string => describe(issue.input);

/**
 * A text: trimmed, not blank, at most `max` characters. Characters are code points, as JSON Schema's maxLength
 * counts them, so the schema and the parser agree. `what` names the text in the wrong-type message.
 */
export function text(max: number, what = 'a text') {
  return required(
    v.pipe(
      v.string((issue) => `must be ${what} in quotes (got ${got(issue)})`),
      v.regex(/\S/, 'must not be empty'),
      // A blank text is reported as empty only, however long it is.
      v.check(
        (s) => !/\S/.test(s) || codePoints(s) <= max,
        (issue) => `is ${codePoints(String(issue.input))} characters long: at most ${max} are allowed`,
      ),
      // The same limit in JSON Schema's words, for editors: valibot cannot translate a check.
      v.metadata({ maxLength: max }),
      v.trim(),
    ),
    'missing: this text is required',
  );
}

function codePoints(s: string): number {
  return [...s].length;
}

/** One of a few words, written exactly; a near miss gets a hint. */
export function choice<const T extends readonly string[]>(options: T) {
  const listed = options.map((o) => `"${o}"`).join(', ');
  return required(
    v.picklist(options, (issue) => {
      const hint = typeof issue.input === 'string' ? didYouMean(issue.input, options) : '';
      return `must be one of ${listed} (got ${got(issue)})${hint}`;
    }),
    `missing: use one of ${listed}`,
  );
}

/**
 * A list of `item`, at most `max` long (and at least `min`). The length is checked even when some items have
 * problems, so an admin sees both at once: valibot skips a pipe's checks on a list whose items failed.
 */
export function list<const S extends v.GenericSchema>(
  item: S,
  bounds: { max: number; tooMany: (count: number) => string; min?: { count: number; message: string } },
) {
  const { max, tooMany, min } = bounds;
  return required(
    v.pipe(
      v.array(item, (issue) => `must be a list [ ... ] (got ${got(issue)})`),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!Array.isArray(dataset.value)) return;
        const count = dataset.value.length;
        if (min !== undefined && count < min.count) addIssue({ message: min.message });
        if (count > max) addIssue({ message: tooMany(count) });
      }),
      // The same bounds in JSON Schema's words, for editors.
      v.metadata({ ...(min !== undefined && { minItems: min.count }), maxItems: max }),
    ),
    'missing: this list is required',
  );
}
