/**
 * The typed protocol between the extension's contexts: one map of request -> response, shared by all.
 *
 * Content scripts and extension pages send `{ type, payload }`; the worker answers with a `Reply`.
 * Each message declares who may send it (`from`): `content` (a CRM tab's content script), `page` (the popup and
 * the options page). The worker's router enforces it, and validates every payload before a handler sees it.
 */
import type {
  DealChecks,
  DealSnapshot,
  Playbook,
  PlaybookProblem,
  Site,
  StageVisit,
} from './core/types';
import type { DealListItem, PipelineBrief } from './core/forecast';

/**
 * Where the active playbook came from. `unreadable-import`: a playbook was imported but cannot be read back from
 * storage (`problem` says why), so the built-in one is in force until the admin imports again or resets.
 */
export type PlaybookSource =
  | { kind: 'builtin' }
  | { kind: 'import'; fileName: string | null; importedAt: string }
  | { kind: 'unreadable-import'; fileName: string | null; importedAt: string | null; problem: string };

export interface ActivePlaybook {
  playbook: Playbook;
  source: PlaybookSource;
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
  'pipeline/get': { from: 'page'; payload: Record<string, never>; response: { summary: PipelineBrief; playbookName: string } };
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
  /** Go back to the built-in playbook. Check states are kept. */
  'playbook/reset': { from: 'page'; payload: Record<string, never>; response: ActivePlaybook };
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

export type ErrorCode = 'unknown-message' | 'forbidden' | 'invalid-payload' | 'failed';

/** storage.local keys the worker mirrors for content scripts, which cannot read the extension's IndexedDB. */
export const MIRROR_PLAYBOOK_KEY = 'mirror:playbook';
export const mirrorChecksKey = (dealKey: string): string => `mirror:checks:${dealKey}`;
export const mirrorStagePickKey = (dealKey: string): string => `mirror:stagePick:${dealKey}`;
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
export function createClient(send: Send) {
  return async function request<K extends MessageType>(type: K, payload: Payload<K>): Promise<Response<K>> {
    let reply: unknown;
    try {
      reply = await send({ type, payload } as Message);
    } catch (error) {
      throw new ReplyError(
        'failed',
        `Stagecoach's background worker did not answer (${error instanceof Error ? error.message : String(error)}). Reload the page; if it keeps happening, reload the extension.`,
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
