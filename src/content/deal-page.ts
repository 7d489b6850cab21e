/**
 * Everything Stagecoach does on one deal page, loaded only once the detector recognised a deal URL: read the deal
 * from the page as it renders and changes, show the overlay, and tell the worker what was seen.
 * `signal` owns every listener and observer: navigation away aborts it and the page is left as it was.
 */
import type { CrmEntry } from '../crm/registry';
import type { DealChecks, DealSnapshot, Playbook } from '../core/types';
import { MIRROR_PLAYBOOK_KEY, OVERLAY_COLLAPSED_KEY, mirrorChecksKey } from '../messages';
import { request, storage } from '../platform/content';
import { createOverlayModel, type OverlayModel } from './model';
import { renderOverlay } from './overlay/render';
import { traced } from './trace';
import css from './overlay/overlay.css?inline';

export const HOST_TAG = 'stagecoach-overlay';
/** After a record-to-record navigation the previous record's view can stay visible for a moment. */
const STALE_VIEW_GRACE_MS = 3000;
/** Coalesces bursts of field changes (a rep editing several fields) into one record for the worker. */
const REPORT_DELAY_MS = 800;

let previousDeal: { key: string; name: string | null } | null = null;

export async function showDeal(crm: CrmEntry, key: string, signal: AbortSignal): Promise<void> {
  const [adapter, stored] = await Promise.all([
    crm.load(),
    storage.get([MIRROR_PLAYBOOK_KEY, mirrorChecksKey(key), OVERLAY_COLLAPSED_KEY]),
  ]);
  if (signal.aborted) return;

  const model = createOverlayModel({
    request,
    saveCollapsed: (collapsed) => storage.set({ [OVERLAY_COLLAPSED_KEY]: collapsed }),
  });
  applyStored(model, key, stored);
  const stopStorage = storage.onChanged((changes) => applyStored(model, key, changes));
  signal.addEventListener('abort', stopStorage);

  const navigatedAt = Date.now();
  const fromDeal = previousDeal;
  const mount = createMount(model, signal, () => adapter.keepClear(document));
  const reporter = createReporter(signal);
  let lastSignature: string | null | undefined;
  /** Where a change can alter the deal; null until the deal has been read, when every change is worth a look. */
  let watched: Element[] | null = null;

  const update = () => {
    const url = new URL(location.href);
    const signature = adapter.signature(document, url);
    if (signature === lastSignature) return;
    lastSignature = signature;
    const result = traced('read', () => adapter.read(document, url));
    watched = null;
    if (!result.ok) {
      if (result.failure.kind === 'unreadable') {
        model.failure.value = result.failure;
        mount.show();
      }
      return;
    }
    const deal = result.deal;
    if (fromDeal && fromDeal.key !== key && fromDeal.name === deal.name && Date.now() - navigatedAt < STALE_VIEW_GRACE_MS) {
      // Still the previous record's view: wait for the new one to render.
      lastSignature = undefined;
      return;
    }
    for (const warning of result.warnings) console.warn(`[Stagecoach] ${warning}`);
    model.failure.value = null;
    model.deal.value = deal;
    previousDeal = { key, name: deal.name };
    watched = adapter.watched(document);
    mount.show();
    mount.fit();
    reporter.report(deal);
  };

  /** Cheap filter: a change matters if it is inside what the deal was read from, hides or removes it, or adds deal parts. */
  const matters = (records: MutationRecord[]): boolean => {
    for (const record of records) {
      const target = record.target;
      if (mount.contains(target)) continue; // our own overlay's renders
      if (!watched) return true;
      for (const element of watched) {
        if (!element.isConnected || element.contains(target)) return true;
        if (record.type === 'attributes' && target.contains(element)) return true;
      }
      if (record.type === 'childList') {
        for (const node of record.addedNodes) if (node.nodeType === 1 && adapter.mayHoldDeal(node as Element)) return true;
      }
    }
    return false;
  };

  const observer = new MutationObserver((records) => traced('mutations', () => matters(records) && update()));
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['class', 'hidden', 'style', 'aria-hidden', 'data-name', 'title'],
  });
  signal.addEventListener('abort', () => observer.disconnect());
  traced('start', update);
}

function applyStored(model: OverlayModel, key: string, values: Record<string, unknown>): void {
  if (MIRROR_PLAYBOOK_KEY in values) model.playbook.value = (values[MIRROR_PLAYBOOK_KEY] as Playbook | undefined) ?? null;
  const checksKey = mirrorChecksKey(key);
  if (checksKey in values) model.checks.value = (values[checksKey] as DealChecks | undefined) ?? {};
  if (OVERLAY_COLLAPSED_KEY in values) model.collapsed.value = values[OVERLAY_COLLAPSED_KEY] === true;
}

/**
 * The overlay's host element and shadow root, created on first show, removed on abort. The panel keeps below the
 * CRM's own top controls (`keepClear`), so it never covers the stage bar or the record's action buttons.
 */
function createMount(model: OverlayModel, signal: AbortSignal, keepClear: () => Element | null) {
  let host: HTMLElement | null = null;
  let frame = 0;
  const fit = () => {
    frame = 0;
    const bottom = keepClear()?.getBoundingClientRect().bottom;
    host?.style.setProperty('--sc-clear-top', `${Math.max(0, Math.round(bottom ?? 0))}px`);
  };
  const scheduleFit = () => {
    if (host && !frame) frame = requestAnimationFrame(fit);
  };
  addEventListener('resize', scheduleFit, { passive: true, signal });
  signal.addEventListener('abort', () => cancelAnimationFrame(frame));
  let unrender: (() => void) | null = null;
  signal.addEventListener('abort', () => {
    unrender?.();
    host?.remove();
    host = null;
  });
  return {
    show() {
      if (host || signal.aborted) return;
      host = document.createElement(HOST_TAG);
      // Inline !important beats any page rule that could reach the host; inside, the shadow root isolates the rest.
      host.style.cssText =
        'all: initial !important; display: block !important; position: fixed !important; right: 16px !important;' +
        ' bottom: 52px !important; z-index: 2147483000 !important;';
      const root = host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      document.body.append(host);
      fit();
      unrender = renderOverlay(model, root);
    },
    fit: scheduleFit,
    contains: (node: Node) => host !== null && (node === host || host.contains(node) || host.shadowRoot?.contains(node) === true),
  };
}

/** Tells the worker about the deal: at once the first time, then after changes settle. */
function createReporter(signal: AbortSignal) {
  let sent: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer));
  const send = (deal: DealSnapshot) => {
    const body = JSON.stringify(deal);
    if (body === sent || signal.aborted) return;
    sent = body;
    request('deal/seen', { deal }).catch((error: unknown) => {
      sent = null;
      console.warn('[Stagecoach] could not record this deal; it will be retried on the next change', error);
    });
  };
  return {
    report(deal: DealSnapshot) {
      clearTimeout(timer);
      if (sent === null) send(deal);
      else timer = setTimeout(() => send(deal), REPORT_DELAY_MS);
    },
  };
}
