/**
 * The playbook in force, from its sources in precedence order: enterprise policy > team URL > local (imported or
 * edited in this browser) > built-in. Every playbook a source gave is a stored revision; the sources' rows say which
 * revision each one is at (db.ts). When the revision in force changes, whatever the cause (an import, a save in the
 * editor, a team URL update, a policy change), `settle` records it with the "what changed" notice and hands the new
 * playbook on (storage mirror, pipeline cache, configured sites).
 *
 * Every change runs one at a time, in order (a queue), so two of them cannot both decide what "before" was. The
 * team URL's network request runs outside the queue: a slow host must not hold up a tick's answer.
 */
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { changeLines, playbookChanges } from '../core/playbook/diff';
import { teamUrlProblem } from '../core/team-url';
import type { Playbook } from '../core/types';
import type { ActivePlaybook, ChangeNotice, PlaybookSource, RevisionInfo, RevisionOrigin, TeamStatus } from '../messages';
import { Refused } from './access';
import type { SourceRowOf, StoredRevision } from './db';
import type { Policy } from './policy';
import type { Log, ReadRevision, SourceRows, Store } from './store';
import type { TeamCache, TeamFetch } from './team-fetch';

/** Lines of a change notice kept: enough to see what happened, few enough for a corner of a deal page. */
export const NOTICE_LINES = 8;

/** The words shown when a policy locks the playbook, in the options page beside every disabled control. */
export const LOCK_REASON =
  'Your organization manages this playbook: importing, editing, resetting, sites and the team URL are turned off in this browser.';

export interface PlaybookEffects {
  store(): Promise<Store>;
  /** The browser policy as it reads now, or as last read when the browser is slow to answer (policy-reader.ts). */
  policy(): Promise<Policy>;
  /** Resolves once the policy was read at least once, so that a lock is known; awaited outside the queue. */
  policyKnown(): Promise<void>;
  fetchTeam(url: string, cache: TeamCache | null): Promise<TeamFetch>;
  /** The revision in force changed: mirror it, drop caches, sync the sites' scripts. Must not throw. */
  changed(before: Playbook, after: Playbook, notice: ChangeNotice | null): Promise<void>;
  /** When the next scheduled check of the team URL is due (ISO time), if one is scheduled. */
  nextCheck(): Promise<string | null>;
  /** Check `url` every `minutes` from now on (chrome.alarms), or stop checking when it is null. */
  schedule(url: string | null, minutes: number): Promise<void>;
  now(): Date;
  log: Log;
}

/** The active playbook with the revision behind it (null: the built-in one). */
interface Resolved {
  active: ActivePlaybook;
  revisionId: number | null;
}

export function revisionInfo(revision: StoredRevision): RevisionInfo {
  const { playbook } = revision;
  return {
    id: revision.id,
    origin: revision.origin,
    savedAt: revision.savedAt,
    name: playbook.name,
    label: playbook.revision ?? null,
    fileName: revision.fileName,
    url: revision.url,
    stages: playbook.stages.length,
    criteria: playbook.stages.reduce((n, stage) => n + stage.criteria.length, 0),
  };
}

const LOCAL_WHY: Readonly<Record<RevisionOrigin, string>> = {
  import: 'Imported in this browser',
  editor: 'Edited in this browser',
  team: 'A team URL revision made active again in this browser',
  policy: 'An organization revision made active again in this browser',
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createPlaybooks(fx: PlaybookEffects) {
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `job` after every change queued before it; a failed job does not stop the queue. */
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => {});
    return run;
  };
  /** The settled active playbook, until a change or a policy update; read by every deal page's message. */
  let cached: Promise<ActivePlaybook> | null = null;
  /** Counts the changes begun: only the last one's answer is kept (see change). */
  let changes = 0;
  let refreshing: Promise<ActivePlaybook> | null = null;

  async function readRevision(store: Store, id: number, problems: string[], what: string): Promise<StoredRevision | null> {
    const read: ReadRevision | undefined = await store.revision(id);
    if (read?.ok) return read.revision;
    problems.push(
      read === undefined
        ? `${what} (revision ${id}) is missing from this browser's storage`
        : `${what} (revision ${id}) can no longer be read from this browser's storage: ${read.problem}`,
    );
    return null;
  }

  /** Which source is in force now, and why; reads only. */
  async function resolve(store: Store, policy: Policy): Promise<Resolved> {
    const rows: SourceRows = await store.sources();
    const problems: string[] = [];
    const teamUrl = policy.teamUrl ?? rows.team?.url ?? null;
    const state = rows.teamState?.url === teamUrl ? rows.teamState : undefined;
    const team: TeamStatus | null = teamUrl === null ? null : {
      url: teamUrl,
      setBy: policy.teamUrl !== null ? 'policy' : 'user',
      checkedAt: state?.checkedAt ?? null,
      receivedAt: state?.revisionId === null || state === undefined ? null : state.receivedAt,
      failure: state?.failure ?? null,
      // Filled in when the answer leaves (withNextCheck): the alarm may be set after this is settled and kept.
      nextCheckAt: null,
    };
    const base = {
      lock: policy.locked ? LOCK_REASON : null,
      team,
      policy: policy.locked || policy.problems.length > 0 || policy.playbook !== null || policy.teamUrl !== null
        ? { locked: policy.locked, problems: policy.problems }
        : null,
      problems,
    };
    const make = (playbook: Playbook, source: PlaybookSource, why: string, revisionId: number | null): Resolved => ({
      active: { playbook, source, why, ...base },
      revisionId,
    });

    if (policy.playbook !== null && rows.policy) {
      const revision = await readRevision(store, rows.policy.revisionId, problems, "Your organization's playbook");
      if (revision) return make(revision.playbook, { kind: 'policy', revision: revisionInfo(revision) }, 'Managed by your organization', revision.id);
    }
    if (team && state?.revisionId != null) {
      const revision = await readRevision(store, state.revisionId, problems, "The team URL's playbook");
      if (revision) {
        const why = team.setBy === 'policy' ? "Managed by your organization, from your team's playbook URL" : "From your team's playbook URL";
        return make(revision.playbook, { kind: 'team', revision: revisionInfo(revision), url: team.url, setBy: team.setBy }, why, revision.id);
      }
    }
    if (rows.local?.revisionId != null) {
      const revision = await readRevision(store, rows.local.revisionId, problems, 'The playbook of this browser');
      if (revision) return make(revision.playbook, { kind: 'local', revision: revisionInfo(revision) }, LOCAL_WHY[revision.origin], revision.id);
    }
    const why = rows.local?.revisionId === null
      ? 'Built-in playbook, chosen in this browser'
      : 'Built-in playbook';
    return make(DEFAULT_PLAYBOOK, { kind: 'builtin' }, why, null);
  }

  /** The policy's inline playbook as a revision: a new one only when its content changed. */
  async function keepPolicyRevision(store: Store, policy: Policy): Promise<void> {
    if (policy.playbook === null) return;
    const row = await store.source('policy');
    const current = row ? await store.revision(row.revisionId) : undefined;
    if (current?.ok && sameJson(current.revision.playbook, policy.playbook)) return;
    await store.addRevision(
      { origin: 'policy', playbook: policy.playbook, savedAt: fx.now().toISOString(), fileName: null, url: null },
      (id) => [{ slot: 'policy', revisionId: id }],
    );
  }

  /** What changed from `before` to `after`, as the notice reps see once; null when no stage or criterion changed. */
  function noticeOf(before: Playbook, after: Playbook, revisionId: number | null, at: Date): ChangeNotice | null {
    const lines = changeLines(playbookChanges(before, after));
    if (lines.length === 0) return null;
    return { id: `${revisionId ?? 'builtin'}@${at.getTime()}`, playbookName: after.name, at: at.toISOString(), lines: lines.slice(0, NOTICE_LINES), total: lines.length };
  }

  /** A change of the revision in force, recorded and still to be handed on (fx.changed). */
  interface Settled {
    active: ActivePlaybook;
    announce: (() => Promise<void>) | null;
  }

  /**
   * Decide the active playbook and, when its revision changed since last time, record the change. Handing it on runs
   * after the queue is released (`announce`): the mirror's own rebuild asks for the active playbook, and must not
   * wait for a settle that waits for the mirror.
   */
  async function settle(): Promise<Settled> {
    const store = await fx.store();
    const policy = await fx.policy();
    await keepPolicyRevision(store, policy);
    const resolved = await resolve(store, policy);
    const last = await store.source('active');
    if (last && last.revisionId === resolved.revisionId) return { active: resolved.active, announce: null };

    const after = resolved.active.playbook;
    // The first settle of a new install has nothing to compare with: the built-in playbook is no change.
    let before: Playbook | null = null;
    if (last) {
      if (last.revisionId === null) before = DEFAULT_PLAYBOOK;
      else {
        const read = await store.revision(last.revisionId);
        before = read?.ok ? read.revision.playbook : null;
      }
    }
    const notice = before ? noticeOf(before, after, resolved.revisionId, fx.now()) : null;
    await store.putSource({ slot: 'active', revisionId: resolved.revisionId, notice });
    return { active: resolved.active, announce: () => fx.changed(before ?? DEFAULT_PLAYBOOK, after, notice) };
  }

  /** Settle after a change, and keep the answer for the readers that follow. */
  function change(job: (store: Store, policy: Policy) => Promise<void>): Promise<ActivePlaybook> {
    const settled = serial(async () => {
      const store = await fx.store();
      await job(store, await fx.policy());
      return settle();
    }).then(async ({ active, announce }) => {
      // The sender hears back once CRM pages have the new playbook.
      await announce?.();
      return active;
    });
    // Readers queue behind the change (active() settles after it); the answer is kept once it succeeded, unless
    // another change began meanwhile: changes overlap (a late policy, the worker's start, an import), they settle in
    // queue order, and the first one's answer, kept, would hide the ones after it from every reader.
    const mine = ++changes;
    cached = null;
    settled.then(
      () => {
        if (changes === mine) cached = settled;
      },
      () => {},
    );
    return settled;
  }

  const unlocked = (policy: Policy): void => {
    if (policy.locked) throw new Refused(LOCK_REASON);
  };

  /** A change a lock refuses: the lock known first (a new install may wait on the browser), then queued. */
  async function guarded(job: (store: Store, policy: Policy) => Promise<void>): Promise<ActivePlaybook> {
    await fx.policyKnown();
    return change(async (store, policy) => {
      unlocked(policy);
      await job(store, policy);
    });
  }

  /** The schedule as it stands now: the settled answer is kept, the alarm may have moved since. */
  async function withNextCheck(active: ActivePlaybook): Promise<ActivePlaybook> {
    return active.team ? { ...active, team: { ...active.team, nextCheckAt: await fx.nextCheck() } } : active;
  }

  /** The team URL's checks as the sources now say: the URL in force, at the policy's interval. */
  async function reschedule(): Promise<void> {
    const store = await fx.store();
    const policy = await fx.policy();
    await fx.schedule(await teamUrlInForce(store, policy), policy.refreshMinutes);
  }

  async function teamUrlInForce(store: Store, policy: Policy): Promise<string | null> {
    return policy.teamUrl ?? (await store.source('team'))?.url ?? null;
  }

  /** Ask the team URL once and store what came back; the caller settles. */
  async function checkTeam(): Promise<ActivePlaybook> {
    const store = await fx.store();
    const url = await teamUrlInForce(store, await fx.policy());
    if (url === null) throw new Refused('No team playbook URL is set: enter one and choose “Save URL”.');
    const state = await store.source('teamState');
    const known = state?.url === url ? state : undefined;
    const result = await fx.fetchTeam(url, known ? { etag: known.etag, lastModified: known.lastModified } : null);
    return change(async (s) => {
      // The URL may have changed while the request ran: an answer for another URL is dropped.
      if ((await teamUrlInForce(s, await fx.policy())) !== url) return;
      const now = fx.now().toISOString();
      const current = await s.source('teamState');
      const previous: SourceRowOf<'teamState'> = current?.url === url
        ? current
        : { slot: 'teamState', url, revisionId: null, etag: null, lastModified: null, checkedAt: null, receivedAt: null, failure: null };
      if (result.kind === 'failed') {
        fx.log(`the team playbook at ${url} could not be updated: ${result.reason}`);
        await s.putSource({ ...previous, checkedAt: now, failure: result.reason });
        return;
      }
      if (result.kind === 'unchanged') {
        await s.putSource({ ...previous, checkedAt: now, failure: null });
        return;
      }
      const fresh = { etag: result.etag, lastModified: result.lastModified, checkedAt: now, failure: null };
      const inUse = previous.revisionId === null ? undefined : await s.revision(previous.revisionId);
      if (inUse?.ok && sameJson(inUse.revision.playbook, result.playbook)) {
        // The same document again (a host without ETag or Last-Modified): no new revision, and its date stays.
        await s.putSource({ ...previous, ...fresh });
        return;
      }
      await s.addRevision({ origin: 'team', playbook: result.playbook, savedAt: now, fileName: null, url }, (id) => [
        { ...previous, ...fresh, revisionId: id, receivedAt: now },
      ]);
    });
  }

  return {
    /** The active playbook; settles first when nothing has since the worker started or the last change. */
    active(): Promise<ActivePlaybook> {
      if (cached) return cached;
      const settled = serial(settle).then(({ active, announce }) => {
        // Not awaited: the mirror's rebuild reads the active playbook from inside its queue (see settle).
        void announce?.().catch((error: unknown) => fx.log('could not hand on the new playbook', error));
        return active;
      });
      cached = settled;
      settled.catch(() => {
        if (cached === settled) cached = null;
      });
      return settled;
    },

    /** The policy changed (or may have, at start): settle again with it, and check its team URL on its schedule. */
    async policyChanged(): Promise<ActivePlaybook> {
      const active = await change(async () => {});
      await reschedule();
      return withNextCheck(active);
    },

    /** The active playbook as the options page and popup show it, with the next scheduled check. */
    async shown(): Promise<ActivePlaybook> {
      return withNextCheck(await this.active());
    },

    /** Save an imported or edited playbook as a new revision, the local source's. */
    async save(playbook: Playbook, origin: 'import' | 'editor', fileName: string | null): Promise<{ active: ActivePlaybook; revision: RevisionInfo }> {
      let saved: StoredRevision | null = null;
      const active = await guarded(async (store) => {
        saved = await store.addRevision({ origin, playbook, savedAt: fx.now().toISOString(), fileName, url: null }, (id) => [
          { slot: 'local', revisionId: id },
        ]);
      });
      if (!saved) throw new Error('the revision was not stored');
      return { active, revision: revisionInfo(saved) };
    },

    /** Back to the built-in playbook as the local one; revisions are kept. */
    reset: (): Promise<ActivePlaybook> =>
      guarded(async (store) => {
        await store.putSource({ slot: 'local', revisionId: null });
      }),

    /** Make a stored revision the local playbook again. */
    activate: (id: number): Promise<ActivePlaybook> =>
      guarded(async (store) => {
        const read = await store.revision(id);
        if (!read) throw new Refused(`There is no revision ${id} in this browser.`);
        if (!read.ok) throw new Refused(`Revision ${id} can no longer be read (${read.problem}), so it cannot be made active.`);
        await store.putSource({ slot: 'local', revisionId: id });
      }),

    /** Set (or with null, remove) the rep's team URL, then check it at once. */
    async setTeamUrl(url: string | null): Promise<ActivePlaybook> {
      const cleaned = url?.trim() ?? null;
      const settled = await guarded(async (store, policy) => {
        if (policy.teamUrl !== null) {
          throw new Refused('Your organization set the team playbook URL in its browser policy: it cannot be changed here.');
        }
        if (cleaned === null || cleaned === '') {
          await store.deleteSource('team');
          return;
        }
        const problem = teamUrlProblem(cleaned);
        if (problem !== null) throw new Refused(`The team playbook URL ${problem}.`);
        await store.putSource({ slot: 'team', url: cleaned });
      });
      await reschedule();
      return cleaned ? this.refreshTeam() : withNextCheck(settled);
    },

    /** Check the team URL now; one check at a time (a second caller shares the first's answer). */
    refreshTeam(): Promise<ActivePlaybook> {
      if (refreshing) return refreshing;
      const run = checkTeam().then(withNextCheck).finally(() => {
        if (refreshing === run) refreshing = null;
      });
      refreshing = run;
      return run;
    },

    /** The team URL in force and when it was last checked, for the scheduler. */
    async teamSchedule(): Promise<{ url: string | null; checkedAt: string | null; minutes: number }> {
      const store = await fx.store();
      const policy = await fx.policy();
      const url = await teamUrlInForce(store, policy);
      const state = await store.source('teamState');
      return { url, checkedAt: state?.url === url ? state.checkedAt : null, minutes: policy.refreshMinutes };
    },

    /** Every revision, newest first, and the id of the one in force. */
    async revisions(): Promise<{ revisions: RevisionInfo[]; activeId: number | null }> {
      const store = await fx.store();
      const all = await store.allRevisions();
      const active = await this.active();
      const activeId = active.source.kind === 'builtin' ? null : active.source.revision.id;
      const revisions = all.flatMap((read) => (read.ok ? [revisionInfo(read.revision)] : [])).reverse();
      return { revisions, activeId };
    },

    async revision(id: number): Promise<{ revision: RevisionInfo; playbook: Playbook }> {
      const read = await (await fx.store()).revision(id);
      if (!read) throw new Refused(`There is no revision ${id} in this browser.`);
      if (!read.ok) throw new Refused(`Revision ${id} can no longer be read (${read.problem}).`);
      return { revision: revisionInfo(read.revision), playbook: read.revision.playbook };
    },

    /**
     * The playbook last settled and its notice, as recorded, without settling again: what CRM pages should have.
     * Reading the browser policy can take seconds at browser start, and the storage mirror must not wait for it.
     */
    async lastSettled(): Promise<{ playbook: Playbook; notice: ChangeNotice | null }> {
      const store = await fx.store();
      const row = await store.source('active');
      if (!row || row.revisionId === null) return { playbook: DEFAULT_PLAYBOOK, notice: row?.notice ?? null };
      const read = await store.revision(row.revisionId);
      // A revision that no longer reads is settled away from at the next settle; meanwhile the built-in one.
      return { playbook: read?.ok ? read.revision.playbook : DEFAULT_PLAYBOOK, notice: row.notice };
    },

    /** The notice of the last change, if any. */
    async notice(): Promise<ChangeNotice | null> {
      await this.active();
      return (await (await fx.store()).source('active'))?.notice ?? null;
    },
  };
}

export type Playbooks = ReturnType<typeof createPlaybooks>;
