/**
 * The extension APIs a content script uses, on the browser's own promise-based namespace (`browser` in Firefox,
 * `chrome` in Chromium's Manifest V3). Content scripts load on every CRM page, so they skip webextension-polyfill
 * (3 KB gzipped): every call here already returns a promise natively. Extension pages and the worker use
 * ./index.ts, which keeps the polyfill.
 */
import { createClient, type Message } from '../messages';

interface StorageChange {
  newValue?: unknown;
}

interface ContentApi {
  /** Chromium only (88+): closed shadow roots, for content scripts. */
  dom?: { openOrClosedShadowRoot(element: HTMLElement): ShadowRoot | null };
  runtime: { id?: string; sendMessage(message: unknown): Promise<unknown>; getURL(path: string): string };
  storage: {
    local: { get(keys: string[]): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    onChanged: {
      addListener(listener: (changes: Record<string, StorageChange>, area: string) => void): void;
      removeListener(listener: (changes: Record<string, StorageChange>, area: string) => void): void;
    };
  };
}

const api = ((globalThis as { browser?: ContentApi }).browser ?? (globalThis as unknown as { chrome: ContentApi }).chrome) as ContentApi;

/**
 * Whether the extension this script belongs to still runs. After an update, a reload or a removal, the script of the
 * old version stays in the page with its extension gone: `runtime.id` is then undefined and every extension call
 * throws "Extension context invalidated".
 */
export function extensionAlive(): boolean {
  try {
    return typeof api.runtime?.id === 'string';
  } catch {
    return false;
  }
}

let orphaned: () => void = () => {};

/**
 * Calls `listener` when an extension call finds the extension gone (see extensionAlive): the content script's owner
 * tears everything down then, instead of each caller meeting the same error on every later change of the page.
 */
export function onOrphaned(listener: () => void): void {
  orphaned = listener;
}

/** Runs an extension call, or, with the extension gone, tears the script down and fails in words a person reads. */
function live<T>(call: () => Promise<T>): Promise<T> {
  if (extensionAlive()) return call();
  orphaned();
  return Promise.reject(new Error('Stagecoach was updated or reloaded: this page now runs the new version.'));
}

/** The URL of one of the extension's own files, e.g. a module the content script imports. */
export const extensionUrl = (path: string): string => api.runtime.getURL(path);

/** The worker client. */
export const request = createClient((message: Message) => live(() => api.runtime.sendMessage(message)));

export const storage = {
  get: (keys: string[]): Promise<Record<string, unknown>> => live(() => api.storage.local.get(keys)),
  set: (items: Record<string, unknown>): Promise<void> => live(() => api.storage.local.set(items)),
  /** Calls `listener` with the changed keys' new values (undefined when removed); returns the undo. */
  onChanged(listener: (changes: Record<string, unknown>) => void): () => void {
    const wrapped = (changes: Record<string, StorageChange>, area: string) => {
      if (area !== 'local') return;
      const values: Record<string, unknown> = {};
      for (const [key, change] of Object.entries(changes)) values[key] = change.newValue;
      listener(values);
    };
    api.storage.onChanged.addListener(wrapped);
    return () => api.storage.onChanged.removeListener(wrapped);
  },
};

/**
 * The shadow root of `host`, open or closed: CRMs moving to native shadow DOM (Salesforce Lightning) may render a
 * deal's fields into closed roots the page's own `element.shadowRoot` cannot see. Chromium gives content scripts
 * `chrome.dom.openOrClosedShadowRoot`; Firefox exposes `openOrClosedShadowRoot` on the element itself.
 */
export function openOrClosedShadowRoot(host: Element): ShadowRoot | null {
  if (host.shadowRoot) return host.shadowRoot;
  // Component frameworks render into custom elements only (a hyphen in the name): asking the browser about every
  // plain element would cost a call into the extension API per element of the page.
  if (!host.localName.includes('-')) return null;
  if (api.dom) return api.dom.openOrClosedShadowRoot(host as HTMLElement);
  return (host as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
}
