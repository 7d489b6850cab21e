/**
 * The typed protocol between the extension's contexts: one map of request -> response, shared by all.
 *
 * Content scripts and extension pages send `{ type, payload }`; the worker answers with a `Reply`.
 * Each message declares who may send it (`from`): `content` (a CRM tab's content script), `page` (the popup and
 * the options page). The worker's router enforces it, and validates every payload before a handler sees it.
 */
import type {
  DealChecks,
  ListedRow,
  DealSnapshot,
  Playbook,
  PlaybookProblem,
  Site,
  StageVisit,
} from './core/types';
import type { DealListItem, PipelineBrief } from './core/forecast';

/** How a stored revision of a playbook reached this browser. */
export type RevisionOrigin = 'import' | 'editor' | 'team' | 'policy';

/** One revision kept in IndexedDB (every playbook received or saved is one), as lists show it. */
export interface RevisionInfo {
  /** Increasing with each revision stored: 1, 2, 3... */
  id: number;
  origin: RevisionOrigin;
  /** When it was saved, imported or received (ISO time). */
  savedAt: string;
  /** The playbook's own name and `revision` label (null when it has none). */
  name: string;
  label: string | null;
  /** The imported file's name (`import`), or the address it came from (`team`). */
  fileName: string | null;
  url: string | null;
  stages: number;
  criteria: number;
}

/**
 * Where the active playbook comes from, in precedence order: enterprise policy > team URL > local (imported or
 * edited in this browser) > built-in. `revision` is the stored revision in force.
 */
export type PlaybookSource =
  | { kind: 'builtin' }
  | { kind: 'local'; revision: RevisionInfo }
  | { kind: 'team'; revision: RevisionInfo; url: string; setBy: 'user' | 'policy' }
  | { kind: 'policy'; revision: RevisionInfo };

/** The team URL's state: what it is, who set it, and how the last check went. */
export interface TeamStatus {
  url: string;
  /** `policy`: set by the organization's browser policy, which the rep cannot change. */
  setBy: 'user' | 'policy';
  /** The last time the worker asked the URL (ISO time), whatever the answer; null before the first time. */
  checkedAt: string | null;
  /** When the version in use was received (ISO time); null when no version ever arrived. */
  receivedAt: string | null;
  /** Why the last check could not update the playbook, in words ("the server answered 404 Not Found"); null when it could. */
  failure: string | null;
  /** The next scheduled check (ISO time), when one is scheduled. */
  nextCheckAt: string | null;
}

/** What the browser policy says (chrome.storage.managed), as far as it could be read. */
export interface PolicyStatus {
  /** The policy locks editing: import, editor, reset, sites and team URL changes are refused. */
  locked: boolean;
  /** Problems with the policy's values, in words (an inline playbook that is not valid, a bad URL). */
  problems: string[];
}

/**
 * The active playbook and where it came from. `why` is the one line the options page and popup show about the
 * source ("Managed by your organization", "From your team's URL", ...); `lock` says why editing is off, when it is.
 * `problems`: what was passed over on the way to this source (a stored revision that no longer reads, a policy
 * playbook that is not valid), in words.
 */
export interface ActivePlaybook {
  playbook: Playbook;
  source: PlaybookSource;
  why: string;
  lock: string | null;
  team: TeamStatus | null;
  policy: PolicyStatus | null;
  problems: string[];
}

/**
 * What changed between the playbook a rep had and the one now active, shown once in the overlay and the popup.
 * `lines` are ready to show ("Added stage “Security Review”", "“Champion named” is now required"), so the overlay
 * carries no wording code. `id` changes with every new active revision; the rep's dismissal stores it under
 * CHANGES_SEEN_KEY.
 */
export interface ChangeNotice {
  id: string;
  playbookName: string;
  /** When the new playbook became active (ISO time). */
  at: string;
  lines: string[];
  /** How many lines there were before `lines` was cut to the first few. */
  total: number;
}

/** A configured site, and whether Stagecoach runs on its pages: `allowed` once its origin's access was granted. */
export interface SiteStatus {
  id: string;
  /** The origins its script runs on and whose access it needs, e.g. `https://crm.example.com/*`. */
  origins: string;
  allowed: boolean;
}

/**
 * The stage a rep chose by hand for a deal whose page cannot be read (its stage part was not found): a playbook
 * stage's id. Kept until the page is readable again.
 */
export interface StagePick {
  stageId: string;
  chosenAt: string;
}

/**
 * What the options page, which can load CRM readers and parse CSS, found out about a playbook's `selectors` section
 * before importing it: the part ids of each named CRM's reader, and the selectors this browser cannot parse. The
 * worker's parser words the problems from it (it can load neither: no import() and no document in a service worker).
 */
export interface SelectorChecks {
  parts: Record<string, string[]>;
  invalidCss: string[];
}

/** The CRMs whose API Stagecoach can read the rep's open deals from (opt-in). */
export type SyncCrm = 'salesforce' | 'dynamics';

/**
 * One org the rep could sync (an org Stagecoach has seen deals or lists of), and how its sync stands. `id` is
 * `<crm>:<org>` (`salesforce:acme`, `dynamics:contoso`).
 */
export interface SyncStatus {
  id: string;
  crm: SyncCrm;
  /**
   * The org as in deal keys: Salesforce My Domain (`acme`, `acme--uat`), Dynamics org name (`contoso`, the host's first
   * label; `apiOrigin` keeps its regional host).
   */
  org: string;
  /** Where the API is asked, e.g. `https://acme.my.salesforce.com`. */
  apiOrigin: string;
  /**
   * The optional permissions the rep grants when switching sync on (the page requests them in the click): Salesforce
   * needs `cookies` to read the session of the org the rep is signed in to, and both need the API origin.
   */
  needs: { permissions: string[]; origins: string[] };
  enabled: boolean;
  /** A sync is under way now. */
  running: boolean;
  /** The last sync that completed (ISO time), and how many open deals it reported. */
  lastSyncedAt: string | null;
  lastCount: number | null;
  /** Why the last attempt failed, in words a rep acts on ("Sign in to Salesforce again…"); null when it worked. */
  failure: string | null;
  /** When a sync is next due on popup open (ISO time): lastSyncedAt + the interval. */
  dueAt: string | null;
}

/** Every local thing Stagecoach keeps, as one JSON file (data/backup, data/restore); defined in core/types.ts so core/backup.ts reads it. */
export { BACKUP_FORMAT } from './core/types';

/** How many of each kind a backup holds or a restore put back. */
export interface DataCounts {
  deals: number;
  checks: number;
  revisions: number;
  stagePicks: number;
}

/** A deal named by its page's URL (content scripts) or by its key (extension pages). */
export type DealRef = { url: string } | { key: string };

export interface Protocol {
  /**
   * A content script saw a deal (or it changed): record it, its stage history and its last snapshot. The deal's URL
   * must be of the sender's origin and its key the one the URL gives.
   */
  'deal/seen': { from: 'content'; payload: { deal: DealSnapshot }; response: { history: StageVisit[] } };
  /**
   * Tick or untick a manual criterion of a deal. A content script names the deal by its page's URL, from which the
   * worker derives the key (and which must be of the sender's own origin); extension pages may name it by key.
   */
  'check/set': {
    from: 'content' | 'page';
    payload: { deal: DealRef; criterionId: string; checked: boolean };
    response: { checks: DealChecks };
  };
  /**
   * The rep chose the stage of a deal whose page cannot be read: remember it for that deal (named by its page's URL,
   * which must be of the sender's own origin) until the page is readable again, when `deal/seen` drops it. The stage
   * must be one of the active playbook's.
   */
  'stage/choose': { from: 'content'; payload: { deal: { url: string }; stageId: string }; response: { pick: StagePick } };
  /** Open the options page (content scripts cannot). */
  'options/open': { from: 'content' | 'page'; payload: Record<string, never>; response: null };
  /**
   * The pipeline of recorded open deals, summarised by stage, with the first few deals needing attention. Small on
   * purpose: the popup paints it at once, then asks for the deal list.
   */
  'pipeline/get': {
    from: 'page';
    payload: Record<string, never>;
    response: { summary: PipelineBrief; playbookName: string; playbook: PlaybookBrief; sync: SyncStatus[] };
  };
  /**
   * A content script read the deals a CRM list view or board shows (up to 500 rows a message): record them. Each
   * row's URL must be a deal page of the sender's own origin (the worker derives crm, key and record id from it).
   * Rows never overwrite what a deal page reported more recently.
   */
  'deals/listed': {
    from: 'content';
    payload: { rows: ListedDeal[] };
    response: { recorded: number };
  };
  /** Open a deal from the popup: focus its tab when one is open on it, else open it in a new tab. */
  'deal/open': { from: 'page'; payload: { key: string }; response: { focused: boolean } };
  /** Forget one deal: its record, index row, ticks, check history and stage pick. */
  'deal/forget': { from: 'page'; payload: { key: string }; response: null };
  /** Every org the rep could sync and how its sync stands. */
  'sync/status': { from: 'page'; payload: Record<string, never>; response: { syncs: SyncStatus[] } };
  /**
   * Switch sync of one org on or off. Switching on: the page requested `needs` in the click; the worker checks they
   * were granted, then syncs at once. Off: the optional permissions are given back when no org needs them.
   */
  'sync/set': { from: 'page'; payload: { id: string; enabled: boolean }; response: { syncs: SyncStatus[] } };
  /**
   * Sync every enabled org now (`force`: "Sync now"), or only those due (popup open). Answers when done; a failing
   * org says why in its `failure` and never stops the others.
   */
  'sync/run': { from: 'page'; payload: { force: boolean }; response: { syncs: SyncStatus[] } };
  /** The pipeline as CSV (every deal, open and closed), for a spreadsheet. */
  'data/csv': { from: 'page'; payload: { open: boolean }; response: { csv: string; rows: number } };
  /** Every local thing as one JSON-able backup object (format BACKUP_FORMAT). */
  'data/backup': { from: 'page'; payload: Record<string, never>; response: { backup: unknown; counts: DataCounts } };
  /**
   * Replace all local data with a backup file's text: validated whole first; all or nothing (an invalid file changes
   * nothing and says why, each problem with where it is).
   */
  'data/restore': {
    from: 'page';
    payload: { text: string };
    response: { restored: true; counts: DataCounts; active: ActivePlaybook } | { restored: false; problems: string[] };
  };
  /** Delete every deal, tick, history, revision, sync setting and site; back to the built-in playbook. */
  'data/clear': { from: 'page'; payload: Record<string, never>; response: { active: ActivePlaybook } };
  /**
   * Every open deal, lean, in list order (those needing attention first). Its own message because 10,000 deals are
   * megabytes, which extension messaging carries in hundreds of milliseconds: the summary must not wait for them.
   */
  'pipeline/deals': { from: 'page'; payload: Record<string, never>; response: { deals: DealListItem[] } };
  'playbook/get': { from: 'page'; payload: Record<string, never>; response: ActivePlaybook };
  /**
   * Replace the active playbook with an imported one. Invalid text changes nothing and says why. `selectorChecks`:
   * what the options page found out about the file's `selectors` section, which the worker cannot (see SelectorChecks).
   */
  'playbook/import': {
    from: 'page';
    payload: { text: string; fileName: string | null; selectorChecks?: SelectorChecks };
    response: { imported: true; active: ActivePlaybook } | { imported: false; problems: PlaybookProblem[] };
  };
  /**
   * Save a playbook made in the options page's editor as a new local revision (it becomes active unless a team URL
   * or policy takes precedence; `active` says). Checked exactly like an import; invalid changes nothing.
   */
  'playbook/save': {
    from: 'page';
    payload: { playbook: unknown };
    response: { saved: true; active: ActivePlaybook; revision: RevisionInfo } | { saved: false; problems: PlaybookProblem[] };
  };
  /** Go back to the built-in playbook as the local one. Check states and revisions are kept. */
  'playbook/reset': { from: 'page'; payload: Record<string, never>; response: ActivePlaybook };
  /**
   * Set the team playbook URL (null removes it), then fetch it at once. The options page asked for the host's access
   * in the click before sending. A URL that is not https (or http://localhost, http://127.0.0.1) is refused.
   */
  'team/save': { from: 'page'; payload: { url: string | null }; response: ActivePlaybook };
  /** Fetch the team URL now ("Refresh now"); the answer says how it went (`team.failure`). */
  'team/refresh': { from: 'page'; payload: Record<string, never>; response: ActivePlaybook };
  /** Every stored revision, newest first. */
  'revisions/list': { from: 'page'; payload: Record<string, never>; response: { revisions: RevisionInfo[]; activeId: number | null } };
  /** One revision's playbook, to export it. */
  'revisions/get': { from: 'page'; payload: { id: number }; response: { revision: RevisionInfo; playbook: Playbook } };
  /** Make a stored revision the local playbook again (policy and team URL still take precedence). */
  'revisions/activate': { from: 'page'; payload: { id: number }; response: ActivePlaybook };
  /**
   * Replace the active playbook's configured sites (the options page's Sites section): validated with the whole
   * playbook, which is then saved as the active one. The worker registers the site script on every site whose
   * origin is allowed, and gives back the access of sites no longer there. Invalid sites change nothing.
   */
  'sites/save': {
    from: 'page';
    payload: { sites: unknown[] };
    response: { saved: true; active: ActivePlaybook; sites: SiteStatus[] } | { saved: false; problems: PlaybookProblem[] };
  };
  /** Each configured site of the active playbook and whether Stagecoach runs on it (its access was allowed). */
  'sites/status': { from: 'page'; payload: Record<string, never>; response: { sites: SiteStatus[] } };
}

/**
 * One row of a CRM list or board as a content script read it: the deal's page URL and what the row shows (see
 * DealObservation: undefined = not shown). The worker derives crm, key and record id from `url`.
 */
export type ListedDeal = ListedRow;

/** What the popup shows about the playbook: its name, source line, team alert and the unseen "what changed". */
export interface PlaybookBrief {
  name: string;
  source: PlaybookSource['kind'];
  why: string;
  team: TeamStatus | null;
  /** The change notice, unless the rep has dismissed it (CHANGES_SEEN_KEY). */
  notice: ChangeNotice | null;
}

export type MessageType = keyof Protocol;
export type Payload<K extends MessageType> = Protocol[K]['payload'];
export type Response<K extends MessageType> = Protocol[K]['response'];
export type SenderKind = 'content' | 'page';

export interface Message<K extends MessageType = MessageType> {
  type: K;
  payload: Payload<K>;
}

/** Every answer: data, or an error a person can read. Handlers never throw across the boundary. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** `interrupted`: the worker stopped between the request and its answer (set by the client, never sent by the worker). */
export type ErrorCode = 'unknown-message' | 'forbidden' | 'invalid-payload' | 'failed' | 'interrupted';

/** storage.local keys the worker mirrors for content scripts, which cannot read the extension's IndexedDB. */
export const MIRROR_PLAYBOOK_KEY = 'mirror:playbook';
export const mirrorChecksKey = (dealKey: string): string => `mirror:checks:${dealKey}`;
export const mirrorStagePickKey = (dealKey: string): string => `mirror:stagePick:${dealKey}`;
/**
 * The browser lost Stagecoach's database and the worker brought back what its copy held (mirror.ts restoreFromCopy):
 * what the popup tells the rep until they dismiss it, in storage.local under STORAGE_LOST_KEY.
 */
export interface StorageLostNotice {
  /** When it was brought back (ISO time). */
  at: string;
  ticks: number;
  deals: number;
  /** The playbook brought back, by name; null when the copy held the built-in one. */
  playbook: string | null;
}
export const STORAGE_LOST_KEY = 'notice:storageLost';

/** The "what changed" notice of the active playbook (ChangeNotice); absent when there is none. */
export const MIRROR_NOTICE_KEY = 'mirror:notice';
/** The id of the last ChangeNotice the rep dismissed, written by the overlay or the popup, whichever saw it. */
export const CHANGES_SEEN_KEY = 'ui:changesSeen';
/**
 * storage.session key the worker sets (to the time) each time it applied the browser policy anew: changed by the
 * organization, or given by the browser late, after its start. The options page reads the playbook again then, as a
 * lock alone changes no playbook and so no mirror key. In storage.session, which content scripts cannot read.
 */
export const POLICY_APPLIED_KEY = 'policy:applied';
/** UI preference written by the overlay itself. */
export const OVERLAY_COLLAPSED_KEY = 'ui:overlayCollapsed';

/** Raised by a client when the worker answers with an error: its message is meant for people. */
export class ReplyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}

export type Send = (message: Message) => Promise<unknown>;

/** One typed client over any transport; the UI and the overlay talk to the worker through it. */
/**
 * What the browser says when the worker stopped with a request in hand (the browser stops an idle or busy worker, an
 * update restarts it): Chromium's wording with and without webextension-polyfill.
 */
const CHANNEL_CLOSED = /message (?:channel|port) closed before a response was received/i;

export function createClient(send: Send) {
  return async function request<K extends MessageType>(type: K, payload: Payload<K>): Promise<Response<K>> {
    let reply: unknown;
    try {
      reply = await send({ type, payload } as Message);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      // Not a fault of the page: the work may or may not have been done, and trying again is the way on.
      if (CHANNEL_CLOSED.test(detail)) throw new ReplyError('interrupted', 'Stagecoach stopped before it finished this. Try again.');
      throw new ReplyError(
        'failed',
        `Stagecoach's background worker did not answer (${detail}). Reload the page; if it keeps happening, reload the extension.`,
      );
    }
    const r = reply as Reply<Response<K>> | undefined;
    if (!r || typeof r !== 'object' || !('ok' in r)) {
      throw new ReplyError('failed', "Stagecoach's background worker gave no answer. Reload the page and try again.");
    }
    if (!r.ok) throw new ReplyError(r.error.code, r.error.message);
    return r.data;
  };
}

export type Client = ReturnType<typeof createClient>;
