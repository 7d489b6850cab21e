/**
 * The playbook format is defined once (src/core/playbook/schema.ts); the JSON Schema and the field tables of the
 * format's docs are generated from it by `npm run docs:playbook`. These tests fail when a committed file no longer
 * says what the definition says, so the docs cannot drift.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { closedObject, text } from '../../../src/core/playbook/blocks';
import { PLAYBOOK_WORDS } from '../../../src/core/playbook/docs';
import { RULE_OPS, ruleSchema } from '../../../src/core/playbook/schema';
import {
  FORMAT_DOC,
  SCHEMA_FILE,
  fieldTables,
  objectTable,
  playbookJsonSchemaText,
  withFieldTables,
} from '../../../scripts/playbook-schema';

const regenerate = 'run `npm run docs:playbook` and commit the result';

describe('docs generated from the playbook definition', () => {
  it('docs/playbook.v1.schema.json is what the definition emits', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8'), regenerate).toBe(playbookJsonSchemaText());
  });

  it("docs/playbook-format.md's field tables are what the definition says", () => {
    const committed = readFileSync(FORMAT_DOC, 'utf8');
    expect(committed, regenerate).toBe(withFieldTables(committed));
  });

  it('lists every key of the file, stages and criteria, every standard field and every op', () => {
    const tables = fieldTables();
    for (const key of ['format', 'name', 'revision', 'stages']) expect(tables.file).toContain(`| \`${key}\` |`);
    for (const key of ['id', 'match', 'probability', 'outcome', 'staleAfterDays', 'criteria']) {
      expect(tables.stage).toContain(`| \`${key}\` |`);
    }
    for (const key of ['label', 'required', 'links', 'rule']) expect(tables.criterion).toContain(`| \`${key}\` |`);
    expect(tables['rule-field']).toContain('| `closeDate` | The expected close date. |');
    for (const op of Object.keys(RULE_OPS)) expect(tables['rule-op']).toContain(`| \`${op}\` |`);
  });

  it('says whether each field is required and what its default is', () => {
    const { stage, criterion } = fieldTables();
    expect(stage).toMatch(/^\| `probability` \| yes \|  \| /m);
    expect(stage).toMatch(/^\| `outcome` \| no \| `"open"` \| /m);
    expect(stage).toMatch(/^\| `staleAfterDays` \| no \| none \| /m);
    expect(criterion).toMatch(/^\| `required` \| no \| `true` \| /m);
  });

  it('refuses a field added to the definition without its words', () => {
    const object = closedObject({ name: text(10), nickname: v.optional(text(10)) }, () => 'not an object');
    expect(objectTable(object, { name: 'A name.', nickname: 'Another.' })).toContain('| `name` | yes |  | A name. |');
    expect(() => objectTable(object, { name: 'A name.' })).toThrow('"nickname" has no words');
  });

  it('refuses docs whose generated section has lost its markers', () => {
    const committed = readFileSync(FORMAT_DOC, 'utf8');
    expect(() => withFieldTables(committed.replace('<!-- end: stage -->', ''))).toThrow(/generated: stage/);
  });

  it.each(Object.keys(RULE_OPS))("documents '%s' with an example that is a valid rule of that op", (op) => {
    const { example } = PLAYBOOK_WORDS.ops[op as keyof typeof RULE_OPS];
    expect(example).toMatchObject({ op });
    const result = v.safeParse(ruleSchema, example);
    expect(result.issues?.map((i) => i.message) ?? []).toEqual([]);
  });
});
