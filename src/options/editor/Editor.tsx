/**
 * The playbook editor: every part of a playbook as a form, validated as the admin types with the import's own
 * messages, shown beside the field at fault. Stages and criteria are added, removed (undoably) and reordered by drag
 * on their handle or by their Move buttons. Loaded only when the admin opens it (see ./session.ts), with the format's
 * parser it needs.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { STANDARD_FIELD_NAMES } from '../../core/rules';
import { FORECAST_CATEGORIES, OUTCOMES, RULE_OPS, STANDARD_FIELDS, type RuleOp } from '../../core/playbook/schema';
import { plural } from '../../core/format';
import type { StandardField } from '../../core/types';
import { ErrorIcon } from '../../ui/icons';
import { FORECAST_CATEGORY_NAMES, OUTCOME_NAMES } from '../words';
import {
  criterionKey,
  linkKey,
  stageKey,
  valueForm,
  type DateMode,
  type DraftCriterion,
  type DraftLink,
  type DraftRule,
  type DraftStage,
  type FieldKey,
} from './draft';
import type { EditorModel } from './model';

export { createEditorModel } from './model';
export { draftOf } from './draft';

type Model = EditorModel;

/** Ops in words, as they read after the field's name: "Amount is at least 5000". */
const OP_WORDS: Record<RuleOp, string> = {
  present: 'is present',
  absent: 'is empty',
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  oneOf: 'is one of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  before: 'is before',
  after: 'is after',
};
const OPS = Object.keys(RULE_OPS) as RuleOp[];
const FIELDS = Object.keys(STANDARD_FIELDS) as StandardField[];

const DATE_MODES: Record<DateMode, string> = {
  today: 'Today',
  after: 'Days after today',
  before: 'Days before today',
  date: 'A calendar date',
};

/** An element id for a control of the form (field keys hold colons, which ids may but selectors would have to escape). */
const idOf = (key: FieldKey): string => `ed-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const moveId = (uid: string, direction: 'up' | 'down'): string => `ed-move-${uid}-${direction}`;

/** Put the keyboard focus on `id` once the page has re-rendered (the control may be new, or moved). */
function focusAfterRender(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** What the browser's own Ctrl+Z undoes (typing in a box): the editor's Undo stays out of its way there. */
function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
}

export function Editor({ model }: { model: Model }) {
  const draft = model.draft.value;
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  // Leaving the page (closing the tab, reloading) with unsaved changes asks first.
  const dirty = model.dirty.value;
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z') {
      if (isTextEntry(event.target)) return;
      event.preventDefault();
      model.undo();
    }
  };

  return (
    <section class="card editor" aria-labelledby="editor-title" onKeyDown={onKeyDown}>
      <div class="card-header">
        <h2 id="editor-title" tabIndex={-1} ref={headingRef}>
          {model.title}
        </h2>
      </div>
      <div class="card-body editor-body">
        <div class="ed-grid ed-playbook">
          <TextField model={model} field="name" label="Playbook name" value={draft.name} onInput={model.setName} wide />
          <TextField
            model={model}
            field="revision"
            label="Revision label"
            value={draft.revision}
            onInput={model.setRevision}
            hint="Optional, e.g. 3 or “Q4 update”"
          />
        </div>
        <StageList model={model} />
      </div>
      <ActionBar model={model} />
    </section>
  );
}

// ---- fields ----

interface FieldProps {
  model: Model;
  field: FieldKey;
  label: string;
  /** Visible under the label, read with the field: what to type. */
  hint?: string;
  wide?: boolean;
}

/** A field's label, its problems (the import's messages) and the attributes that tie them to the control. */
function useFieldProblems(model: Model, field: FieldKey) {
  const messages = model.problemsByField.value.get(field) ?? [];
  const id = idOf(field);
  return { id, messages, problemId: `${id}-problem`, hintId: `${id}-hint` };
}

/** What ties a control to its label, hint and problems. */
interface ControlProps {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

function FieldShell({
  model,
  field,
  label,
  hint,
  wide,
  children,
}: FieldProps & { children: (control: ControlProps) => ComponentChildren }) {
  const { id, messages, problemId, hintId } = useFieldProblems(model, field);
  const describedBy = [hint !== undefined ? hintId : null, messages.length > 0 ? problemId : null].filter(Boolean).join(' ');
  return (
    <div class={`ed-field${wide ? ' ed-wide' : ''}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': messages.length > 0 ? 'true' : undefined, 'aria-describedby': describedBy || undefined })}
      {hint !== undefined && (
        <p class="ed-hint" id={hintId}>
          {hint}
        </p>
      )}
      <Problems id={problemId} messages={messages} />
    </div>
  );
}

function Problems({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p class="field-problem" id={id}>
      {messages.join(' · ')}
    </p>
  );
}

function TextField(
  props: FieldProps & { value: string; onInput: (value: string) => void; multiline?: boolean; type?: 'text' | 'number' | 'url' | 'date' },
) {
  const { value, onInput, multiline = false, type = 'text' } = props;
  return (
    <FieldShell {...props}>
      {(control) =>
        multiline ? (
          <textarea {...control} class="text-input" rows={2} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
        ) : (
          <input
            {...control}
            class="text-input"
            type={type}
            value={value}
            onInput={(e) => onInput(e.currentTarget.value)}
            {...(type === 'number' ? { inputMode: 'decimal' } : {})}
          />
        )
      }
    </FieldShell>
  );
}

function SelectField<T extends string>(
  props: FieldProps & { value: T; options: readonly (readonly [T, string])[]; onChange: (value: T) => void },
) {
  const { value, options, onChange } = props;
  return (
    <FieldShell {...props}>
      {(control) => (
        <select {...control} class="text-input" value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/**
 * A list of short texts as removable chips, and a box to add one (Enter or the Add button): a stage's CRM stage
 * names, a rule's list of values. The box carries the field's label; the list is named apart (`listName`), so that
 * the label finds one control.
 */
function ChipsField({
  model,
  field,
  label,
  itemName,
  listName,
  values,
  hint,
  onAdd,
  onRemove,
}: FieldProps & { itemName: string; listName: string; values: string[]; onAdd: (value: string) => boolean; onRemove: (index: number) => void }) {
  const [text, setText] = useState('');
  const add = () => {
    if (onAdd(text)) setText('');
  };
  return (
    <FieldShell model={model} field={field} label={label} hint={hint} wide>
      {(control) => (
        <div class="ed-chips">
          {values.length > 0 && (
            <ul class="chips" aria-label={listName}>
              {values.map((value, i) => (
                <li key={`${i}:${value}`}>
                  {value}
                  <button type="button" class="ed-chip-remove" aria-label={`Remove ${itemName} ${value}`} title="Remove" onClick={() => onRemove(i)}>
                    <CrossIcon />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="ed-chip-add">
            <input
              {...control}
              class="text-input"
              type="text"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" class="btn" aria-label={`Add ${itemName}`} onClick={add}>
              Add
            </button>
          </div>
        </div>
      )}
    </FieldShell>
  );
}

// ---- reordering ----

type Dragged = { kind: 'stage'; uid: string } | { kind: 'criterion'; uid: string; stageUid: string };
type DropAt = { uid: string; after: boolean } | null;

/**
 * Drag on a handle to reorder the items of one list (stages, or one stage's criteria). The item is dropped before or
 * after the item under the pointer, whichever half it is over; the keyboard does the same with the Move buttons.
 */
function useReorder(accepts: (dragged: Dragged) => boolean, move: (uid: string, to: number) => void, order: string[]) {
  const [dropAt, setDropAt] = useState<DropAt>(null);
  // A drag given up (Escape, or dropped outside the list) leaves no drop line behind.
  useEffect(() => {
    const clear = () => setDropAt(null);
    document.addEventListener('dragend', clear);
    return () => document.removeEventListener('dragend', clear);
  }, []);
  /** Before or after the item under the pointer, from the event itself: a drop may come before a re-render. */
  const placement = (event: DragEvent): boolean => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return event.clientY > box.top + box.height / 2;
  };
  const targetProps = (uid: string) => ({
    onDragOver(event: DragEvent) {
      const dragged = currentDrag;
      if (!dragged || !accepts(dragged)) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      const after = placement(event);
      if (dropAt?.uid !== uid || dropAt.after !== after) setDropAt({ uid, after });
    },
    onDragLeave(event: DragEvent) {
      if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) setDropAt(null);
    },
    onDrop(event: DragEvent) {
      const dragged = currentDrag;
      if (!dragged || !accepts(dragged)) return;
      event.preventDefault();
      event.stopPropagation();
      const from = order.indexOf(dragged.uid);
      const target = order.indexOf(uid);
      let to = placement(event) ? target + 1 : target;
      if (from < to) to -= 1;
      setDropAt(null);
      move(dragged.uid, to);
    },
  });
  const dropClass = (uid: string): string =>
    dropAt?.uid === uid ? (dropAt.after ? ' ed-drop-after' : ' ed-drop-before') : '';
  return { targetProps, dropClass };
}

/** The item being dragged: one drag at a time in a page, and dragover events cannot read dataTransfer's data. */
let currentDrag: Dragged | null = null;

function DragHandle({ dragged, item, label }: { dragged: Dragged; item: () => HTMLElement | null; label: string }) {
  return (
    <span
      class="ed-handle"
      draggable
      title={`Drag to move ${label}`}
      aria-hidden="true"
      onDragStart={(event) => {
        currentDrag = dragged;
        const element = item();
        if (event.dataTransfer) {
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('text/plain', label);
          if (element) event.dataTransfer.setDragImage(element, 16, 16);
        }
        element?.classList.add('ed-dragging');
      }}
      onDragEnd={() => {
        item()?.classList.remove('ed-dragging');
        currentDrag = null;
      }}
    >
      <GripIcon />
    </span>
  );
}

/** Move up / Move down / Remove for one stage or criterion, named with it ("Move stage Discovery up"). */
function ItemButtons({
  uid,
  what,
  index,
  count,
  onMove,
  onRemove,
}: {
  uid: string;
  what: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const move = (direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    onMove(to);
    // Keep the keyboard on the moved item; at either end its button in that direction is gone, so the other one.
    const end = direction === 'up' ? to === 0 : to === count - 1;
    focusAfterRender(moveId(uid, end ? (direction === 'up' ? 'down' : 'up') : direction));
  };
  return (
    <div class="ed-item-buttons">
      <button type="button" id={moveId(uid, 'up')} class="btn ed-icon" aria-label={`Move ${what} up`} title="Move up" disabled={index === 0} onClick={() => move('up')}>
        <ArrowIcon up />
      </button>
      <button
        type="button"
        id={moveId(uid, 'down')}
        class="btn ed-icon"
        aria-label={`Move ${what} down`}
        title="Move down"
        disabled={index === count - 1}
        onClick={() => move('down')}
      >
        <ArrowIcon />
      </button>
      <button type="button" class="btn ed-icon ed-remove" aria-label={`Remove ${what}`} title="Remove" onClick={onRemove}>
        <TrashIcon />
      </button>
    </div>
  );
}

// ---- stages ----

/** A stage as buttons name it: "Discovery", or "stage 3" while it has no name. */
const stageTitle = (stage: DraftStage, number: number): string => stage.name.trim() || `stage ${number}`;

function StageList({ model }: { model: Model }) {
  const stages = model.draft.value.stages;
  const order = stages.map((s) => s.uid);
  const reorder = useReorder((d) => d.kind === 'stage', model.moveStage, order);
  const listProblems = model.problemsByField.value.get('stages') ?? [];
  return (
    <div class="ed-stages">
      <h3 class="ed-section-title">Stages</h3>
      <p class="ed-hint">In pipeline order. Drag a stage by its handle, or use its arrow buttons, to move it.</p>
      <Problems id={`${idOf('stages')}-problem`} messages={listProblems} />
      <ol class="ed-stage-list" aria-describedby={listProblems.length > 0 ? `${idOf('stages')}-problem` : undefined}>
        {stages.map((stage, i) => (
          <StageEditor key={stage.uid} model={model} stage={stage} index={i} count={stages.length} reorder={reorder} />
        ))}
      </ol>
      <button
        type="button"
        class="btn"
        onClick={() => {
          const uid = model.addStage();
          focusAfterRender(idOf(stageKey(uid, 'name')));
        }}
      >
        <PlusIcon />
        Add stage
      </button>
    </div>
  );
}

function StageEditor({
  model,
  stage,
  index,
  count,
  reorder,
}: {
  model: Model;
  stage: DraftStage;
  index: number;
  count: number;
  reorder: ReturnType<typeof useReorder>;
}) {
  const ref = useRef<HTMLLIElement>(null);
  const number = index + 1;
  const title = stageTitle(stage, number);
  const key = (part: string) => stageKey(stage.uid, part);
  return (
    <li class={`ed-stage${reorder.dropClass(stage.uid)}`} ref={ref} {...reorder.targetProps(stage.uid)}>
      <div role="group" aria-label={stage.name.trim() === '' ? `Stage ${number}` : `Stage ${number}: ${stage.name.trim()}`} class="ed-stage-group">
        <div class="ed-item-head">
          <DragHandle dragged={{ kind: 'stage', uid: stage.uid }} item={() => ref.current} label={title} />
          <span class="stage-num" aria-hidden="true">
            {number}
          </span>
          <h4 class="ed-item-title">{stage.name.trim() === '' ? 'New stage' : stage.name}</h4>
          <ItemButtons
            uid={stage.uid}
            what={stage.name.trim() === '' ? title : `stage ${title}`}
            index={index}
            count={count}
            onMove={(to) => model.moveStage(stage.uid, to)}
            onRemove={() => {
              model.removeStage(stage.uid);
              focusAfterRender('ed-undo');
            }}
          />
        </div>
        <div class="ed-grid ed-stage-fields">
          <TextField model={model} field={key('name')} label="Stage name" value={stage.name} onInput={(v) => model.setStageText(stage.uid, 'name', v)} wide />
          <TextField
            model={model}
            field={key('probability')}
            label="Probability (%)"
            type="number"
            value={stage.probability}
            onInput={(v) => model.setStageText(stage.uid, 'probability', v)}
          />
          <SelectField
            model={model}
            field={key('forecastCategory')}
            label="Forecast category"
            value={stage.forecastCategory}
            options={FORECAST_CATEGORIES.map((c) => [c, FORECAST_CATEGORY_NAMES[c]] as const)}
            onChange={(v) => model.setStageChoice(stage.uid, 'forecastCategory', v)}
          />
          <SelectField
            model={model}
            field={key('outcome')}
            label="Outcome"
            value={stage.outcome}
            options={OUTCOMES.map((o) => [o, OUTCOME_NAMES[o]] as const)}
            onChange={(v) => model.setStageChoice(stage.uid, 'outcome', v)}
          />
          <TextField
            model={model}
            field={key('staleAfterDays')}
            label="Stale after (days)"
            type="number"
            value={stage.staleAfterDays}
            onInput={(v) => model.setStageText(stage.uid, 'staleAfterDays', v)}
            hint="Empty: never flagged"
          />
        </div>
        <ChipsField
          model={model}
          field={key('match')}
          label="CRM stage names"
          itemName="CRM stage name"
          listName="CRM names of this stage"
          hint="The names this stage has in your CRMs; its own name always counts. Enter adds one."
          values={stage.match}
          onAdd={(v) => model.addMatch(stage.uid, v)}
          onRemove={(i) => model.removeMatch(stage.uid, i)}
        />
        <TextField model={model} field={key('guidance')} label="Guidance" multiline value={stage.guidance} onInput={(v) => model.setStageText(stage.uid, 'guidance', v)} wide />
        <CriterionList model={model} stage={stage} title={title} />
      </div>
    </li>
  );
}

// ---- criteria ----

function CriterionList({ model, stage, title }: { model: Model; stage: DraftStage; title: string }) {
  const order = stage.criteria.map((c) => c.uid);
  const reorder = useReorder((d) => d.kind === 'criterion' && d.stageUid === stage.uid, model.moveCriterion, order);
  const listKey = stageKey(stage.uid, 'criteria');
  const listProblems = model.problemsByField.value.get(listKey) ?? [];
  return (
    <div class="ed-criteria">
      <h5 class="ed-subtitle">Criteria</h5>
      <Problems id={`${idOf(listKey)}-problem`} messages={listProblems} />
      {stage.criteria.length === 0 ? (
        <p class="muted ed-empty">No criteria: nothing to check in this stage.</p>
      ) : (
        <ol class="ed-criterion-list">
          {stage.criteria.map((criterion, i) => (
            <CriterionEditor
              key={criterion.uid}
              model={model}
              stageUid={stage.uid}
              criterion={criterion}
              index={i}
              count={stage.criteria.length}
              reorder={reorder}
            />
          ))}
        </ol>
      )}
      <button
        type="button"
        class="btn"
        aria-label={`Add criterion to ${title}`}
        onClick={() => {
          const uid = model.addCriterion(stage.uid);
          if (uid !== null) focusAfterRender(idOf(criterionKey(uid, 'label')));
        }}
      >
        <PlusIcon />
        Add criterion
      </button>
    </div>
  );
}

function CriterionEditor({
  model,
  stageUid,
  criterion,
  index,
  count,
  reorder,
}: {
  model: Model;
  stageUid: string;
  criterion: DraftCriterion;
  index: number;
  count: number;
  reorder: ReturnType<typeof useReorder>;
}) {
  const ref = useRef<HTMLLIElement>(null);
  const number = index + 1;
  const title = criterion.label.trim() || `${number}`;
  const key = (part: string) => criterionKey(criterion.uid, part);
  const required = useFieldProblems(model, key('required'));
  return (
    <li class={`ed-criterion${reorder.dropClass(criterion.uid)}`} ref={ref} {...reorder.targetProps(criterion.uid)}>
      <div
        role="group"
        aria-label={criterion.label.trim() === '' ? `Criterion ${number}` : `Criterion ${number}: ${criterion.label.trim()}`}
        class="ed-criterion-group"
      >
        <div class="ed-item-head">
          <DragHandle dragged={{ kind: 'criterion', uid: criterion.uid, stageUid }} item={() => ref.current} label={`criterion ${title}`} />
          <TextField
            model={model}
            field={key('label')}
            label="Criterion label"
            value={criterion.label}
            onInput={(v) => model.setCriterionText(criterion.uid, 'label', v)}
            wide
          />
          <div class="ed-required">
            <input
              id={required.id}
              type="checkbox"
              checked={criterion.required}
              onChange={(e) => model.setRequired(criterion.uid, e.currentTarget.checked)}
            />
            <label for={required.id}>Required</label>
          </div>
          <ItemButtons
            uid={criterion.uid}
            what={`criterion ${title}`}
            index={index}
            count={count}
            onMove={(to) => model.moveCriterion(criterion.uid, to)}
            onRemove={() => {
              model.removeCriterion(criterion.uid);
              focusAfterRender('ed-undo');
            }}
          />
        </div>
        <RuleEditor model={model} criterion={criterion} />
        <TextField model={model} field={key('help')} label="Help" multiline value={criterion.help} onInput={(v) => model.setCriterionText(criterion.uid, 'help', v)} wide />
        <LinksEditor model={model} criterion={criterion} title={title} />
      </div>
    </li>
  );
}

type FieldChoice = DraftRule['field'] | 'none';

function RuleEditor({ model, criterion }: { model: Model; criterion: DraftCriterion }) {
  const rule = criterion.rule;
  const key = (part: string) => criterionKey(criterion.uid, part);
  const fieldOptions: [FieldChoice, string][] = [
    ['none', 'No rule: the rep ticks it'],
    ...FIELDS.map((f): [FieldChoice, string] => [f, STANDARD_FIELD_NAMES[f]]),
    ['label', 'Field label…'],
  ];
  // Ops that fit the field: numbers and dates only for fields of that kind; a detail field's kind is known on the
  // page only, so it is offered every op. The op in use stays listed even if it no longer fits (its problem says why).
  const kind = rule === null || rule.field === 'label' ? null : STANDARD_FIELDS[rule.field];
  const fits = (op: RuleOp) => {
    const compares = RULE_OPS[op].compares;
    return compares === 'any' || kind === null || compares === kind || op === rule?.op;
  };
  return (
    <div class="ed-grid ed-rule">
      <SelectField
        model={model}
        field={key('ruleField')}
        label="Rule field"
        value={rule?.field ?? 'none'}
        options={fieldOptions}
        onChange={(v) => model.setRuleField(criterion.uid, v)}
      />
      {rule?.field === 'label' && (
        <TextField
          model={model}
          field={key('ruleLabel')}
          label="Field label"
          value={rule.label}
          hint="As the deal page shows it"
          onInput={(v) => model.setRule(criterion.uid, { label: v }, true)}
        />
      )}
      {rule !== null && (
        <SelectField
          model={model}
          field={key('ruleOp')}
          label="Rule operator"
          value={rule.op}
          options={OPS.filter(fits).map((op) => [op, OP_WORDS[op]] as const)}
          onChange={(v) => model.setRule(criterion.uid, { op: v })}
        />
      )}
      {rule !== null && <RuleValue model={model} criterion={criterion} rule={rule} />}
    </div>
  );
}

function RuleValue({ model, criterion, rule }: { model: Model; criterion: DraftCriterion; rule: DraftRule }) {
  const field = criterionKey(criterion.uid, 'ruleValue');
  switch (valueForm(rule.op)) {
    case 'none':
      return null;
    case 'text':
    case 'number':
      return (
        <TextField
          model={model}
          field={field}
          label="Rule value"
          wide
          type={valueForm(rule.op) === 'number' ? 'number' : 'text'}
          value={rule.text}
          onInput={(v) => model.setRule(criterion.uid, { text: v }, true)}
        />
      );
    case 'date': {
      // A date value's problem is about the number of days or the date typed, so it is shown at that box; the
      // choice of Today can have none.
      const typed = rule.dateMode === 'today' ? null : rule.dateMode === 'date' ? 'date' : 'days';
      return (
        <>
          <SelectField
            model={model}
            field={typed === null ? field : `${field}:form`}
            label="Rule value"
            value={rule.dateMode}
            options={Object.entries(DATE_MODES) as [DateMode, string][]}
            onChange={(v) => model.setRule(criterion.uid, { dateMode: v })}
          />
          {typed === 'days' && (
            <TextField
              model={model}
              field={field}
              label={rule.dateMode === 'after' ? 'Days after today' : 'Days before today'}
              type="number"
              value={rule.days}
              onInput={(v) => model.setRule(criterion.uid, { days: v }, true)}
            />
          )}
          {typed === 'date' && (
            <TextField model={model} field={field} label="Date" type="date" value={rule.date} onInput={(v) => model.setRule(criterion.uid, { date: v }, true)} />
          )}
        </>
      );
    }
    case 'list':
      return (
        <ChipsField
          model={model}
          field={field}
          label="Rule value"
          itemName="value"
          listName="Values of the rule"
          hint="Any one of these meets the rule. Enter adds one."
          values={rule.list}
          onAdd={(v) => model.addRuleValue(criterion.uid, v)}
          onRemove={(i) => model.removeRuleValue(criterion.uid, i)}
        />
      );
  }
}

function LinksEditor({ model, criterion, title }: { model: Model; criterion: DraftCriterion; title: string }) {
  const listKey = criterionKey(criterion.uid, 'links');
  const listProblems = model.problemsByField.value.get(listKey) ?? [];
  return (
    <div class="ed-links">
      <Problems id={`${idOf(listKey)}-problem`} messages={listProblems} />
      {criterion.links.length > 0 && (
        <ul class="ed-link-list">
          {criterion.links.map((link) => (
            <LinkEditor key={link.uid} model={model} criterionUid={criterion.uid} link={link} />
          ))}
        </ul>
      )}
      <button
        type="button"
        class="btn ed-small"
        aria-label={`Add link to criterion ${title}`}
        onClick={() => {
          const uid = model.addLink(criterion.uid);
          if (uid !== null) focusAfterRender(idOf(linkKey(uid, 'title')));
        }}
      >
        <PlusIcon />
        Add link
      </button>
    </div>
  );
}

function LinkEditor({ model, criterionUid, link }: { model: Model; criterionUid: string; link: DraftLink }) {
  return (
    <li class="ed-grid ed-link">
      <TextField model={model} field={linkKey(link.uid, 'title')} label="Link title" value={link.title} onInput={(v) => model.setLink(criterionUid, link.uid, 'title', v)} />
      <TextField
        model={model}
        field={linkKey(link.uid, 'url')}
        label="Link URL"
        type="url"
        value={link.url}
        onInput={(v) => model.setLink(criterionUid, link.uid, 'url', v)}
        wide
      />
      <button
        type="button"
        class="btn ed-icon ed-remove"
        aria-label={`Remove link ${link.title.trim() || link.url.trim() || 'without a title'}`}
        title="Remove link"
        onClick={() => {
          model.removeLink(criterionUid, link.uid);
          focusAfterRender('ed-undo');
        }}
      >
        <TrashIcon />
      </button>
    </li>
  );
}

// ---- Undo, Discard, Save ----

function ActionBar({ model }: { model: Model }) {
  const state = model.saveState.value;
  const count = model.problems.value.length;
  const unplaced = model.unplaced.value;
  const confirming = model.confirmingDiscard.value;
  const confirmRef = useRef<HTMLDivElement>(null);
  const discardRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) discardRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return (
    <div class="ed-actions">
      {unplaced.length > 0 && (
        <ul class="problems ed-unplaced" id="ed-unplaced">
          {unplaced.map((p, i) => (
            <li key={i}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div role="alert" class="status-slot">
        {state.kind === 'refused' && count > 0 && (
          <p class="ed-refused">The playbook was not saved: fix what is marked in red, then save again.</p>
        )}
        {state.kind === 'failed' && (
          <div class="notice notice-error">
            <ErrorIcon />
            <div>
              <p class="notice-title">The playbook was not saved.</p>
              <p>{state.message}</p>
            </div>
          </div>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="ed-discard-question" tabIndex={-1} ref={confirmRef}>
          <p id="ed-discard-question">Discard your changes? The active playbook stays as it is.</p>
          <div class="actions">
            <button type="button" class="btn btn-destructive" onClick={model.confirmDiscard}>
              Discard
            </button>
            <button type="button" class="btn" onClick={model.cancelDiscard}>
              Keep editing
            </button>
          </div>
        </div>
      )}
      <div class="ed-action-row">
        <button
          type="button"
          id="ed-undo"
          class="btn"
          disabled={!model.canUndo.value}
          aria-describedby="ed-last-change"
          onClick={model.undo}
        >
          <UndoIcon />
          Undo
        </button>
        <p class="ed-status muted" role="status" id="ed-last-change">
          {model.announcement.value}
        </p>
        <p class={`ed-count${count > 0 ? ' ed-count-bad' : ''}`} id="ed-count">
          {count > 0 ? `${plural(count, 'problem', 'problems')} to fix before saving` : ''}
        </p>
        <button type="button" class="btn" ref={discardRef} onClick={model.discard}>
          Discard changes
        </button>
        <button
          type="button"
          class="btn btn-brand"
          disabled={count > 0 || state.kind === 'saving'}
          aria-describedby={count > 0 ? 'ed-count' : undefined}
          onClick={() => void model.save()}
        >
          {state.kind === 'saving' ? 'Saving…' : 'Save playbook'}
        </button>
      </div>
    </div>
  );
}

// ---- icons (decorative: every button says what it does in its name) ----

function GripIcon() {
  return (
    <svg viewBox="0 0 10 16" width="10" height="16" aria-hidden="true">
      {[3, 8, 13].flatMap((y) => [2.5, 7.5].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" fill="currentColor" />))}
    </svg>
  );
}

function ArrowIcon({ up = false }: { up?: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d={up ? 'M8 13V3M3.5 7.5L8 3l4.5 4.5' : 'M8 3v10M3.5 8.5L8 13l4.5-4.5'} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

function PlusIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d="M8 2.5v11M2.5 8h11" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}

function CrossIcon() {
  return (
    <svg viewBox="0 0 16 16" width="10" height="10" aria-hidden="true">
      <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}

function UndoIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M5.5 3L2.5 6l3 3M2.8 6H10a3.5 3.5 0 010 7H7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
