/**
 * Deal keys of configured sites (CRMs an admin added in the playbook's `sites`), made in this one place so the
 * site's content script and the worker (which derives a deal's key itself, never taking it from the page) always
 * agree. Kept apart from the reader (./site.ts) so the worker loads no DOM reading, money or date parsing.
 */
import { parseSitePattern, type SitePattern } from '../core/site-pattern';
import type { Site } from '../core/types';

/** The first part of every configured site's deal keys and CRM ids: `site:<site id>:...`. */
export const SITE_PREFIX = 'site';

/**
 * Where the build puts the sites' content script (see vite.config.ts), relative to the extension's root: the worker
 * registers it on each allowed site.
 */
export const SITE_SCRIPT_FILE = 'content/site.js';

/** A site whose deal-page pattern reads (the playbook's validation guarantees it; storage may hold anything). */
export interface KnownSite {
  site: Site;
  pattern: SitePattern;
}

/** The sites whose patterns read, in playbook order; one that does not read is skipped (it can never match). */
export function knownSites(sites: readonly Site[] | undefined): KnownSite[] {
  const known: KnownSite[] = [];
  for (const site of sites ?? []) {
    const parsed = parseSitePattern(site.dealPages);
    if (parsed.ok) known.push({ site, pattern: parsed.pattern });
  }
  return known;
}

/**
 * The site and deal key of a URL, or null when it is no configured site's deal page. The key is
 * `site:<site id>:<host>:<deal id>`: the host keeps two tenants of a `*.example.com` site apart.
 */
export function recogniseSiteDeal(sites: readonly KnownSite[], url: URL): { site: Site; key: string } | null {
  for (const { site, pattern } of sites) {
    const id = pattern.dealId(url);
    if (id !== null) return { site, key: `${SITE_PREFIX}:${site.id}:${url.hostname.toLowerCase()}:${id}` };
  }
  return null;
}
