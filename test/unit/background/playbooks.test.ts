/**
 * The playbook sources as the worker runs them, over a fake IndexedDB: precedence (policy > team URL > local >
 * built-in), the team URL's answers and faults (the fetcher itself is tested against a real server in
 * team-fetch.test.ts; here its answers are given), revisions, the lock, and the "what changed" notice.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { LOCK_REASON } from '../../../src/background/playbooks';
import { NO_POLICY, type Policy } from '../../../src/background/policy';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import type { TeamCache, TeamFetch } from '../../../src/background/team-fetch';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { Playbook } from '../../../src/core/types';
import { MIRROR_NOTICE_KEY, MIRROR_PLAYBOOK_KEY, type ChangeNotice } from '../../../src/messages';
import { fakeWorker, type FakeWorker } from './worker-fake';

const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const TEAM_URL = 'https://playbooks.acme.test/sales.json';

/** The built-in playbook under another name, with its first criterion relabelled: a change reps can see. */
const variant = (name: string, label = DEFAULT_PLAYBOOK.stages[0]!.criteria[0]!.label): Playbook => ({
  ...DEFAULT_PLAYBOOK,
  name,
  stages: DEFAULT_PLAYBOOK.stages.map((stage, i) =>
    i === 0 ? { ...stage, criteria: stage.criteria.map((c, k) => (k === 0 ? { ...c, label } : c)) } : stage,
  ),
});
const ACME = variant('Acme', 'First meeting held');
const TEAM = variant('Team playbook');
const ORG = variant('Organization playbook');

let store: Store;
let clock: Date;
let log: ReturnType<typeof vi.fn<(message: string, error?: unknown) => void>>;
let mirrored: Map<string, unknown>;
/** What the team URL answers next, and the caches it was asked with. */
let answer: TeamFetch;
let asked: { url: string; cache: TeamCache | null }[];

function worker(): FakeWorker {
  const storage = {
    all: async () => Object.fromEntries(mirrored),
    set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => mirrored.set(k, v)),
    remove: async (keys: string[]) => void keys.forEach((k) => mirrored.delete(k)),
  };
  return fakeWorker({
    store: async () => store,
    storage,
    now: () => clock,
    log,
    fetchTeam: async (url, cache) => {
      asked.push({ url, cache });
      return answer;
    },
  });
}

const policy = (values: Partial<Policy>): Policy => ({ ...NO_POLICY, ...values });
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), (m, e) => log(m, e));
  clock = new Date('2026-11-02T10:00:00Z');
  log = vi.fn();
  mirrored = new Map();
  answer = { kind: 'new', playbook: TEAM, etag: '"v1"', lastModified: null };
  asked = [];
});

describe('precedence', () => {
  it('is policy > team URL > local > built-in, each step saying why', async () => {
    const w = worker();
    const h = w.handlers;
    expect(await h['playbook/get']({}, page)).toMatchObject({ source: { kind: 'builtin' }, why: expect.stringMatching(/^Built-in playbook/) });

    await h['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    expect(await h['playbook/get']({}, page)).toMatchObject({ playbook: { name: 'Acme' }, source: { kind: 'local' }, why: 'Imported in this browser' });

    later(1);
    const team = await h['team/save']({ url: TEAM_URL }, page);
    expect(team).toMatchObject({
      playbook: { name: 'Team playbook' },
      source: { kind: 'team', url: TEAM_URL, setBy: 'user', revision: { origin: 'team', url: TEAM_URL } },
      why: "From your team's playbook URL",
      team: { url: TEAM_URL, setBy: 'user', failure: null, receivedAt: clock.toISOString(), checkedAt: clock.toISOString() },
    });

    later(1);
    await w.setPolicy(policy({ playbook: ORG }));
    expect(await h['playbook/get']({}, page)).toMatchObject({ playbook: { name: 'Organization playbook' }, source: { kind: 'policy' }, why: 'Managed by your organization' });
    expect(mirrored.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Organization playbook' });

    // Each source steps aside when the one above it goes.
    await w.setPolicy(NO_POLICY);
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Team playbook');
    await h['team/save']({ url: null }, page);
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Acme');
    await h['playbook/reset']({}, page);
    expect(await h['playbook/get']({}, page)).toMatchObject({ source: { kind: 'builtin' }, why: 'Built-in playbook, chosen in this browser' });
    expect(mirrored.get(MIRROR_PLAYBOOK_KEY)).toEqual(DEFAULT_PLAYBOOK);
  });

  it('lets a team URL set by policy win over the rep’s own, which the rep cannot change', async () => {
    const w = worker();
    await w.handlers['team/save']({ url: TEAM_URL }, page);
    await w.setPolicy(policy({ teamUrl: 'https://intranet.acme.test/playbook.json' }));
    answer = { kind: 'new', playbook: ORG, etag: null, lastModified: null };
    const active = await w.handlers['team/refresh']({}, page);
    expect(asked.at(-1)?.url).toBe('https://intranet.acme.test/playbook.json');
    expect(active).toMatchObject({ playbook: { name: 'Organization playbook' }, source: { kind: 'team', setBy: 'policy' }, why: "Managed by your organization, from your team's playbook URL" });
    await expect(w.handlers['team/save']({ url: 'https://elsewhere.test/p.json' }, page)).rejects.toThrow(/set the team playbook URL in its browser policy/);
  });

  it('answers readers with the last of changes made at once, not the first', async () => {
    // A policy that lands late, the worker's start and a rep's import can all change the playbook at the same moment.
    const w = worker();
    const h = w.handlers;
    await Promise.all([h['playbook/reset']({}, page), h['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page)]);
    expect(await h['playbook/get']({}, page)).toMatchObject({ playbook: { name: 'Acme' }, source: { kind: 'local' } });
    expect(mirrored.get(MIRROR_PLAYBOOK_KEY)).toMatchObject({ name: 'Acme' });
  });

  it('uses an inline policy playbook as one revision however often the policy is read', async () => {
    const w = worker();
    await w.setPolicy(policy({ playbook: ORG }));
    await w.setPolicy(policy({ playbook: ORG }));
    await w.setPolicy(policy({ playbook: ORG, locked: true }));
    const { revisions } = await w.handlers['revisions/list']({}, page);
    expect(revisions.map((r) => [r.id, r.origin])).toEqual([[1, 'policy']]);
  });
});

describe('the team URL', () => {
  it('keeps the last good playbook through a failure, and says why and since when', async () => {
    const w = worker();
    const first = await w.handlers['team/save']({ url: TEAM_URL }, page);
    const receivedAt = first.team?.receivedAt;
    later(360);
    answer = { kind: 'failed', reason: 'the server answered 500 Internal Server Error' };
    const failed = await w.handlers['team/refresh']({}, page);
    expect(failed).toMatchObject({
      playbook: { name: 'Team playbook' },
      source: { kind: 'team' },
      team: { failure: 'the server answered 500 Internal Server Error', receivedAt, checkedAt: clock.toISOString() },
    });
    expect(log).toHaveBeenCalledWith(`the team playbook at ${TEAM_URL} could not be updated: the server answered 500 Internal Server Error`);

    // A worker started afresh (the browser offline) still has it, from IndexedDB.
    expect(await worker().handlers['playbook/get']({}, page)).toMatchObject({ playbook: { name: 'Team playbook' }, team: { failure: expect.any(String) } });

    // Not modified: the failure is over, nothing new stored; the cache's validators were sent.
    later(360);
    answer = { kind: 'unchanged' };
    const unchanged = await w.handlers['team/refresh']({}, page);
    expect(asked.at(-1)?.cache).toEqual({ etag: '"v1"', lastModified: null });
    expect(unchanged.team).toMatchObject({ failure: null, receivedAt });
    expect((await w.handlers['revisions/list']({}, page)).revisions).toHaveLength(1);
  });

  it('stores a new revision only when the document changed', async () => {
    const w = worker();
    await w.handlers['team/save']({ url: TEAM_URL }, page);
    later(5);
    // The same document again, from a host that sends no validators: no new revision, and its date stays.
    answer = { kind: 'new', playbook: TEAM, etag: null, lastModified: null };
    const same = await w.handlers['team/refresh']({}, page);
    expect(same.team?.receivedAt).toBe(new Date('2026-11-02T10:00:00Z').toISOString());
    later(5);
    answer = { kind: 'new', playbook: variant('Team playbook', 'Meeting held with the buyer'), etag: '"v2"', lastModified: null };
    const changed = await w.handlers['team/refresh']({}, page);
    expect(changed.team?.receivedAt).toBe(clock.toISOString());
    const { revisions, activeId } = await w.handlers['revisions/list']({}, page);
    expect(revisions.map((r) => r.id)).toEqual([2, 1]);
    expect(activeId).toBe(2);
  });

  it('without any good version yet, falls back to the next source and says the URL failed', async () => {
    const w = worker();
    await w.handlers['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    answer = { kind: 'failed', reason: 'the server answered 404 Not Found' };
    const active = await w.handlers['team/save']({ url: TEAM_URL }, page);
    expect(active).toMatchObject({ playbook: { name: 'Acme' }, source: { kind: 'local' }, team: { url: TEAM_URL, failure: 'the server answered 404 Not Found', receivedAt: null } });
  });

  it('is checked on schedule from the moment it is saved, at the policy’s interval when one is set, and no more once removed', async () => {
    const w = worker();
    await w.handlers['team/save']({ url: TEAM_URL }, page);
    expect(w.schedule()).toEqual({ url: TEAM_URL, minutes: 360 });
    await w.setPolicy(policy({ teamUrl: 'https://intranet.acme.test/playbook.json', refreshMinutes: 60 }));
    expect(w.schedule()).toEqual({ url: 'https://intranet.acme.test/playbook.json', minutes: 60 });
    await w.setPolicy(NO_POLICY);
    expect(w.schedule()).toEqual({ url: TEAM_URL, minutes: 360 });
    await w.handlers['team/save']({ url: null }, page);
    expect(w.schedule()).toBeNull();
  });

  it('refuses a URL that is not https, saving nothing', async () => {
    const w = worker();
    await expect(w.handlers['team/save']({ url: 'http://playbooks.acme.test/sales.json' }, page)).rejects.toThrow(/^The team playbook URL /);
    expect((await w.handlers['playbook/get']({}, page)).team).toBeNull();
    expect(asked).toEqual([]);
  });
});

describe('a locked playbook', () => {
  it('refuses every change, saying why, and keeps what was saved', async () => {
    const w = worker();
    await w.handlers['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    await w.setPolicy(policy({ locked: true }));
    expect((await w.handlers['playbook/get']({}, page)).lock).toBe(LOCK_REASON);
    const refusals = [
      w.handlers['playbook/import']({ text: serializePlaybook(TEAM), fileName: null }, page),
      w.handlers['playbook/save']({ playbook: TEAM }, page),
      w.handlers['playbook/reset']({}, page),
      w.handlers['revisions/activate']({ id: 1 }, page),
      w.handlers['team/save']({ url: TEAM_URL }, page),
      w.handlers['sites/save']({ sites: [] }, page),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toThrow(LOCK_REASON);
    expect((await w.handlers['playbook/get']({}, page)).playbook.name).toBe('Acme');
    expect((await w.handlers['revisions/list']({}, page)).revisions).toHaveLength(1);
  });
});

describe('revisions', () => {
  it('keeps every playbook saved or imported, and makes any one active again', async () => {
    const w = worker();
    const h = w.handlers;
    await h['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    later(1);
    const saved = await h['playbook/save']({ playbook: variant('Acme v2') }, page);
    expect(saved).toMatchObject({ saved: true, revision: { id: 2, origin: 'editor', name: 'Acme v2' }, active: { why: 'Edited in this browser' } });
    const { revisions, activeId } = await h['revisions/list']({}, page);
    expect(revisions.map((r) => [r.id, r.origin, r.name, r.fileName])).toEqual([
      [2, 'editor', 'Acme v2', null],
      [1, 'import', 'Acme', 'acme.json'],
    ]);
    expect(activeId).toBe(2);
    expect((await h['revisions/get']({ id: 1 }, page)).playbook).toEqual(ACME);
    const again = await h['revisions/activate']({ id: 1 }, page);
    expect(again).toMatchObject({ playbook: { name: 'Acme' }, source: { kind: 'local', revision: { id: 1 } } });
    await expect(h['revisions/activate']({ id: 9 }, page)).rejects.toThrow('There is no revision 9 in this browser.');
  });

  it('refuses an invalid playbook from the editor with the import’s problems, storing nothing', async () => {
    const w = worker();
    const reply = await w.handlers['playbook/save']({ playbook: { ...ACME, stages: [] } }, page);
    expect(reply).toEqual({ saved: false, problems: [{ path: 'stages', message: 'needs at least one stage' }] });
    expect((await w.handlers['revisions/list']({}, page)).revisions).toEqual([]);
  });
});

describe('what changed', () => {
  it('is recorded once per change of the playbook in force, mirrored, and left out of the popup once dismissed', async () => {
    const w = worker();
    expect(await w.playbooks.notice()).toBeNull();
    await w.handlers['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    // Acme relabels the first criterion of the built-in playbook, which was in force.
    const notice = (await w.playbooks.notice()) as ChangeNotice;
    const criterion = DEFAULT_PLAYBOOK.stages[0]!.criteria[0]!;
    expect(notice).toMatchObject({
      playbookName: 'Acme',
      at: clock.toISOString(),
      lines: [`Renamed “${criterion.label}” to “First meeting held” in ${DEFAULT_PLAYBOOK.stages[0]!.name}`],
      total: 1,
    });
    expect(mirrored.get(MIRROR_NOTICE_KEY)).toEqual(notice);
    expect((await w.handlers['pipeline/get']({}, page)).playbook.notice).toEqual(notice);

    w.dismissNotice(notice.id);
    expect((await w.handlers['pipeline/get']({}, page)).playbook.notice).toBeNull();

    // Saving the same playbook again changes no stage or criterion: no notice, and the old one is gone.
    later(1);
    await w.handlers['playbook/save']({ playbook: ACME }, page);
    expect(await w.playbooks.notice()).toBeNull();
    expect(mirrored.has(MIRROR_NOTICE_KEY)).toBe(false);
  });

  it('is not announced at install, nor again by a worker that starts afresh', async () => {
    const fresh = worker();
    await fresh.setPolicy(policy({ playbook: ORG }));
    expect(await fresh.playbooks.notice()).toBeNull();
    await fresh.setPolicy(NO_POLICY);
    // As at install: the built-in playbook is settled first, so the import is a change from it.
    const installed = worker();
    await installed.handlers['playbook/get']({}, page);
    await installed.handlers['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page);
    const first = await worker().playbooks.notice();
    const second = await worker().playbooks.notice();
    expect(first).not.toBeNull();
    expect(second).toEqual(first);
  });
});
