/**
 * Writes what follows from the playbook format's one definition (src/core/playbook/schema.ts) and its words for
 * people (src/core/playbook/docs.ts):
 * - docs/playbook.v1.schema.json, the JSON Schema editors and CI use;
 * - the field tables of docs/playbook-format.md, between its `<!-- generated: ... -->` markers (the prose around
 *   them is written by hand).
 * Run `npm run docs:playbook` after changing either; test/unit/core/playbook-docs.test.ts fails until then.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { PLAYBOOK_WORDS } from '../src/core/playbook/docs';
import {
  RULE_OPS,
  criterionSchema,
  fieldSchema,
  labelFieldSchema,
  linkSchema,
  playbookObject,
  playbookSchema,
  ruleSchema,
  ruleValueCheck,
  siteSchema,
  siteSelectorsSchema,
  stageSchema,
  type RuleOp,
} from '../src/core/playbook/schema';

export const SCHEMA_FILE = new URL('../docs/playbook.v1.schema.json', import.meta.url);
export const FORMAT_DOC = new URL('../docs/playbook-format.md', import.meta.url);

/**
 * The format's objects, each a `$defs` entry of the JSON Schema, described by its words. An object added to the
 * format (a new section with keys of its own) is one line here.
 */
const OBJECTS = {
  stage: [stageSchema, PLAYBOOK_WORDS.stage],
  criterion: [criterionSchema, PLAYBOOK_WORDS.criterion],
  link: [linkSchema, PLAYBOOK_WORDS.link],
  rule: [ruleSchema, PLAYBOOK_WORDS.rule],
  labelField: [labelFieldSchema, PLAYBOOK_WORDS.labelField],
  site: [siteSchema, PLAYBOOK_WORDS.site],
  siteSelectors: [siteSelectorsSchema, PLAYBOOK_WORDS.siteSelectors],
} as const;

const CONFIG: ConversionConfig = {
  target: 'draft-2020-12',
  // The schema describes the file as written: numeric texts before they become numbers, texts before trimming.
  typeMode: 'input',
  definitions: {
    ...Object.fromEntries(Object.entries(OBJECTS).map(([name, [schema]]) => [name, schema])),
    field: fieldSchema,
  },
  // Trimming changes nothing a file may contain; JSON has no infinite numbers; each `check` that JSON Schema can
  // say is paired with metadata that says it (a text's maxLength, a link's pattern).
  ignoreActions: ['trim', 'finite', 'check'],
  overrideAction: ({ valibotAction, jsonSchema }) => {
    if (valibotAction === ruleValueCheck) return { ...jsonSchema, allOf: valueByOp() };
    // The other raw checks are a list's bounds (given as metadata beside them) and the rules across stages
    // (unique ids, CRM stages claimed twice), which JSON Schema cannot say: the schema's description names them.
    if (valibotAction.type === 'raw_check') return jsonSchema;
    return undefined;
  },
};

/** A rule value's forms hold no shared definitions (and converting those again would convert this rule again). */
const VALUE_CONFIG: ConversionConfig = { ...CONFIG, definitions: {} };

/** The JSON Schema of a playbook file, as committed in docs/playbook.v1.schema.json. */
export function playbookJsonSchema(): JsonSchema {
  const { $schema, $defs, ...schema } = toJsonSchema(playbookSchema, CONFIG);
  const defs = $defs as Record<string, JsonSchema>;
  for (const [name, [, words]] of Object.entries(OBJECTS)) {
    const node = defs[name];
    if (node === undefined) throw new Error(`the playbook JSON Schema has no "${name}" definition`);
    describeObject(node, words);
  }
  if (defs.field === undefined) throw new Error('the playbook JSON Schema has no "field" definition');
  defs.field = { description: PLAYBOOK_WORDS.field, ...defs.field };
  return {
    $schema,
    $id: 'urn:stagecoach:playbook:v1',
    title: PLAYBOOK_WORDS.title,
    description: PLAYBOOK_WORDS.description,
    ...describeObject(schema, PLAYBOOK_WORDS.file),
    $defs: defs,
  };
}

/** Puts an object's words into its JSON Schema: its description, and each key's before the key's own keywords. */
function describeObject(node: JsonSchema, words: { description?: string; fields: Record<string, string> }): JsonSchema {
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, text] of Object.entries(words.fields)) {
    const property = properties[key];
    if (property === undefined) throw new Error(`the words for "${key}" describe no key of the JSON Schema`);
    properties[key] = { description: text, ...property };
  }
  if (words.description !== undefined) node.description = words.description;
  return node;
}

export function playbookJsonSchemaText(): string {
  return `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`;
}

/** A rule's value by its op, as if/then pairs: ops that take the same form share one. */
function valueByOp(): JsonSchema[] {
  const groups = new Map<string, RuleOp[]>();
  for (const op of Object.keys(RULE_OPS) as RuleOp[]) {
    const form = RULE_OPS[op].value;
    const then: JsonSchema =
      form === 'none'
        ? { properties: { value: false } }
        : { required: ['value'], properties: { value: withoutDialect(toJsonSchema(form.schema, VALUE_CONFIG)) } };
    const key = JSON.stringify(then);
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups].map(([then, ops]) => ({
    if: { properties: { op: ops.length === 1 ? { const: ops[0] } : { enum: ops } }, required: ['op'] },
    then: JSON.parse(then) as JsonSchema,
  }));
}

function withoutDialect({ $schema: _, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

// ---- docs/playbook-format.md ----

/** The tables generated into the format's docs, by marker name. */
export function fieldTables(): Record<string, string> {
  return {
    file: objectTable(playbookObject, PLAYBOOK_WORDS.file.fields),
    stage: objectTable(stageSchema, PLAYBOOK_WORDS.stage.fields),
    criterion: objectTable(criterionSchema, PLAYBOOK_WORDS.criterion.fields),
    site: objectTable(siteSchema, PLAYBOOK_WORDS.site.fields),
    'site-selectors': objectTable(siteSelectorsSchema, PLAYBOOK_WORDS.siteSelectors.fields),
    'rule-field': table(
      ['`field`', 'What it is'],
      Object.entries(PLAYBOOK_WORDS.standardFields).map(([name, text]) => [`\`${name}\``, text]),
    ),
    'rule-op': table(
      ['`op`', 'Met when the field…', '`value`', 'Example'],
      (Object.keys(RULE_OPS) as RuleOp[]).map((op) => {
        const { value } = RULE_OPS[op];
        const { met, example } = PLAYBOOK_WORDS.ops[op];
        return [
          `\`${op}\``,
          met,
          // What a missing value's message says it needs, less its example: the Example column has one.
          value === 'none' ? 'none (a value is an error)' : value.needs.replace(/, e\.g\. .*$/, ''),
          `\`${inlineJson(example)}\``,
        ];
      }),
    ),
  };
}

/** docs/playbook-format.md with every generated table replaced by what the definition says now. */
export function withFieldTables(markdown: string): string {
  let out = markdown;
  for (const [name, body] of Object.entries(fieldTables())) {
    const begin = `<!-- generated: ${name} (npm run docs:playbook) -->`;
    const end = `<!-- end: ${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`docs/playbook-format.md has no "${begin}" ... "${end}" section`);
    // Blank lines around the table, so no markdown reader takes a marker for a table row.
    out = `${out.slice(0, from + begin.length)}\n\n${body}\n${out.slice(to)}`;
  }
  return out;
}

/** One row per key of an object schema: whether the file must give it, its default, and its words. */
export function objectTable(object: { entries: v.ObjectEntries }, words: Record<string, string>): string {
  const rows = Object.entries(object.entries).map(([key, entry]) => {
    const optional = entry.type === 'optional';
    const fallback = optional ? v.getDefault(entry as v.OptionalSchema<v.GenericSchema, unknown>) : undefined;
    const text = words[key];
    if (text === undefined) throw new Error(`"${key}" has no words in src/core/playbook/docs.ts`);
    return [
      `\`${key}\``,
      optional ? 'no' : 'yes',
      !optional ? '' : fallback === undefined ? 'none' : `\`${JSON.stringify(fallback)}\``,
      text,
    ];
  });
  return table(['Field', 'Required', 'Default', 'What it is'], rows);
}

/** JSON on one line, spaced as people write it: `{ "field": "amount", "op": "gt", "value": 0 }`. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A markdown table; a `|` inside a cell would end it, so none may hold one. */
function table(head: string[], rows: string[][]): string {
  for (const cell of rows.flat()) {
    if (cell.includes('|')) throw new Error(`a docs table cell cannot hold "|": ${cell}`);
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SCHEMA_FILE, playbookJsonSchemaText());
  writeFileSync(FORMAT_DOC, withFieldTables(readFileSync(FORMAT_DOC, 'utf8')));
  console.log('Wrote docs/playbook.v1.schema.json and the field tables of docs/playbook-format.md');
}
