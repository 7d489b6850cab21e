/**
 * The address pattern of a configured site's deal pages ("any other CRM by configuration"), as an admin types it on
 * the options page or writes it in a playbook's `sites`: `https://crm.example.com/deals/*`, where `*` stands for the
 * deal's id. Pure, so the playbook's validation, the worker (deal keys), the options page (which host to ask
 * permission for) and the site's content script all read a pattern the same way.
 *
 * What a pattern may be, and why:
 * - https only: the worker trusts content scripts on https pages only, and a CRM on plain http gives no origin to trust;
 * - one host, or `*.` and a domain of at least two labels (`*.example.com`): the extension asks for that host's
 *   permission, so `*` or `*.com` would ask for the whole web;
 * - no port: Chrome's host permissions cover every port of a host;
 * - a path with at least one `*`, each standing for one part of the address between slashes: what the `*`s stand for
 *   is the deal's id, so the key stays the same across the deal's tabs (`/deals/42/notes`) and query strings.
 *   Deal ids in the query string (`?id=42`) cannot be told apart from other query parameters, so they are refused.
 */

export interface SitePattern {
  /** The pattern as Chrome's match-pattern syntax, e.g. `https://crm.example.com/deals/*`. */
  source: string;
  /** The host part, e.g. `crm.example.com` or `*.example.com`. */
  host: string;
  /** The origins the site's content script runs on and the permission asked for: `https://<host>/*`. */
  origins: string;
  /** The deal's id on this page (what the `*`s stand for, joined by `/`), or null when it is not a deal page. */
  dealId(url: URL): string | null;
}

export type SitePatternResult = { ok: true; pattern: SitePattern } | { ok: false; problem: string };

const EXAMPLE = 'https://crm.example.com/deals/*';

/**
 * Reads what an admin typed: a match pattern, or an address with `*` where the deal's id is (`https://` may be left
 * out). Every refusal says what to write instead.
 */
export function parseSitePattern(input: string): SitePatternResult {
  const typed = input.trim();
  if (typed === '') return fail(`Give the address of the site's deal pages with * where the deal's id is, e.g. ${EXAMPLE}`);
  if (/\s/.test(typed)) return fail(`"${typed}" contains spaces: an address has none. Write it like ${EXAMPLE}`);
  const scheme = /^([a-z*][a-z0-9+.*-]*):\/\//i.exec(typed);
  if (scheme && scheme[1]?.toLowerCase() !== 'https') {
    return fail(`"${typed}" starts with ${scheme[1] ?? ''}://: Stagecoach works on https:// pages only. Write it like ${EXAMPLE}`);
  }
  const rest = scheme ? typed.slice(scheme[0].length) : typed;
  const slash = rest.indexOf('/');
  const rawHost = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
  const path = slash === -1 ? '' : rest.slice(slash);
  const hostProblem = problemWithHost(rawHost, typed);
  if (hostProblem) return fail(hostProblem);
  if (/[?#]/.test(path)) {
    return fail(
      `"${typed}" has a ? or # part: Stagecoach finds the deal's id in the path only. Put * where the id is in the path, e.g. ${EXAMPLE}`,
    );
  }
  if (!path.includes('*')) {
    return fail(`"${typed}" has no *: put * where the deal's id is, e.g. ${EXAMPLE} for https://crm.example.com/deals/42`);
  }
  const segments = path.split('/');
  if (segments.some((segment) => segment.includes('*') && segment !== '*')) {
    return fail(
      `"${typed}": a * must stand for a whole part of the address between slashes (the deal's id), e.g. ${EXAMPLE}`,
    );
  }
  // Each * is one path segment; the deal's own tabs (/deals/42/notes) are the same deal.
  const pathRe = new RegExp(`^${segments.map((s) => (s === '*' ? '([^/]+)' : escape(s))).join('/')}(?:/.*)?$`);
  const hostTest = rawHost.startsWith('*.')
    ? (name: string) => name.endsWith(rawHost.slice(1))
    : (name: string) => name === rawHost;
  const source = `https://${rawHost}${path}`;
  return {
    ok: true,
    pattern: {
      source,
      host: rawHost,
      origins: `https://${rawHost}/*`,
      dealId(url) {
        if (url.protocol !== 'https:' || url.port !== '' || !hostTest(url.hostname.toLowerCase())) return null;
        const found = pathRe.exec(url.pathname);
        if (!found) return null;
        const ids = found.slice(1).map((part) => safeDecode(part ?? ''));
        return ids.every((id) => id !== '') ? ids.join('/') : null;
      },
    },
  };
}

function problemWithHost(host: string, typed: string): string | null {
  if (host === '') return `"${typed}" has no host: write the site's address, e.g. ${EXAMPLE}`;
  if (host.includes(':')) return `"${typed}" names a port: leave it out (Chrome gives access to every port of a host), e.g. ${EXAMPLE}`;
  if (host.includes('@')) return `"${typed}" contains a user name: leave it out, e.g. ${EXAMPLE}`;
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (host === '*' || name.includes('*')) {
    return `"${typed}": the host must be one site (crm.example.com) or *. and a domain (*.example.com), so Stagecoach asks for that site alone`;
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(name)) return `"${typed}": "${host}" is not a host name, e.g. crm.example.com`;
  if (host.startsWith('*.') && !name.includes('.')) {
    return `"${typed}": *.${name} would reach every site under .${name}; name your CRM's domain, e.g. *.example.com`;
  }
  return null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path part as the CRM meant it (`acme%20co` is `acme co`); kept as written when it is not valid escaping. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function fail(problem: string): SitePatternResult {
  return { ok: false, problem };
}
