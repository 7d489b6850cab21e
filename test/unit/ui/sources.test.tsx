// @vitest-environment happy-dom
/**
 * The options page rendered with its "Playbook source" and "Revisions" sections, as a user meets them: the source
 * and why first, the team URL form and its alert, a URL set by the organization, a lock that turns every change
 * control off (described by the lock's words), and the revisions list.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { Playbook, Site } from '../../../src/core/types';
import type { ActivePlaybook, RevisionInfo, TeamStatus } from '../../../src/messages';
import { createOptionsModel } from '../../../src/options/model';
import { Options } from '../../../src/options/Options';
import { createSitesModel } from '../../../src/options/sites-model';
import { createSourcesModel } from '../../../src/options/sources-model';
import { formatTime, sourceText } from '../../../src/ui/playbook-source';
import { activeOf, fakeClient, getButton, getByLabel, queryButton, revisionOf, settle, text, type FakeHandlers } from './fake-client';

const LOCALE = 'en-GB';
const URL_ = 'https://intranet.example.com/sales/playbook.json';
const LOCK = 'Your organization manages this playbook: importing, editing, resetting, sites and the team URL are turned off in this browser.';
/** One "now" for the whole file: times shown to the minute must not straddle a minute between render and check. */
const NOW = Date.now();
const hoursAgo = (h: number): string => new Date(NOW - h * 3_600_000).toISOString();

const SITE: Site = { id: 'acme-crm', name: 'Acme CRM', dealPages: 'https://crm.example-inhouse.test/deals/*', selectors: { name: 'h1', stage: '.stage' } };
const TEAM_BOOK: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Northwind Team Playbook', revision: '2026-Q4', sites: [SITE] };
const LOCAL_BOOK: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook', revision: '7' };
const IMPORTED = revisionOf(LOCAL_BOOK, { id: 1, origin: 'import', savedAt: hoursAgo(48), fileName: 'acme.json' });
const RECEIVED = revisionOf(TEAM_BOOK, { id: 2, origin: 'team', savedAt: hoursAgo(3), url: URL_ });

const team = (fields: Partial<TeamStatus> = {}): TeamStatus => ({
  url: URL_,
  setBy: 'user',
  checkedAt: hoursAgo(1),
  receivedAt: RECEIVED.savedAt,
  failure: null,
  nextCheckAt: null,
  ...fields,
});
const fromTeam = (status: TeamStatus = team(), extra: Partial<ActivePlaybook> = {}): ActivePlaybook => ({
  ...activeOf(TEAM_BOOK, { kind: 'team', revision: RECEIVED, url: status.url, setBy: status.setBy }, "From your team's playbook URL"),
  team: status,
  ...extra,
});
const fromImport = (): ActivePlaybook => activeOf(LOCAL_BOOK, { kind: 'local', revision: IMPORTED }, 'Imported in this browser');

let container: HTMLElement;
let dispose: (() => void) | null = null;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  dispose?.();
  dispose = null;
});

async function mount(initial: ActivePlaybook, handlers: FakeHandlers = {}, revisions: RevisionInfo[] = [RECEIVED, IMPORTED]) {
  const fake = fakeClient({
    'playbook/get': () => initial,
    'revisions/list': () => ({ revisions, activeId: initial.source.kind === 'builtin' ? null : initial.source.revision.id }),
    'sites/status': () => ({ sites: [] }),
    ...handlers,
  });
  const model = createOptionsModel(fake.client, { locale: LOCALE });
  const setActive = (a: ActivePlaybook) => {
    model.active.value = a;
  };
  const access = {
    request: vi.fn(async () => true),
    remove: vi.fn(async () => {}),
    isSelector: () => true,
    pick: vi.fn(async () => null),
  };
  const sites = createSitesModel(fake.client, access, model.active, setActive);
  const sources = createSourcesModel(fake.client, access, model.active, setActive, { locale: LOCALE });
  dispose = sources.dispose;
  render(<Options model={model} sites={sites} sources={sources} />, container);
  await model.refresh();
  await settle();
  return { fake, access, model };
}

const section = (title: string): HTMLElement => {
  const found = [...container.querySelectorAll('section')].find((s) => text(s.querySelector('h2')) === title);
  if (!found) throw new Error(`No section "${title}"`);
  return found;
};
const alerts = (root: ParentNode = container): string[] => [...root.querySelectorAll('[role="alert"]')].map(text);
/** The text of what an element's aria-describedby points at, as a screen reader reads its description. */
const description = (el: Element): string =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => text(document.getElementById(id)))
    .join(' ');

describe('the Playbook source section', () => {
  it('comes first in the main column: why, the revision behind it, the team URL’s state', async () => {
    await mount(fromTeam());
    const main = container.querySelector('.main');
    expect(text(main?.querySelector('h2'))).toBe('Playbook source');
    const source = section('Playbook source');
    expect(text(source.querySelector('.source-why'))).toBe("From your team's playbook URL");
    expect(text(source)).toContain(sourceText(fromTeam().source, LOCALE));
    expect((getByLabel(source, 'Team playbook URL') as HTMLInputElement).value).toBe(URL_);
    expect([...source.querySelectorAll('.team-lines li')].map(text)).toEqual([
      `Last checked ${formatTime(team().checkedAt ?? '', LOCALE)}`,
      `Using the version received ${formatTime(RECEIVED.savedAt, LOCALE)}`,
    ]);
    expect(queryButton(source, 'Save URL')).not.toBeNull();
    expect(queryButton(source, 'Remove URL')).not.toBeNull();
    expect(queryButton(source, 'Refresh now')).not.toBeNull();
    expect(alerts(source)).toEqual([]);
  });

  it('offers only Save URL while no team URL is set', async () => {
    await mount(fromImport());
    const source = section('Playbook source');
    expect(text(source.querySelector('.source-why'))).toBe('Imported in this browser');
    expect(queryButton(source, 'Remove URL')).toBeNull();
    expect(queryButton(source, 'Refresh now')).toBeNull();
  });

  it('raises the team alert, and the problems of what was passed over and of the policy', async () => {
    const failing = fromTeam(team({ failure: 'the server answered 404 Not Found' }), {
      problems: ["The playbook of this browser (revision 1) can no longer be read from this browser's storage: stages is missing"],
      policy: { locked: false, problems: ['TeamPlaybookUrl is not a web address'] },
    });
    await mount(failing);
    expect(alerts(section('Playbook source'))).toEqual([
      "Stagecoach passed over a playbook it could not use:The playbook of this browser (revision 1) can no longer be read from this browser's storage: stages is missing",
      'Your organization’s browser policy has problems:TeamPlaybookUrl is not a web address',
      `Team playbook could not be updated: the server answered 404 Not Found. Using the version from ${formatTime(RECEIVED.savedAt, LOCALE)}.`,
    ]);
  });

  it('says beside the box why an address is refused, and why nothing was saved when access is refused', async () => {
    const { fake, access } = await mount(fromImport(), { 'team/save': () => fromTeam() });
    const source = section('Playbook source');
    const box = getByLabel(source, 'Team playbook URL') as HTMLInputElement;
    box.value = 'http://intranet.example.com/playbook.json';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    getButton(source, 'Save URL').click();
    await settle();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(description(box)).toContain('The team playbook URL must start with https:// (http:// is allowed for localhost and 127.0.0.1 only, for testing)');

    access.request.mockResolvedValueOnce(false);
    box.value = URL_;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    getButton(source, 'Save URL').click();
    await settle();
    expect(description(box)).toContain('Stagecoach was not allowed to read https://intranet.example.com/*, so the URL was not saved.');
    expect(fake.calls.filter((c) => c.type === 'team/save')).toEqual([]);
  });

  it('saves a URL: the source and the revisions follow', async () => {
    const { fake } = await mount(fromImport(), { 'team/save': () => fromTeam() });
    const source = section('Playbook source');
    const box = getByLabel(source, 'Team playbook URL') as HTMLInputElement;
    box.value = URL_;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    getButton(source, 'Save URL').click();
    await settle();
    expect(text(source.querySelector('.source-why'))).toBe("From your team's playbook URL");
    expect(text(source.querySelector('[role="status"]'))).toContain('Saved the team playbook URL.');
    expect(fake.calls.filter((c) => c.type === 'revisions/list')).toHaveLength(2);
  });

  it('shows a URL set by the organization read-only, with Refresh now only', async () => {
    await mount(fromTeam(team({ setBy: 'policy' }), { why: "Managed by your organization, from your team's playbook URL" }));
    const source = section('Playbook source');
    expect(text(source.querySelector('.source-why'))).toBe("Managed by your organization, from your team's playbook URL");
    const box = getByLabel(source, 'Team playbook URL') as HTMLInputElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toBe(URL_);
    expect(description(box)).toContain('Set by your organization');
    expect(queryButton(source, 'Save URL')).toBeNull();
    expect(queryButton(source, 'Remove URL')).toBeNull();
    expect(getButton(source, 'Refresh now').disabled).toBe(false);
  });
});

describe('a locked playbook', () => {
  it('turns off every change control on the page, each described by the lock’s reason', async () => {
    await mount(fromTeam(team(), { lock: LOCK, policy: { locked: true, problems: [] } }));
    const changes: HTMLElement[] = [
      getByLabel(section('Playbook source'), 'Team playbook URL'),
      getButton(section('Playbook source'), 'Save URL'),
      getButton(section('Playbook source'), 'Remove URL'),
      getButton(section('Revisions'), 'Make revision 1 active'),
      getByLabel(section('Import'), 'Paste playbook'),
      getButton(section('Import'), 'Import'),
      container.querySelector<HTMLInputElement>('#import-file') as HTMLElement,
      getButton(section('Reset'), 'Reset to built-in playbook'),
      getButton(section('Sites'), 'Add a site'),
      getButton(section('Sites'), 'Edit Acme CRM'),
      getButton(section('Sites'), 'Remove Acme CRM'),
    ];
    for (const control of changes) {
      expect((control as HTMLInputElement).disabled, control.outerHTML.slice(0, 80)).toBe(true);
      expect(description(control)).toContain(LOCK);
    }
    // Reading and exporting are no changes.
    expect(getButton(section('Playbook source'), 'Refresh now').disabled).toBe(false);
    expect(getButton(section('Revisions'), 'Export revision 1').disabled).toBe(false);
    expect(getButton(section('Export'), 'Export playbook').disabled).toBe(false);
  });
});

describe('the Revisions section', () => {
  it('lists revisions newest first, each with its origin, counts and buttons, the one in force marked Active', async () => {
    await mount(fromTeam());
    const items = [...section('Revisions').querySelectorAll('li.revision')];
    expect(items.map((li) => text(li.querySelector('h3')))).toEqual(['Revision 2', 'Revision 1']);
    const [newest, oldest] = items.map(text);
    expect(newest).toContain('Active');
    expect(newest).toContain('Northwind Team Playbook · labelled “2026-Q4”');
    expect(newest).toContain(`Received from ${URL_} on ${formatTime(RECEIVED.savedAt, LOCALE)}`);
    expect(newest).toContain(`${DEFAULT_PLAYBOOK.stages.length} stages, ${RECEIVED.criteria} criteria`);
    expect(oldest).not.toContain('Active');
    expect(oldest).toContain(`Imported from acme.json on ${formatTime(IMPORTED.savedAt, LOCALE)}`);
    expect(queryButton(items[0] as HTMLElement, 'Make revision 2 active')).toBeNull();
    expect(queryButton(items[0] as HTMLElement, 'Export revision 2')).not.toBeNull();
    expect(queryButton(items[1] as HTMLElement, 'Make revision 1 active')).not.toBeNull();
  });

  it('makes a revision active and says what is in force when the team URL still wins', async () => {
    const { fake } = await mount(fromTeam(), { 'revisions/activate': () => fromTeam() });
    getButton(section('Revisions'), 'Make revision 1 active').click();
    await settle();
    expect(fake.calls.filter((c) => c.type === 'revisions/activate')).toEqual([{ type: 'revisions/activate', payload: { id: 1 } }]);
    expect(text(section('Revisions').querySelector('[role="status"]'))).toContain(
      "another source takes precedence. In force: “Northwind Team Playbook”. From your team's playbook URL.",
    );
  });

  it('shows the recent revisions first, and all of them on demand', async () => {
    const many = Array.from({ length: 8 }, (_, i) => revisionOf(LOCAL_BOOK, { id: 8 - i, origin: 'editor', savedAt: hoursAgo(i + 1) }));
    await mount(activeOf(LOCAL_BOOK, { kind: 'local', revision: many[0] as RevisionInfo }, 'Edited in this browser'), {}, many);
    const revisions = section('Revisions');
    expect(revisions.querySelectorAll('li.revision')).toHaveLength(5);
    getButton(revisions, 'Show all 8 revisions').click();
    await settle();
    expect(revisions.querySelectorAll('li.revision')).toHaveLength(8);
  });

  it('says so when there is none', async () => {
    await mount(activeOf(DEFAULT_PLAYBOOK), {}, []);
    expect(text(section('Revisions'))).toContain('No revisions yet');
  });
});
