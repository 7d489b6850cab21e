/**
 * The content script of configured sites (CRMs an admin added on the options page). The worker registers it with
 * `scripting.registerContentScripts` on each site's origin once the admin allowed that origin, so it is built as one
 * classic, self-contained script (`content/site.js`): a script on a site the admin chose must not import anything,
 * as no web-accessible resource is opened to sites the extension does not know ahead.
 *
 * It follows the page's in-app navigation like the CRM detector does, and on each of the site's deal pages shows the
 * same overlay as on every CRM, reading the deal with the site's selectors from the playbook's `sites`. It lives as
 * the detector does (./lifetime.ts): after an update or reload of the extension the worker injects the new version
 * into the site's open tabs, and the old script leaves, its overlay with it.
 */
import type { Site } from '../core/types';
import { siteAdapter, stageNamesOf } from '../crm/site';
import { knownSites, recogniseSiteDeal } from '../crm/site-keys';
import { MIRROR_PLAYBOOK_KEY } from '../messages';
import { storage } from '../platform/content';
import { showDeal } from './deal-page';
import { startLifetime } from './lifetime';
import { mirroredPlaybook } from './mirror';

let sites: Site[] = [];
let stageNames: string[] = [];
let current: { key: string; site: Site; controller: AbortController } | null = null;

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * The sites the mirrored playbook holds. The worker mirrors only parsed playbooks; this checks what the reader
 * walks, so an odd value in storage leaves the page alone instead of breaking it.
 */
function sitesOf(playbook: unknown): Site[] {
  if (typeof playbook !== 'object' || playbook === null || !('sites' in playbook) || !Array.isArray(playbook.sites)) return [];
  return (playbook.sites as unknown[]).filter((site): site is Site => {
    if (typeof site !== 'object' || site === null) return false;
    const s = site as Record<string, unknown>;
    const selectors = s.selectors as Record<string, unknown> | undefined;
    return isText(s.id) && isText(s.name) && isText(s.dealPages) && typeof selectors === 'object' && selectors !== null &&
      isText(selectors.name) && isText(selectors.stage);
  });
}

function onLocationChange(force = false): void {
  const deal = recogniseSiteDeal(knownSites(sites), new URL(location.href));
  if (!force && deal?.key === current?.key && deal?.site === current?.site) return;
  current?.controller.abort();
  current = null;
  if (!deal) return;
  const controller = new AbortController();
  current = { key: deal.key, site: deal.site, controller };
  showDeal(siteAdapter(deal.site, stageNames), deal.key, controller.signal).catch((error: unknown) => {
    // Left meanwhile (another page, or the extension gone and the script with it): nothing on screen failed.
    if (!controller.signal.aborted) console.error('[Stagecoach] could not start on this deal page', error);
  });
}

function usePlaybook(value: unknown): void {
  const playbook = mirroredPlaybook(value);
  sites = sitesOf(value);
  stageNames = playbook ? stageNamesOf(playbook.stages) : [];
}

const started = startLifetime('site', {
  navigated: () => onLocationChange(),
  // The extension is gone: the overlay goes too (the script's own listeners went with the signal).
  stop: () => {
    current?.controller.abort();
    current = null;
  },
});

/** Reads the sites from the playbook, follows its changes, and shows the overlay if this page is a deal of one. */
async function start(signal: AbortSignal): Promise<void> {
  const stored = await storage.get([MIRROR_PLAYBOOK_KEY]);
  if (signal.aborted) return;
  usePlaybook(stored[MIRROR_PLAYBOOK_KEY]);
  // An admin who edits the site's selectors or the playbook's stages sees the deal read again at once.
  const unwatch = storage.onChanged((changes) => {
    if (!(MIRROR_PLAYBOOK_KEY in changes)) return;
    usePlaybook(changes[MIRROR_PLAYBOOK_KEY]);
    onLocationChange(true);
  });
  signal.addEventListener('abort', unwatch);
  onLocationChange();
}

if (started) {
  // Orphaned during the first read, the script has already left: that is no failure to report on the page.
  start(started).catch((error: unknown) => {
    if (!started.aborted) console.error('[Stagecoach] could not start on this site', error);
  });
}
