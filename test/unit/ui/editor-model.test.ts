import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybook } from '../../../src/core/playbook';
import { PLAYBOOK_FORMAT, type Playbook } from '../../../src/core/types';
import { assignIds, draftOf, fieldOf, toPlaybookInput, type Draft } from '../../../src/options/editor/draft';
import { slugify } from '../../../src/options/words';
import { createEditorModel, VALIDATION_DELAY_MS, type SavedPlaybook } from '../../../src/options/editor/model';
import { precedenceText } from '../../../src/options/editor/session';
import { activeOf, fakeClient, revisionOf, type FakeHandlers } from './fake-client';

/** Every kind of value a rule takes, links, a detail field, sites: what must survive the editor unchanged. */
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
      guidance: 'Find the pain.',
      criteria: [
        { id: 'pain', label: 'Pain confirmed', required: true, help: 'In their words.', links: [{ title: 'MEDDPICC', url: 'https://example.com/meddpicc' }] },
        { id: 'amount', label: 'Amount entered', required: false, links: [], rule: { field: 'amount', op: 'gte', value: 5000 } },
        { id: 'close', label: 'Closes this quarter', required: true, links: [], rule: { field: 'closeDate', op: 'before', value: 'today+90' } },
        { id: 'fixed', label: 'Signed before the deadline', required: true, links: [], rule: { field: 'closeDate', op: 'before', value: '2030-01-31' } },
        { id: 'cat', label: 'Forecast set', required: true, links: [], rule: { field: 'forecastCategory', op: 'oneOf', value: ['Commit', 'Best Case'] } },
        { id: 'seats', label: 'Seats agreed', required: true, links: [], rule: { field: { label: 'Seats' }, op: 'equals', value: 25 } },
        { id: 'region', label: 'Region known', required: true, links: [], rule: { field: { label: 'Region' }, op: 'present' } },
      ],
    },
    { id: 'won', name: 'Closed Won', match: [], probability: 100, forecastCategory: 'closed', outcome: 'won', criteria: [] },
  ],
  sites: [
    { id: 'crm', name: 'Our CRM', dealPages: 'https://crm.example.com/deals/*', selectors: { name: 'h1', stage: '.stage' } },
  ],
};

function parsed(draft: Draft): Playbook {
  const result = parsePlaybook(toPlaybookInput(draft));
  if (!result.ok) throw new Error(`draft does not parse: ${JSON.stringify(result.problems)}`);
  return result.playbook;
}

function editor(handlers: FakeHandlers = {}, playbook: Playbook = ACME, unsaved = false) {
  const fake = fakeClient(handlers);
  const saved: SavedPlaybook[] = [];
  let closed = 0;
  const model = createEditorModel(fake.client, { draft: draftOf(playbook), title: 'Edit playbook', unsaved }, {
    saved: (result) => saved.push(result),
    closed: () => closed++,
  });
  return { model, fake, saved, closed: () => closed };
}

const stage = (model: ReturnType<typeof editor>['model'], i: number) => {
  const s = model.draft.value.stages[i];
  if (!s) throw new Error(`no stage ${i}`);
  return s;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('editor draft', () => {
  it('gives back the same playbook it was opened on, every rule value and section included', () => {
    expect(parsed(draftOf(ACME))).toEqual(ACME);
    expect(parsed(draftOf(DEFAULT_PLAYBOOK))).toEqual(DEFAULT_PLAYBOOK);
  });

  it('makes ids of new items from their names, unique in their list, never one already in use', () => {
    expect(slugify('Needs Analysis', 'stage')).toBe('needs-analysis');
    expect(slugify('Démo / Pilot ✓', 'stage')).toBe('demo-pilot');
    expect(slugify('✓✓', 'criterion')).toBe('criterion');
    expect(slugify('a'.repeat(100), 'stage')).toHaveLength(60);
    expect(
      assignIds(
        [
          { id: null, name: 'Qualify' },
          { id: 'qualify', name: 'Qualify (old)' },
          { id: null, name: 'Qualify' },
          { id: null, name: '' },
        ],
        'stage',
      ),
    ).toEqual(['qualify-2', 'qualify', 'qualify-3', 'stage']);
  });

  it('places each problem at the control it is about, by the item that was checked', () => {
    const draft = draftOf(ACME);
    const [qualify] = draft.stages;
    const [pain, amount, , , , seats] = qualify?.criteria ?? [];
    const link = pain?.links[0];
    if (!qualify || !pain || !amount || !seats || !link) throw new Error('fixture');
    expect(fieldOf('name', draft)).toBe('name');
    expect(fieldOf('revision', draft)).toBe('revision');
    expect(fieldOf('stages', draft)).toBe('stages');
    expect(fieldOf('stages[0].probability', draft)).toBe(`stage:${qualify.uid}:probability`);
    expect(fieldOf('stages[0].match[0]', draft)).toBe(`stage:${qualify.uid}:match`);
    expect(fieldOf('stages[0].id', draft)).toBe(`stage:${qualify.uid}:name`);
    expect(fieldOf('stages[0].criteria', draft)).toBe(`stage:${qualify.uid}:criteria`);
    expect(fieldOf('stages[0].criteria[0].label', draft)).toBe(`criterion:${pain.uid}:label`);
    expect(fieldOf('stages[0].criteria[0].links[0].url', draft)).toBe(`link:${link.uid}:url`);
    expect(fieldOf('stages[0].criteria[1].rule.value', draft)).toBe(`criterion:${amount.uid}:ruleValue`);
    expect(fieldOf('stages[0].criteria[1].rule.op', draft)).toBe(`criterion:${amount.uid}:ruleOp`);
    expect(fieldOf('stages[0].criteria[5].rule.field.label', draft)).toBe(`criterion:${seats.uid}:ruleLabel`);
    expect(fieldOf('stages[0].criteria[4].rule.value[1]', draft)).toBe(`criterion:${qualify.criteria[4]?.uid}:ruleValue`);
    // No control holds these: they are listed beside Save.
    expect(fieldOf('sites[0].dealPages', draft)).toBeNull();
    expect(fieldOf('selectors.salesforce', draft)).toBeNull();
    expect(fieldOf('(file)', draft)).toBeNull();
  });
});

describe('editor model', () => {
  it('keeps an existing stage’s and criterion’s id when it is renamed, so ticks stay with it', () => {
    const { model } = editor();
    const qualify = stage(model, 0);
    model.setStageText(qualify.uid, 'name', 'Discovery call');
    model.setCriterionText(qualify.criteria[0]?.uid ?? '', 'label', 'Pain confirmed in writing');
    const saved = parsed(model.draft.value);
    expect(saved.stages[0]).toMatchObject({ id: 'qualify', name: 'Discovery call' });
    expect(saved.stages[0]?.criteria[0]).toMatchObject({ id: 'pain', label: 'Pain confirmed in writing' });
  });

  it('adds, moves and removes stages and criteria, and undoes each change in turn', () => {
    const { model } = editor();
    const uid = model.addStage();
    model.setStageText(uid, 'name', 'Proposal');
    model.setStageText(uid, 'probability', '60');
    const criterionUid = model.addCriterion(uid) ?? '';
    model.setCriterionText(criterionUid, 'label', 'Pricing approved');
    model.moveStage(uid, 1);
    expect(parsed(model.draft.value).stages.map((s) => s.id)).toEqual(['qualify', 'proposal', 'won']);
    expect(parsed(model.draft.value).stages[1]?.criteria.map((c) => c.id)).toEqual(['pricing-approved']);
    model.moveCriterion(stage(model, 0).criteria[2]?.uid ?? '', 0);
    expect(parsed(model.draft.value).stages[0]?.criteria.map((c) => c.id)).toEqual(['close', 'pain', 'amount', 'fixed', 'cat', 'seats', 'region']);
    model.removeStage(stage(model, 2).uid);
    expect(model.announcement.value).toBe('Removed stage “Closed Won”. Undo brings it back.');
    expect(model.draft.value.stages.map((s) => s.name)).toEqual(['Qualify', 'Proposal']);

    model.undo();
    expect(model.announcement.value).toBe('Undid removing stage “Closed Won”.');
    expect(model.draft.value.stages.map((s) => s.name)).toEqual(['Qualify', 'Proposal', 'Closed Won']);
    model.undo();
    expect(parsed(model.draft.value).stages[0]?.criteria[0]?.id).toBe('pain');
    model.undo();
    expect(model.draft.value.stages.map((s) => s.name)).toEqual(['Qualify', 'Closed Won', 'Proposal']);
    // Typing "Pricing approved" was one change, the label one undo.
    model.undo();
    expect(model.draft.value.stages[2]?.criteria[0]?.label).toBe('');
    model.undo();
    model.undo();
    model.undo();
    model.undo();
    expect(model.draft.value.stages.map((s) => s.name)).toEqual(['Qualify', 'Closed Won']);
    expect(model.canUndo.value).toBe(false);
    expect(model.dirty.value).toBe(false);
  });

  it('keys letter by letter into one field as one change to undo', () => {
    const { model } = editor();
    for (const name of ['A', 'Ac', 'Acm', 'Acme 2']) model.setName(name);
    model.setRevision('8');
    model.undo();
    expect(model.draft.value).toMatchObject({ name: 'Acme 2', revision: '7' });
    model.undo();
    expect(model.draft.value.name).toBe('Acme Sales Playbook');
    expect(model.canUndo.value).toBe(false);
  });

  it('does not move past either end, nor count a move that changes nothing', () => {
    const { model } = editor();
    model.moveStage(stage(model, 0).uid, -1);
    model.moveStage(stage(model, 1).uid, 5);
    expect(model.canUndo.value).toBe(false);
  });

  it('refuses a CRM stage name twice, however it is spelled', () => {
    const { model } = editor();
    const uid = stage(model, 0).uid;
    expect(model.addMatch(uid, '  qualification ')).toBe(false);
    expect(model.announcement.value).toBe('“qualification” is already one of stage “Qualify”’s CRM stage names.');
    expect(model.addMatch(uid, 'SQL')).toBe(true);
    model.removeMatch(uid, 0);
    expect(stage(model, 0).match).toEqual(['SQL']);
  });

  it('checks the draft a moment after typing stops, with the import’s own messages placed at their fields', () => {
    vi.useFakeTimers();
    const { model } = editor();
    const qualify = stage(model, 0);
    model.setStageText(qualify.uid, 'probability', '140');
    expect(model.problems.value).toEqual([]);
    vi.advanceTimersByTime(VALIDATION_DELAY_MS);
    expect(model.problemsByField.value.get(`stage:${qualify.uid}:probability`)).toEqual(['must be a number from 0 to 100 (got 140)']);

    model.setStageText(qualify.uid, 'probability', '40');
    model.setName('');
    vi.advanceTimersByTime(VALIDATION_DELAY_MS);
    expect(model.problems.value.map((p) => [p.field, p.path])).toEqual([['name', 'name']]);

    model.undo();
    vi.advanceTimersByTime(VALIDATION_DELAY_MS);
    expect(model.problems.value).toEqual([]);
  });

  it('words every unfinished part of a new stage and criterion the way an import would', () => {
    const { model } = editor();
    const uid = model.addStage();
    const c = model.addCriterion(uid) ?? '';
    model.setRuleField(c, 'closeDate');
    model.setRule(c, { op: 'after', dateMode: 'after' });
    const link = model.addLink(c) ?? '';
    model.setLink(c, link, 'url', 'http://example.com');
    const problems = model.validateNow();
    const at = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message);
    expect(at(`stage:${uid}:name`)).toEqual(['must not be empty']);
    expect(at(`stage:${uid}:probability`)).toEqual(['missing: give the chance of winning a deal in this stage, a number from 0 to 100']);
    expect(at(`criterion:${c}:label`)).toEqual(['must not be empty']);
    expect(at(`criterion:${c}:ruleValue`)).toEqual([expect.stringContaining("'after' needs a date YYYY-MM-DD, or today, today+N, today-N")]);
    expect(at(`link:${link}:url`)).toEqual(['must start with https:// (got "http://example.com")']);
    expect(problems.every((p) => p.field !== null)).toBe(true);
  });

  it('saves a valid draft through the worker and hands over the new revision', async () => {
    const { model, fake, saved } = editor({
      'playbook/save': ({ playbook }) => {
        const result = parsePlaybook(playbook);
        if (!result.ok) return { saved: false, problems: result.problems };
        const revision = revisionOf(result.playbook, { id: 5, origin: 'editor', savedAt: '2026-11-20T09:00:00.000Z' });
        return { saved: true, active: activeOf(result.playbook, { kind: 'local', revision }), revision };
      },
    });
    model.setCriterionText(stage(model, 0).criteria[0]?.uid ?? '', 'label', 'Pain confirmed by the buyer');
    await model.save();
    expect(fake.calls.map((c) => c.type)).toEqual(['playbook/save']);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.revision.id).toBe(5);
    expect(saved[0]?.playbook.stages[0]?.criteria[0]).toMatchObject({ id: 'pain', label: 'Pain confirmed by the buyer' });
    // The sites the editor does not show are saved as they were.
    expect(saved[0]?.playbook.sites).toEqual(ACME.sites);
  });

  it('sends nothing while the draft has problems', async () => {
    const { model, fake } = editor({});
    model.setStageText(stage(model, 0).uid, 'staleAfterDays', '2.5');
    await model.save();
    expect(fake.calls).toEqual([]);
    expect(model.saveState.value).toEqual({ kind: 'refused' });
    expect(model.problems.value.map((p) => p.message)).toEqual(['must be a whole number of days from 1 to 3650 (got 2.5)']);
  });

  it('shows the worker’s refusal at the fields it names, and its failure in words', async () => {
    let answer: 'refuse' | 'fail' = 'refuse';
    const { model, saved } = editor({
      'playbook/save': () => {
        if (answer === 'fail') throw new Error('disk full');
        return { saved: false, problems: [
          { path: 'stages[1].name', message: 'CRM stage \'Closed Won\' is already claimed' },
          { path: 'selectors.acme', message: '"acme" is not a CRM Stagecoach reads' },
        ] };
      },
    });
    await model.save();
    expect(saved).toEqual([]);
    expect(model.saveState.value).toEqual({ kind: 'refused' });
    expect(model.problemsByField.value.get(`stage:${stage(model, 1).uid}:name`)).toEqual(["CRM stage 'Closed Won' is already claimed"]);
    expect(model.unplaced.value.map((p) => p.path)).toEqual(['selectors.acme']);

    answer = 'fail';
    model.setName('Acme');
    await model.save();
    expect(model.saveState.value).toMatchObject({ kind: 'failed', message: expect.stringContaining('disk full') });
  });

  it('asks before discarding changes, and closes at once when there are none', () => {
    const clean = editor();
    clean.model.discard();
    expect(clean.closed()).toBe(1);

    const { model, closed } = editor();
    model.setName('Acme 2');
    model.discard();
    expect(model.confirmingDiscard.value).toBe(true);
    model.cancelDiscard();
    expect(closed()).toBe(0);
    model.discard();
    model.confirmDiscard();
    expect(closed()).toBe(1);
  });

  it('counts a template as unsaved even before it is changed', () => {
    const { model } = editor({}, DEFAULT_PLAYBOOK, true);
    expect(model.dirty.value).toBe(true);
  });
});

describe('after a save', () => {
  it('says which source still takes precedence over the saved playbook, and how to get it to the reps', () => {
    const revision = revisionOf(ACME, { id: 3, origin: 'team', savedAt: '2026-11-12T10:00:00.000Z' });
    expect(precedenceText(activeOf(ACME, { kind: 'local', revision }))).toBeNull();
    expect(precedenceText(activeOf(ACME))).toBeNull();
    expect(precedenceText(activeOf(ACME, { kind: 'team', revision, url: 'https://intranet.example.com/p.json', setBy: 'policy' }))).toBe(
      'The team playbook “Acme Sales Playbook” from https://intranet.example.com/p.json still takes precedence, so reps ' +
        'keep getting it. Export this playbook and publish it at that address to share it with the team.',
    );
    expect(precedenceText(activeOf(ACME, { kind: 'policy', revision }))).toBe(
      'Your organization’s playbook “Acme Sales Playbook”, set by browser policy, still takes precedence, so reps keep ' +
        'getting it. Export this playbook and give it to whoever manages the policy.',
    );
  });
});
