// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/core/playbook';
import { TEMPLATES } from '../../../src/core/templates';
import { PLAYBOOK_FORMAT, type Playbook } from '../../../src/core/types';
import type { ActivePlaybook, PlaybookSource } from '../../../src/messages';
import { createOptionsModel } from '../../../src/options/model';
import { Options } from '../../../src/options/Options';
import { activeOf, fakeClient, getButton, getByLabel, queryButton, revisionOf, settle, text, type FakeHandlers } from './fake-client';

const ACME: Playbook = {
  format: PLAYBOOK_FORMAT,
  name: 'Acme Sales Playbook',
  revision: '7',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Qualification'],
      probability: 20,
      forecastCategory: 'pipeline',
      outcome: 'open',
      staleAfterDays: 14,
      criteria: [
        { id: 'pain', label: 'Pain confirmed', required: true, help: 'In their words.', links: [{ title: 'MEDDPICC', url: 'https://example.com/meddpicc' }] },
        { id: 'amount', label: 'Amount entered', required: false, links: [], rule: { field: 'amount', op: 'present' } },
      ],
    },
    { id: 'won', name: 'Closed Won', match: [], probability: 100, forecastCategory: 'closed', outcome: 'won', criteria: [] },
  ],
};

const LOCAL: PlaybookSource = { kind: 'local', revision: revisionOf(ACME, { id: 4, origin: 'import', savedAt: '2026-11-12T10:00:00.000Z' }) };

/** A worker that saves with the real parser, like the real one; `over` is a source that takes precedence, if any. */
function worker(initial: ActivePlaybook, over?: ActivePlaybook): FakeHandlers & { active: ActivePlaybook; saves: number } {
  const state = {
    active: initial,
    saves: 0,
    'playbook/get': () => state.active,
    'playbook/save': ({ playbook }: { playbook: unknown }) => {
      const result = parsePlaybook(playbook);
      if (!result.ok) return { saved: false as const, problems: result.problems };
      state.saves++;
      const revision = revisionOf(result.playbook, { id: 4 + state.saves, origin: 'editor', savedAt: new Date().toISOString() });
      state.active = over ?? activeOf(result.playbook, { kind: 'local', revision }, 'Saved in this browser');
      return { saved: true as const, active: state.active, revision };
    },
  };
  return state;
}

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

/** Settle until `check` holds: the editor and the templates load with import(), which takes more than a tick. */
async function until<T>(check: () => T | null | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = check();
    if (found) return found;
    await settle();
  }
  throw new Error(`Still waiting for ${what}`);
}

async function mount(handlers: FakeHandlers) {
  const fake = fakeClient(handlers);
  const model = createOptionsModel(fake.client, { locale: 'en-GB' });
  render(<Options model={model} />, container);
  await model.refresh();
  await settle();
  return { fake, model };
}

const editorRegion = () => container.querySelector<HTMLElement>('section.editor');

async function openEditor(): Promise<HTMLElement> {
  getButton(container, 'Edit playbook').click();
  return until(editorRegion, 'the editor');
}

function group(root: ParentNode, name: string): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>('[role="group"]')].find((g) => g.getAttribute('aria-label') === name);
  if (!found) throw new Error(`No group "${name}"`);
  return found;
}

const groupNames = (root: ParentNode, prefix: string): string[] =>
  [...root.querySelectorAll('[role="group"]')].map((g) => g.getAttribute('aria-label') ?? '').filter((n) => n.startsWith(prefix));

async function type(field: HTMLElement, value: string): Promise<void> {
  (field as HTMLInputElement).value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

/** Past the editor's typing pause, so the draft has been checked. */
async function checked(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  await settle();
}

/** The problems a field is described by, as a screen reader reads them after its name. */
function description(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => text(document.getElementById(id)))
    .join(' ');
}

describe('the playbook editor', () => {
  it('opens on a copy of the active playbook, each field named by what it holds inside its stage or criterion', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    expect(text(editor.querySelector('h2'))).toBe('Edit playbook');
    expect(document.activeElement).toBe(editor.querySelector('h2'));
    expect((getByLabel(editor, 'Playbook name') as HTMLInputElement).value).toBe('Acme Sales Playbook');
    expect((getByLabel(editor, 'Revision label') as HTMLInputElement).value).toBe('7');
    expect(groupNames(editor, 'Stage')).toEqual(['Stage 1: Qualify', 'Stage 2: Closed Won']);

    const qualify = group(editor, 'Stage 1: Qualify');
    expect((getByLabel(qualify, 'Stage name') as HTMLInputElement).value).toBe('Qualify');
    expect((getByLabel(qualify, 'Probability (%)') as HTMLInputElement).value).toBe('20');
    expect((getByLabel(qualify, 'Forecast category') as HTMLSelectElement).value).toBe('pipeline');
    expect((getByLabel(qualify, 'Outcome') as HTMLSelectElement).value).toBe('open');
    expect((getByLabel(qualify, 'Stale after (days)') as HTMLInputElement).value).toBe('14');
    expect([...qualify.querySelectorAll('.chips li')].map(text)).toEqual(['Qualification']);
    expect(queryButton(qualify, 'Remove CRM stage name Qualification')).not.toBeNull();

    const pain = group(qualify, 'Criterion 1: Pain confirmed');
    expect((getByLabel(pain, 'Criterion label') as HTMLInputElement).value).toBe('Pain confirmed');
    expect((getByLabel(pain, 'Required') as HTMLInputElement).checked).toBe(true);
    expect((getByLabel(pain, 'Help') as HTMLTextAreaElement).value).toBe('In their words.');
    expect((getByLabel(pain, 'Rule field') as HTMLSelectElement).value).toBe('none');
    expect((getByLabel(pain, 'Link title') as HTMLInputElement).value).toBe('MEDDPICC');
    expect((getByLabel(pain, 'Link URL') as HTMLInputElement).value).toBe('https://example.com/meddpicc');

    const amount = group(qualify, 'Criterion 2: Amount entered');
    expect((getByLabel(amount, 'Required') as HTMLInputElement).checked).toBe(false);
    expect((getByLabel(amount, 'Rule field') as HTMLSelectElement).value).toBe('amount');
    expect((getByLabel(amount, 'Rule operator') as HTMLSelectElement).value).toBe('present');
    for (const name of ['Move stage Qualify up', 'Move stage Qualify down', 'Remove stage Qualify', 'Add criterion to Qualify', 'Move criterion Pain confirmed down', 'Remove criterion Amount entered', 'Add stage', 'Undo', 'Discard changes', 'Save playbook']) {
      expect(queryButton(editor, name), name).not.toBeNull();
    }
    // The read-only view makes way for the editor.
    expect(container.querySelector('section.active')).toBeNull();
  });

  it('shows a problem beside the field at fault as it is typed, and keeps Save off until it is fixed', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    const probability = getByLabel(group(editor, 'Stage 1: Qualify'), 'Probability (%)');
    await type(probability, '140');
    await checked();
    expect(probability.getAttribute('aria-invalid')).toBe('true');
    expect(description(probability)).toBe('must be a number from 0 to 100 (got 140)');
    const save = getButton(editor, 'Save playbook');
    expect(save.disabled).toBe(true);
    expect(description(save)).toBe('1 problem to fix before saving');

    await type(probability, '40');
    await checked();
    expect(probability.getAttribute('aria-invalid')).toBeNull();
    expect(description(probability)).toBe('');
    expect(save.disabled).toBe(false);
  });

  it('gives a rule the value input its operator takes, and saves it in the file’s form', async () => {
    const w = worker(activeOf(ACME, LOCAL));
    const { model } = await mount(w);
    const editor = await openEditor();
    const pain = () => group(editor, 'Criterion 1: Pain confirmed');
    const choose = async (label: string, value: string) => {
      const select = getByLabel(pain(), label) as HTMLSelectElement;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
    };
    await choose('Rule field', 'closeDate');
    // Dates take date operators: the number ones are not offered for a close date.
    const ops = [...(getByLabel(pain(), 'Rule operator') as HTMLSelectElement).options].map((o) => o.value);
    expect(ops).toEqual(['present', 'absent', 'equals', 'notEquals', 'contains', 'oneOf', 'before', 'after']);
    await choose('Rule operator', 'after');
    await choose('Rule value', 'after');
    const days = getByLabel(pain(), 'Days after today');
    await checked();
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(description(days)).toContain("'after' needs a date YYYY-MM-DD, or today, today+N, today-N");
    await type(days, '7');
    await checked();
    expect(days.getAttribute('aria-invalid')).toBeNull();

    await choose('Rule field', 'amount');
    await choose('Rule operator', 'gte');
    await type(getByLabel(pain(), 'Rule value'), '5000');
    getButton(editor, 'Save playbook').click();
    await until(() => editorRegion() === null, 'the editor to close');
    expect(model.active.value?.playbook.stages[0]?.criteria[0]?.rule).toEqual({ field: 'amount', op: 'gte', value: 5000 });
    expect(text(container.querySelector('section.active'))).toContain('Auto: Amount is at least 5,000');
  });

  it('shows a list’s own problem at the list: a playbook needs a stage', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    getButton(editor, 'Remove stage Qualify').click();
    await settle();
    getButton(editor, 'Remove stage Closed Won').click();
    await checked();
    expect(text(editor.querySelector('.ed-stages .field-problem'))).toBe('needs at least one stage');
    expect(getButton(editor, 'Save playbook').disabled).toBe(true);
  });

  it('moves a stage by keyboard and keeps the focus on it', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    const down = getButton(editor, 'Move stage Qualify down');
    down.focus();
    down.click();
    await settle();
    expect(groupNames(editor, 'Stage')).toEqual(['Stage 1: Closed Won', 'Stage 2: Qualify']);
    // At the bottom there is no way further down: the focus is on the way back up, on the same stage.
    await until(() => document.activeElement === getButton(editor, 'Move stage Qualify up'), 'the focus on the moved stage');
    expect(getButton(editor, 'Move stage Qualify down').disabled).toBe(true);
    expect(text(editor.querySelector('[role="status"]'))).toBe('Moved stage “Qualify” to position 2 of 2.');
  });

  it('removes a criterion without asking, and Undo (or Ctrl+Z outside a text box) brings it back', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    const qualify = () => group(editor, 'Stage 1: Qualify');
    getButton(editor, 'Remove criterion Pain confirmed').click();
    await settle();
    expect(groupNames(qualify(), 'Criterion')).toEqual(['Criterion 1: Amount entered']);
    expect(text(editor.querySelector('[role="status"]'))).toBe('Removed criterion “Pain confirmed” from stage “Qualify”. Undo brings it back.');
    getButton(editor, 'Undo').click();
    await settle();
    expect(groupNames(qualify(), 'Criterion')).toEqual(['Criterion 1: Pain confirmed', 'Criterion 2: Amount entered']);

    getButton(editor, 'Remove criterion Amount entered').click();
    await settle();
    // Ctrl+Z in a text box is the box's own undo: the editor leaves it alone.
    const label = getByLabel(qualify(), 'Criterion label');
    label.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }));
    await settle();
    expect(groupNames(qualify(), 'Criterion')).toEqual(['Criterion 1: Pain confirmed']);
    getButton(editor, 'Add stage').dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }));
    await settle();
    expect(groupNames(qualify(), 'Criterion')).toEqual(['Criterion 1: Pain confirmed', 'Criterion 2: Amount entered']);
    expect(getButton(editor, 'Undo').disabled).toBe(true);
  });

  it('saves, closes, shows the saved playbook and says which revision it became', async () => {
    const w = worker(activeOf(ACME, LOCAL));
    const { model } = await mount(w);
    const editor = await openEditor();
    await type(getByLabel(group(editor, 'Criterion 1: Pain confirmed'), 'Criterion label'), 'Pain confirmed in writing');
    getButton(editor, 'Save playbook').click();
    await until(() => editorRegion() === null, 'the editor to close');
    const active = container.querySelector<HTMLElement>('section.active');
    expect(text(active)).toContain('Pain confirmed in writing');
    const status = active?.querySelector('[role="status"]');
    expect(text(status)).toBe('Saved “Acme Sales Playbook” as revision 5.');
    expect(document.activeElement).toBe(status?.querySelector('.notice'));
    expect(model.active.value?.playbook.stages[0]?.criteria[0]).toMatchObject({ id: 'pain', label: 'Pain confirmed in writing' });
    expect(w.saves).toBe(1);
  });

  it('says so when a team URL still takes precedence after a save, and offers the saved playbook to export', async () => {
    const team = activeOf(
      { ...ACME, name: 'Team playbook' },
      { kind: 'team', url: 'https://intranet.example.com/playbook.json', setBy: 'user', revision: revisionOf(ACME, { id: 3, origin: 'team', savedAt: '2026-11-12T10:00:00.000Z' }) },
      'From your team’s URL',
    );
    await mount(worker(team, team));
    const editor = await openEditor();
    await type(getByLabel(editor, 'Playbook name'), 'My playbook');
    getButton(editor, 'Save playbook').click();
    await until(() => editorRegion() === null, 'the editor to close');
    const status = text(container.querySelector('section.active [role="status"]'));
    expect(status).toContain('Saved “My playbook” as revision 5.');
    expect(status).toContain('The team playbook “Team playbook” from https://intranet.example.com/playbook.json still takes precedence');
    expect(queryButton(container, 'Export saved playbook')).not.toBeNull();
  });

  it('shows the worker’s refusal beside the fields it names, and stays open', async () => {
    await mount({
      'playbook/get': () => activeOf(ACME, LOCAL),
      'playbook/save': () => ({ saved: false, problems: [{ path: 'stages[1].criteria', message: 'the worker says no' }] }),
    });
    const editor = await openEditor();
    getButton(editor, 'Save playbook').click();
    await until(() => editor.querySelector('.ed-criteria .field-problem'), 'the refusal');
    expect(text(group(editor, 'Stage 2: Closed Won').querySelector('.field-problem'))).toBe('the worker says no');
    expect(text(editor.querySelector('[role="alert"]'))).toBe('The playbook was not saved: fix what is marked in red, then save again.');
    expect(text(editor.querySelector('#ed-count'))).toBe('1 problem to fix before saving');
    expect(editorRegion()).not.toBeNull();
  });

  it('asks before discarding changes, then shows the active playbook as it was', async () => {
    const w = worker(activeOf(ACME, LOCAL));
    await mount(w);
    const editor = await openEditor();
    await type(getByLabel(editor, 'Playbook name'), 'Changed');
    getButton(editor, 'Discard changes').click();
    await settle();
    const question = editor.querySelector<HTMLElement>('[role="group"][aria-labelledby="ed-discard-question"]');
    if (!question) throw new Error('no question');
    expect(text(question)).toContain('Discard your changes? The active playbook stays as it is.');
    getButton(question, 'Keep editing').click();
    await settle();
    expect((getByLabel(editor, 'Playbook name') as HTMLInputElement).value).toBe('Changed');

    getButton(editor, 'Discard changes').click();
    await settle();
    getButton(editor, 'Discard').click();
    await settle();
    expect(editorRegion()).toBeNull();
    expect(text(container.querySelector('section.active'))).toContain('Acme Sales Playbook');
    expect(document.activeElement).toBe(getButton(container, 'Edit playbook'));
    expect(w.saves).toBe(0);
  });

  it('asks before the page is left with unsaved changes, and not otherwise', async () => {
    await mount(worker(activeOf(ACME, LOCAL)));
    const editor = await openEditor();
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(false);
    await type(getByLabel(editor, 'Playbook name'), 'Changed');
    expect(leave()).toBe(true);
    getButton(editor, 'Undo').click();
    await settle();
    expect(leave()).toBe(false);
  });

  it('turns Edit playbook and New from template off while the playbook is locked, saying why', async () => {
    const lock = 'Your organization manages this playbook: editing is turned off by policy.';
    await mount(worker({ ...activeOf(ACME, LOCAL), lock }));
    for (const name of ['Edit playbook', 'New from template']) {
      const button = getButton(container, name);
      expect(button.disabled).toBe(true);
      expect(description(button)).toBe(lock);
    }
  });

  it('opens a template in the editor and saves it as the active playbook', async () => {
    const w = worker(activeOf(ACME, LOCAL));
    const { model } = await mount(w);
    getButton(container, 'New from template').click();
    const select = (await until(() => document.getElementById('ed-template'), 'the templates')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(TEMPLATES.map((t) => t.name));
    const template = TEMPLATES[TEMPLATES.length - 1];
    if (!template) throw new Error('no templates');
    select.value = template.id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(description(select)).toContain(template.summary);
    getButton(container, 'Use template').click();
    const editor = await until(editorRegion, 'the editor');
    expect(text(editor.querySelector('h2'))).toBe(`New playbook from “${template.name}”`);
    expect(groupNames(editor, 'Stage')).toEqual(template.playbook.stages.map((s, i) => `Stage ${i + 1}: ${s.name}`));
    getButton(editor, 'Save playbook').click();
    await until(() => editorRegion() === null, 'the editor to close');
    expect(model.active.value?.playbook).toEqual(template.playbook);
  });
});
