/**
 * An organization's policy for Stagecoach, read from the values the browser's managed storage holds
 * (`chrome.storage.managed`, declared in public/managed_schema.json, written by admins as docs/admin.md shows).
 * Pure: the worker reads the values through src/platform (`managed`) and hands them here, so every value an admin
 * can set is judged in one place and tested without a browser.
 *
 * Chrome checks values against the schema and drops a value of the wrong type before the extension sees it, but
 * Firefox (policies.json) does not: every value is checked again here. A value that cannot be used is left out (an
 * interval out of range is brought into it), and `problems` says why in words an admin can act on, naming the key.
 */
import { FILE_PATH, parsePlaybookText } from '../core/playbook';
import { teamUrlProblem } from '../core/team-url';
import type { Playbook } from '../core/types';

export interface Policy {
  /** The team playbook URL the organization set, trimmed; null when none is set or it cannot be used. */
  teamUrl: string | null;
  /** The inline playbook the organization set; null when none is set or it is not a valid playbook. */
  playbook: Playbook | null;
  /** Reps may not import, edit or reset the playbook, change its sites or the team URL. */
  locked: boolean;
  /** How often the team URL is checked, in minutes. */
  refreshMinutes: number;
  /** Why a value set by policy is not used as given, one sentence each, naming the policy key. */
  problems: string[];
}

/** How often a team URL is checked when the organization does not say: every 6 hours. */
export const DEFAULT_REFRESH_MINUTES = 360;
/** Not more often than every 15 minutes: each check is a request to the team's host from every rep's browser. */
export const MIN_REFRESH_MINUTES = 15;
/** At least once a day, or reps could work from a playbook days out of date. */
export const MAX_REFRESH_MINUTES = 1440;

/** The keys public/managed_schema.json declares (a unit test keeps the two the same). */
export const POLICY_KEYS = ['teamPlaybookUrl', 'playbook', 'lockPlaybook', 'refreshIntervalMinutes'] as const;

/** No policy at all: what a browser without managed storage, or an organization that set nothing, gives. */
export const NO_POLICY: Policy = {
  teamUrl: null,
  playbook: null,
  locked: false,
  refreshMinutes: DEFAULT_REFRESH_MINUTES,
  problems: [],
};

/** Reads the managed storage's values (`storage.managed.get(null)`). Never throws. */
export function parsePolicy(values: Record<string, unknown>): Policy {
  const problems: string[] = [];
  for (const key of Object.keys(values)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      problems.push(`The policy “${key}” is not one Stagecoach knows, so it is ignored (the policies are ${POLICY_KEYS.join(', ')}).`);
    }
  }
  const playbook = readPlaybook(values.playbook, problems);
  let teamUrl = readTeamUrl(values.teamPlaybookUrl, problems);
  // One playbook is active. The inline one is there at once and needs no request, so it wins over the address.
  if (playbook && teamUrl) {
    problems.push('Both playbook and teamPlaybookUrl are set: the inline playbook is used and the team playbook URL is not checked. Set only one.');
    teamUrl = null;
  }
  return {
    teamUrl,
    playbook,
    locked: readLock(values.lockPlaybook, problems),
    refreshMinutes: readRefreshMinutes(values.refreshIntervalMinutes, problems),
    problems,
  };
}

/** Policy tools write an unset text value as an empty string (a blank field in a form): that is no value. */
const isBlank = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.trim() === '');

function readTeamUrl(value: unknown, problems: string[]): string | null {
  if (isBlank(value)) return null;
  if (typeof value !== 'string') {
    problems.push(`The teamPlaybookUrl policy is not used: it must be text, an https:// address, not ${describe(value)}.`);
    return null;
  }
  const problem = teamUrlProblem(value);
  if (problem) {
    problems.push(`The teamPlaybookUrl policy is not used: it ${problem}.`);
    return null;
  }
  return value.trim();
}

function readPlaybook(value: unknown, problems: string[]): Playbook | null {
  if (isBlank(value)) return null;
  if (typeof value !== 'string') {
    problems.push(
      `The playbook policy is not used: it must be the JSON text of a playbook file as one string, not ${describe(value)}.`,
    );
    return null;
  }
  const result = parsePlaybookText(value);
  if (result.ok) return result.playbook;
  for (const { path, message } of result.problems) {
    problems.push(`The playbook policy is not a valid playbook${path === FILE_PATH ? '' : `, at ${path}`}: ${message}`);
  }
  return null;
}

function readLock(value: unknown, problems: string[]): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  problems.push(`The lockPlaybook policy is not used: it must be true or false, not ${describe(value)}. The playbook is not locked.`);
  return false;
}

function readRefreshMinutes(value: unknown, problems: string[]): number {
  if (value === undefined) return DEFAULT_REFRESH_MINUTES;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(
      `The refreshIntervalMinutes policy is not used: it must be a number of minutes, not ${describe(value)}. The team playbook URL is checked every ${DEFAULT_REFRESH_MINUTES} minutes.`,
    );
    return DEFAULT_REFRESH_MINUTES;
  }
  // Chrome refuses a fraction for an integer policy; elsewhere the nearest whole minute is what the admin meant.
  const minutes = Math.round(value);
  if (minutes < MIN_REFRESH_MINUTES || minutes > MAX_REFRESH_MINUTES) {
    const used = Math.min(MAX_REFRESH_MINUTES, Math.max(MIN_REFRESH_MINUTES, minutes));
    problems.push(
      `The refreshIntervalMinutes policy is ${value}, outside ${MIN_REFRESH_MINUTES} to ${MAX_REFRESH_MINUTES}: the team playbook URL is checked every ${used} minutes.`,
    );
    return used;
  }
  return minutes;
}

/** A wrong value as an admin recognises it in their policy file. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
