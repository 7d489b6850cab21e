/**
 * Chrome's match-pattern syntax (`<scheme>://<host><path>`, as in the manifest's `content_scripts.matches`) as a
 * URL test, so tests and tools can check a CRM's patterns against its sample URLs and serve fixtures on exactly the
 * hosts the content script runs on. Follows https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns:
 * - scheme `*` means http or https; otherwise the scheme must be equal;
 * - host `*` is any host, `*.example.com` is example.com and every subdomain, anything else must be equal; no port
 *   in the pattern, and a pattern without a port matches every port;
 * - the path (with the query string) is a glob where `*` is any run of characters.
 */

export interface MatchPattern {
  /** The pattern as written. */
  source: string;
  /** Whether the URL's scheme and host are covered, whatever its path: the origins the pattern reaches. */
  coversOrigin(url: URL): boolean;
  /** Whether a path (with its query string) fits the pattern's path, whatever the host. */
  matchesPath(pathAndQuery: string): boolean;
  /** Whether the content script would run on the URL. */
  matches(url: URL): boolean;
}

const PATTERN = /^(\*|https?|file|ftp|urn|wss?):\/\/(\*|\*\.[^/*:]+|[^/*:]+)?(\/.*)$/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a match pattern; throws with the reason when Chrome would refuse it. `<all_urls>` is not accepted here. */
export function parseMatchPattern(source: string): MatchPattern {
  const parts = PATTERN.exec(source);
  if (!parts) {
    throw new Error(
      `"${source}" is not a match pattern Stagecoach accepts: expected <scheme>://<host><path>, e.g. https://*.example.com/deals/*`,
    );
  }
  const [, scheme = '', rawHost = '', path = ''] = parts;
  const host = rawHost.toLowerCase();
  if (host === '' && scheme !== 'file') throw new Error(`"${source}" has no host: only file:// patterns may leave it out.`);
  const schemes = scheme === '*' ? ['http:', 'https:'] : [`${scheme}:`];
  const hostTest =
    host === '*'
      ? () => true
      : host.startsWith('*.')
        ? (name: string) => name === host.slice(2) || name.endsWith(host.slice(1))
        : (name: string) => name === host;
  const pathRe = new RegExp(`^${path.split('*').map(escape).join('.*')}$`);
  const coversOrigin = (url: URL) => schemes.includes(url.protocol) && hostTest(url.hostname.toLowerCase());
  const matchesPath = (pathAndQuery: string) => pathRe.test(pathAndQuery);
  return {
    source,
    coversOrigin,
    matchesPath,
    matches: (url) => coversOrigin(url) && matchesPath(url.pathname + url.search),
  };
}
