/**
 * Writes what follows from the playbook format's one definition (src/core/playbook/schema.ts):
 * - docs/playbook.v1.schema.json, the JSON Schema editors and CI use;
 * - the field tables of docs/playbook-format.md, between its `<!-- generated: ... -->` markers (the prose around
 *   them is written by hand).
 * Run `npm run docs:playbook` after changing the definition; test/unit/core/playbook-docs.test.ts fails until then.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import {
  RULE_OPS,
  STANDARD_FIELDS,
  criterionSchema,
  fieldSchema,
  linkSchema,
  playbookSchema,
  ruleSchema,
  ruleValueCheck,
  stageSchema,
  type RuleOp,
} from '../src/core/playbook/schema';

export const SCHEMA_FILE = new URL('../docs/playbook.v1.schema.json', import.meta.url);
export const FORMAT_DOC = new URL('../docs/playbook-format.md', import.meta.url);

const CONFIG: ConversionConfig = {
  target: 'draft-2020-12',
  // The schema describes the file as written: numeric texts before they become numbers, texts before trimming.
  typeMode: 'input',
  definitions: { stage: stageSchema, criterion: criterionSchema, link: linkSchema, field: fieldSchema, rule: ruleSchema },
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
  const { $schema, title, description, $defs, ...schema } = toJsonSchema(playbookSchema, CONFIG);
  return { $schema, $id: 'urn:stagecoach:playbook:v1', title, description, ...schema, $defs };
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
    file: objectTable(playbookSchema),
    stage: objectTable(stageSchema),
    criterion: objectTable(criterionSchema),
    'rule-field': table(
      ['`field`', 'What it is'],
      Object.entries(STANDARD_FIELDS).map(([name, f]) => [`\`${name}\``, f.description]),
    ),
    'rule-op': table(
      ['`op`', 'Met when the field…', '`value`', 'Example'],
      (Object.keys(RULE_OPS) as RuleOp[]).map((op) => {
        const { met, value, example } = RULE_OPS[op];
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
    out = `${out.slice(0, from + begin.length)}\n${body}${out.slice(to)}`;
  }
  return out;
}

/** One row per key of an object schema: whether the file must give it, its default, and its description. */
export function objectTable(schema: v.GenericSchema): string {
  const object = firstSchema(schema);
  if (!('entries' in object)) throw new Error(`expected an object schema, got ${object.type}`);
  const rows = Object.entries(object.entries as v.ObjectEntries).map(([key, entry]) => {
    const optional = entry.type === 'optional';
    const inner = optional ? (entry as v.OptionalSchema<v.GenericSchema, unknown>).wrapped : entry;
    const fallback = optional ? v.getDefault(entry as v.OptionalSchema<v.GenericSchema, unknown>) : undefined;
    const description = v.getDescription(inner);
    if (description === undefined) throw new Error(`"${key}" has no description in the playbook definition`);
    return [
      `\`${key}\``,
      optional ? 'no' : 'yes',
      !optional ? '' : fallback === undefined ? 'none' : `\`${JSON.stringify(fallback)}\``,
      description,
    ];
  });
  return table(['Field', 'Required', 'Default', 'What it is'], rows);
}

/** The schema a pipe starts with (the object under a description). */
function firstSchema(schema: v.GenericSchema): v.GenericSchema {
  return 'pipe' in schema ? firstSchema((schema.pipe as readonly v.GenericSchema[])[0] as v.GenericSchema) : schema;
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
