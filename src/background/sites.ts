/**
 * Configured sites in the browser: the site script is registered on each site's origin once the admin allowed that
 * origin, and taken off when the site is gone; a removed site's access is given back. The playbook's `sites` are the
 * truth: `sync` makes the browser's registered scripts match them, and runs after every change of the playbook, on
 * install, update and browser start (registrations persist across sessions, but an update or a profile copy may
 * lose them) and whenever host access changes (also from the browser's own extension settings).
 */
import type { Site } from '../core/types';
import type { SiteStatus } from '../messages';
import { SITE_SCRIPT_FILE, knownSites } from '../crm/site-keys';

/** The browser calls this makes (src/platform in the worker, fakes in tests). */
export interface SiteBrowser {
  scripting: {
    registered(): Promise<{ id: string; matches: string[]; js: string[] }[]>;
    register(scripts: { id: string; matches: string[]; js: string[] }[]): Promise<void>;
    unregister(ids: string[]): Promise<void>;
  };
  permissions: {
    contains(origins: string[]): Promise<boolean>;
    remove(origins: string[]): Promise<boolean>;
  };
}

/** Registered site scripts are named `site:<origins>`; scripts with other ids are not this module's. */
const SCRIPT_PREFIX = 'site:';
const scriptId = (origins: string) => `${SCRIPT_PREFIX}${origins}`;

/** The distinct origins of `sites`, in order (two sites on one host share one script and one permission). */
function originsOf(sites: readonly Site[]): string[] {
  return [...new Set(knownSites(sites).map(({ pattern }) => pattern.origins))];
}

/**
 * The site script where `statuses` (a sync's answer) say it runs: on every allowed origin. What the open tabs of the
 * sites get after an update or reload, as the browser gives it to pages loaded later.
 */
export function siteScripts(statuses: readonly SiteStatus[]): { matches: string[]; js: string[] }[] {
  const origins = [...new Set(statuses.filter(({ allowed }) => allowed).map(({ origins }) => origins))];
  return origins.length === 0 ? [] : [{ matches: origins, js: [SITE_SCRIPT_FILE] }];
}

export interface SiteRegistrations {
  /** Registers the site script on every allowed origin of `sites` and unregisters it everywhere else. */
  sync(sites: readonly Site[]): Promise<SiteStatus[]>;
  /** Gives back the access of origins `before` had and `after` no longer has. Never fails: failures are logged. */
  release(before: readonly Site[], after: readonly Site[]): Promise<void>;
}

export function createSiteRegistrations(browser: SiteBrowser, log: (message: string, error?: unknown) => void): SiteRegistrations {
  // One sync at a time: two overlapping ones could both register the same script, and the second would fail.
  let queue: Promise<unknown> = Promise.resolve();

  async function syncNow(sites: readonly Site[]): Promise<SiteStatus[]> {
    const statuses: SiteStatus[] = [];
    const allowed = new Set<string>();
    for (const origins of originsOf(sites)) if (await browser.permissions.contains([origins])) allowed.add(origins);
    for (const { site, pattern } of knownSites(sites)) {
      statuses.push({ id: site.id, origins: pattern.origins, allowed: allowed.has(pattern.origins) });
    }
    const registered = (await browser.scripting.registered()).filter((script) => script.id.startsWith(SCRIPT_PREFIX));
    const wanted = new Map([...allowed].map((origins) => [scriptId(origins), origins]));
    const stale = registered.filter(
      (script) => !wanted.has(script.id) || script.js.join() !== SITE_SCRIPT_FILE || script.matches.join() !== wanted.get(script.id),
    );
    if (stale.length > 0) await browser.scripting.unregister(stale.map((script) => script.id));
    const kept = new Set(registered.filter((script) => !stale.includes(script)).map((script) => script.id));
    const missing = [...wanted].filter(([id]) => !kept.has(id));
    if (missing.length > 0) {
      await browser.scripting.register(missing.map(([id, origins]) => ({ id, matches: [origins], js: [SITE_SCRIPT_FILE] })));
    }
    return statuses;
  }

  return {
    sync(sites) {
      const job = queue.then(() => syncNow(sites));
      queue = job.catch(() => undefined);
      return job;
    },
    async release(before, after) {
      const kept = new Set(originsOf(after));
      const gone = originsOf(before).filter((origins) => !kept.has(origins));
      if (gone.length === 0) return;
      try {
        await browser.permissions.remove(gone);
      } catch (error) {
        log(`could not give back access to ${gone.join(', ')}; remove it in the browser's extension settings`, error);
      }
    },
  };
}
