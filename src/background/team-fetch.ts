/**
 * One fetch of the team playbook URL, and the verdict on what came back: a new playbook, unchanged (304), or a
 * failure with its reason in a rep's words. The worker schedules it and keeps the last good playbook on failure;
 * this module decides only what one answer means, and never throws, so no fault of a team's host can reach the
 * worker as an exception.
 *
 * A playbook decides what every rep sees, so nothing is taken on trust: the whole file must arrive, within the
 * size limit and the timeouts, from the address's own site, and parse as a complete playbook before it counts.
 */
import { FILE_PATH, parsePlaybookText, type ParseContext } from '../core/playbook';
import { teamUrlProblem } from '../core/team-url';
import type { Playbook, PlaybookProblem } from '../core/types';

/** What the last good answer said about its version, sent back so an unchanged file costs a 304 and no body. */
export interface TeamCache {
  etag: string | null;
  lastModified: string | null;
}

export type TeamFetch =
  | { kind: 'new'; playbook: Playbook; etag: string | null; lastModified: string | null }
  | { kind: 'unchanged' }
  /** `reason` completes "Team playbook could not be updated: <reason>." (lowercase first, no final period). */
  | { kind: 'failed'; reason: string };

export interface TeamFetchOptions {
  /** The fetch to use (the worker's own by default). */
  fetch?: typeof fetch;
  /** How long the server may send nothing, before its answer or between parts of the file. */
  idleTimeoutMs?: number;
  /** How long the whole exchange may take, however steadily the bytes come. */
  totalTimeoutMs?: number;
  /** The largest file accepted, in bytes. */
  maxBytes?: number;
  /** What the worker knows for the checks core cannot make alone (its CRMs), as for an imported file. */
  parseContext?: ParseContext;
}

export const TEAM_FETCH_DEFAULTS = {
  idleTimeoutMs: 10_000,
  totalTimeoutMs: 60_000,
  // The limit of an imported file (src/background/payloads.ts): a playbook is the same file whichever way it comes.
  maxBytes: 5_000_000,
} as const;

/** Problems of an invalid playbook named in the reason; the rest are counted. The reason is one line in an alert. */
const SHOWN_PROBLEMS = 2;

const TRUNCATED = 'the connection closed before the whole file arrived';
const WEB_PAGE = 'the address answered with a web page (perhaps a sign-in page), not a playbook file';

/** Fetch the team playbook at `url` once, conditionally on `cache`, and say what the answer means. Never throws. */
export async function fetchTeamPlaybook(
  url: string,
  cache: TeamCache | null,
  options: TeamFetchOptions = {},
): Promise<TeamFetch> {
  // A URL from policy reaches here without passing the options page's check.
  const problem = teamUrlProblem(url);
  if (problem !== null) return failed(`the address ${problem}`);
  const target = new URL(url.trim());
  const idleMs = options.idleTimeoutMs ?? TEAM_FETCH_DEFAULTS.idleTimeoutMs;
  const totalMs = options.totalTimeoutMs ?? TEAM_FETCH_DEFAULTS.totalTimeoutMs;

  // Either timer ends the exchange by aborting the fetch, which also errors a body being read; the reason is kept
  // here, because what the abort makes the fetch throw differs between browsers and Node.
  const controller = new AbortController();
  const stopped: { reason: string | null } = { reason: null };
  const stop = (reason: string) => {
    stopped.reason ??= reason;
    controller.abort();
  };
  let answered = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const heardFromServer = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () =>
        stop(
          answered
            ? `the server stopped sending the file and sent nothing more for ${duration(idleMs)}`
            : `the server did not answer within ${duration(idleMs)}`,
        ),
      idleMs,
    );
  };
  const total = setTimeout(() => stop(`the whole file did not arrive within ${duration(totalMs)}`), totalMs);
  heardFromServer();

  try {
    const conditional = conditionalHeaders(cache);
    const request = (redirect: RequestRedirect) =>
      (options.fetch ?? fetch)(target.href, {
        headers: { Accept: 'application/json, */*;q=0.5', ...conditional },
        // The last good file lives in IndexedDB; the HTTP cache would only answer for the server.
        cache: 'no-store',
        // A team's intranet host may admit only signed-in people: send its cookies as a page of it would.
        credentials: 'include',
        redirect,
        signal: controller.signal,
      });
    let response: Response;
    try {
      response = await request('follow');
    } catch {
      if (stopped.reason !== null) return failed(stopped.reason);
      const why = await whyNoAnswer(request, target);
      return failed(stopped.reason ?? why);
    }
    answered = true;
    heardFromServer();
    const verdict = await judge(response, target, conditional !== null, options, heardFromServer);
    return stopped.reason === null || verdict.kind !== 'failed' ? verdict : failed(stopped.reason);
  } catch (e) {
    // judge() handles the faults it expects; anything else is still a failure to update, never an exception.
    return failed(stopped.reason ?? `an unexpected error happened while reading the file (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    clearTimeout(idle);
    clearTimeout(total);
    // Whatever was not read is dropped and its connection closed, not left to download in the background.
    controller.abort();
  }
}

/**
 * Why a fetch failed with no answer. Browsers say only "Failed to fetch", for every network fault (refused, reset,
 * no such host, offline) and also for a redirect to a site Stagecoach has no permission for, which is what a team's
 * host does to a rep who is not signed in: it sends them to its sign-in site. Asking once more without following
 * redirects tells the two apart: the browser then answers with an opaque redirect (Node with the redirect itself).
 */
async function whyNoAnswer(request: (redirect: RequestRedirect) => Promise<Response>, target: URL): Promise<string> {
  const unreachable = `no answer came from ${target.host} (check the address, and that this computer is online)`;
  try {
    const probe = await request('manual');
    if (probe.type === 'opaqueredirect') {
      return (
        'the address redirected to a page Stagecoach may not read (perhaps a sign-in page on another site): ' +
        `Stagecoach follows redirects within ${target.host} only`
      );
    }
    const location = probe.headers.get('Location');
    if (probe.status < 300 || probe.status > 399 || location === null) return unreachable;
    const next = new URL(location, target);
    return next.origin === target.origin ? unreachable : redirectedAway(next, target);
  } catch {
    return unreachable;
  }
}

function redirectedAway(final: URL, target: URL): string {
  const where = final.host === target.host ? final.origin : final.host;
  return `the address redirected to ${where}, another site: Stagecoach follows redirects within ${target.host} only`;
}

/** What an answer means, once its headers arrived. */
async function judge(
  response: Response,
  target: URL,
  wasConditional: boolean,
  options: TeamFetchOptions,
  heardFromServer: () => void,
): Promise<TeamFetch> {
  // Redirects are followed by the fetch itself; only the address's own site may have the last word on the file.
  // (response.url is empty only for a Response a test or wrapper built by hand: nothing was redirected then.)
  const final = response.url === '' ? target : new URL(response.url);
  if (final.origin !== target.origin) return failed(redirectedAway(final, target));
  if (response.status === 304) {
    return wasConditional
      ? { kind: 'unchanged' }
      : failed('the server answered 304 Not Modified to a request for the whole file');
  }
  if (!response.ok) return failed(statusReason(response));
  if (isWebPageType(response.headers.get('Content-Type'))) return failed(WEB_PAGE);

  const maxBytes = options.maxBytes ?? TEAM_FETCH_DEFAULTS.maxBytes;
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return failed(`the file is ${size(declared)}, more than the ${size(maxBytes)} a playbook may be`);
  }
  const body = await readBody(response, maxBytes, heardFromServer);
  if (!body.ok) return failed(body.reason);

  let text: string;
  try {
    // fatal: a file in another encoding is refused rather than turned into labels full of replacement characters.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
  } catch {
    return failed('the file is not UTF-8 text: save it as UTF-8 and publish it again');
  }
  // A sign-in page or error page served with 200 and a JSON type still starts like a web page.
  if (/^\uFEFF?\s*</.test(text)) return failed(WEB_PAGE);
  const parsed = parsePlaybookText(text, options.parseContext);
  if (!parsed.ok) return failed(problemsReason(parsed.problems));
  return {
    kind: 'new',
    playbook: parsed.playbook,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  };
}

type Body = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * The whole body, counted as it streams: a length the server did not declare, or declared wrong, cannot carry more
 * than `maxBytes` into memory. Reading stops at the first byte over the limit.
 */
async function readBody(response: Response, maxBytes: number, heardFromServer: () => void): Promise<Body> {
  if (response.body === null) return { ok: true, bytes: new Uint8Array() };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // A reset, or a connection closed short of the declared length: browsers and Node both error the stream.
      return { ok: false, reason: TRUNCATED };
    }
    if (chunk.done) break;
    heardFromServer();
    received += chunk.value.byteLength;
    if (received > maxBytes) {
      // The caller's abort closes the connection; cancelling tells the stream no one reads it any more. A failure
      // to cancel changes nothing: the file is refused either way.
      reader.cancel().catch(() => undefined);
      return { ok: false, reason: `the file is larger than the ${size(maxBytes)} a playbook may be` };
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** The validators the last good answer gave, as conditional request headers; null when there are none to send. */
function conditionalHeaders(cache: TeamCache | null): Record<string, string> | null {
  const headers: Record<string, string> = {};
  if (cache?.etag) headers['If-None-Match'] = cache.etag;
  if (cache?.lastModified) headers['If-Modified-Since'] = cache.lastModified;
  return Object.keys(headers).length > 0 ? headers : null;
}

function statusReason(response: Response): string {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  // A team's host that wants a sign-in and has no cookie for it says so with 401 or 403.
  const signIn = response.status === 401 || response.status === 403;
  const hint = signIn ? " (perhaps the team's site needs you to sign in: open the address in a tab)" : '';
  return `the server answered ${status}${hint}`;
}

function isWebPageType(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/** "stages[1].criteria[0].id: ..." for the first problems, then how many more; a problem of the whole file alone. */
function problemsReason(problems: readonly PlaybookProblem[]): string {
  const [only] = problems;
  if (problems.length === 1 && only?.path === FILE_PATH) return lowerFirst(only.message);
  const shown = problems
    .slice(0, SHOWN_PROBLEMS)
    .map((p) => (p.path === FILE_PATH ? p.message : `${p.path}: ${p.message}`))
    .join('; ');
  const more = problems.length - SHOWN_PROBLEMS;
  const rest = more > 0 ? `; and ${more} more ${more === 1 ? 'problem' : 'problems'}` : '';
  return `the file is not a valid playbook: ${shown}${rest}`;
}

function failed(reason: string): TeamFetch {
  // The reason ends a sentence the UI closes with its own period.
  return { kind: 'failed', reason: reason.replace(/\.+$/, '') };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function duration(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/** Sizes as people read them, in the decimal units of the import limit ("5 MB"). */
function size(bytes: number): string {
  const one = (n: number) => String(Number(n.toFixed(1)));
  if (bytes >= 1_000_000) return `${one(bytes / 1_000_000)} MB`;
  if (bytes >= 1_000) return `${one(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}
