/**
 * The options page's "Playbook source" and "Revisions" sections: which source is in force and why, the team
 * playbook URL (saved, removed, checked now), and every stored revision, any of which can be exported or made the
 * local playbook again.
 *
 * Saving a URL asks the browser for the host's access in the same click (the browser allows the question only
 * there), then hands the URL to the worker, which fetches it at once. The worker client and the browser call are
 * injected, so tests run the model without a browser.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { serializePlaybook } from '../core/playbook/serialize';
import { parseSitePattern } from '../core/site-pattern';
import { teamUrlOrigins, teamUrlProblem } from '../core/team-url';
import type { Playbook } from '../core/types';
import { ReplyError, type ActivePlaybook, type Client, type RevisionInfo } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import { formatTime, teamAlert } from '../ui/playbook-source';
import type { Download } from './model';
import { playbookFileName } from './words';
import { isolate } from '../ui/text';

/** What the section needs from the browser (src/platform on the page, fakes in tests). */
export interface TeamAccess {
  /** Asks for access to `origins`; must be the first thing a click does (no await before it). */
  request(origins: string): Promise<boolean>;
  /** Gives access back once no team URL needs it. */
  remove(origins: string): Promise<void>;
}

/** What the last action on the team URL did, in words; the team alert itself comes from the worker's state. */
export type TeamOutcome = { kind: 'idle' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

export type TeamBusy = 'saving' | 'removing' | 'refreshing' | null;

export type RevisionsState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; revisions: RevisionInfo[]; activeId: number | null };

export type RevisionOutcome = { kind: 'idle' } | { kind: 'done'; id: number; message: string } | { kind: 'failed'; id: number; message: string };

export interface SourcesModelOptions {
  locale?: string;
}

export function createSourcesModel(
  client: Client,
  access: TeamAccess,
  active: ReadonlySignal<ActivePlaybook | null>,
  onChanged: (a: ActivePlaybook) => void,
  options: SourcesModelOptions = {},
) {
  const locale = options.locale ?? browserLocale();
  /** The text box while the user edits it; null shows the URL in force. */
  const draft = signal<string | null>(null);
  const urlProblem = signal<string | null>(null);
  const busy = signal<TeamBusy>(null);
  const outcome = signal<TeamOutcome>({ kind: 'idle' });
  const revisions = signal<RevisionsState>({ kind: 'loading' });
  const revisionOutcome = signal<RevisionOutcome>({ kind: 'idle' });
  const activating = signal<number | null>(null);

  const team = computed(() => active.value?.team ?? null);
  const lock = computed(() => active.value?.lock ?? null);
  /** The organization set the URL: shown, never editable here. */
  const setByPolicy = computed(() => team.value?.setBy === 'policy');
  const urlText = computed(() => draft.value ?? team.value?.url ?? '');
  const alert = computed(() => {
    const a = active.value;
    return a ? teamAlert(a.team, a, locale) : null;
  });
  /** The team URL's state as lines: last check, next check, the version in use. */
  const teamLines = computed(() => {
    const t = team.value;
    if (!t) return [];
    return [
      t.checkedAt === null ? 'Not checked yet' : `Last checked ${formatTime(t.checkedAt, locale)}`,
      ...(t.nextCheckAt === null ? [] : [`Next check ${formatTime(t.nextCheckAt, locale)}`]),
      t.receivedAt === null ? 'No version received yet' : `Using the version received ${formatTime(t.receivedAt, locale)}`,
    ];
  });

  let listed = 0;
  /** Loads the revision list; an answer overtaken by a later load is dropped. */
  async function loadRevisions(): Promise<void> {
    const mine = ++listed;
    try {
      const list = await client('revisions/list', {});
      if (mine === listed) revisions.value = { kind: 'loaded', ...list };
    } catch (error) {
      if (mine === listed) revisions.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  // Every change of the active playbook may have added a revision (an import, a save in the editor, a team URL
  // update, a revision made active, a site saved), whichever section made it: the list follows the active playbook.
  const stopFollowing = effect(() => {
    if (active.value !== null) void loadRevisions();
  });

  /** Gives back the host access of a team URL no longer used, unless a configured site runs on that same host. */
  async function release(url: string | null): Promise<void> {
    if (url === null || teamUrlProblem(url) !== null) return;
    const origins = teamUrlOrigins(url);
    const sites = active.value?.playbook.sites ?? [];
    if (sites.some((site) => { const p = parseSitePattern(site.dealPages); return p.ok && p.pattern.origins === origins; })) return;
    const now = team.value?.url ?? null;
    if (now !== null && teamUrlProblem(now) === null && teamUrlOrigins(now) === origins) return;
    await access.remove(origins).catch(() => undefined);
  }

  /** Saves the URL in the box. Called straight from the click: the access question comes before anything is awaited. */
  function saveUrl(): Promise<void> {
    if (busy.value !== null || lock.value !== null || setByPolicy.value) return Promise.resolve();
    const url = urlText.value.trim();
    const problem = teamUrlProblem(url);
    if (problem !== null) {
      urlProblem.value = `The team playbook URL ${problem}.`;
      return Promise.resolve();
    }
    const origins = teamUrlOrigins(url);
    const asked = access.request(origins);
    batch(() => {
      busy.value = 'saving';
      urlProblem.value = null;
      outcome.value = { kind: 'idle' };
    });
    return (async () => {
      const previous = team.value?.url ?? null;
      try {
        if (!(await asked)) {
          urlProblem.value = `Stagecoach was not allowed to read ${origins}, so the URL was not saved. Save again and choose Allow.`;
          return;
        }
        const a = await client('team/save', { url });
        batch(() => {
          onChanged(a);
          draft.value = null;
          outcome.value = { kind: 'done', message: a.team?.failure ? 'Saved the team playbook URL.' : `Saved the team playbook URL. ${inForce(a)}` };
        });
        if (previous !== url) await release(previous);
      } catch (error) {
        outcome.value = { kind: 'failed', message: `The team playbook URL was not saved: ${errorMessage(error)}` };
      } finally {
        busy.value = null;
      }
    })();
  }

  async function removeUrl(): Promise<void> {
    const url = team.value?.url ?? null;
    if (busy.value !== null || lock.value !== null || setByPolicy.value || url === null) return;
    batch(() => {
      busy.value = 'removing';
      urlProblem.value = null;
      outcome.value = { kind: 'idle' };
    });
    try {
      const a = await client('team/save', { url: null });
      batch(() => {
        onChanged(a);
        draft.value = null;
        outcome.value = { kind: 'done', message: `Removed the team playbook URL. ${inForce(a)}` };
      });
      await release(url);
    } catch (error) {
      outcome.value = { kind: 'failed', message: `The team playbook URL was not removed: ${errorMessage(error)}` };
    } finally {
      busy.value = null;
    }
  }

  /** Checks the team URL now. A failure is the worker's to word: the team alert shows it, so no message here. */
  async function refreshNow(): Promise<void> {
    if (busy.value !== null || team.value === null) return;
    const before = active.value?.source;
    batch(() => {
      busy.value = 'refreshing';
      outcome.value = { kind: 'idle' };
    });
    const isNew = (a: ActivePlaybook) =>
      a.source.kind === 'team' && (before?.kind !== 'team' || before.revision.id !== a.source.revision.id);
    try {
      const a = await client('team/refresh', {});
      const received = isNew(a);
      batch(() => {
        onChanged(a);
        if (!a.team?.failure) {
          outcome.value = {
            kind: 'done',
            message: received ? `Received a new version of the team playbook. ${inForce(a)}` : 'Checked: the team playbook has not changed.',
          };
        }
      });
    } catch (error) {
      if (!(error instanceof ReplyError && error.code === 'interrupted')) {
        outcome.value = { kind: 'failed', message: `The team playbook URL could not be checked: ${errorMessage(error)}` };
        return;
      }
      // The worker stopped during the check: the new version may have been stored just before, or not at all (one
      // transaction). Say what is in force now, asked afresh, rather than guess.
      try {
        const a = await client('playbook/get', {});
        batch(() => {
          onChanged(a);
          outcome.value = isNew(a)
            ? { kind: 'done', message: `Received a new version of the team playbook. ${inForce(a)}` }
            : { kind: 'failed', message: `The check of the team playbook URL did not finish because Stagecoach stopped. ${inForce(a)} Choose Refresh now to check again.` };
        });
      } catch (again) {
        outcome.value = { kind: 'failed', message: `The team playbook URL could not be checked: ${errorMessage(again)}` };
      }
    } finally {
      busy.value = null;
    }
  }

  /** One revision as a file, in the same format an import reads. */
  async function exportRevision(id: number): Promise<Download | null> {
    revisionOutcome.value = { kind: 'idle' };
    try {
      const { revision, playbook } = await client('revisions/get', { id });
      return revisionFile(revision, playbook);
    } catch (error) {
      revisionOutcome.value = { kind: 'failed', id, message: `Revision ${id} was not exported: ${errorMessage(error)}` };
      return null;
    }
  }

  /** Makes a revision the local playbook again; says what is in force after it (a team URL may still win). */
  async function activate(id: number): Promise<void> {
    if (activating.value !== null || lock.value !== null) return;
    batch(() => {
      activating.value = id;
      revisionOutcome.value = { kind: 'idle' };
    });
    try {
      const a = await client('revisions/activate', { id });
      const won = a.source.kind !== 'builtin' && a.source.revision.id === id;
      batch(() => {
        onChanged(a);
        revisionOutcome.value = {
          kind: 'done',
          id,
          message: won
            ? `Revision ${id} is active: “${isolate(a.playbook.name)}”. Reps see it on their next deal page.`
            : `Revision ${id} is now this browser’s own playbook, but another source takes precedence. ${inForce(a)}`,
        };
      });
    } catch (error) {
      revisionOutcome.value = { kind: 'failed', id, message: `Revision ${id} was not made active: ${errorMessage(error)}` };
    } finally {
      activating.value = null;
    }
  }

  return {
    locale,
    team,
    lock,
    setByPolicy,
    urlText,
    urlProblem,
    busy,
    outcome,
    alert,
    teamLines,
    revisions,
    revisionOutcome,
    activating,
    setUrl: (text: string): void => {
      batch(() => {
        draft.value = text;
        urlProblem.value = null;
      });
    },
    saveUrl,
    removeUrl,
    refreshNow,
    loadRevisions,
    exportRevision,
    activate,
    /** Stops following the active playbook (the page lives as long as the model; tests dispose). */
    dispose: stopFollowing,
  };
}

/** Which playbook is in force after a change, and why: "In force: “Acme”. From your team's playbook URL." */
function inForce(a: ActivePlaybook): string {
  return `In force: “${isolate(a.playbook.name)}”. ${a.why}.`;
}

/** A revision's file name says which revision it is: "acme-sales-playbook-revision-3.json". */
function revisionFile(revision: RevisionInfo, playbook: Playbook): Download {
  return { fileName: playbookFileName(playbook.name).replace(/\.json$/, `-revision-${revision.id}.json`), text: serializePlaybook(playbook) };
}

export type SourcesModel = ReturnType<typeof createSourcesModel>;
