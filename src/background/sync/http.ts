/**
 * One GET of a CRM API, JSON in and out, shared by both clients: a short rate limit is waited out and retried, every
 * other failure becomes a SyncFailure that says what happened in the rep's words (failure.ts).
 */
import { RateLimited, SyncFailure, orgName } from './failure';

export interface Http {
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
}

export interface Org {
  crm: 'salesforce' | 'dynamics';
  org: string;
}

/** A rate limit asking to wait this long or less is waited out inside the sync; a longer one fails the org until later. */
export const MAX_WAIT_MS = 30_000;
/** Short waits in a row before giving up: a CRM that keeps saying "wait" is treated as a long limit. */
const MAX_WAITS = 3;
/** A request that has not answered in this time is given up (the worker must not hang on a stuck connection). */
const TIMEOUT_MS = 60_000;

/** What a client makes of an error answer it knows (expired session, its own limit); null: the generic words. */
export type Classify = (status: number, body: unknown, headers: Headers) => SyncFailure | null;

/** `Retry-After` in ms: seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const value = headers.get('Retry-After');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function getJson(http: Http, who: Org, url: string, headers: Record<string, string>, classify: Classify): Promise<unknown> {
  const name = orgName(who.crm, who.org);
  for (let waits = 0; ; waits++) {
    let response: Response;
    try {
      response = await http.fetch(url, { headers, credentials: 'include', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new SyncFailure(
        timedOut
          ? `${name} did not answer within ${TIMEOUT_MS / 1000} seconds. Stagecoach tries again later.`
          : `Could not reach ${name}: check your connection, then sync again.`,
      );
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) {
      if (body === null) throw new SyncFailure(`${name} sent an answer Stagecoach cannot read (not JSON). Try again later.`);
      return body;
    }
    const wait = retryAfterMs(response.headers, Date.now());
    if ((response.status === 429 || response.status === 503) && wait !== null && wait <= MAX_WAIT_MS && waits < MAX_WAITS) {
      await http.sleep(wait);
      continue;
    }
    const known = classify(response.status, body, response.headers);
    if (known) throw known;
    if (response.status === 429) {
      throw new RateLimited(`${name} asked Stagecoach to slow down. It tries again later; the deals already synced stay.`, wait);
    }
    if (response.status >= 500) {
      throw new SyncFailure(`${name} had a problem on its side (HTTP ${response.status}). Stagecoach tries again later.`);
    }
    throw new SyncFailure(`${name} refused the request (HTTP ${response.status}). Tell your Stagecoach admin if this stays.`);
  }
}
