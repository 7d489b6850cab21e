/**
 * Everything Stagecoach does on one deal page, loaded only once the detector recognised a deal URL: read the deal
 * from the page as it renders and changes, show the overlay, and tell the worker what was seen.
 * `signal` owns every listener and observer: navigation away aborts it and the page is left as it was.
 */
import { composedContains, seeShadowRootsWith, shadowRoots } from '../crm/dom';
import type { CrmAdapter } from '../crm/types';
import type { DealChecks, DealSnapshot, Playbook } from '../core/types';
import { fitSnapshot } from '../core/snapshot-fit';
import {
  CHANGES_SEEN_KEY,
  MIRROR_NOTICE_KEY,
  MIRROR_PLAYBOOK_KEY,
  OVERLAY_COLLAPSED_KEY,
  mirrorChecksKey,
  mirrorStagePickKey,
  type ChangeNotice,
  type StagePick,
} from '../messages';
import { extensionAlive, openOrClosedShadowRoot, request, storage } from '../platform/content';
import { mirroredChecks, mirroredNotice, mirroredPlaybook, mirroredSeen, mirroredStagePick } from './mirror';
import { createOverlayModel, type OverlayModel } from './model';
import { createRepairedAdapter } from './overrides';
import { renderOverlay } from './overlay/render';
import { traced } from './trace';
import css from './overlay/overlay.css?inline';

const HOST_TAG = 'stagecoach-overlay';
/** Coalesces bursts of field changes (a rep editing several fields) into one record for the worker. */
const REPORT_DELAY_MS = 800;

let previousDeal: { key: string; name: string | null } | null = null;

/**
 * What the overlay needs from the worker's storage mirror, kept for the tab's life: moving from deal to deal then
 * costs no storage round trip (tens of milliseconds on a busy page), only deals new to this tab do. One listener
 * keeps it current and passes changes on to the deal on screen.
 */
const mirror = {
  playbook: undefined as Playbook | null | undefined,
  collapsed: false,
  /** What changed at the playbook's last change, and the notice the rep dismissed (in this tab or any other). */
  notice: null as ChangeNotice | null,
  seenNotice: null as string | null,
  checks: new Map<string, DealChecks>(),
  stagePicks: new Map<string, StagePick | null>(),
  onScreen: null as OnScreen | null,
};

/** The deal on screen: its overlay's model, and what to do when the playbook changes (its repairs may too). */
interface OnScreen {
  key: string;
  model: OverlayModel;
  playbookChanged(): void;
}

function applyMirror(values: Record<string, unknown>): void {
  const playbookChanged = MIRROR_PLAYBOOK_KEY in values;
  if (playbookChanged) mirror.playbook = mirroredPlaybook(values[MIRROR_PLAYBOOK_KEY]);
  if (OVERLAY_COLLAPSED_KEY in values) mirror.collapsed = values[OVERLAY_COLLAPSED_KEY] === true;
  if (MIRROR_NOTICE_KEY in values) mirror.notice = mirroredNotice(values[MIRROR_NOTICE_KEY]);
  if (CHANGES_SEEN_KEY in values) mirror.seenNotice = mirroredSeen(values[CHANGES_SEEN_KEY]);
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(CHECKS_PREFIX)) mirror.checks.set(name.slice(CHECKS_PREFIX.length), mirroredChecks(value));
    if (name.startsWith(PICK_PREFIX)) mirror.stagePicks.set(name.slice(PICK_PREFIX.length), mirroredStagePick(value));
  }
  if (mirror.onScreen) {
    showMirror(mirror.onScreen);
    if (playbookChanged) mirror.onScreen.playbookChanged();
  }
}

/** Puts what the mirror holds for a deal into its overlay's model. */
function showMirror({ key, model }: { key: string; model: OverlayModel }): void {
  model.playbook.value = mirror.playbook ?? null;
  model.collapsed.value = mirror.collapsed;
  model.notice.value = mirror.notice;
  model.seenNotice.value = mirror.seenNotice;
  model.checks.value = mirror.checks.get(key) ?? {};
  model.stagePick.value = mirror.stagePicks.get(key) ?? null;
}

const CHECKS_PREFIX = mirrorChecksKey('');
const PICK_PREFIX = mirrorStagePickKey('');
let mirrorWatched = false;

async function loadMirror(key: string): Promise<void> {
  if (!mirrorWatched) {
    storage.onChanged(applyMirror);
    mirrorWatched = true;
  }
  const missing = [
    // The playbook's notice and its dismissal come with it, in the same read: the first paint waits for nothing more.
    ...(mirror.playbook === undefined ? [MIRROR_PLAYBOOK_KEY, OVERLAY_COLLAPSED_KEY, MIRROR_NOTICE_KEY, CHANGES_SEEN_KEY] : []),
    ...(mirror.checks.has(key) ? [] : [mirrorChecksKey(key)]),
    ...(mirror.stagePicks.has(key) ? [] : [mirrorStagePickKey(key)]),
  ];
  if (missing.length === 0) return;
  const values = await storage.get(missing);
  // Absent keys mean nothing stored yet: remember that too, so the next visit needs no read.
  for (const name of missing) if (!(name in values)) values[name] = undefined;
  applyMirror(values);
}

/** This module's CRM adapter with the active playbook's repairs, kept for the tab's life (see ./overrides.ts). */
let repaired: ReturnType<typeof createRepairedAdapter> | null = null;

export async function showDeal(adapter: CrmAdapter, key: string, signal: AbortSignal): Promise<void> {
  // CRM components may render a deal's parts into closed shadow roots: let every reader see those too.
  seeShadowRootsWith(openOrClosedShadowRoot);
  await loadMirror(key);
  if (signal.aborted) return;

  repaired ??= createRepairedAdapter(adapter);
  repaired.update(mirror.playbook ?? null);
  const model = createOverlayModel({
    request,
    saveCollapsed: (collapsed) => storage.set({ [OVERLAY_COLLAPSED_KEY]: collapsed }),
    saveSeen: (id) => storage.set({ [CHANGES_SEEN_KEY]: id }),
    crmLabel: adapter.label,
    parts: adapter.parts,
    page: { key, url: location.href },
  });
  mirror.onScreen = {
    key,
    model,
    playbookChanged() {
      // New repairs: read the page again with them, whether or not it changed since.
      if (repaired?.update(mirror.playbook ?? null)) {
        lastSignature = undefined;
        update();
      }
    },
  };
  showMirror(mirror.onScreen);
  signal.addEventListener('abort', () => {
    if (mirror.onScreen?.model === model) mirror.onScreen = null;
  });

  const navigatedAt = Date.now();
  const fromDeal = previousDeal;
  const staleViewGraceMs = adapter.staleViewGraceMs ?? 0;
  const mount = createMount(model, signal, () => adapter.keepClear(document));
  const reporter = createReporter(signal);
  let lastSignature: string | null | undefined;
  /** Where a change can alter the deal; null until the deal has been read, when every change is worth a look. */
  let watched: Element[] | null = null;

  // What a read found, shown on the next animation frame: the frame paints it either way, and splitting the work
  // keeps each of our tasks short (reading in the page's mutation task, rendering in the frame).
  let frame = 0;
  let pending: (() => void) | null = null;
  const showNextFrame = (apply: () => void) => {
    pending = apply;
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        const next = pending;
        pending = null;
        if (next && !signal.aborted) traced('show', next);
      });
    }
  };
  signal.addEventListener('abort', () => cancelAnimationFrame(frame));

  const update = () => {
    const url = new URL(location.href);
    const reader = repaired?.current ?? adapter;
    const signature = reader.signature(document, url);
    if (signature === lastSignature) return;
    lastSignature = signature;
    const result = traced('read', () => reader.read(document, url));
    watched = null;
    if (!result.ok) {
      const { failure } = result;
      if (failure.kind === 'unreadable') {
        showNextFrame(() => {
          model.failure.value = failure;
          mount.show();
        });
      }
      return;
    }
    const deal = result.deal;
    if (fromDeal && fromDeal.key !== key && fromDeal.name === deal.name && Date.now() - navigatedAt < staleViewGraceMs) {
      // Still the previous record's view (the adapter says how long its CRM may show it): wait for the new one.
      lastSignature = undefined;
      return;
    }
    for (const warning of result.warnings) console.warn(`[Stagecoach] ${warning}`);
    previousDeal = { key, name: deal.name };
    watched = reader.watched(document);
    observeScope(adapter.observeRoot(document));
    showNextFrame(() => {
      model.failure.value = null;
      model.deal.value = deal;
      mount.show();
      mount.place();
      reporter.report(deal);
    });
  };

  /** Cheap filter: a change matters if it is inside what the deal was read from, hides or removes it, or adds deal parts. */
  const matters = (records: MutationRecord[]): boolean => {
    for (const record of records) {
      const target = record.target;
      if (mount.contains(target)) continue; // our own overlay's renders
      if (!watched) return true;
      // Composed containment: a change inside a field's shadow root is a change of the field list around it.
      for (const element of watched) {
        if (!element.isConnected || composedContains(element, target)) return true;
        if (record.type === 'attributes' && composedContains(target, element)) return true;
      }
      if (record.type === 'childList') {
        for (const node of record.addedNodes) if (node.nodeType === 1 && adapter.mayHoldDeal(node as Element)) return true;
      }
    }
    return false;
  };

  // Markup visibility (src/crm/dom.ts) plus the attributes the adapter reads values from.
  const observedAttributes = ['class', 'hidden', 'style', 'aria-hidden', ...(adapter.watchedAttributes ?? [])];
  const observer = new MutationObserver((records) =>
    traced('mutations', () => {
      observeNewShadowRoots(records);
      return matters(records) && update();
    }),
  );
  const observed: MutationObserverInit = {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: observedAttributes,
  };
  // An observer of the page does not see inside shadow roots, where a CRM on native shadow DOM renders the stage bar
  // and the fields (Salesforce Lightning's move from synthetic shadow). Every shadow root below what is observed is
  // observed as well, and each new one as its host is added; disconnecting forgets them all.
  let observedShadowRoots = new WeakSet<ShadowRoot>();
  const observeShadowRootsIn = (node: ParentNode) => {
    for (const shadow of shadowRoots(node)) {
      if (observedShadowRoots.has(shadow)) continue;
      observedShadowRoots.add(shadow);
      observer.observe(shadow, observed);
    }
  };
  const observeNewShadowRoots = (records: MutationRecord[]) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === 1) observeShadowRootsIn(node as Element);
    }
  };
  // Once the deal is read, observe only the container of the record views; a guard on its parent (and on the body)
  // notices when that container is replaced and goes back to observing the whole page.
  const guard = new MutationObserver(() => {
    if (scope && !scope.isConnected) observeScope(null);
  });
  let scope: Element | null | undefined;
  const observeScope = (root: Element | null) => {
    if (root === scope) return;
    scope = root;
    observer.disconnect();
    guard.disconnect();
    observedShadowRoots = new WeakSet();
    observer.observe(root ?? document.documentElement, observed);
    observeShadowRootsIn(root ?? document.documentElement);
    if (root?.parentNode) guard.observe(root.parentNode, { childList: true });
    if (document.body && root?.parentNode !== document.body) guard.observe(document.body, { childList: true });
  };
  observeScope(null);
  signal.addEventListener('abort', () => {
    observer.disconnect();
    guard.disconnect();
  });
  traced('start', update);
}

let sheet: CSSStyleSheet | null = null;
/** The overlay's styles, parsed once per tab and shared by every deal's shadow root. */
function overlaySheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

/**
 * How the host element itself looks, whatever the page's styles say. An `!important` declaration from inside a
 * shadow root beats every `!important` rule of the page around it, its inline `style` attribute included (CSS
 * Cascade 4, "context"), so no page rule can hide, move, resize or restyle the host; `all` covers every property
 * but `direction` and `unicode-bidi`, set here too. The font is a generic family, which no page `@font-face` can
 * redefine: a page resetting its own fonts (`* { all: unset }` leaves the browser's serif) cannot reach the panel.
 * Page zoom is cancelled through `--sc-unzoom` (createMount's `placed` sheet). The host's `::backdrop`, a box over
 * the whole viewport that a page's `::backdrop` rule for its own dialogs would paint, is never shown, and neither are
 * `::before` and `::after`, which a page could fill with its own text.
 */
const HOST_CSS = `:host {
  all: initial !important; direction: ltr !important; unicode-bidi: isolate !important;
  font-family: system-ui, sans-serif !important; zoom: var(--sc-unzoom, 1) !important;
  display: block !important; position: fixed !important; inset: auto 16px 52px auto !important;
  margin: 0 !important; z-index: 2147483000 !important;
}
:host::backdrop, :host::before, :host::after { display: none !important; content: none !important; }`;
let hostStyles: CSSStyleSheet | null = null;
function hostSheet(): CSSStyleSheet {
  if (!hostStyles) {
    hostStyles = new CSSStyleSheet();
    hostStyles.replaceSync(HOST_CSS);
  }
  return hostStyles;
}

/**
 * The overlay's host element and shadow root, created on first show, removed on abort. The panel keeps below the
 * CRM's own top controls (`keepClear`), so it never covers the stage bar or the record's action buttons.
 *
 * The host is a manual popover, shown in the top layer: above the whole page without a z-index race, and out of
 * reach of the transforms, filters and opacity a page puts on `html` or `body` (which would otherwise move a
 * position:fixed panel with the page, or invert it). A modal dialog the CRM opens later still comes above it.
 *
 * A page that removes the host, or closes its popover, gets it back ONCE per deal shown (each navigation to a deal
 * mounts afresh and may restore once again); done a second time, the page wins and the overlay stays away until the
 * next deal. Restoring without a limit would fight a page that removes it on every insertion in an endless loop.
 * Hiding it by style needs no restoring: the host's styles (HOST_CSS) win over the page's.
 */
function createMount(model: OverlayModel, signal: AbortSignal, keepClear: () => Element | null) {
  let host: HTMLElement | null = null;
  // A ResizeObserver's callback runs after the browser has laid the page out and before it paints, in the same
  // frame: reading where the CRM's controls end costs no extra layout there (getBoundingClientRect in our own task
  // would force one of the whole CRM page), and the panel is painted in its place in the frame that first shows
  // it, not moved in the next one.
  const placement = new ResizeObserver((entries) => {
    const target = entries.at(-1)?.target;
    if (!target || !host) return;
    clearTop = Math.max(0, Math.round(target.getBoundingClientRect().bottom));
    writePlacement();
  });
  let placedBelow: Element | null = null;
  const place = () => {
    unzoom();
    const element = keepClear();
    if (element === placedBelow) return;
    if (placedBelow) placement.unobserve(placedBelow);
    placedBelow = element;
    if (element) placement.observe(element);
  };
  signal.addEventListener('abort', () => placement.disconnect());
  // A resized window moves the controls: observing again reports where they are now, in the next frame.
  addEventListener(
    'resize',
    () => {
      if (!placedBelow) return;
      placement.unobserve(placedBelow);
      placement.observe(placedBelow);
    },
    { passive: true, signal },
  );
  /**
   * CSS `zoom` on `html` or `body` still scales the top layer (its elements inherit their zoom from the DOM): the
   * host cancels the page's zoom, so the panel keeps its size. `currentCSSZoom` exists from Chrome 128 on; before,
   * there is no zoom to read and the panel follows the page's zoom as it did.
   */
  const unzoom = () => {
    const pageZoom = host?.parentElement?.currentCSSZoom;
    if (typeof pageZoom !== 'number' || !(pageZoom > 0) || 1 / pageZoom === unzoomBy) return;
    unzoomBy = 1 / pageZoom;
    writePlacement();
  };
  /**
   * Where the panel clears the CRM's controls and how much it unzooms, in a stylesheet of this mount's shadow root
   * rather than the host's inline style, which the page can rewrite: like HOST_CSS, no page rule reaches it.
   */
  const placed = new CSSStyleSheet();
  let clearTop = 150;
  let unzoomBy = 1;
  const writePlacement = () => placed.replaceSync(`:host { --sc-clear-top: ${clearTop}px !important; --sc-unzoom: ${unzoomBy} !important; }`);

  let restored = false;
  /** Watches the host's ancestors (not the page's subtree: a cheap observer on a busy CRM page) for its removal. */
  const removal = new MutationObserver(() => restore());
  const watchRemoval = () => {
    removal.disconnect();
    for (let node: Node | null = host?.parentNode ?? null; node; node = node.parentNode) removal.observe(node, { childList: true });
  };
  const restore = () => {
    if (!host || signal.aborted) return;
    const shown = host.isConnected && host.matches(':popover-open');
    if (shown) return;
    if (restored) {
      // The second time: the page wins (see above). Stop watching, so nothing of ours runs on its changes.
      removal.disconnect();
      return;
    }
    restored = true;
    if (!host.isConnected) document.documentElement.append(host);
    if (!host.matches(':popover-open')) host.showPopover();
    watchRemoval();
    unzoom();
  };
  let unrender: (() => void) | null = null;
  signal.addEventListener('abort', () => {
    // Before removing the host: our own removal is no removal by the page.
    removal.disconnect();
    unrender?.();
    host?.remove();
    host = null;
  });
  return {
    show() {
      if (host || signal.aborted) return;
      host = document.createElement(HOST_TAG);
      host.popover = 'manual';
      const root = host.attachShadow({ mode: 'open' });
      writePlacement();
      root.adoptedStyleSheets = [hostSheet(), placed, overlaySheet()];
      // Beside the body, not in it: styles a page gives its body (content-visibility, contain, display) and a body
      // replaced wholesale by a single-page app do not take the overlay with them.
      document.documentElement.append(host);
      host.showPopover();
      // Closing the popover (hidePopover(), or the browser closing it) is the page hiding the overlay.
      host.addEventListener('toggle', (event) => event.newState === 'closed' && restore(), { signal });
      watchRemoval();
      unzoom();
      unrender = renderOverlay(model, root);
    },
    place,
    // Node.contains counts the host itself.
    contains: (node: Node) => host !== null && (host.contains(node) || host.shadowRoot?.contains(node) === true),
  };
}

/**
 * Tells the worker about the deal: right after the overlay's first paint (waking a stopped worker competes with
 * that paint for the CPU), then after changes settle.
 */
function createReporter(signal: AbortSignal) {
  let sent: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer));
  const send = (deal: DealSnapshot) => {
    const body = JSON.stringify(deal);
    if (body === sent || signal.aborted) return;
    sent = body;
    request('deal/seen', { deal: fitSnapshot(deal) }).catch((error: unknown) => {
      // Torn down meanwhile (left the deal, or the extension was updated), or about to be (the extension went away
      // with this message in flight; the new version's script takes over): nothing to retry, nobody to tell.
      if (signal.aborted || !extensionAlive()) return;
      sent = null;
      console.warn('[Stagecoach] could not record this deal (retried on its next change)', error);
    });
  };
  return {
    /** Called from the frame that shows the deal: a zero timeout runs after that frame is painted. */
    report(deal: DealSnapshot) {
      clearTimeout(timer);
      timer = setTimeout(() => send(deal), sent === null ? 0 : REPORT_DELAY_MS);
    },
  };
}
