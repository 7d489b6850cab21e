/**
 * The content script's entry: a tiny detector that runs on every CRM page, built as a classic script (no module
 * loader). It recognises deal pages and list pages (list views, boards) from the URL alone and loads, as one module
 * per CRM, the overlay on deal pages and the list reader on list pages; single-page navigation (pushState,
 * back/forward) is followed without a reload, and leaving a page tears down what was started for it.
 */
import { CRMS, recogniseDeal } from '../crm/registry';
import { extensionUrl } from '../platform/content';
import type { DealPageModule } from './crm-page';
import { dealPageFile, listPageFile } from './files';
import type { ListPageModule } from './list-page';
import { traced } from './trace';

let current: { key: string; controller: AbortController } | null = null;

/** What the URL shows: a deal (its key), a CRM's list page (one per address: another filter is another list), or nothing of ours. */
function pageOf(url: URL): { key: string; start(signal: AbortSignal): Promise<void> } | null {
  const deal = recogniseDeal(url);
  if (deal) {
    return {
      key: deal.key,
      // One self-contained module with the overlay and the CRM's adapter: one fetch and compile, no chain of imports.
      start: (signal) =>
        (import(/* @vite-ignore */ extensionUrl(dealPageFile(deal.crm.id))) as Promise<DealPageModule>)
          .then((page) => page.start(deal.key, signal))
          .catch((error: unknown) => console.error('[Stagecoach] could not start on this deal page', error)),
    };
  }
  const crm = CRMS.find((entry) => entry.listPage?.(url) === true);
  if (!crm) return null;
  return {
    key: `list:${crm.id}:${url.origin}${url.pathname}${url.search}`,
    start: (signal) =>
      (import(/* @vite-ignore */ extensionUrl(listPageFile(crm.id))) as Promise<ListPageModule>)
        .then((page) => page.start(signal))
        .catch((error: unknown) => console.error('[Stagecoach] could not read the deals of this list', error)),
  };
}

function onLocationChange(): void {
  const page = pageOf(new URL(location.href));
  if (page?.key === current?.key) return;
  current?.controller.abort();
  current = null;
  if (!page) return;
  const controller = new AbortController();
  current = { key: page.key, controller };
  void page.start(controller.signal);
}

// The Navigation API reports every same-document navigation (pushState, replaceState, back/forward) in one event;
// older browsers fall back to popstate plus a light URL poll for pushState, which fires no event.
const nav = (globalThis as { navigation?: EventTarget }).navigation;
const onNavigate = () => traced('navigate', onLocationChange);
if (nav) {
  nav.addEventListener('currententrychange', onNavigate);
} else {
  addEventListener('popstate', onNavigate);
  let last = location.href;
  setInterval(() => {
    if (location.href !== last) {
      last = location.href;
      onNavigate();
    }
  }, 500);
}
onNavigate();
