/**
 * The content script's entry: a tiny detector that runs on every CRM page, built as a classic script (no module
 * loader). It recognises deal pages from the URL alone and loads the overlay only there, as one module per CRM;
 * single-page navigation (pushState, back/forward) is followed without a reload, and leaving a deal tears its
 * overlay down.
 */
import { recogniseDeal } from '../crm/registry';
import { extensionUrl } from '../platform/content';
import type { DealPageModule } from './crm-page';
import { dealPageFile } from './files';
import { traced } from './trace';

let current: { key: string; controller: AbortController } | null = null;

function onLocationChange(): void {
  const deal = recogniseDeal(new URL(location.href));
  if (deal?.key === current?.key) return;
  current?.controller.abort();
  current = null;
  if (!deal) return;
  const controller = new AbortController();
  current = { key: deal.key, controller };
  // One self-contained module with the overlay and the CRM's adapter: one fetch and compile, no chain of imports.
  (import(/* @vite-ignore */ extensionUrl(dealPageFile(deal.crm.id))) as Promise<DealPageModule>)
    .then((page) => page.start(deal.key, controller.signal))
    .catch((error: unknown) => console.error('[Stagecoach] could not start on this deal page', error));
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
