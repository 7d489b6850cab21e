/**
 * The content script's entry: a tiny detector that runs on every CRM page, built as a classic script (no module
 * loader). It recognises deal pages and list pages (list views, boards) from the URL alone and loads, as one module
 * per CRM, the overlay on deal pages and the list reader on list pages; single-page navigation (pushState,
 * back/forward) is followed without a reload, and leaving a page tears down what was started for it.
 *
 * An update or reload of the extension leaves this script in the page, cut off from the extension; the worker then
 * starts the new version's detector in the same tab (src/background/index.ts). The new one announces itself with a
 * DOM event, which the old one hears from its own world: finding its extension gone, it removes its overlay and stops
 * every listener, observer and timer, so the tab has one working overlay and no script left to throw.
 */
import { CRMS, recogniseDeal } from '../crm/registry';
import { extensionAlive, extensionUrl, onOrphaned } from '../platform/content';
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

/** The DOM event a detector sends as it starts; content scripts of every version and world hear it. */
const STARTED_EVENT = 'stagecoach:detector-started';
/** Set in this script's world once a detector runs there: injected twice into one world, the second one stays idle. */
const RUNNING = Symbol.for('stagecoach.detector');

function run(): void {
  // Every listener and timer of this detector, for one teardown.
  const lifetime = new AbortController();
  const { signal } = lifetime;
  /** Leaves the page as it was: the page's overlay or list reader, then this detector's own listeners. */
  const stop = () => {
    current?.controller.abort();
    current = null;
    lifetime.abort();
  };
  onOrphaned(stop);

  const onNavigate = () => {
    if (extensionAlive()) traced('navigate', onLocationChange);
    else stop();
  };
  // The Navigation API reports every same-document navigation (pushState, replaceState, back/forward) in one event;
  // older browsers fall back to popstate plus a light URL poll for pushState, which fires no event.
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  if (nav) {
    nav.addEventListener('currententrychange', onNavigate, { signal });
  } else {
    addEventListener('popstate', onNavigate, { signal });
    let last = location.href;
    const poll = setInterval(() => {
      if (location.href !== last) {
        last = location.href;
        onNavigate();
      }
    }, 500);
    signal.addEventListener('abort', () => clearInterval(poll));
  }
  // Another detector started in this tab: this one goes if its own extension is gone. One still connected to the
  // extension hears the event too (its own, sent before listening, is not among them) and stays.
  document.dispatchEvent(new CustomEvent(STARTED_EVENT));
  document.addEventListener(
    STARTED_EVENT,
    () => {
      if (!extensionAlive()) stop();
    },
    { signal },
  );
  onNavigate();
}

const world = globalThis as { [RUNNING]?: true };
if (!world[RUNNING]) {
  world[RUNNING] = true;
  run();
}
