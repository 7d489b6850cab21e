/**
 * What changed between two revisions of a playbook, told to reps once when the active playbook changes ("Added stage
 * “Security Review”"). Stages and criteria are followed by id, as ticks are: a stage renamed keeps its id, so it is
 * renamed, not removed and added; a criterion that keeps its label but moves to another stage is removed from one
 * and added to the other, because the rep meets it in a different checklist.
 */
import type { Criterion, Playbook, Stage } from '../types';
import { isolate } from '../bidi';

export type PlaybookChange = {
  kind:
    | 'stage-added'
    | 'stage-removed'
    | 'stage-renamed'
    | 'criterion-added'
    | 'criterion-removed'
    | 'criterion-renamed'
    | 'criterion-required'
    | 'criterion-optional';
  /** The stage's name as reps see it: the new name, except for a removed stage. */
  stage: string;
  /** The criterion's label as reps see it: the new label, except for a removed criterion. */
  criterion?: string;
  /** Renames only: the name or label before. */
  from?: string;
  /** Renames only: the name or label after. */
  to?: string;
};

/**
 * The changes from `before` to `after`, in the order of `after`'s stages and criteria, each stage's removed criteria
 * after its other changes and removed stages last, both in the order of `before`. Only what a rep would notice in a
 * checklist counts: reordering, help, links, rules, probabilities and the like do not. A stage added or removed is
 * one change, not one more per criterion in it.
 */
export function playbookChanges(before: Playbook, after: Playbook): PlaybookChange[] {
  const changes: PlaybookChange[] = [];
  const beforeStages = byId(before.stages);
  const afterIds = new Set(after.stages.map((stage) => stage.id));
  for (const stage of after.stages) {
    const old = beforeStages.get(stage.id);
    const name = stage.name.trim();
    if (old === undefined) {
      changes.push({ kind: 'stage-added', stage: name });
      continue;
    }
    if (old.name.trim() !== name) changes.push({ kind: 'stage-renamed', stage: name, from: old.name.trim(), to: name });
    changes.push(...criterionChanges(name, old.criteria, stage.criteria));
  }
  for (const old of before.stages) {
    if (!afterIds.has(old.id)) changes.push({ kind: 'stage-removed', stage: old.name.trim() });
  }
  return changes;
}

/** The changes to one stage's criteria; `stage` is its name now. */
function criterionChanges(stage: string, before: Criterion[], after: Criterion[]): PlaybookChange[] {
  const changes: PlaybookChange[] = [];
  const beforeCriteria = byId(before);
  const afterIds = new Set(after.map((criterion) => criterion.id));
  for (const criterion of after) {
    const old = beforeCriteria.get(criterion.id);
    const label = criterion.label.trim();
    if (old === undefined) {
      changes.push({ kind: 'criterion-added', stage, criterion: label });
      continue;
    }
    if (old.label.trim() !== label) {
      changes.push({ kind: 'criterion-renamed', stage, criterion: label, from: old.label.trim(), to: label });
    }
    if (old.required !== criterion.required) {
      changes.push({ kind: criterion.required ? 'criterion-required' : 'criterion-optional', stage, criterion: label });
    }
  }
  for (const old of before) {
    if (!afterIds.has(old.id)) changes.push({ kind: 'criterion-removed', stage, criterion: old.label.trim() });
  }
  return changes;
}

/** Items by id. Ids are unique within their list in any playbook that parsed, so none is lost. */
function byId<T extends Stage | Criterion>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** One short English line per change, e.g. `Renamed “Budget” to “Budget confirmed” in Qualification`. */
export function changeLines(changes: readonly PlaybookChange[]): string[] {
  return changes.map(changeLine);
}

function changeLine(change: PlaybookChange): string {
  const { stage } = change;
  // The type leaves these optional because not every kind has them; playbookChanges always sets them where it has.
  const criterion = change.criterion ?? '';
  const from = change.from ?? (change.kind === 'stage-renamed' ? stage : criterion);
  const to = change.to ?? (change.kind === 'stage-renamed' ? stage : criterion);
  switch (change.kind) {
    case 'stage-added':
      return `Added stage ${quote(stage)}`;
    case 'stage-removed':
      return `Removed stage ${quote(stage)}`;
    case 'stage-renamed':
      return `Renamed stage ${quote(from)} to ${quote(to)}`;
    case 'criterion-added':
      return `Added ${quote(criterion)} to ${isolate(stage)}`;
    case 'criterion-removed':
      return `Removed ${quote(criterion)} from ${isolate(stage)}`;
    case 'criterion-renamed':
      return `Renamed ${quote(from)} to ${quote(to)} in ${isolate(stage)}`;
    case 'criterion-required':
      return `${quote(criterion)} is now required in ${isolate(stage)}`;
    case 'criterion-optional':
      return `${quote(criterion)} is now optional in ${isolate(stage)}`;
  }
}

/**
 * A name from the playbook quoted in a notice line, isolated so that right-to-left text or an override in it cannot
 * turn the words around it (the line is built as one string, and shown as such in the overlay and the popup).
 */
function quote(text: string): string {
  return `“${isolate(text)}”`;
}
