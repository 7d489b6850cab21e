/**
 * The team playbook URL: the address of one JSON file on a team's own web host, which the worker fetches on a
 * schedule. Pure, so the options page (beside the "Team playbook URL" box), the worker (before each fetch, and for a
 * URL that came from policy) and the permission request all judge an address the same way.
 *
 * What an address may be, and why:
 * - https: the playbook decides what every rep sees, so it must not be rewritable on the way. Plain http only on
 *   this computer (`localhost`, `127.0.0.1`), for an admin trying a file out before publishing it;
 * - no user name or password in it: it would sit in storage and in policy files in clear, and a team's host that
 *   needs a sign-in gets the browser's own cookies with the request instead;
 * - at most 2000 characters, the length beyond which browsers, proxies and servers start to refuse addresses.
 */

/** The longest address accepted, in characters. */
export const TEAM_URL_MAX_LENGTH = 2000;

const EXAMPLE = 'https://playbooks.example.com/sales.json';

/** Hosts that may be fetched over plain http: this computer only. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Why `text` cannot be used as the team playbook URL, or null when it can. Spaces around it are ignored (save the
 * trimmed text). The reason says what is wrong with the address as the rest of a sentence about it, "The team
 * playbook URL <reason>." ("must start with https:// ..."), each saying what to write instead.
 */
export function teamUrlProblem(text: string): string | null {
  const parsed = parseTeamUrl(text);
  return parsed.ok ? null : parsed.problem;
}

/**
 * The host permission the fetch of `url` needs, as a match pattern: `https://playbooks.acme.com/*`,
 * `http://localhost/*`. Match patterns have no port, and a host's permission covers all of its ports.
 * Only for an address teamUrlProblem accepts: passing another is a mistake of the caller, and throws.
 */
export function teamUrlOrigins(url: string): string {
  const parsed = parseTeamUrl(url);
  if (!parsed.ok) throw new Error(`teamUrlOrigins was given an address teamUrlProblem refuses: ${parsed.problem}`);
  return `${parsed.url.protocol}//${parsed.url.hostname}/*`;
}

type Parsed = { ok: true; url: URL } | { ok: false; problem: string };

function parseTeamUrl(text: string): Parsed {
  const typed = text.trim();
  if (typed === '') return fail(`is empty: give the address of the team's playbook file, e.g. ${EXAMPLE}`);
  if (typed.length > TEAM_URL_MAX_LENGTH) {
    return fail(`is ${typed.length} characters long: at most ${TEAM_URL_MAX_LENGTH} are allowed`);
  }
  if (/\s/.test(typed)) return fail(`contains spaces: an address has none. Write it like ${EXAMPLE}`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(typed)?.[1]?.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') return fail(`must start with https://, e.g. ${EXAMPLE}`);
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return fail(`is not a web address: write it like ${EXAMPLE}`);
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return fail(
      `must start with https:// (http:// is allowed for localhost and 127.0.0.1 only, for testing), e.g. ${EXAMPLE}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      "must not contain a user name or password: the browser sends the team host's sign-in cookies itself",
    );
  }
  return { ok: true, url };
}

function fail(problem: string): Parsed {
  return { ok: false, problem };
}
