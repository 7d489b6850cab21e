/**
 * The extension APIs of the worker and the extension pages, through webextension-polyfill: with ./content.ts (the
 * lean subset content scripts use) the only code that touches browser APIs, so the rest stays testable and
 * portable. Everything it exports is a thin, typed wrapper.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { createClient, type Message } from '../messages';

export type { Runtime };

/** The worker client used by the extension pages. */
export const request = createClient((message: Message) => browser.runtime.sendMessage(message));

/** The worker writes the storage mirror; content scripts read it through ./content.ts. */
export const storage = {
  all: (): Promise<Record<string, unknown>> => browser.storage.local.get(null),
  set: (items: Record<string, unknown>): Promise<void> => browser.storage.local.set(items),
  remove: (keys: string[]): Promise<void> => browser.storage.local.remove(keys),
};

export const runtime = {
  id: (): string => browser.runtime.id,
  /** The origin of the extension's own pages, e.g. `chrome-extension://abc…`. */
  origin: (): string => new URL(browser.runtime.getURL('/')).origin,
  openOptionsPage: (): Promise<void> => browser.runtime.openOptionsPage(),
  /** The listener's promise is the reply. Register at the worker's top level so a waking message is not missed. */
  onMessage(listener: (message: unknown, sender: Runtime.MessageSender) => Promise<unknown>): void {
    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => listener(message, sender));
  },
  onInstalled(listener: () => void): void {
    browser.runtime.onInstalled.addListener(listener);
  },
  /** A browser profile started: the worker gets no onInstalled then. */
  onStartup(listener: () => void): void {
    browser.runtime.onStartup.addListener(listener);
  },
};
