/**
 * The options page's "Playbook source" and "Revisions" as a model: the team URL checked before anything is asked,
 * its host asked for in the same click as the save, a refused access that saves nothing, the alert and status lines
 * in words, a policy's URL and lock that turn changes off, and revisions listed, exported and made active again.
 */
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybookText } from '../../../src/core/playbook';
import type { Playbook } from '../../../src/core/types';
import { ReplyError, type ActivePlaybook, type RevisionInfo, type TeamStatus } from '../../../src/messages';
import { createSourcesModel, type TeamAccess } from '../../../src/options/sources-model';
import { formatTime } from '../../../src/ui/playbook-source';
import { activeOf, fakeClient, revisionOf, type FakeHandlers } from './fake-client';

const LOCALE = 'en-GB';
const URL_ = 'https://intranet.example.com/sales/playbook.json';
const ORIGINS = 'https://intranet.example.com/*';
const LOCK = 'Your organization manages this playbook: importing, editing, resetting, sites and the team URL are turned off in this browser.';

const hoursAgo = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();
const hoursFromNow = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();

const TEAM_BOOK: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Northwind Team Playbook', revision: '2026-Q4' };
const LOCAL_BOOK: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook', revision: '7' };
const IMPORTED = revisionOf(LOCAL_BOOK, { id: 1, origin: 'import', savedAt: hoursAgo(48), fileName: 'acme.json' });
const RECEIVED = revisionOf(TEAM_BOOK, { id: 2, origin: 'team', savedAt: hoursAgo(3), url: URL_ });

const team = (fields: Partial<TeamStatus> = {}): TeamStatus => ({
  url: URL_,
  setBy: 'user',
  checkedAt: hoursAgo(1),
  receivedAt: RECEIVED.savedAt,
  failure: null,
  nextCheckAt: hoursFromNow(5),
  ...fields,
});
const fromTeam = (status: TeamStatus = team(), revision: RevisionInfo = RECEIVED): ActivePlaybook => ({
  ...activeOf(TEAM_BOOK, { kind: 'team', revision, url: status.url, setBy: status.setBy }, "From your team's playbook URL"),
  team: status,
});
const fromImport = (): ActivePlaybook => activeOf(LOCAL_BOOK, { kind: 'local', revision: IMPORTED }, 'Imported in this browser');

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

function setup(initial: ActivePlaybook | null, handlers: FakeHandlers = {}, options: { granted?: boolean } = {}) {
  const active = signal<ActivePlaybook | null>(initial);
  const fake = fakeClient({ 'revisions/list': () => ({ revisions: [RECEIVED, IMPORTED], activeId: 2 }), ...handlers });
  const access = {
    request: vi.fn<TeamAccess['request']>(async () => options.granted ?? true),
    remove: vi.fn<TeamAccess['remove']>(async () => {}),
  };
  const model = createSourcesModel(
    fake.client,
    access,
    active,
    (a) => {
      active.value = a;
    },
    { locale: LOCALE },
  );
  disposers.push(model.dispose);
  const sent = (type: string) => fake.calls.filter((call) => call.type === type).map((call) => call.payload);
  return { model, access, active, fake, sent };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the team URL’s state in words', () => {
  it('says when it was last checked, when the next check is, and which version is in use', () => {
    const status = team();
    const { model } = setup(fromTeam(status));
    expect(model.teamLines.value).toEqual([
      `Last checked ${formatTime(status.checkedAt ?? '', LOCALE)}`,
      `Next check ${formatTime(status.nextCheckAt ?? '', LOCALE)}`,
      `Using the version received ${formatTime(status.receivedAt ?? '', LOCALE)}`,
    ]);
    expect(model.alert.value).toBeNull();
    expect(model.urlText.value).toBe(URL_);
  });

  it('says so before the first check and before any version arrived', () => {
    const { model } = setup({ ...fromImport(), team: team({ checkedAt: null, receivedAt: null, nextCheckAt: null }) });
    expect(model.teamLines.value).toEqual(['Not checked yet', 'No version received yet']);
  });

  it('raises the alert with the reason and the date of the version still in use', () => {
    const status = team({ failure: 'the server answered 404 Not Found' });
    const { model } = setup(fromTeam(status));
    expect(model.alert.value).toBe(
      `Team playbook could not be updated: the server answered 404 Not Found. Using the version from ${formatTime(status.receivedAt ?? '', LOCALE)}.`,
    );
  });

  it('has no lines and no alert without a team URL', () => {
    const { model } = setup(fromImport());
    expect(model.teamLines.value).toEqual([]);
    expect(model.alert.value).toBeNull();
    expect(model.urlText.value).toBe('');
  });
});

describe('saving the team URL', () => {
  it('says why beside the box and asks nothing when the address is not one Stagecoach may fetch', async () => {
    const { model, access, sent } = setup(fromImport(), { 'team/save': () => fromTeam() });
    model.setUrl('http://intranet.example.com/playbook.json');
    await model.saveUrl();
    expect(model.urlProblem.value).toBe(
      'The team playbook URL must start with https:// (http:// is allowed for localhost and 127.0.0.1 only, for testing), e.g. https://playbooks.example.com/sales.json.',
    );
    model.setUrl('   ');
    await model.saveUrl();
    expect(model.urlProblem.value).toBe(
      "The team playbook URL is empty: give the address of the team's playbook file, e.g. https://playbooks.example.com/sales.json.",
    );
    expect(access.request).not.toHaveBeenCalled();
    expect(sent('team/save')).toEqual([]);
    // Typing again clears the problem.
    model.setUrl('https://');
    expect(model.urlProblem.value).toBeNull();
  });

  it('asks for the host in the click itself, then saves and says which playbook is in force', async () => {
    const { model, access, active, sent } = setup(fromImport(), { 'team/save': () => fromTeam() });
    model.setUrl(`  ${URL_} `);
    const saving = model.saveUrl();
    // Before anything was awaited: the browser only asks during the click.
    expect(access.request).toHaveBeenCalledWith(ORIGINS);
    expect(model.busy.value).toBe('saving');
    await saving;
    expect(sent('team/save')).toEqual([{ url: URL_ }]);
    expect(active.value?.source.kind).toBe('team');
    expect(model.outcome.value).toEqual({
      kind: 'done',
      message: "Saved the team playbook URL. In force: “Northwind Team Playbook”. From your team's playbook URL.",
    });
    expect(model.busy.value).toBeNull();
    expect(model.urlText.value).toBe(URL_);
  });

  it('saves nothing when the browser’s access is refused, and says so beside the box', async () => {
    const { model, active, sent } = setup(fromImport(), { 'team/save': () => fromTeam() }, { granted: false });
    model.setUrl(URL_);
    await model.saveUrl();
    expect(sent('team/save')).toEqual([]);
    expect(model.urlProblem.value).toBe(
      `Stagecoach was not allowed to read ${ORIGINS}, so the URL was not saved. Save again and choose Allow.`,
    );
    expect(active.value?.source.kind).toBe('local');
    expect(model.urlText.value).toBe(URL_);
  });

  it('leaves the alert to say why a saved URL could not be read yet', async () => {
    const failed = { ...fromImport(), team: team({ receivedAt: null, failure: 'the server answered 500 Internal Server Error' }) };
    const { model } = setup(fromImport(), { 'team/save': () => failed });
    model.setUrl(URL_);
    await model.saveUrl();
    expect(model.outcome.value).toEqual({ kind: 'done', message: 'Saved the team playbook URL.' });
    expect(model.alert.value).toBe(
      'Team playbook could not be updated: the server answered 500 Internal Server Error. Using the playbook of this browser until it can be loaded.',
    );
  });

  it('says what the worker refused', async () => {
    const { model } = setup(fromImport(), {
      'team/save': () => {
        throw new ReplyError('forbidden', 'The team playbook URL must start with https://.');
      },
    });
    model.setUrl(URL_);
    await model.saveUrl();
    expect(model.outcome.value).toEqual({
      kind: 'failed',
      message: 'The team playbook URL was not saved: The team playbook URL must start with https://.',
    });
    expect(model.busy.value).toBeNull();
  });

  it('gives back the old host’s access when the URL moves to another host', async () => {
    const moved = 'https://files.example.org/playbook.json';
    const { model, access } = setup(fromTeam(), { 'team/save': ({ url }) => fromTeam(team({ url: url ?? '' })) });
    model.setUrl(moved);
    await model.saveUrl();
    expect(access.request).toHaveBeenCalledWith('https://files.example.org/*');
    expect(access.remove).toHaveBeenCalledWith(ORIGINS);
  });
});

describe('removing the team URL', () => {
  it('falls back to the local playbook, says so, and gives the host’s access back', async () => {
    const { model, access, active, sent } = setup(fromTeam(), { 'team/save': () => fromImport() });
    await model.removeUrl();
    expect(sent('team/save')).toEqual([{ url: null }]);
    expect(active.value?.source.kind).toBe('local');
    expect(model.outcome.value).toEqual({
      kind: 'done',
      message: 'Removed the team playbook URL. In force: “Acme Sales Playbook”. Imported in this browser.',
    });
    expect(access.remove).toHaveBeenCalledWith(ORIGINS);
  });

  it('keeps the access a configured site on the same host still needs', async () => {
    const site = { id: 'intranet', name: 'Intranet CRM', dealPages: 'https://intranet.example.com/deals/*', selectors: { name: 'h1', stage: '.stage' } };
    const local = { ...fromImport(), playbook: { ...LOCAL_BOOK, sites: [site] } };
    const { model, access } = setup({ ...fromTeam(), playbook: { ...TEAM_BOOK, sites: [site] } }, { 'team/save': () => local });
    await model.removeUrl();
    expect(access.remove).not.toHaveBeenCalled();
  });
});

describe('a URL set by the organization, and a locked playbook', () => {
  it('shows the policy’s URL and neither saves nor removes it, but checks it on demand', async () => {
    const status = team({ setBy: 'policy' });
    const { model, access, sent } = setup(fromTeam(status), { 'team/refresh': () => fromTeam(status) });
    expect(model.setByPolicy.value).toBe(true);
    expect(model.urlText.value).toBe(URL_);
    model.setUrl('https://elsewhere.example.com/p.json');
    await model.saveUrl();
    await model.removeUrl();
    expect(access.request).not.toHaveBeenCalled();
    expect(sent('team/save')).toEqual([]);
    await model.refreshNow();
    expect(sent('team/refresh')).toEqual([{}]);
  });

  it('changes nothing while the policy locks the playbook', async () => {
    const locked = { ...fromTeam(), lock: LOCK };
    const { model, access, sent } = setup(locked, { 'team/save': () => fromImport(), 'revisions/activate': () => fromImport() });
    expect(model.lock.value).toBe(LOCK);
    model.setUrl('https://elsewhere.example.com/p.json');
    await model.saveUrl();
    await model.removeUrl();
    await model.activate(1);
    expect(access.request).not.toHaveBeenCalled();
    expect(sent('team/save')).toEqual([]);
    expect(sent('revisions/activate')).toEqual([]);
  });
});

describe('refresh now', () => {
  it('says when a new version arrived', async () => {
    const newer = revisionOf(TEAM_BOOK, { id: 3, origin: 'team', savedAt: new Date().toISOString(), url: URL_ });
    const { model } = setup(fromTeam(), { 'team/refresh': () => fromTeam(team({ receivedAt: newer.savedAt }), newer) });
    await model.refreshNow();
    expect(model.outcome.value).toEqual({
      kind: 'done',
      message: "Received a new version of the team playbook. In force: “Northwind Team Playbook”. From your team's playbook URL.",
    });
  });

  it('says when the playbook has not changed', async () => {
    const { model } = setup(fromTeam(), { 'team/refresh': () => fromTeam() });
    await model.refreshNow();
    expect(model.outcome.value).toEqual({ kind: 'done', message: 'Checked: the team playbook has not changed.' });
  });

  it('leaves a failed check to the alert, the version in use unchanged', async () => {
    const failing = fromTeam(team({ failure: 'the request took longer than 10 seconds' }));
    const { model, active } = setup(fromTeam(), { 'team/refresh': () => failing });
    await model.refreshNow();
    expect(model.outcome.value).toEqual({ kind: 'idle' });
    expect(active.value?.source).toEqual(fromTeam().source);
    expect(model.alert.value).toMatch(/^Team playbook could not be updated: the request took longer than 10 seconds\. Using the version from .+\.$/);
  });
});

describe('revisions', () => {
  it('follows the active playbook: listed once it is known, listed again after each change', async () => {
    const { model, active, sent } = setup(null);
    await tick();
    expect(sent('revisions/list')).toEqual([]);
    expect(model.revisions.value).toEqual({ kind: 'loading' });
    active.value = fromTeam();
    await tick();
    expect(model.revisions.value).toEqual({ kind: 'loaded', revisions: [RECEIVED, IMPORTED], activeId: 2 });
    active.value = fromImport();
    await tick();
    expect(sent('revisions/list')).toHaveLength(2);
  });

  it('says why the list could not be read', async () => {
    const { model } = setup(fromImport(), {
      'revisions/list': () => {
        throw new ReplyError('failed', 'The database could not be opened.');
      },
    });
    await tick();
    expect(model.revisions.value).toEqual({ kind: 'failed', message: 'The database could not be opened.' });
  });

  it('exports a revision as a file an import reads back, named after it', async () => {
    const { model } = setup(fromTeam(), { 'revisions/get': ({ id }) => ({ revision: { ...IMPORTED, id }, playbook: LOCAL_BOOK }) });
    const file = await model.exportRevision(1);
    expect(file?.fileName).toBe('acme-sales-playbook-revision-1.json');
    const parsed = parsePlaybookText(file?.text ?? '');
    expect(parsed.ok && parsed.playbook.name).toBe('Acme Sales Playbook');
  });

  it('makes a revision active and says so', async () => {
    const { model, active } = setup(fromTeam(), { 'revisions/activate': () => fromImport() });
    await model.activate(1);
    expect(active.value?.source.kind).toBe('local');
    expect(model.revisionOutcome.value).toEqual({
      kind: 'done',
      id: 1,
      message: 'Revision 1 is active: “Acme Sales Playbook”. Reps see it on their next deal page.',
    });
  });

  it('says what is in force when the team URL still takes precedence over the revision made active', async () => {
    const { model } = setup(fromTeam(), { 'revisions/activate': () => fromTeam() });
    await model.activate(1);
    expect(model.revisionOutcome.value).toEqual({
      kind: 'done',
      id: 1,
      message:
        "Revision 1 is now this browser’s own playbook, but another source takes precedence. In force: “Northwind Team Playbook”. From your team's playbook URL.",
    });
  });
});
