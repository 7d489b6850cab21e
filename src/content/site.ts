/**
 * The content script of configured sites (CRMs an admin added on the options page). The worker registers it with
 * `scripting.registerContentScripts` on each site's origin once the admin allowed that origin, so it is built as one
 * classic, self-contained script (`content/site.js`): a script on a site the admin chose must not import anything,
 * as no web-accessible resource is opened to sites the extension does not know ahead.
 *
 * It follows the page's in-app navigation like the CRM detector does, and on each of the site's deal pages shows the
 * same overlay as on every CRM, reading the deal with the site's selectors from the playbook's `sites`.
 */
import type { Site } from '../core/types';
import { siteAdapter, stageNamesOf } from '../crm/site';
import { knownSites, recogniseSiteDeal } from '../crm/site-keys';
import { MIRROR_PLAYBOOK_KEY } from '../messages';
import { storage } from '../platform/content';
import { showDeal } from './deal-page';
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
  showDeal(siteAdapter(deal.site, stageNames), deal.key, controller.signal).catch((error: unknown) =>
    console.error('[Stagecoach] could not start on this deal page', error),
  );
}

function usePlaybook(value: unknown): void {
  const playbook = mirroredPlaybook(value);
  sites = sitesOf(value);
  stageNames = playbook ? stageNamesOf(playbook.stages) : [];
}

async function start(): Promise<void> {
  usePlaybook((await storage.get([MIRROR_PLAYBOOK_KEY]))[MIRROR_PLAYBOOK_KEY]);
  // An admin who edits the site's selectors or the playbook's stages sees the deal read again at once.
  storage.onChanged((changes) => {
    if (!(MIRROR_PLAYBOOK_KEY in changes)) return;
    usePlaybook(changes[MIRROR_PLAYBOOK_KEY]);
    onLocationChange(true);
  });
  // The Navigation API reports every same-document navigation (pushState, replaceState, back/forward) in one
  // event; browsers without it get popstate plus a light poll for pushState, which fires no event.
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  if (nav) {
    nav.addEventListener('currententrychange', () => onLocationChange());
  } else {
    addEventListener('popstate', () => onLocationChange());
    let last = location.href;
    setInterval(() => {
      if (location.href === last) return;
      last = location.href;
      onLocationChange();
    }, 500);
  }
  onLocationChange();
}

start().catch((error: unknown) => console.error('[Stagecoach] could not start on this site', error));
