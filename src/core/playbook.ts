/**
 * Reading a playbook file ("stagecoach.playbook/v1", defined in ./playbook/schema.ts): every problem is reported at
 * once, each with its JSON path and a plain reason. Writing one is ./playbook/serialize.ts.
 */
import * as v from 'valibot';
import { shortKey } from './playbook/blocks';
import { playbookSchema } from './playbook/schema';
import { selectorProblems, type SelectorKnowledge } from './playbook/selectors';
import type { PlaybookParseResult, PlaybookProblem } from './types';

export type { SelectorKnowledge } from './playbook/selectors';

/**
 * What the caller knows beyond the format itself, for checks core cannot make alone (see ./playbook/selectors.ts).
 * Without it only the format is checked: a playbook read back from storage is not refused for a CRM left out since.
 */
export interface ParseContext {
  selectors?: SelectorKnowledge;
}

/** The path shown for problems with the file as a whole (not valid JSON, not an object, unknown top-level key). */
export const FILE_PATH = '(file)';

/** Parse a playbook from its file text: JSON syntax errors become one problem with a line and column. */
export function parsePlaybookText(text: string, context: ParseContext = {}): PlaybookParseResult {
  // Editors on Windows save a byte-order mark that JSON.parse rejects; it is not the admin's mistake.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    return fail('The file is empty: a playbook is a JSON object starting with {');
  }
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch (e) {
    return fail(`This is not valid JSON: ${describeJsonError(e, body)}`);
  }
  return parsePlaybook(input, context);
}

/** Parse a playbook already read as JSON (e.g. from storage or a team URL). Never throws. */
export function parsePlaybook(input: unknown, context: ParseContext = {}): PlaybookParseResult {
  const result = v.safeParse(playbookSchema, input);
  const known = context.selectors ? selectorProblems(input, context.selectors) : [];
  if (result.success && known.length === 0) return { ok: true, playbook: result.output };
  return { ok: false, problems: [...(result.success ? [] : problemsOf(result.issues)), ...known] };
}

/**
 * Issues as the admin reads them. Each issue's message was worded where it was raised (./playbook/blocks.ts and
 * ./playbook/schema.ts); here its path becomes `stages[2].criteria[0].id`. A value that breaks two checks for the
 * same reason (a staleAfterDays of -2.5 is neither whole nor at least 1) is reported once.
 */
function problemsOf(issues: readonly v.BaseIssue<unknown>[]): PlaybookProblem[] {
  const seen = new Set<string>();
  const problems: PlaybookProblem[] = [];
  for (const issue of issues) {
    const path = jsonPath(issue.path ?? []);
    const key = `${path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message: issue.message });
  }
  return problems;
}

function jsonPath(items: readonly v.IssuePathItem[]): string {
  let path = '';
  for (const { key } of items) {
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? shortKey(String(key)) : `.${shortKey(String(key))}`;
  }
  return path === '' ? FILE_PATH : path;
}

function fail(message: string): PlaybookParseResult {
  return { ok: false, problems: [{ path: FILE_PATH, message }] };
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
