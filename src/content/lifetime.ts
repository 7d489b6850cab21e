/**
 * A content script's life in a page, the same for the CRM detector (./index.ts) and the configured sites' script
 * (./site.ts): it follows the page's in-app navigation, and it leaves once its extension is gone.
 *
 * An update or reload of the extension leaves each content script of the old version in its page, cut off from the
 * extension; the worker then starts the new version's scripts in the open tabs (src/background/index.ts). The new one
 * announces itself with a DOM event, which the old one hears from its own world: finding its extension gone, it
 * removes its overlay and stops every listener, observer and timer, so the tab has one working overlay and no script
 * left to throw "Extension context invalidated". An old script that misses the event (it started after it) leaves at
 * its next navigation or its next extension call instead.
 */
import { extensionAlive, onOrphaned } from '../platform/content';

/**
 * The DOM event a content script sends as it starts; content scripts of every version and world hear it. Named after
 * the detector, which sent it first: versions already installed listen for this name, and must still hear a newer
 * version start.
 */
const STARTED_EVENT = 'stagecoach:detector-started';

/** What a content script does as the page changes under it. */
export interface ContentScript {
  /** The page moved to another address without loading (pushState, replaceState, back/forward), the extension alive. */
  navigated(): void;
  /** The extension is gone: leave the page as it was (the overlay removed). Called once, after `signal` aborted. */
  stop(): void;
}

/**
 * Starts the life of the script `name` in this world and returns the signal that aborts when it leaves: the script
 * hangs every listener, observer and timer of its own on it. Null when this world already runs `name`: a script
 * injected twice into one world (registered by the browser and injected by the worker into a tab that loaded in
 * between) stays idle the second time, so the page never gets two overlays from one version.
 */
export function startLifetime(name: string, script: ContentScript): AbortSignal | null {
  const running = Symbol.for(`stagecoach.${name}`);
  const world = globalThis as { [key: symbol]: true | undefined };
  if (world[running]) return null;
  world[running] = true;

  const lifetime = new AbortController();
  const { signal } = lifetime;
  const stop = () => {
    if (signal.aborted) return;
    lifetime.abort();
    script.stop();
  };
  onOrphaned(stop);

  const onNavigate = () => {
    if (extensionAlive()) script.navigated();
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
      if (location.href === last) return;
      last = location.href;
      onNavigate();
    }, 500);
    signal.addEventListener('abort', () => clearInterval(poll));
  }
  // Another script started in this tab: this one goes if its own extension is gone. One still connected to the
  // extension hears the event too (its own, sent before listening, is not among them) and stays.
  document.dispatchEvent(new CustomEvent(STARTED_EVENT));
  document.addEventListener(
    STARTED_EVENT,
    () => {
      if (!extensionAlive()) stop();
    },
    { signal },
  );
  return signal;
}
