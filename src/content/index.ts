/**
 * The content script's entry: a tiny detector that runs on every CRM page, built as a classic script (no module
 * loader). It recognises deal pages and list pages (list views, boards) from the URL alone and loads, as one module
 * per CRM, the overlay on deal pages and the list reader on list pages; single-page navigation (pushState,
 * back/forward) is followed without a reload, and leaving a page tears down what was started for it.
 *
 * After an update or reload of the extension, the old version's detector leaves the page to the new one (./lifetime.ts):
 * its overlay or list reader removed, nothing of it left to throw.
 */
import { CRMS, recogniseDeal } from '../crm/registry';
import { extensionUrl } from '../platform/content';
import type { DealPageModule } from './crm-page';
import { dealPageFile, listPageFile } from './files';
import { startLifetime } from './lifetime';
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

const started = startLifetime('detector', {
  navigated: () => traced('navigate', onLocationChange),
  // Leaves the page as it was: the page's overlay or list reader (the detector's own listeners went with the signal).
  stop: () => {
    current?.controller.abort();
    current = null;
  },
});
// The page it starts on; a second copy in this world (null) leaves the page to the first.
if (started) traced('navigate', onLocationChange);
