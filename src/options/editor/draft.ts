/**
 * The editor's draft of a playbook: what the form holds, which may be unfinished or wrong (a probability of "140",
 * a stage with no name yet), and the way back to a playbook file's shape for the parser and the worker.
 *
 * Every stage, criterion and link carries a `uid` of its own for the life of the editor, so the form, undo and the
 * problems the parser reports keep pointing at the same item while items are added, removed and moved. Pure
 * functions over plain data: unit-tested without a DOM.
 */
import { RULE_OPS, type RuleOp } from '../../core/playbook/schema';
import { PLAYBOOK_FORMAT } from '../../core/types';
import type { Criterion, ForecastCategory, Link, Outcome, Playbook, Rule, Stage, StandardField } from '../../core/types';
import { slugify } from '../words';

export interface DraftLink {
  uid: string;
  title: string;
  url: string;
}

/** How a date rule's value is given: today, N days after or before today, or a calendar date. */
export type DateMode = 'today' | 'after' | 'before' | 'date';

/**
 * A rule as the form holds it: every kind of value the ops take is kept side by side, so switching the op back and
 * forth loses nothing typed.
 */
export interface DraftRule {
  /** A standard field, or `label`: a detail field named by `label` as the page shows it. */
  field: StandardField | 'label';
  label: string;
  op: RuleOp;
  /** The value of text and number ops, as typed. */
  text: string;
  /** The file gave this value as a number (`"equals": 5000`): saved as one while it still reads as a number. */
  numeric: boolean;
  dateMode: DateMode;
  days: string;
  date: string;
  list: string[];
}

export interface DraftCriterion {
  uid: string;
  /** The id it was saved with, kept whatever its label becomes (ticks follow it); null for a new criterion. */
  id: string | null;
  label: string;
  required: boolean;
  help: string;
  links: DraftLink[];
  rule: DraftRule | null;
}

export interface DraftStage {
  uid: string;
  /** As for criteria: kept when it has one, made from the name when it is new. */
  id: string | null;
  name: string;
  match: string[];
  probability: string;
  forecastCategory: ForecastCategory;
  outcome: Outcome;
  staleAfterDays: string;
  guidance: string;
  criteria: DraftCriterion[];
}

export interface Draft {
  name: string;
  revision: string;
  stages: DraftStage[];
  /** What the editor does not change (configured sites, selector repairs): saved as they came. */
  kept: Pick<Playbook, 'sites' | 'selectors'>;
}

let lastUid = 0;
/** A key for a new item of the form, unique in this page. */
const newUid = (): string => `u${++lastUid}`;

const numberText = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** The form's value kinds of an op. */
export type ValueForm = 'none' | 'text' | 'number' | 'date' | 'list';

export function valueForm(op: RuleOp): ValueForm {
  const form = RULE_OPS[op].value;
  if (form === 'none') return 'none';
  if (op === 'oneOf') return 'list';
  if (RULE_OPS[op].compares === 'number') return 'number';
  if (RULE_OPS[op].compares === 'date') return 'date';
  return 'text';
}

export function emptyRule(field: DraftRule['field'] = 'amount'): DraftRule {
  return { field, label: '', op: 'present', text: '', numeric: false, dateMode: 'today', days: '', date: '', list: [] };
}

function draftRule(rule: Rule): DraftRule {
  const draft = emptyRule(typeof rule.field === 'string' ? rule.field : 'label');
  if (typeof rule.field !== 'string') draft.label = rule.field.label;
  draft.op = rule.op;
  const value = rule.value;
  if (Array.isArray(value)) draft.list = [...value];
  else if (typeof value === 'number') {
    draft.text = String(value);
    draft.numeric = true;
  } else if (typeof value === 'string') {
    if (valueForm(rule.op) === 'date') {
      const relative = /^today(?:([+-])(\d+))?$/.exec(value);
      if (!relative) Object.assign(draft, { dateMode: 'date', date: value });
      else if (relative[2] === undefined || Number(relative[2]) === 0) draft.dateMode = 'today';
      else Object.assign(draft, { dateMode: relative[1] === '+' ? 'after' : 'before', days: String(Number(relative[2])) });
    } else draft.text = value;
  }
  return draft;
}

function draftCriterion(c: Criterion): DraftCriterion {
  return {
    uid: newUid(),
    id: c.id,
    label: c.label,
    required: c.required,
    help: c.help ?? '',
    links: c.links.map((l) => ({ uid: newUid(), title: l.title, url: l.url })),
    rule: c.rule === undefined ? null : draftRule(c.rule),
  };
}

function draftStage(s: Stage): DraftStage {
  return {
    uid: newUid(),
    id: s.id,
    name: s.name,
    match: [...s.match],
    probability: numberText(s.probability),
    forecastCategory: s.forecastCategory,
    outcome: s.outcome,
    staleAfterDays: numberText(s.staleAfterDays),
    guidance: s.guidance ?? '',
    criteria: s.criteria.map(draftCriterion),
  };
}

/** The draft of a saved playbook: every id kept. `kept` carries over the sections the editor leaves alone. */
export function draftOf(playbook: Playbook, kept: Draft['kept'] = playbook): Draft {
  const rest: Draft['kept'] = {};
  if (kept.sites !== undefined) rest.sites = kept.sites;
  if (kept.selectors !== undefined) rest.selectors = kept.selectors;
  return { name: playbook.name, revision: playbook.revision ?? '', stages: playbook.stages.map(draftStage), kept: rest };
}

export function newStage(): DraftStage {
  return {
    uid: newUid(),
    id: null,
    name: '',
    match: [],
    probability: '',
    forecastCategory: 'pipeline',
    outcome: 'open',
    staleAfterDays: '',
    guidance: '',
    criteria: [],
  };
}

export function newCriterion(): DraftCriterion {
  return { uid: newUid(), id: null, label: '', required: true, help: '', links: [], rule: null };
}

export function newLink(): DraftLink {
  return { uid: newUid(), title: '', url: '' };
}

/**
 * Ids for a list's items: an item saved before keeps its own (stored ticks refer to it), a new one gets a slug of its
 * name that no other item of the list uses ("demo", then "demo-2"). Kept ids are reserved first, so a new item never
 * takes the id of one that was there before it.
 */
export function assignIds(items: readonly { id: string | null; name: string }[], fallback: string): string[] {
  const taken = new Set(items.flatMap((item) => (item.id === null ? [] : [item.id])));
  return items.map((item) => {
    if (item.id !== null) return item.id;
    const base = slugify(item.name, fallback);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

/** A number field as typed: a number when it reads as one, absent when empty, else the text (the parser says why). */
function numberValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

function ruleValue(rule: DraftRule): unknown {
  switch (valueForm(rule.op)) {
    case 'none':
      return undefined;
    case 'list':
      return rule.list;
    case 'number':
      return numberValue(rule.text);
    case 'date':
      if (rule.dateMode === 'today') return 'today';
      if (rule.dateMode === 'date') return rule.date === '' ? undefined : rule.date;
      // An empty count is left for the parser to word ("'after' needs a date ..."), as `today+` is no date.
      return `today${rule.dateMode === 'after' ? '+' : '-'}${rule.days.trim()}`;
    case 'text': {
      if (rule.text.trim() === '') return undefined;
      const n = rule.numeric ? numberValue(rule.text) : undefined;
      return typeof n === 'number' ? n : rule.text;
    }
  }
}

function ruleInput(rule: DraftRule): Record<string, unknown> {
  const out: Record<string, unknown> = { field: rule.field === 'label' ? { label: rule.label } : rule.field, op: rule.op };
  const value = ruleValue(rule);
  if (value !== undefined) out.value = value;
  return out;
}

/**
 * The draft as a playbook file's JSON, for the parser (problems name the place by JSON path) and the worker. Lists
 * keep every item, unfinished ones too, so `stages[i].criteria[j]` is the draft's stage i and criterion j.
 */
export function toPlaybookInput(draft: Draft): Record<string, unknown> {
  const stageIds = assignIds(draft.stages, 'stage');
  const out: Record<string, unknown> = { format: PLAYBOOK_FORMAT, name: draft.name };
  if (draft.revision.trim() !== '') out.revision = draft.revision;
  out.stages = draft.stages.map((stage, i) => {
    const criterionIds = assignIds(stage.criteria.map((c) => ({ id: c.id, name: c.label })), 'criterion');
    const s: Record<string, unknown> = { id: stageIds[i], name: stage.name, match: stage.match };
    const probability = numberValue(stage.probability);
    if (probability !== undefined) s.probability = probability;
    s.forecastCategory = stage.forecastCategory;
    s.outcome = stage.outcome;
    const stale = numberValue(stage.staleAfterDays);
    if (stale !== undefined) s.staleAfterDays = stale;
    if (stage.guidance.trim() !== '') s.guidance = stage.guidance;
    s.criteria = stage.criteria.map((c, j) => {
      const out: Record<string, unknown> = { id: criterionIds[j], label: c.label, required: c.required };
      if (c.help.trim() !== '') out.help = c.help;
      out.links = c.links.map((l): Record<keyof Link, string> => ({ title: l.title, url: l.url }));
      if (c.rule !== null) out.rule = ruleInput(c.rule);
      return out;
    });
    return s;
  });
  if (draft.kept.sites !== undefined) out.sites = draft.kept.sites;
  if (draft.kept.selectors !== undefined) out.selectors = draft.kept.selectors;
  return out;
}

/** Whether two drafts would save the same playbook (what "unsaved changes" means). */
export function samePlaybook(a: Draft, b: Draft): boolean {
  return JSON.stringify(toPlaybookInput(a)) === JSON.stringify(toPlaybookInput(b));
}

// ---- where a problem belongs in the form ----

/**
 * Which control of the form a problem is about: `name`, `revision`, `stages` (the list itself), or an item's part,
 * `stage:<uid>:<part>`, `criterion:<uid>:<part>`, `link:<uid>:<part>`. Parts are the controls: a stage's `name`,
 * `probability`, `forecastCategory`, `outcome`, `staleAfterDays`, `guidance`, `match`, `criteria`; a criterion's
 * `label`, `required`, `help`, `links`, `ruleField`, `ruleLabel` (a detail field's label), `ruleOp`, `ruleValue`; a link's `title`, `url`.
 */
export type FieldKey = string;

export const stageKey = (uid: string, part: string): FieldKey => `stage:${uid}:${part}`;
export const criterionKey = (uid: string, part: string): FieldKey => `criterion:${uid}:${part}`;
export const linkKey = (uid: string, part: string): FieldKey => `link:${uid}:${part}`;

const STAGE_PARTS = new Set(['name', 'probability', 'forecastCategory', 'outcome', 'staleAfterDays', 'guidance', 'match', 'criteria']);
const CRITERION_PARTS = new Set(['label', 'required', 'help', 'links']);
const RULE_PARTS: Record<string, string> = { field: 'ruleField', op: 'ruleOp', value: 'ruleValue' };

/** `stages[2].criteria[0].label` -> ['stages', 2, 'criteria', 0, 'label']. */
function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] as string) : Number(m[2])));
}

/**
 * The control a problem's JSON path points at in `draft` (the draft that was checked), or null when no control holds
 * that part (sites, selectors, the file as a whole): those are listed beside Save. An id's problem is shown at the
 * name or label it is made from.
 */
export function fieldOf(path: string, draft: Draft): FieldKey | null {
  const keys = pathKeys(path);
  const [top, i, sPart, j, cPart, k, lPart] = keys;
  if (keys.length === 1 && (top === 'name' || top === 'revision' || top === 'stages')) return top;
  if (top !== 'stages' || typeof i !== 'number') return null;
  const stage = draft.stages[i];
  if (!stage) return 'stages';
  if (sPart === undefined || sPart === 'id') return stageKey(stage.uid, 'name');
  if (typeof sPart !== 'string' || !STAGE_PARTS.has(sPart)) return null;
  if (sPart !== 'criteria' || typeof j !== 'number') return stageKey(stage.uid, sPart);
  const criterion = stage.criteria[j];
  if (!criterion) return stageKey(stage.uid, 'criteria');
  if (cPart === undefined || cPart === 'id') return criterionKey(criterion.uid, 'label');
  if (cPart === 'rule') {
    if (k === 'field' && lPart === 'label') return criterionKey(criterion.uid, 'ruleLabel');
    const part = typeof k === 'string' ? RULE_PARTS[k] : undefined;
    return criterionKey(criterion.uid, part ?? 'ruleField');
  }
  if (typeof cPart !== 'string' || !CRITERION_PARTS.has(cPart)) return null;
  if (cPart !== 'links' || typeof k !== 'number') return criterionKey(criterion.uid, cPart);
  const link = criterion.links[k];
  if (!link) return criterionKey(criterion.uid, 'links');
  return linkKey(link.uid, lPart === 'url' ? 'url' : 'title');
}
