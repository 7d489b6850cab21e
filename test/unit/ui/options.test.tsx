// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybookText } from '../../../src/core/playbook';
import { PLAYBOOK_FORMAT, type Playbook, type PlaybookProblem } from '../../../src/core/types';
import { ReplyError, type ActivePlaybook } from '../../../src/messages';
import { createOptionsModel, VISIBLE_PROBLEMS } from '../../../src/options/model';
import { Options } from '../../../src/options/Options';
import { dateValueText, playbookFileName, ruleText } from '../../../src/options/words';
import { sourceText } from '../../../src/ui/playbook-source';
import { activeOf, fakeClient, getAllByRole, getButton, getByLabel, queryButton, revisionOf, settle, text, type FakeHandlers } from './fake-client';

const ACME: Playbook = {
  format: PLAYBOOK_FORMAT,
  name: 'Acme Sales Playbook',
  revision: '7',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Qualification', 'qualify'],
      probability: 20,
      forecastCategory: 'pipeline',
      outcome: 'open',
      staleAfterDays: 14,
      guidance: 'Find the pain.',
      criteria: [
        { id: 'pain', label: 'Pain confirmed', required: true, help: 'In their words.', links: [{ title: 'MEDDPICC', url: 'https://example.com/meddpicc' }] },
        { id: 'amount', label: 'Amount entered', required: false, links: [], rule: { field: 'amount', op: 'present' } },
      ],
    },
    { id: 'won', name: 'Closed Won', match: [], probability: 100, forecastCategory: 'closed', outcome: 'won', criteria: [] },
  ],
};

const BUILTIN: ActivePlaybook = activeOf(DEFAULT_PLAYBOOK);
const IMPORTED: ActivePlaybook = activeOf(
  ACME,
  { kind: 'local', revision: revisionOf(ACME, { id: 1, origin: 'import', savedAt: '2026-11-12T10:00:00.000Z', fileName: 'acme.json' }) },
  'Imported in this browser',
);

/** A fake worker that validates imports with the real parser and keeps the active playbook, like the real one. */
function worker(initial: ActivePlaybook): FakeHandlers & { active: ActivePlaybook } {
  const state = {
    active: initial,
    'playbook/get': () => state.active,
    'playbook/import': ({ text, fileName }: { text: string; fileName: string | null }) => {
      const parsed = parsePlaybookText(text);
      if (!parsed.ok) return { imported: false as const, problems: parsed.problems };
      const revision = revisionOf(parsed.playbook, { id: 2, origin: 'import', savedAt: '2026-11-20T09:00:00.000Z', fileName });
      state.active = activeOf(parsed.playbook, { kind: 'local', revision }, 'Imported in this browser');
      return { imported: true as const, active: state.active };
    },
    'playbook/reset': () => {
      state.active = BUILTIN;
      return state.active;
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

async function mount(handlers: FakeHandlers) {
  const fake = fakeClient(handlers);
  const model = createOptionsModel(fake.client, { locale: 'en-GB' });
  render(<Options model={model} />, container);
  await model.refresh();
  await settle();
  return { fake, model };
}

const section = (title: string): HTMLElement => {
  const found = [...container.querySelectorAll('section')].find((s) => text(s.querySelector('h2')) === title);
  if (!found) throw new Error(`No section "${title}"`);
  return found;
};

/** A description list as term -> description. */
function facts(dl: Element | null | undefined): Record<string, string> {
  return Object.fromEntries([...(dl?.querySelectorAll('dt') ?? [])].map((dt) => [text(dt), text(dt.nextElementSibling)]));
}

async function typeAndImport(value: string) {
  const textarea = getByLabel(container, 'Paste playbook') as HTMLTextAreaElement;
  textarea.value = value;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
  getButton(container, 'Import').click();
  await settle();
  return textarea;
}

describe('options: the active playbook', () => {
  it('shows the built-in playbook read-only, every stage with its facts and criteria', async () => {
    await mount(worker(BUILTIN));
    expect(text(container.querySelector('h1'))).toBe('Stagecoach playbook');
    const active = section('Active playbook');
    expect(text(active)).toContain(DEFAULT_PLAYBOOK.name);
    expect(text(active)).toContain('Built-in default');
    const stageHeadings = [...active.querySelectorAll('h3')].map(text);
    expect(stageHeadings).toEqual(DEFAULT_PLAYBOOK.stages.map((s) => s.name));
    // Rule criteria say what decides them.
    expect(text(active)).toContain('Auto: Close date is after today');
  });

  it('shows an imported playbook’s source, facts, CRM names, guidance, criteria and links', async () => {
    await mount(worker(IMPORTED));
    const active = section('Active playbook');
    expect(text(active)).toContain('Imported from acme.json on 12 Nov 2026');
    expect(facts(active.querySelector('dl'))).toMatchObject({ Revision: '7', Stages: '2' });
    const qualify = active.querySelector('ol > li');
    expect(facts(qualify?.querySelector('dl'))).toEqual({
      Probability: '20%',
      'Forecast category': 'Pipeline',
      Outcome: 'Open',
      'Stale after': '14 days',
    });
    // "qualify" is the stage's own name in another case: listed once.
    expect([...(qualify?.querySelectorAll('.chips li') ?? [])].map(text)).toEqual(['Qualify', 'Qualification']);
    expect(text(qualify)).toContain('Find the pain.');
    const criteria = [...(qualify?.querySelectorAll('.criterion') ?? [])].map(text);
    expect(criteria[0]).toContain('Pain confirmed Required');
    expect(criteria[0]).toContain('In their words.');
    expect(criteria[1]).toContain('Amount entered Optional');
    expect(criteria[1]).toContain('Auto: Amount is present');
    const link = getAllByRole(qualify ?? container, 'link')[0] as HTMLAnchorElement;
    expect(link.href).toBe('https://example.com/meddpicc');
    expect(link.target).toBe('_blank');
    expect(text(active.querySelectorAll('ol > li')[1])).toContain('No criteria');
  });

  it('says what went wrong when the playbook cannot be loaded, and retries', async () => {
    let fail = true;
    const { fake } = await mount({
      'playbook/get': () => {
        if (fail) throw new ReplyError('failed', 'The database could not be opened.');
        return BUILTIN;
      },
    });
    expect(text(container.querySelector('[role="alert"]'))).toContain('The database could not be opened.');
    fail = false;
    getButton(container, 'Retry').click();
    await settle();
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(fake.calls).toHaveLength(2);
    expect(text(section('Active playbook'))).toContain(DEFAULT_PLAYBOOK.name);
  });

  it('has the privacy line in the footer', async () => {
    await mount(worker(BUILTIN));
    expect(text(container.querySelector('footer'))).toBe(
      'Everything stays in this browser: Stagecoach has no server and sends no data anywhere.',
    );
  });
});

describe('options: import', () => {
  it('rejects an invalid playbook: the alert lists every problem, the active playbook and the pasted text stay', async () => {
    const w = worker(BUILTIN);
    await mount(w);
    const bad = JSON.stringify({ format: 'nope', name: '', stages: [{ id: 'Bad Id', probability: 140 }] });
    const textarea = await typeAndImport(bad);

    const expected = parsePlaybookText(bad);
    if (expected.ok) throw new Error('fixture must be invalid');
    expect(expected.problems.length).toBeGreaterThan(3);
    const alert = container.querySelector('[role="alert"]');
    expect(text(alert)).toContain('The pasted playbook was not imported.');
    expect(text(alert)).toContain(`The active playbook “${DEFAULT_PLAYBOOK.name}” is unchanged.`);
    const listed = [...(alert?.querySelectorAll('li') ?? [])].map(text);
    expect(listed).toEqual(expected.problems.map((p) => `${p.path}: ${p.message}`.replace(/\s+/g, ' ')));

    expect(textarea.value).toBe(bad);
    expect(w.active).toBe(BUILTIN);
    expect(text(section('Active playbook'))).toContain('Built-in default');
    expect(text(container.querySelector('[role="status"]'))).toBe('');
  });

  it(`caps the visible problems at ${VISIBLE_PROBLEMS} and says how many more`, async () => {
    const problems: PlaybookProblem[] = Array.from({ length: 73 }, (_, i) => ({ path: `stages[${i}].id`, message: 'missing' }));
    await mount({ 'playbook/get': () => BUILTIN, 'playbook/import': () => ({ imported: false, problems }) });
    await typeAndImport('{}');
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.querySelectorAll('li')).toHaveLength(VISIBLE_PROBLEMS);
    expect(text(alert)).toContain('Fix these 73 problems');
    expect(text(alert)).toContain('and 23 more problems.');
  });

  it('imports pasted text: the status names the playbook, the view updates, the text is cleared', async () => {
    const { fake } = await mount(worker(BUILTIN));
    const textarea = await typeAndImport(JSON.stringify(ACME));
    expect(fake.calls.at(-1)).toEqual({ type: 'playbook/import', payload: { text: JSON.stringify(ACME), fileName: null } });
    expect(text(section('Import').querySelector('[role="status"]'))).toBe(
      'Imported “Acme Sales Playbook” (2 stages). Reps see it on their next deal page.',
    );
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(textarea.value).toBe('');
    const active = section('Active playbook');
    expect(text(active)).toContain('Imported from pasted text on 20 Nov 2026');
    expect([...active.querySelectorAll('h3')].map(text)).toEqual(['Qualify', 'Closed Won']);
  });

  it('imports a chosen file at once, with its name', async () => {
    const { fake } = await mount(worker(BUILTIN));
    const input = getByLabel(container, 'Import playbook') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.json,application/json');
    const file = new File([JSON.stringify(ACME)], 'acme.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(fake.calls.at(-1)).toEqual({ type: 'playbook/import', payload: { text: JSON.stringify(ACME), fileName: 'acme.json' } });
    expect(text(section('Import').querySelector('[role="status"]'))).toContain('Imported “Acme Sales Playbook”');
    expect(text(section('Active playbook'))).toContain('Imported from acme.json on 20 Nov 2026');
  });

  it('puts a transport error in the same alert, saying the playbook was not imported', async () => {
    await mount({
      'playbook/get': () => BUILTIN,
      'playbook/import': () => {
        throw new ReplyError('failed', "Stagecoach's background worker did not answer.");
      },
    });
    const textarea = await typeAndImport(JSON.stringify(ACME));
    const alert = container.querySelector('[role="alert"]');
    expect(text(alert)).toContain('The pasted playbook was not imported.');
    expect(text(alert)).toContain("Stagecoach's background worker did not answer.");
    expect(text(alert)).toContain('is unchanged');
    expect(textarea.value).toBe(JSON.stringify(ACME));
  });
});

describe('options: reset', () => {
  it('offers no reset while the built-in playbook is active', async () => {
    await mount(worker(BUILTIN));
    expect(queryButton(container, 'Reset to built-in playbook')).toBeNull();
    expect(text(section('Reset'))).toContain('You are using the built-in playbook.');
  });

  it('asks first, can be cancelled, and resets on Confirm', async () => {
    const { fake } = await mount(worker(IMPORTED));
    getButton(container, 'Reset to built-in playbook').click();
    await settle();
    const question = container.querySelector('[role="group"]');
    expect(text(question)).toContain('Replace “Acme Sales Playbook” with the built-in playbook? Ticks on deals are kept.');
    expect(document.activeElement).toBe(question);

    getButton(container, 'Cancel').click();
    await settle();
    expect(container.querySelector('[role="group"]')).toBeNull();
    expect(document.activeElement).toBe(getButton(container, 'Reset to built-in playbook'));
    expect(fake.calls.some((c) => c.type === 'playbook/reset')).toBe(false);

    getButton(container, 'Reset to built-in playbook').click();
    await settle();
    getButton(container, 'Confirm').click();
    await settle();
    expect(fake.calls.at(-1)?.type).toBe('playbook/reset');
    expect(text(section('Reset').querySelector('[role="status"]'))).toContain(
      `Back to the built-in playbook “${DEFAULT_PLAYBOOK.name}”. Ticks on deals are kept`,
    );
    expect(text(section('Active playbook'))).toContain('Built-in default');
    expect(queryButton(container, 'Reset to built-in playbook')).toBeNull();
    expect(document.activeElement).toBe(section('Reset').querySelector('h2'));
  });
});

describe('options: export', () => {
  it('exports the active playbook as pretty JSON named after it, which imports back unchanged', async () => {
    const { model } = await mount(worker(IMPORTED));
    const file = model.exportActive();
    expect(file?.fileName).toBe('acme-sales-playbook.json');
    expect(file?.text).toContain('\n  "name": "Acme Sales Playbook"');
    const back = parsePlaybookText(file?.text ?? '');
    expect(back.ok && back.playbook).toEqual(ACME);
    expect(model.example().fileName).toBe(playbookFileName(DEFAULT_PLAYBOOK.name));
  });
});

describe('options words', () => {
  it('says rules in words', () => {
    expect(ruleText({ field: 'amount', op: 'present' }, 'en-GB')).toBe('Amount is present');
    expect(ruleText({ field: 'closeDate', op: 'after', value: 'today' }, 'en-GB')).toBe('Close date is after today');
    expect(ruleText({ field: 'closeDate', op: 'before', value: 'today+90' }, 'en-GB')).toBe('Close date is before 90 days from today');
    expect(ruleText({ field: 'closeDate', op: 'after', value: '2026-12-31' }, 'en-GB')).toBe('Close date is after 31 Dec 2026');
    expect(ruleText({ field: 'amount', op: 'gte', value: 5000 }, 'en-GB')).toBe('Amount is at least 5,000');
    expect(ruleText({ field: { label: 'Decision Maker' }, op: 'oneOf', value: ['CFO', 'CEO'] }, 'en-GB')).toBe(
      'Decision Maker is one of ‘CFO’, ‘CEO’',
    );
    expect(ruleText({ field: 'nextStep', op: 'absent' }, 'en-GB')).toBe('Next step is empty');
    expect(dateValueText('today-1', 'en-GB')).toBe('1 day ago');
  });

  it('says where the playbook came from', () => {
    expect(sourceText({ kind: 'builtin' }, 'en-GB')).toBe('Built-in default');
    const pasted = revisionOf(ACME, { id: 3, origin: 'import', savedAt: '2026-11-12T10:00:00.000Z' });
    expect(sourceText({ kind: 'local', revision: pasted }, 'en-GB')).toMatch(/^Imported from pasted text on 12 Nov 2026, \d\d:\d\d \(revision 3\)$/);
    const team = revisionOf(ACME, { id: 4, origin: 'team', savedAt: '2026-11-12T10:00:00.000Z', url: 'https://playbooks.acme.test/sales.json' });
    expect(sourceText({ kind: 'team', revision: team, url: 'https://playbooks.acme.test/sales.json', setBy: 'user' }, 'en-GB')).toMatch(
      /^Received from https:\/\/playbooks\.acme\.test\/sales\.json on 12 Nov 2026, \d\d:\d\d \(revision 4\)$/,
    );
  });

  it('names export files after the playbook', () => {
    expect(playbookFileName('Acme Sales Playbook')).toBe('acme-sales-playbook.json');
    expect(playbookFileName('Vertrieb: Playbook für Ö-Kunden')).toBe('vertrieb-playbook-fur-o-kunden.json');
    expect(playbookFileName('***')).toBe('playbook.json');
  });
});
