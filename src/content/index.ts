/**
 * The content script's entry: a tiny detector that runs on every CRM page. It recognises deal pages from the URL
 * alone and loads the overlay only there; single-page navigation (pushState, back/forward) is followed without
 * a reload, and leaving a deal tears its overlay down.
 */
import { recogniseDeal } from '../crm/registry';
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
  // The overlay and the CRM's adapter load side by side: each hop to the extension's files costs a round trip.
  Promise.all([import('./deal-page'), deal.crm.load()])
    .then(([page, adapter]) => page.showDeal(adapter, deal.key, controller.signal))
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
