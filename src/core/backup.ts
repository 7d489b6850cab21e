/**
 * The backup file: every local thing Stagecoach keeps, as one JSON object (format BACKUP_FORMAT). Its one definition
 * is here, in valibot: the worker parses a file whole with it before restoring anything, and the options page with it
 * to show what a file holds before the rep confirms.
 *
 * What is in it: playbook revisions (the configured sites live in their playbooks), the rep's playbook sources (the
 * local playbook, the team URL and its last answer; never the policy's row, which is the admin's, nor the settled
 * "active" row, which a restore settles afresh), deals with their history, ticks, the tick log, stages chosen by hand,
 * and which orgs sync (settings only: when a sync last ran belongs to the browser that ran it). The deals' index rows
 * are derived from the deals, so they are rebuilt on restore rather than carried.
 *
 * Every problem is reported with where it is, in words: "deals[12].snapshot.url: must be an https URL".
 */
import * as v from 'valibot';
import { parsePlaybook } from './playbook';
import { describe, shortKey } from './playbook/blocks';
import { BACKUP_FORMAT, type DealRecord, type Playbook } from './types';

/** Problems listed before "…and N more": enough to see what is wrong with a file, few enough to read. */
export const BACKUP_PROBLEMS_SHOWN = 20;

const text = v.string();
const nullableText = v.nullable(text);
const isoTime = v.pipe(v.string(), v.isoTimestamp('must be a date and time like 2026-03-01T09:30:00.000Z'));
const isoDay = v.pipe(v.string(), v.isoDate('must be a date like 2026-03-31'));
const httpsUrl = v.pipe(
  v.string(),
  v.check((s) => URL.canParse(s) && new URL(s).protocol === 'https:', 'must be an https URL'),
);
const money = v.strictObject({ amount: v.pipe(v.number(), v.finite('must be a finite number')), currency: nullableText });
const crmStage = v.strictObject({ label: text, value: nullableText });
const count = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more'));

const snapshot = v.strictObject({
  crm: v.pipe(text, v.minLength(1, 'must not be empty')),
  key: v.pipe(text, v.minLength(1, 'must not be empty')),
  recordId: text,
  url: httpsUrl,
  locale: text,
  name: nullableText,
  stage: crmStage,
  amount: v.nullable(money),
  closeDate: v.nullable(isoDay),
  probability: v.nullable(v.pipe(v.number(), v.minValue(0, 'must be 0 to 100'), v.maxValue(100, 'must be 0 to 100'))),
  nextStep: nullableText,
  owner: nullableText,
  forecastCategory: nullableText,
  fields: v.record(text, text),
});

const deal = v.strictObject({
  key: v.pipe(text, v.minLength(1, 'must not be empty')),
  snapshot,
  firstSeen: isoTime,
  lastSeen: isoTime,
  history: v.pipe(v.array(v.strictObject({ stage: crmStage, enteredAt: isoTime })), v.minLength(1, 'must hold the current stage')),
  seen: v.strictObject({ page: v.nullable(isoTime), list: v.nullable(isoTime), sync: v.nullable(isoTime) }),
  createdAt: v.nullable(isoTime),
  closeDates: v.array(v.strictObject({ from: v.nullable(isoDay), to: v.nullable(isoDay), at: isoTime })),
  amounts: v.array(v.strictObject({ from: v.nullable(money), to: v.nullable(money), at: isoTime })),
  closed: v.nullable(v.strictObject({ won: v.boolean() })),
});
// The schema's output must be a DealRecord, so the two cannot drift apart.
const _dealMatches: DealRecord = {} as v.InferOutput<typeof deal>;
void _dealMatches;

const revision = v.strictObject({
  id: count,
  origin: v.picklist(['import', 'editor', 'team', 'policy'], 'must be import, editor, team or policy'),
  // Checked by the playbook's own definition below, with its own paths and words.
  playbook: v.unknown(),
  savedAt: isoTime,
  fileName: nullableText,
  url: v.nullable(httpsUrl),
});

const source = v.variant(
  'slot',
  [
    v.strictObject({ slot: v.literal('local'), revisionId: v.nullable(count) }),
    v.strictObject({ slot: v.literal('team'), url: httpsUrl }),
    v.strictObject({
      slot: v.literal('teamState'),
      url: httpsUrl,
      revisionId: v.nullable(count),
      etag: nullableText,
      lastModified: nullableText,
      checkedAt: v.nullable(isoTime),
      receivedAt: v.nullable(isoTime),
      failure: nullableText,
    }),
  ],
  'must be local, team or teamState (the policy’s and the active playbook’s rows are never backed up)',
);

const backupSchema = v.strictObject({
  format: v.string(),
  exportedAt: isoTime,
  revisions: v.array(revision),
  sources: v.array(source),
  deals: v.array(deal),
  checks: v.array(v.strictObject({ dealKey: text, criterionId: text, checkedAt: isoTime })),
  checkLog: v.array(v.strictObject({ dealKey: text, criterionId: text, checked: v.boolean(), at: isoTime })),
  stagePicks: v.array(v.strictObject({ dealKey: text, stageId: text, chosenAt: isoTime })),
  syncs: v.array(
    v.strictObject({
      id: v.pipe(text, v.regex(/^(salesforce|dynamics):[a-z0-9.-]{1,100}$/, 'must be salesforce:<org> or dynamics:<org>')),
      crm: v.picklist(['salesforce', 'dynamics'], 'must be salesforce or dynamics'),
      org: text,
      enabled: v.boolean(),
    }),
  ),
});

type Parsed = v.InferOutput<typeof backupSchema>;
export type BackupRevision = Omit<Parsed['revisions'][number], 'playbook'> & { playbook: Playbook };
export type BackupSource = Parsed['sources'][number];
export type BackupCheck = Parsed['checks'][number];
export type BackupCheckEvent = Parsed['checkLog'][number];
export type BackupStagePick = Parsed['stagePicks'][number];
export type BackupSync = Parsed['syncs'][number];

/** A backup as written and as read back. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  exportedAt: string;
  revisions: BackupRevision[];
  sources: BackupSource[];
  deals: DealRecord[];
  checks: BackupCheck[];
  checkLog: BackupCheckEvent[];
  stagePicks: BackupStagePick[];
  syncs: BackupSync[];
}

/** How many of each kind a backup holds (messages.ts DataCounts). */
export function backupCounts(backup: Pick<Backup, 'deals' | 'checks' | 'revisions' | 'stagePicks'>) {
  return { deals: backup.deals.length, checks: backup.checks.length, revisions: backup.revisions.length, stagePicks: backup.stagePicks.length };
}

export type BackupParseResult = { ok: true; backup: Backup } | { ok: false; problems: string[] };

/** `deals[12].snapshot.url`, from a valibot issue's path; a key of the file's own choosing shortened (shortKey). */
function pathOf(items: readonly v.IssuePathItem[] | undefined): string {
  let path = '';
  for (const { key } of items ?? []) path += typeof key === 'number' ? `[${key}]` : path === '' ? shortKey(String(key)) : `.${shortKey(String(key))}`;
  return path;
}

/** An issue in words: our own message where a check has one, else what was expected and what was found. */
function wordsOf(issue: v.BaseIssue<unknown>): string {
  if (issue.kind !== 'schema') return issue.message;
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not part of a Stagecoach backup';
  if (issue.input === undefined) return 'is missing';
  if (issue.type === 'picklist' || issue.type === 'variant') return `${issue.message}, not ${describe(issue.input)}`;
  const expected = { string: 'text', number: 'a number', boolean: 'true or false', Object: 'an object', Array: 'a list' }[issue.type === 'strict_object' ? 'Object' : issue.type === 'array' ? 'Array' : issue.type];
  return `must be ${expected ?? issue.expected ?? 'something else'}, not ${describe(issue.input)}`;
}

function located(path: string, message: string): string {
  return path === '' ? message : `${path}: ${message}`;
}

/** The version a format id names (`stagecoach.backup/v2` → 2), or null when it is no Stagecoach backup's. */
function formatVersion(format: unknown): number | null {
  const match = typeof format === 'string' ? /^stagecoach\.backup\/v(\d+)$/.exec(format) : null;
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** References inside the file: a source naming a revision the file lacks, two deals under one key. */
function crossProblems(backup: Parsed): string[] {
  const problems: string[] = [];
  const revisionIds = new Set<number>();
  backup.revisions.forEach((r, i) => {
    if (revisionIds.has(r.id)) problems.push(`revisions[${i}].id: revision ${r.id} appears twice`);
    revisionIds.add(r.id);
  });
  backup.sources.forEach((s, i) => {
    if (s.slot !== 'team' && s.revisionId !== null && !revisionIds.has(s.revisionId)) {
      problems.push(`sources[${i}].revisionId: names revision ${s.revisionId}, which the backup does not hold`);
    }
  });
  const slots = new Set<string>();
  backup.sources.forEach((s, i) => {
    if (slots.has(s.slot)) problems.push(`sources[${i}].slot: "${s.slot}" appears twice`);
    slots.add(s.slot);
  });
  const keys = new Set<string>();
  backup.deals.forEach((d, i) => {
    if (d.key !== d.snapshot.key) problems.push(`deals[${i}].snapshot.key: is ${shortKey(d.snapshot.key)}, but the deal is filed under ${shortKey(d.key)}`);
    if (keys.has(d.key)) problems.push(`deals[${i}].key: the deal ${shortKey(d.key)} appears twice`);
    keys.add(d.key);
  });
  return problems;
}

/** Parse a backup already read as JSON: every problem at once, each with where it is. Never throws. */
export function parseBackup(input: unknown): BackupParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['This is not a Stagecoach backup: a backup is a JSON object with "format": "' + BACKUP_FORMAT + '".'] };
  }
  const format = (input as { format?: unknown }).format;
  const version = formatVersion(format);
  if (version === null) {
    return {
      ok: false,
      problems: [
        typeof format === 'string' && format.startsWith('stagecoach.playbook/')
          ? 'This is a playbook file, not a backup: import it under “Import a playbook”.'
          : `This is not a Stagecoach backup: its "format" is ${describe(format)}, not "${BACKUP_FORMAT}".`,
      ],
    };
  }
  if (version > 1) {
    return { ok: false, problems: [`This backup was made by a newer Stagecoach (format v${version}): update Stagecoach, then restore it.`] };
  }

  const result = v.safeParse(backupSchema, input);
  if (!result.success) return { ok: false, problems: shown(result.issues.map((issue) => located(pathOf(issue.path), wordsOf(issue)))) };
  const problems = crossProblems(result.output);
  const revisions: BackupRevision[] = [];
  result.output.revisions.forEach((r, i) => {
    const parsed = parsePlaybook(r.playbook);
    if (parsed.ok) revisions.push({ ...r, playbook: parsed.playbook });
    else for (const p of parsed.problems) problems.push(located(`revisions[${i}].playbook${p.path === '(file)' ? '' : p.path.startsWith('[') ? p.path : `.${p.path}`}`, p.message));
  });
  if (problems.length > 0) return { ok: false, problems: shown(problems) };
  return { ok: true, backup: { ...result.output, format: BACKUP_FORMAT, revisions } };
}

/** Parse a backup file's text: a byte-order mark is allowed, JSON errors are one problem. */
export function parseBackupText(fileText: string): BackupParseResult {
  const body = fileText.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, problems: ['The file is empty: a Stagecoach backup is a JSON file made by “Back up everything”.'] };
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch (error) {
    return { ok: false, problems: [`This file is not valid JSON, so it is no Stagecoach backup (or it was cut short): ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseBackup(input);
}

/** The first BACKUP_PROBLEMS_SHOWN problems, then how many more there are. */
function shown(problems: string[]): string[] {
  const unique = [...new Set(problems)];
  if (unique.length <= BACKUP_PROBLEMS_SHOWN) return unique;
  return [...unique.slice(0, BACKUP_PROBLEMS_SHOWN), `…and ${unique.length - BACKUP_PROBLEMS_SHOWN} more problems.`];
}
