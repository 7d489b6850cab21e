/**
 * The extension APIs of the worker and the extension pages, through webextension-polyfill: with ./content.ts (the
 * lean subset content scripts use) the only code that touches browser APIs, so the rest stays testable and
 * portable. Everything it exports is a thin, typed wrapper.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { createClient, type Message } from '../messages';

export type { Runtime };

/** The worker client used by content scripts and extension pages. */
export const request = createClient((message: Message) => browser.runtime.sendMessage(message));

export const storage = {
  get: (keys: string[]): Promise<Record<string, unknown>> => browser.storage.local.get(keys),
  set: (items: Record<string, unknown>): Promise<void> => browser.storage.local.set(items),
  remove: (keys: string[]): Promise<void> => browser.storage.local.remove(keys),
  /** Calls `listener` with the changed keys' new values (undefined when removed); returns the undo. */
  onChanged(listener: (changes: Record<string, unknown>) => void): () => void {
    const wrapped = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      const values: Record<string, unknown> = {};
      for (const [key, change] of Object.entries(changes)) values[key] = change.newValue;
      listener(values);
    };
    browser.storage.onChanged.addListener(wrapped);
    return () => browser.storage.onChanged.removeListener(wrapped);
  },
};

export const runtime = {
  id: (): string => browser.runtime.id,
  /** The origin of the extension's own pages, e.g. `chrome-extension://abc…`. */
  origin: (): string => new URL(browser.runtime.getURL('/')).origin,
  getURL: (path: string): string => browser.runtime.getURL(path),
  openOptionsPage: (): Promise<void> => browser.runtime.openOptionsPage(),
  manifestVersion: (): string => browser.runtime.getManifest().version,
  /** The listener's promise is the reply. Register at the worker's top level so a waking message is not missed. */
  onMessage(listener: (message: unknown, sender: Runtime.MessageSender) => Promise<unknown>): void {
    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => listener(message, sender));
  },
  onInstalled(listener: () => void): void {
    browser.runtime.onInstalled.addListener(listener);
  },
};

export const tabs = {
  open: (url: string): Promise<unknown> => browser.tabs.create({ url }),
};
