/**
 * The playbook editor's state: the draft, its undo stack, the problems the format's parser finds in it as the admin
 * types (the same parser and messages as an import), and saving it through the worker. Components only read it and
 * call its actions; the worker client is injected so tests run it with a fake.
 */
import { batch, computed, signal } from '@preact/signals';
import { parsePlaybook } from '../../core/playbook';
import { normalizeText } from '../../core/text';
import type { Playbook, PlaybookParseResult, PlaybookProblem } from '../../core/types';
import type { ActivePlaybook, Client, RevisionInfo } from '../../messages';
import { errorMessage } from '../../ui/errors';
import {
  emptyRule,
  fieldOf,
  newCriterion,
  newLink,
  newStage,
  samePlaybook,
  toPlaybookInput,
  type Draft,
  type DraftCriterion,
  type DraftLink,
  type DraftRule,
  type DraftStage,
  type FieldKey,
} from './draft';
import { isolate } from '../../ui/text';

/** How long typing may pause before the draft is checked: quick enough to feel live, rare enough to stay cheap. */
export const VALIDATION_DELAY_MS = 150;
/** Changes kept for Undo; older ones are dropped. */
const UNDO_LIMIT = 200;

/** A problem of the draft, and the control it is about (null: no control holds that part of the playbook). */
export interface EditorProblem extends PlaybookProblem {
  field: FieldKey | null;
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  /** The draft has problems (found here, or by the worker): nothing was saved. */
  | { kind: 'refused' }
  | { kind: 'failed'; message: string };

/** What the editor was opened on. `title` heads it ("Edit playbook", "New playbook from “MEDDPICC”"). */
export interface EditorStart {
  draft: Draft;
  title: string;
  /** A template is not saved yet even unchanged; the active playbook's copy is unchanged until edited. */
  unsaved: boolean;
}

/** What a save did: the worker's answer, and the playbook as saved (to export when another source takes precedence). */
export interface SavedPlaybook {
  active: ActivePlaybook;
  revision: RevisionInfo;
  playbook: Playbook;
}

export interface EditorHooks {
  saved(result: SavedPlaybook): void;
  closed(): void;
}

interface UndoEntry {
  draft: Draft;
  /** What the change was, in words: "removing stage “Discovery”". */
  what: string;
  /** Typing in one field is one change: keystrokes with the same key join the entry before them. */
  typing: string | null;
}

/** A stage or criterion named in messages: its name in quotes, or its place when it has none yet. */
const named = (name: string, place: string): string => (name.trim() === '' ? place : `“${isolate(name.trim())}”`);

function updateStage(draft: Draft, uid: string, change: (stage: DraftStage) => DraftStage): Draft {
  return { ...draft, stages: draft.stages.map((s) => (s.uid === uid ? change(s) : s)) };
}

function updateCriterion(draft: Draft, uid: string, change: (criterion: DraftCriterion) => DraftCriterion): Draft {
  return {
    ...draft,
    stages: draft.stages.map((s) =>
      s.criteria.some((c) => c.uid === uid) ? { ...s, criteria: s.criteria.map((c) => (c.uid === uid ? change(c) : c)) } : s,
    ),
  };
}

/** `list` with the item `uid` placed at `to` (clamped to the list). */
function moved<T extends { uid: string }>(list: readonly T[], uid: string, to: number): T[] {
  const from = list.findIndex((item) => item.uid === uid);
  const item = list[from];
  if (item === undefined) return [...list];
  const rest = list.filter((_, i) => i !== from);
  const at = Math.max(0, Math.min(rest.length, to));
  return [...rest.slice(0, at), item, ...rest.slice(at)];
}

export function createEditorModel(client: Client, start: EditorStart, hooks: EditorHooks, delay = VALIDATION_DELAY_MS) {
  const initial = start.draft;
  const draft = signal<Draft>(initial);
  const undoStack = signal<UndoEntry[]>([]);
  const problems = signal<EditorProblem[]>([]);
  const saveState = signal<SaveState>({ kind: 'idle' });
  const confirmingDiscard = signal(false);
  /** The last thing done, said to screen readers and shown beside Undo: "Removed stage “Proposal”." */
  const announcement = signal('');

  const dirty = computed(() => start.unsaved || !samePlaybook(draft.value, initial));
  const problemsByField = computed(() => {
    const map = new Map<FieldKey, string[]>();
    for (const p of problems.value) if (p.field !== null) map.set(p.field, [...(map.get(p.field) ?? []), p.message]);
    return map;
  });
  /** Problems at a part of the playbook no control shows (its sites, its selector repairs): listed beside Save. */
  const unplaced = computed(() => problems.value.filter((p) => p.field === null));
  const lastChange = computed(() => undoStack.value.at(-1)?.what ?? null);

  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Check `checked` as the worker's own parser will: its problems, each placed at its control. */
  function check(checked: Draft): { input: Record<string, unknown>; result: PlaybookParseResult; found: EditorProblem[] } {
    const input = toPlaybookInput(checked);
    const result = parsePlaybook(input);
    const found = result.ok ? [] : result.problems.map((p) => ({ ...p, field: fieldOf(p.path, checked) }));
    return { input, result, found };
  }

  /** Check the draft now rather than after the typing pause. */
  function validateNow(): EditorProblem[] {
    clearTimeout(timer);
    timer = undefined;
    const { found } = check(draft.value);
    problems.value = found;
    return found;
  }

  function scheduleValidation(): void {
    clearTimeout(timer);
    timer = setTimeout(validateNow, delay);
  }

  /** Apply a change, remembered for Undo. */
  function change(what: string, next: Draft, typing: string | null = null): void {
    batch(() => {
      const last = undoStack.value.at(-1);
      if (typing === null || last?.typing !== typing) {
        undoStack.value = [...undoStack.value.slice(-(UNDO_LIMIT - 1)), { draft: draft.value, what, typing }];
      }
      draft.value = next;
      if (saveState.value.kind !== 'saving') saveState.value = { kind: 'idle' };
      confirmingDiscard.value = false;
    });
    scheduleValidation();
  }

  function say(message: string): void {
    announcement.value = message;
  }

  const stageOf = (uid: string): { stage: DraftStage; index: number } | null => {
    const index = draft.value.stages.findIndex((s) => s.uid === uid);
    const stage = draft.value.stages[index];
    return stage ? { stage, index } : null;
  };
  const criterionOf = (uid: string): { stage: DraftStage; criterion: DraftCriterion; index: number } | null => {
    for (const stage of draft.value.stages) {
      const index = stage.criteria.findIndex((c) => c.uid === uid);
      const criterion = stage.criteria[index];
      if (criterion) return { stage, criterion, index };
    }
    return null;
  };
  const stageName = (stage: DraftStage): string =>
    named(stage.name, `stage ${draft.value.stages.findIndex((s) => s.uid === stage.uid) + 1}`);
  const criterionName = (stage: DraftStage, criterion: DraftCriterion): string =>
    named(criterion.label, `criterion ${stage.criteria.indexOf(criterion) + 1}`);

  type StageText = 'name' | 'probability' | 'staleAfterDays' | 'guidance';
  type StageChoice = Pick<DraftStage, 'forecastCategory' | 'outcome'>;

  const actions = {
    setName(name: string): void {
      change('editing the playbook name', { ...draft.value, name }, 'name');
    },
    setRevision(revision: string): void {
      change('editing the revision label', { ...draft.value, revision }, 'revision');
    },

    setStageText(uid: string, part: StageText, value: string): void {
      const found = stageOf(uid);
      if (!found) return;
      change(`editing stage ${stageName(found.stage)}`, updateStage(draft.value, uid, (s) => ({ ...s, [part]: value })), `${uid}:${part}`);
    },
    setStageChoice<K extends keyof StageChoice>(uid: string, part: K, value: StageChoice[K]): void {
      const found = stageOf(uid);
      if (!found) return;
      change(`changing stage ${stageName(found.stage)}`, updateStage(draft.value, uid, (s) => ({ ...s, [part]: value })));
    },
    /** Add a CRM stage name; false (with the reason said) when it is empty or already there. */
    addMatch(uid: string, name: string): boolean {
      const found = stageOf(uid);
      const value = name.trim();
      if (!found || value === '') return false;
      if (found.stage.match.some((m) => normalizeText(m) === normalizeText(value))) {
        say(`“${isolate(value)}” is already one of stage ${stageName(found.stage)}’s CRM stage names.`);
        return false;
      }
      change(
        `adding CRM stage name “${isolate(value)}”`,
        updateStage(draft.value, uid, (s) => ({ ...s, match: [...s.match, value] })),
      );
      say(`Added CRM stage name “${isolate(value)}” to stage ${stageName(found.stage)}.`);
      return true;
    },
    removeMatch(uid: string, index: number): void {
      const found = stageOf(uid);
      const value = found?.stage.match[index];
      if (!found || value === undefined) return;
      change(
        `removing CRM stage name “${isolate(value)}”`,
        updateStage(draft.value, uid, (s) => ({ ...s, match: s.match.filter((_, i) => i !== index) })),
      );
      say(`Removed CRM stage name “${isolate(value)}”. Undo brings it back.`);
    },

    /** A new empty stage at the end; its uid, so the page can put the cursor in its name. */
    addStage(): string {
      const stage = newStage();
      change('adding a stage', { ...draft.value, stages: [...draft.value.stages, stage] });
      say(`Added stage ${draft.value.stages.length}.`);
      return stage.uid;
    },
    removeStage(uid: string): void {
      const found = stageOf(uid);
      if (!found) return;
      const name = stageName(found.stage);
      change(`removing stage ${name}`, { ...draft.value, stages: draft.value.stages.filter((s) => s.uid !== uid) });
      say(`Removed stage ${name}. Undo brings it back.`);
    },
    /** Move a stage to position `to` (0-based), by keyboard (one step) or by drag. */
    moveStage(uid: string, to: number): void {
      const found = stageOf(uid);
      if (!found) return;
      const stages = moved(draft.value.stages, uid, to);
      const now = stages.findIndex((s) => s.uid === uid);
      if (now === found.index) return;
      change(`moving stage ${stageName(found.stage)}`, { ...draft.value, stages });
      say(`Moved stage ${stageName(found.stage)} to position ${now + 1} of ${stages.length}.`);
    },

    addCriterion(stageUid: string): string | null {
      const found = stageOf(stageUid);
      if (!found) return null;
      const criterion = newCriterion();
      change(
        `adding a criterion to stage ${stageName(found.stage)}`,
        updateStage(draft.value, stageUid, (s) => ({ ...s, criteria: [...s.criteria, criterion] })),
      );
      say(`Added criterion ${found.stage.criteria.length + 1} to stage ${stageName(found.stage)}.`);
      return criterion.uid;
    },
    removeCriterion(uid: string): void {
      const found = criterionOf(uid);
      if (!found) return;
      const name = criterionName(found.stage, found.criterion);
      change(
        `removing criterion ${name}`,
        updateStage(draft.value, found.stage.uid, (s) => ({ ...s, criteria: s.criteria.filter((c) => c.uid !== uid) })),
      );
      say(`Removed criterion ${name} from stage ${stageName(found.stage)}. Undo brings it back.`);
    },
    /** Move a criterion to position `to` within its stage. */
    moveCriterion(uid: string, to: number): void {
      const found = criterionOf(uid);
      if (!found) return;
      const criteria = moved(found.stage.criteria, uid, to);
      const now = criteria.findIndex((c) => c.uid === uid);
      if (now === found.index) return;
      const name = criterionName(found.stage, found.criterion);
      change(`moving criterion ${name}`, updateStage(draft.value, found.stage.uid, (s) => ({ ...s, criteria })));
      say(`Moved criterion ${name} to position ${now + 1} of ${criteria.length}.`);
    },
    setCriterionText(uid: string, part: 'label' | 'help', value: string): void {
      const found = criterionOf(uid);
      if (!found) return;
      change(
        `editing criterion ${criterionName(found.stage, found.criterion)}`,
        updateCriterion(draft.value, uid, (c) => ({ ...c, [part]: value })),
        `${uid}:${part}`,
      );
    },
    setRequired(uid: string, required: boolean): void {
      const found = criterionOf(uid);
      if (!found) return;
      change(
        `making criterion ${criterionName(found.stage, found.criterion)} ${required ? 'required' : 'optional'}`,
        updateCriterion(draft.value, uid, (c) => ({ ...c, required })),
      );
    },

    /** Give a criterion a rule on `field` (keeping the rest of the rule it had), or take its rule away (`none`). */
    setRuleField(uid: string, field: DraftRule['field'] | 'none'): void {
      const found = criterionOf(uid);
      if (!found) return;
      const rule = found.criterion.rule;
      const next = field === 'none' ? null : { ...(rule ?? emptyRule(field)), field };
      change(`changing the rule of criterion ${criterionName(found.stage, found.criterion)}`, updateCriterion(draft.value, uid, (c) => ({ ...c, rule: next })));
    },
    /** Change part of a criterion's rule; `typing` for text typed into a field. */
    setRule(uid: string, patch: Partial<Omit<DraftRule, 'field' | 'list'>>, typing = false): void {
      const found = criterionOf(uid);
      const rule = found?.criterion.rule;
      if (!found || !rule) return;
      change(
        `changing the rule of criterion ${criterionName(found.stage, found.criterion)}`,
        updateCriterion(draft.value, uid, (c) => ({ ...c, rule: { ...rule, ...patch } })),
        typing ? `${uid}:rule:${Object.keys(patch).join()}` : null,
      );
    },
    addRuleValue(uid: string, value: string): boolean {
      const found = criterionOf(uid);
      const rule = found?.criterion.rule;
      const text = value.trim();
      if (!found || !rule || text === '') return false;
      if (rule.list.some((v) => normalizeText(v) === normalizeText(text))) {
        say(`“${isolate(text)}” is already in the list.`);
        return false;
      }
      change(`adding “${isolate(text)}” to a rule`, updateCriterion(draft.value, uid, (c) => ({ ...c, rule: { ...rule, list: [...rule.list, text] } })));
      say(`Added “${isolate(text)}”.`);
      return true;
    },
    removeRuleValue(uid: string, index: number): void {
      const found = criterionOf(uid);
      const rule = found?.criterion.rule;
      const text = rule?.list[index];
      if (!found || !rule || text === undefined) return;
      change(
        `removing “${isolate(text)}” from a rule`,
        updateCriterion(draft.value, uid, (c) => ({ ...c, rule: { ...rule, list: rule.list.filter((_, i) => i !== index) } })),
      );
      say(`Removed “${isolate(text)}”. Undo brings it back.`);
    },

    addLink(criterionUid: string): string | null {
      const found = criterionOf(criterionUid);
      if (!found) return null;
      const link = newLink();
      change(
        `adding a link to criterion ${criterionName(found.stage, found.criterion)}`,
        updateCriterion(draft.value, criterionUid, (c) => ({ ...c, links: [...c.links, link] })),
      );
      return link.uid;
    },
    removeLink(criterionUid: string, linkUid: string): void {
      const found = criterionOf(criterionUid);
      const link = found?.criterion.links.find((l) => l.uid === linkUid);
      if (!found || !link) return;
      const name = named(link.title, 'a link');
      change(
        `removing link ${name}`,
        updateCriterion(draft.value, criterionUid, (c) => ({ ...c, links: c.links.filter((l) => l.uid !== linkUid) })),
      );
      say(`Removed link ${name}. Undo brings it back.`);
    },
    setLink(criterionUid: string, linkUid: string, part: keyof Omit<DraftLink, 'uid'>, value: string): void {
      const found = criterionOf(criterionUid);
      if (!found) return;
      change(
        `editing a link of criterion ${criterionName(found.stage, found.criterion)}`,
        updateCriterion(draft.value, criterionUid, (c) => ({
          ...c,
          links: c.links.map((l) => (l.uid === linkUid ? { ...l, [part]: value } : l)),
        })),
        `${linkUid}:${part}`,
      );
    },

    /** Take back the last change. */
    undo(): void {
      const last = undoStack.value.at(-1);
      if (!last) return;
      batch(() => {
        undoStack.value = undoStack.value.slice(0, -1);
        draft.value = last.draft;
        say(`Undid ${last.what}.`);
        confirmingDiscard.value = false;
      });
      scheduleValidation();
    },

    /** Close without saving; asks first when there is anything to lose. */
    discard(): void {
      if (dirty.value) confirmingDiscard.value = true;
      else close();
    },
    confirmDiscard(): void {
      close();
    },
    cancelDiscard(): void {
      confirmingDiscard.value = false;
    },

    /** Save the draft as a new revision. Checked here first; the worker checks it again and may still refuse. */
    async save(): Promise<void> {
      if (saveState.value.kind === 'saving') return;
      clearTimeout(timer);
      const checked = draft.value;
      const { input, result: parsed, found } = check(checked);
      problems.value = found;
      if (!parsed.ok) {
        saveState.value = { kind: 'refused' };
        return;
      }
      saveState.value = { kind: 'saving' };
      try {
        const result = await client('playbook/save', { playbook: input });
        if (!result.saved) {
          batch(() => {
            problems.value = result.problems.map((p) => ({ ...p, field: fieldOf(p.path, checked) }));
            saveState.value = { kind: 'refused' };
          });
          return;
        }
        dispose();
        hooks.saved({ active: result.active, revision: result.revision, playbook: parsed.playbook });
      } catch (error) {
        saveState.value = { kind: 'failed', message: errorMessage(error) };
      }
    },
  };

  function dispose(): void {
    clearTimeout(timer);
  }

  function close(): void {
    dispose();
    hooks.closed();
  }

  validateNow();

  return {
    title: start.title,
    draft,
    problems,
    problemsByField,
    unplaced,
    saveState,
    confirmingDiscard,
    announcement,
    dirty,
    canUndo: computed(() => undoStack.value.length > 0),
    lastChange,
    validateNow,
    dispose,
    ...actions,
  };
}

export type EditorModel = ReturnType<typeof createEditorModel>;
