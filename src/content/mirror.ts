/**
 * The storage mirror as the overlay reads it, parsed: storage.local is shared by every context of the extension and
 * outlives versions, so a value the overlay cannot use (an older shape, a bad write) must not break the deal page.
 * The worker writes only parsed playbooks here, so these checks are structural and small, not the full playbook
 * parser (which would load on every deal page). What does not parse is treated as absent and logged; the worker
 * rebuilds the mirror from its database at every browser start.
 */
import type { CheckState, Criterion, DealChecks, PLAYBOOK_FORMAT, Playbook, Rule, RuleOp, Stage } from '../core/types';
import type { ChangeNotice, StagePick } from '../messages';

/** The format's id as a literal: importing the constant would add a shared chunk to every deal page's module chain. */
const FORMAT: typeof PLAYBOOK_FORMAT = 'stagecoach.playbook/v1';

type Fields = Record<string, unknown>;
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isListOf = <T>(v: unknown, check: (item: unknown) => item is T): v is T[] => Array.isArray(v) && v.every(check);
/** The rule operators the checklist can decide (another would leave a criterion undecidable); typed, so a new one must be added. */
const RULE_OPS: Record<RuleOp, true> = {
  present: true, absent: true, equals: true, notEquals: true, contains: true, oneOf: true,
  gt: true, gte: true, lt: true, lte: true, before: true, after: true,
};

// What the checklist and the overlay walk through or compare without a guard: lists, ids, names, rules. Display-only
// values (probability, help, guidance) cannot break the page whatever they hold, and are not checked here.
const isRule = (r: unknown): r is Rule =>
  isFields(r) && (isString(r.field) || (isFields(r.field) && isString(r.field.label))) && isString(r.op) && Object.hasOwn(RULE_OPS, r.op);

const isCriterion = (c: unknown): c is Criterion =>
  isFields(c) && isString(c.id) && isString(c.label) && Array.isArray(c.links) && (c.rule === undefined || isRule(c.rule));

const isStage = (s: unknown): s is Stage =>
  isFields(s) && isString(s.id) && isString(s.name) && isListOf(s.match, isString) && isListOf(s.criteria, isCriterion);

/** Selector repairs: CRM -> part -> selectors, the texts handed to an adapter (and dropped there if not CSS). */
const isSelectors = (s: unknown): boolean =>
  isFields(s) && Object.values(s).every((parts) => isFields(parts) && Object.values(parts).every((list) => isListOf(list, isString)));

const isPlaybook = (p: unknown): p is Playbook =>
  isFields(p) && p.format === FORMAT && isString(p.name) && isListOf(p.stages, isStage) && (p.selectors === undefined || isSelectors(p.selectors));

const unreadable = (what: string): null => {
  console.warn(`[Stagecoach] cannot read the ${what} stored for CRM pages`);
  return null;
};

/** The mirrored playbook; null when there is none yet or it cannot be read. */
export function mirroredPlaybook(value: unknown): Playbook | null {
  if (value === undefined) return null;
  return isPlaybook(value) ? value : unreadable('playbook');
}

/** A deal's mirrored ticks; ticks that cannot be read are left out (the worker's answer to a tick is the truth). */
export function mirroredChecks(value: unknown): DealChecks {
  if (value === undefined) return {};
  if (!isFields(value)) return unreadable('ticks') ?? {};
  const checks: DealChecks = {};
  for (const [criterionId, state] of Object.entries(value)) {
    if (isFields(state) && isString(state.checkedAt)) checks[criterionId] = { checkedAt: state.checkedAt } satisfies CheckState;
  }
  return checks;
}

/** The stage a rep chose by hand for a deal; null when there is none or it cannot be read. */
export function mirroredStagePick(value: unknown): StagePick | null {
  if (value === undefined) return null;
  return isFields(value) && isString(value.stageId) && isString(value.chosenAt)
    ? { stageId: value.stageId, chosenAt: value.chosenAt }
    : unreadable('stage chosen by hand');
}

/**
 * The "what changed" notice of the active playbook; null when there is none or it cannot be read. Its lines are
 * shown as they are, so each must be text.
 */
export function mirroredNotice(value: unknown): ChangeNotice | null {
  if (value === undefined) return null;
  return isFields(value) && isString(value.id) && isString(value.playbookName) && isString(value.at) &&
    isListOf(value.lines, isString) && typeof value.total === 'number' && Number.isInteger(value.total)
    ? { id: value.id, playbookName: value.playbookName, at: value.at, lines: value.lines, total: value.total }
    : unreadable('notice of what changed in the playbook');
}

/** The id of the last notice the rep dismissed; null when none was or it cannot be read. */
export function mirroredSeen(value: unknown): string | null {
  if (value === undefined) return null;
  return isString(value) ? value : unreadable('dismissed notice');
}
