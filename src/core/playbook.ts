/**
 * The playbook file format "stagecoach.playbook/v1": parse (with every problem reported at once, each with its
 * JSON path and a plain reason) and serialize. docs/playbook-format.md is the public contract this implements;
 * docs/playbook.v1.schema.json describes the same shape for editors.
 */
import { isIsoDate } from './calendar';
import { normalizeStageName } from './checklist';
import {
  PLAYBOOK_FORMAT,
  type Criterion,
  type FieldRef,
  type ForecastCategory,
  type Link,
  type Outcome,
  type Playbook,
  type PlaybookParseResult,
  type PlaybookProblem,
  type Rule,
  type RuleOp,
  type Stage,
  type StandardField,
} from './types';

export const LIMITS = {
  stages: 50,
  criteriaPerStage: 30,
  matchPerStage: 50,
  linksPerCriterion: 10,
  oneOfValues: 100,
  id: 64,
  name: 200,
  label: 300,
  text: 2000,
  url: 2000,
  value: 300,
  staleAfterDays: 3650,
} as const;

const ID_PATTERN = /^[a-z0-9-]+$/;
const RELATIVE_DATE_PATTERN = /^today(?:[+-]\d{1,4})?$/;
const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/;

export const STANDARD_FIELDS: readonly StandardField[] = [
  'name',
  'stage',
  'amount',
  'closeDate',
  'probability',
  'nextStep',
  'owner',
  'forecastCategory',
];
export const RULE_OPS: readonly RuleOp[] = [
  'present',
  'absent',
  'equals',
  'notEquals',
  'contains',
  'oneOf',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
];
export const FORECAST_CATEGORIES: readonly ForecastCategory[] = [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
];
export const OUTCOMES: readonly Outcome[] = ['open', 'won', 'lost'];

const PLAYBOOK_KEYS = ['format', 'name', 'revision', 'stages'] as const;
const STAGE_KEYS = [
  'id',
  'name',
  'match',
  'probability',
  'forecastCategory',
  'outcome',
  'staleAfterDays',
  'guidance',
  'criteria',
] as const;
const CRITERION_KEYS = ['id', 'label', 'required', 'help', 'links', 'rule'] as const;
const LINK_KEYS = ['title', 'url'] as const;
const RULE_KEYS = ['field', 'op', 'value'] as const;
const LABEL_FIELD_KEYS = ['label'] as const;

/** The path shown for problems with the file as a whole (not valid JSON, not an object, unknown top-level key). */
export const FILE_PATH = '(file)';

type Json = Record<string, unknown>;

/** Collects problems; every check goes on after a problem so the admin sees the whole list at once. */
class Problems {
  readonly list: PlaybookProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path: path === '' ? FILE_PATH : path, message });
  }
}

/** Parse a playbook from its file text: JSON syntax errors become one problem with a line and column. */
export function parsePlaybookText(text: string): PlaybookParseResult {
  // Editors on Windows save a byte-order mark that JSON.parse rejects; it is not the admin's mistake.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    return fail(FILE_PATH, 'The file is empty: a playbook is a JSON object starting with {');
  }
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch (e) {
    return fail(FILE_PATH, `This is not valid JSON: ${describeJsonError(e, body)}`);
  }
  return parsePlaybook(input);
}

/** Parse a playbook already read as JSON (e.g. from storage or a team URL). Never throws. */
export function parsePlaybook(input: unknown): PlaybookParseResult {
  const problems = new Problems();
  const playbook = readPlaybook(input, problems);
  return playbook !== null && problems.list.length === 0
    ? { ok: true, playbook }
    : { ok: false, problems: problems.list };
}

/**
 * The playbook as file text: pretty JSON with every field written out (defaults too, so the file documents itself),
 * optional fields left out when unset. Parsing the result gives back an equal playbook.
 */
export function serializePlaybook(p: Playbook): string {
  const out = {
    format: p.format,
    name: p.name,
    revision: p.revision,
    stages: p.stages.map((s) => ({
      id: s.id,
      name: s.name,
      match: s.match,
      probability: s.probability,
      forecastCategory: s.forecastCategory,
      outcome: s.outcome,
      staleAfterDays: s.staleAfterDays,
      guidance: s.guidance,
      criteria: s.criteria.map((c) => ({
        id: c.id,
        label: c.label,
        required: c.required,
        help: c.help,
        links: c.links.map((l) => ({ title: l.title, url: l.url })),
        rule:
          c.rule === undefined
            ? undefined
            : {
                field: typeof c.rule.field === 'string' ? c.rule.field : { label: c.rule.field.label },
                op: c.rule.op,
                value: c.rule.value,
              },
      })),
    })),
  };
  // JSON.stringify drops undefined properties, which is exactly "optional and unset".
  return `${JSON.stringify(out, null, 2)}\n`;
}

function fail(path: string, message: string): PlaybookParseResult {
  return { ok: false, problems: [{ path, message }] };
}

/** V8 says "... in JSON at position 42" (Node 20) or adds "(line 4 column 3)" (newer): give line and column. */
function describeJsonError(e: unknown, text: string): string {
  const raw = e instanceof Error ? e.message : String(e);
  const position = /at position (\d+)/.exec(raw);
  const message = raw
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .replace(/^JSON\.parse:\s*/, '')
    .trim();
  if (position?.[1] === undefined) return message;
  const { line, column } = lineAndColumn(text, Number(position[1]));
  return `${message} at line ${line}, column ${column}`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

// ---- the format, one reader per object ----

function readPlaybook(input: unknown, problems: Problems): Playbook | null {
  if (!isObject(input)) {
    problems.add(
      FILE_PATH,
      `A playbook must be a JSON object like { "format": ..., "stages": [...] } (got ${describe(input)})`,
    );
    return null;
  }
  checkKeys(input, PLAYBOOK_KEYS, '', problems);
  checkFormat(input, problems);
  const name = readText(input, 'name', '', LIMITS.name, true, problems);
  const revision = readText(input, 'revision', '', LIMITS.name, false, problems);
  const stages = readStages(input, problems);
  if (name === undefined || stages === null) return null;
  // Keys in file order, so a normalized playbook reads like its file.
  return { format: PLAYBOOK_FORMAT, name, ...(revision !== undefined && { revision }), stages };
}

function checkFormat(input: Json, problems: Problems): void {
  const expected = `"format": "${PLAYBOOK_FORMAT}"`;
  if (!has(input, 'format')) {
    problems.add('format', `missing: a playbook file starts with ${expected}`);
    return;
  }
  const format = input.format;
  if (format === PLAYBOOK_FORMAT) return;
  const newer = typeof format === 'string' ? /^stagecoach\.playbook\/v(\d+)$/.exec(format.trim()) : null;
  if (newer?.[1] !== undefined && Number(newer[1]) > 1) {
    problems.add(
      'format',
      `this file is ${format}, made for a newer Stagecoach: update the extension, or use a ${PLAYBOOK_FORMAT} file`,
    );
    return;
  }
  problems.add(
    'format',
    `must be "${PLAYBOOK_FORMAT}" (got ${describe(format)}): this version reads ${expected} files`,
  );
}

function readStages(input: Json, problems: Problems): Stage[] | null {
  const list = readList(input, 'stages', '', true, problems);
  if (list === undefined) return null;
  if (list.length === 0) problems.add('stages', 'needs at least one stage');
  if (list.length > LIMITS.stages) {
    problems.add('stages', `has ${list.length} stages: at most ${LIMITS.stages} are allowed`);
  }
  const stages: Stage[] = [];
  list.forEach((item, i) => {
    const stage = readStage(item, `stages[${i}]`, problems);
    if (stage !== null) stages.push(stage);
  });
  checkUniqueIds(list, 'stages', problems);
  checkStageClaims(list, problems);
  return stages.length === list.length ? stages : null;
}

function readStage(input: unknown, path: string, problems: Problems): Stage | null {
  if (!isObject(input)) {
    problems.add(path, `must be a stage object ({ "id": ..., "name": ... }), got ${describe(input)}`);
    return null;
  }
  checkKeys(input, STAGE_KEYS, path, problems);
  const id = readId(input, path, problems);
  const name = readText(input, 'name', path, LIMITS.name, true, problems);
  const match = readMatch(input, path, problems);
  const probability = readProbability(input, path, problems);
  const forecastCategory = readChoice(input, 'forecastCategory', path, FORECAST_CATEGORIES, true, problems);
  const outcome = readChoice(input, 'outcome', path, OUTCOMES, false, problems);
  const staleAfterDays = readStaleAfterDays(input, path, problems);
  const guidance = readText(input, 'guidance', path, LIMITS.text, false, problems);
  const criteria = readCriteria(input, path, problems);
  if (
    id === undefined ||
    name === undefined ||
    match === null ||
    probability === undefined ||
    forecastCategory === undefined ||
    criteria === null
  ) {
    return null;
  }
  return {
    id,
    name,
    match,
    probability,
    forecastCategory,
    outcome: outcome ?? 'open',
    ...(staleAfterDays !== undefined && { staleAfterDays }),
    ...(guidance !== undefined && { guidance }),
    criteria,
  };
}

function readMatch(input: Json, path: string, problems: Problems): string[] | null {
  const list = readList(input, 'match', path, false, problems);
  if (list === undefined) return has(input, 'match') ? null : [];
  const where = join(path, 'match');
  if (list.length > LIMITS.matchPerStage) {
    problems.add(where, `has ${list.length} names: at most ${LIMITS.matchPerStage} are allowed`);
  }
  const names: string[] = [];
  list.forEach((item, i) => {
    const name = checkText(item, `${where}[${i}]`, LIMITS.name, 'a CRM stage name', problems);
    if (name !== undefined) names.push(name);
  });
  return names.length === list.length ? names : null;
}

function readProbability(input: Json, path: string, problems: Problems): number | undefined {
  const where = join(path, 'probability');
  if (!has(input, 'probability')) {
    problems.add(where, 'missing: give the chance of winning a deal in this stage, a number from 0 to 100');
    return undefined;
  }
  const p = input.probability;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
    problems.add(where, `must be a number from 0 to 100 (got ${describe(p)})`);
    return undefined;
  }
  return p;
}

function readStaleAfterDays(input: Json, path: string, problems: Problems): number | undefined {
  if (!has(input, 'staleAfterDays')) return undefined;
  const d = input.staleAfterDays;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > LIMITS.staleAfterDays) {
    problems.add(
      join(path, 'staleAfterDays'),
      `must be a whole number of days from 1 to ${LIMITS.staleAfterDays} (got ${describe(d)})`,
    );
    return undefined;
  }
  return d;
}

function readCriteria(input: Json, path: string, problems: Problems): Criterion[] | null {
  const list = readList(input, 'criteria', path, false, problems);
  if (list === undefined) return has(input, 'criteria') ? null : [];
  const where = join(path, 'criteria');
  if (list.length > LIMITS.criteriaPerStage) {
    problems.add(
      where,
      `has ${list.length} criteria: at most ${LIMITS.criteriaPerStage} are allowed ` +
        '(reps skim long lists; keep a few that matter)',
    );
  }
  const criteria: Criterion[] = [];
  list.forEach((item, i) => {
    const c = readCriterion(item, `${where}[${i}]`, problems);
    if (c !== null) criteria.push(c);
  });
  checkUniqueIds(list, where, problems);
  return criteria.length === list.length ? criteria : null;
}

function readCriterion(input: unknown, path: string, problems: Problems): Criterion | null {
  if (!isObject(input)) {
    problems.add(path, `must be a criterion object ({ "id": ..., "label": ... }), got ${describe(input)}`);
    return null;
  }
  checkKeys(input, CRITERION_KEYS, path, problems);
  const id = readId(input, path, problems);
  const label = readText(input, 'label', path, LIMITS.label, true, problems);
  let required = true;
  if (has(input, 'required')) {
    if (typeof input.required === 'boolean') required = input.required;
    else problems.add(join(path, 'required'), `must be true or false (got ${describe(input.required)})`);
  }
  const help = readText(input, 'help', path, LIMITS.text, false, problems);
  const links = readLinks(input, path, problems);
  const rule = has(input, 'rule') ? readRule(input.rule, join(path, 'rule'), problems) : undefined;
  if (id === undefined || label === undefined || links === null || rule === null) return null;
  return { id, label, required, ...(help !== undefined && { help }), links, ...(rule !== undefined && { rule }) };
}

function readLinks(input: Json, path: string, problems: Problems): Link[] | null {
  const list = readList(input, 'links', path, false, problems);
  if (list === undefined) return has(input, 'links') ? null : [];
  const where = join(path, 'links');
  if (list.length > LIMITS.linksPerCriterion) {
    problems.add(where, `has ${list.length} links: at most ${LIMITS.linksPerCriterion} are allowed`);
  }
  const links: Link[] = [];
  list.forEach((item, i) => {
    const link = readLink(item, `${where}[${i}]`, problems);
    if (link !== null) links.push(link);
  });
  return links.length === list.length ? links : null;
}

function readLink(input: unknown, path: string, problems: Problems): Link | null {
  if (!isObject(input)) {
    problems.add(path, `must be a link object ({ "title": ..., "url": "https://..." }), got ${describe(input)}`);
    return null;
  }
  checkKeys(input, LINK_KEYS, path, problems);
  const title = readText(input, 'title', path, LIMITS.name, true, problems);
  const url = readText(input, 'url', path, LIMITS.url, true, problems);
  const safeUrl = url === undefined ? undefined : checkUrl(url, join(path, 'url'), problems);
  if (title === undefined || safeUrl === undefined) return null;
  return { title, url: safeUrl };
}

/** Links open from a CRM page: only https, so a playbook can never run script (javascript:) or downgrade to http. */
function checkUrl(url: string, path: string, problems: Problems): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.add(path, `is not a web address (got ${describe(url)}): write a full address starting with https://`);
    return undefined;
  }
  if (parsed.protocol !== 'https:') {
    problems.add(path, `must start with https:// (got ${describe(url)})`);
    return undefined;
  }
  // The URL class forgives "HTTPS://" and inner spaces; the file must be exact, as the JSON schema demands.
  if (!/^https:\/\/\S+$/.test(url)) {
    problems.add(path, `must be one address starting with https://, without spaces (got ${describe(url)})`);
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    problems.add(path, 'must not contain a user name or password: anyone with the playbook could read them');
    return undefined;
  }
  return url;
}

function readRule(input: unknown, path: string, problems: Problems): Rule | null {
  if (!isObject(input)) {
    problems.add(path, `must be a rule object ({ "field": ..., "op": ... }), got ${describe(input)}`);
    return null;
  }
  checkKeys(input, RULE_KEYS, path, problems);
  const field = readField(input, path, problems);
  const op = readChoice(input, 'op', path, RULE_OPS, true, problems);
  if (op === undefined) {
    // Without a known op the value cannot be judged; the op problem says enough.
    return null;
  }
  const value = readRuleValue(input, op, path, problems);
  if (field === undefined || value === null) return null;
  if (!checkFieldFitsOp(field, op, path, problems)) return null;
  const rule: Rule = { field, op };
  if (value !== undefined) rule.value = value;
  return rule;
}

function readField(input: Json, path: string, problems: Problems): FieldRef | undefined {
  const where = join(path, 'field');
  const usage = `use one of ${STANDARD_FIELDS.join(', ')}, or { "label": "Field label as the page shows it" }`;
  if (!has(input, 'field')) {
    problems.add(where, `missing: ${usage}`);
    return undefined;
  }
  const field = input.field;
  if (typeof field === 'string') {
    const known = STANDARD_FIELDS.find((f) => f === field);
    if (known !== undefined) return known;
    problems.add(where, `unknown field ${describe(field)}${didYouMean(field, STANDARD_FIELDS)}: ${usage}`);
    return undefined;
  }
  if (isObject(field)) {
    checkKeys(field, LABEL_FIELD_KEYS, where, problems);
    const label = readText(field, 'label', where, LIMITS.label, true, problems);
    return label === undefined ? undefined : { label };
  }
  problems.add(where, `must be a field name or { "label": "..." } (got ${describe(field)}): ${usage}`);
  return undefined;
}

/** undefined = no value (right for present/absent); null = a problem was reported. */
function readRuleValue(input: Json, op: RuleOp, path: string, problems: Problems): Rule['value'] | undefined | null {
  const where = join(path, 'value');
  const hasValue = has(input, 'value');
  const value = input.value;
  switch (op) {
    case 'present':
    case 'absent':
      if (!hasValue) return undefined;
      problems.add(where, `'${op}' takes no value: remove "value"`);
      return null;
    case 'oneOf': {
      if (!hasValue) return missingValue(where, op, 'a list of texts, e.g. ["Commit", "Best Case"]', problems);
      if (!Array.isArray(value) || value.length === 0) {
        problems.add(
          where,
          `'oneOf' needs a non-empty list of texts, e.g. ["Commit", "Best Case"] (got ${describe(value)})`,
        );
        return null;
      }
      if (value.length > LIMITS.oneOfValues) {
        problems.add(where, `has ${value.length} values: at most ${LIMITS.oneOfValues} are allowed`);
      }
      const texts: string[] = [];
      value.forEach((v, i) => {
        const t = checkText(v, `${where}[${i}]`, LIMITS.value, 'a text', problems);
        if (t !== undefined) texts.push(t);
      });
      return texts.length === value.length ? texts : null;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (!hasValue) return missingValue(where, op, 'a number, e.g. 0', problems);
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && NUMERIC_STRING.test(value.trim())) return Number(value.trim());
      problems.add(where, `'${op}' needs a number, e.g. 5000 (got ${describe(value)})`);
      return null;
    }
    case 'before':
    case 'after': {
      const forms = 'a date YYYY-MM-DD, or today, today+N, today-N';
      if (!hasValue) return missingValue(where, op, forms, problems);
      if (typeof value === 'string') {
        const v = value.trim();
        if (RELATIVE_DATE_PATTERN.test(v) || isIsoDate(v)) return v;
        if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
          problems.add(where, `${describe(value)} is not a real calendar date`);
          return null;
        }
      }
      problems.add(where, `'${op}' needs ${forms} (got ${describe(value)})`);
      return null;
    }
    case 'equals':
    case 'notEquals':
    case 'contains': {
      if (!hasValue) return missingValue(where, op, 'a text or a number', problems);
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string') {
        return checkText(value, where, LIMITS.value, 'a text', problems) ?? null;
      }
      problems.add(where, `'${op}' needs a text or a number (got ${describe(value)})`);
      return null;
    }
  }
}

function missingValue(where: string, op: RuleOp, forms: string, problems: Problems): null {
  problems.add(where, `missing: '${op}' needs ${forms}`);
  return null;
}

/** Catch rules that can never mean what the admin wants, e.g. a close date compared as a number. */
function checkFieldFitsOp(field: FieldRef, op: RuleOp, path: string, problems: Problems): boolean {
  if (typeof field !== 'string') return true; // a detail field's type is only known on the page
  const numeric = field === 'amount' || field === 'probability';
  const date = field === 'closeDate';
  const numberOp = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';
  const dateOp = op === 'before' || op === 'after';
  if (numberOp && !numeric) {
    problems.add(
      join(path, 'op'),
      `'${op}' compares numbers, and ${field} is not a number: use it with amount or probability`,
    );
    return false;
  }
  if (dateOp && !date) {
    problems.add(join(path, 'op'), `'${op}' compares dates, and ${field} is not a date: use it with closeDate`);
    return false;
  }
  return true;
}

// ---- shared readers ----

function readId(input: Json, path: string, problems: Problems): string | undefined {
  const where = join(path, 'id');
  if (!has(input, 'id')) {
    problems.add(where, 'missing: give a short id of lowercase letters, digits and dashes, e.g. "discovery"');
    return undefined;
  }
  // Ids are not trimmed: they are keys (stored ticks refer to them), so " pain" must not quietly become "pain".
  const raw = input.id;
  const id = typeof raw === 'string' ? raw : null;
  if (id === null || !ID_PATTERN.test(id) || id.length > LIMITS.id) {
    problems.add(
      where,
      `must be lowercase letters, digits and dashes, at most ${LIMITS.id} characters, ` +
        `e.g. "needs-analysis" (got ${describe(raw)})`,
    );
    return undefined;
  }
  return id;
}

/** A text field: trimmed, non-empty, within `max` characters. undefined when absent or wrong (then reported). */
function readText(
  input: Json,
  key: string,
  path: string,
  max: number,
  required: boolean,
  problems: Problems,
): string | undefined {
  if (!has(input, key)) {
    if (required) problems.add(join(path, key), 'missing: this text is required');
    return undefined;
  }
  return checkText(input[key], join(path, key), max, 'a text', problems);
}

function checkText(value: unknown, path: string, max: number, what: string, problems: Problems): string | undefined {
  if (typeof value !== 'string') {
    problems.add(path, `must be ${what} in quotes (got ${describe(value)})`);
    return undefined;
  }
  const text = value.trim();
  if (text === '') {
    problems.add(path, 'must not be empty');
    return undefined;
  }
  // Code points, as JSON Schema's maxLength counts them, so the schema and the parser agree.
  const length = [...value].length;
  if (length > max) {
    problems.add(path, `is ${length} characters long: at most ${max} are allowed`);
    return undefined;
  }
  return text;
}

function readChoice<T extends string>(
  input: Json,
  key: string,
  path: string,
  choices: readonly T[],
  required: boolean,
  problems: Problems,
): T | undefined {
  const where = join(path, key);
  const options = choices.map((c) => `"${c}"`).join(', ');
  if (!has(input, key)) {
    if (required) problems.add(where, `missing: use one of ${options}`);
    return undefined;
  }
  const value = input[key];
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  const h = typeof value === 'string' ? didYouMean(value, choices) : '';
  problems.add(where, `must be one of ${options} (got ${describe(value)})${h}`);
  return undefined;
}

/** A list field. undefined when absent (reported if required) or not a list (reported). */
function readList(
  input: Json,
  key: string,
  path: string,
  required: boolean,
  problems: Problems,
): unknown[] | undefined {
  const where = join(path, key);
  if (!has(input, key)) {
    if (required) problems.add(where, 'missing: this list is required');
    return undefined;
  }
  const value = input[key];
  if (!Array.isArray(value)) {
    problems.add(where, `must be a list [ ... ] (got ${describe(value)})`);
    return undefined;
  }
  return value;
}

function checkKeys(input: Json, known: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) problems.add(path, `unknown key '${key}'${didYouMean(key, known)}`);
  }
}

function checkUniqueIds(list: unknown[], path: string, problems: Problems): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    if (!isObject(item) || typeof item.id !== 'string') return;
    const id = item.id;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else problems.add(`${path}[${i}].id`, `duplicate id '${id}' (also used by ${path}[${first}]): ids must be unique`);
  });
}

/** One CRM stage may mean only one playbook stage, or the checklist shown would depend on list order. */
function checkStageClaims(list: unknown[], problems: Problems): void {
  const owner = new Map<string, { index: number; label: string }>();
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    const names: [string, string][] = [];
    const label = typeof item.name === 'string' && item.name.trim() !== '' ? ` (${item.name.trim()})` : '';
    if (typeof item.name === 'string') names.push([`stages[${i}].name`, item.name]);
    if (Array.isArray(item.match)) {
      item.match.forEach((m, k) => {
        if (typeof m === 'string') names.push([`stages[${i}].match[${k}]`, m]);
      });
    }
    for (const [where, name] of names) {
      const key = normalizeStageName(name);
      if (key === '') continue;
      const first = owner.get(key);
      if (first === undefined) owner.set(key, { index: i, label });
      else if (first.index !== i) {
        problems.add(
          where,
          `CRM stage '${name.trim()}' is already claimed by stages[${first.index}]${first.label}: ` +
            'a CRM stage can mean only one playbook stage',
        );
      }
    }
  });
}

/** Own keys only: a file's "constructor" or "toString" must never find Object.prototype's. */
function has(input: Json, key: string): boolean {
  return Object.hasOwn(input, key);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** What a wrong value was, in a few characters: strings quoted as JSON, containers by kind. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}

/** " (did you mean 'required'?)" when a known word is within 2 edits of what was written. */
function didYouMean(written: string, known: readonly string[]): string {
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
