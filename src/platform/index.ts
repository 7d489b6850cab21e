/**
 * The extension APIs of the worker and the extension pages, through webextension-polyfill: with ./content.ts (the
 * lean subset content scripts use) the only code that touches browser APIs, so the rest stays testable and
 * portable. Everything it exports is a thin, typed wrapper.
 */
import browser from 'webextension-polyfill';
import type { Manifest, Runtime, Storage } from 'webextension-polyfill';
import { createClient, type Message } from '../messages';

export type { Runtime };

/** The worker client used by the extension pages. */
export const request = createClient((message: Message) => browser.runtime.sendMessage(message));

/**
 * The worker writes the storage mirror; content scripts read it through ./content.ts. The popup writes and follows the
 * rep's dismissal of the "what changed" notice.
 */
export const storage = {
  all: (): Promise<Record<string, unknown>> => browser.storage.local.get(null),
  get: (keys: string[]): Promise<Record<string, unknown>> => browser.storage.local.get(keys),
  set: (items: Record<string, unknown>): Promise<void> => browser.storage.local.set(items),
  remove: (keys: string[]): Promise<void> => browser.storage.local.remove(keys),
  /** Calls `listener` with the changed keys' new values (undefined when removed); returns the undo. */
  onChanged(listener: (changes: Record<string, unknown>) => void): () => void {
    const wrapped = (changes: Record<string, Storage.StorageChange>, area: string) => {
      if (area !== 'local') return;
      listener(Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.newValue])));
    };
    browser.storage.onChanged.addListener(wrapped);
    return () => browser.storage.onChanged.removeListener(wrapped);
  },
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
  /** Installed, updated or reloaded (also a browser update). */
  onInstalled(listener: () => void): void {
    browser.runtime.onInstalled.addListener(listener);
  },
  /** The content scripts the manifest declares: where each runs and its files. */
  contentScripts: (): { matches: string[]; js: string[] }[] =>
    (browser.runtime.getManifest().content_scripts ?? []).map((script) => ({ matches: script.matches ?? [], js: script.js ?? [] })),
  /** A browser profile started: the worker gets no onInstalled then. */
  onStartup(listener: () => void): void {
    browser.runtime.onStartup.addListener(listener);
  },
};

/**
 * Host permissions for configured sites: asked for one site at a time when an admin adds it (the manifest asks for
 * none at install, only `optional_host_permissions`), given back when the site is removed.
 */
export const permissions = {
  /** Must be called in the click that asks (a user gesture), before anything is awaited. Resolves to whether granted. */
  request: (origins: string[]): Promise<boolean> => browser.permissions.request({ origins }),
  remove: (origins: string[]): Promise<boolean> => browser.permissions.remove({ origins }),
  contains: (origins: string[]): Promise<boolean> => browser.permissions.contains({ origins }),
  /** Host permissions were granted or taken back (also from the browser's own extension settings). */
  onChanged(listener: () => void): void {
    browser.permissions.onAdded.addListener(listener);
    browser.permissions.onRemoved.addListener(listener);
  },
};

/** Optional API permissions with origins, together (CRM sync asks for `cookies` and its org's API origin at once). */
export interface Needs {
  permissions: string[];
  origins: string[];
}

const asPermissions = (needs: Needs) => ({
  // Only names the manifest lists under optional_permissions are asked for; the browser refuses any other.
  permissions: needs.permissions as Manifest.OptionalPermission[],
  origins: needs.origins,
});

/** Optional permissions and origins, for CRM sync: asked in the click that switches an org on, given back when off. */
export const access = {
  /** Must be called in the click that asks (a user gesture), before anything is awaited. Resolves to whether granted. */
  request: (needs: Needs): Promise<boolean> => browser.permissions.request(asPermissions(needs)),
  contains: (needs: Needs): Promise<boolean> => browser.permissions.contains(asPermissions(needs)),
  remove: async (needs: Needs): Promise<void> => {
    await browser.permissions.remove(asPermissions(needs));
  },
};

/** Cookies, with the optional `cookies` permission: CRM sync reads the session of the org the rep is signed in to. */
export const cookies = {
  /** The cookie `name`'s value for `url`; null when there is none, or the permission or the host's access is missing. */
  async value(url: string, name: string): Promise<string | null> {
    // Without the permission the API is absent altogether; without the host's access the browser rejects the read.
    if (!browser.cookies) return null;
    try {
      return (await browser.cookies.get({ url, name }))?.value ?? null;
    } catch {
      return null;
    }
  },
};

/** A content script the worker registered at run time (configured sites), as the registry of scripts keeps it. */
export interface DynamicScript {
  id: string;
  matches: string[];
  js: string[];
}

/** Content scripts registered at run time, kept by the browser across sessions. */
export const scripting = {
  registered: async (): Promise<DynamicScript[]> =>
    (await browser.scripting.getRegisteredContentScripts()).map((script) => ({
      id: script.id,
      matches: script.matches ?? [],
      js: script.js ?? [],
    })),
  register: (scripts: DynamicScript[]): Promise<void> =>
    browser.scripting.registerContentScripts(
      scripts.map((script) => ({ ...script, runAt: 'document_idle', allFrames: false, persistAcrossSessions: true })),
    ),
  unregister: (ids: string[]): Promise<void> => browser.scripting.unregisterContentScripts({ ids }),
  /**
   * Runs the extension's script `file` in a tab's top frame, as a content script: after an update or reload, the tabs
   * open before it get the new version without being reloaded. Needs host access to the tab's page.
   */
  inject: async (tabId: number, file: string): Promise<void> => {
    await browser.scripting.executeScript({ target: { tabId }, files: [file] });
  },
  /**
   * Runs `func` in a tab's top frame and resolves to what it returned (awaited when it is a promise). `func` is sent
   * as source text: it must use nothing from its closure.
   */
  async run<A extends unknown[], R>(tabId: number, func: (...args: A) => R | Promise<R>, args: A): Promise<R | undefined> {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func, args });
    return result?.result as R | undefined;
  },
};

/** The tabs of one origin pattern, to pick a deal part on a page of a configured site. */
export const tabs = {
  /** Open tabs whose URL fits `pattern` (only those the extension has host permission for are reported). */
  matching: async (pattern: string): Promise<{ id: number; url: string; title: string }[]> =>
    (await browser.tabs.query({ url: pattern })).flatMap((tab) =>
      typeof tab.id === 'number' ? [{ id: tab.id, url: tab.url ?? '', title: tab.title ?? '' }] : [],
    ),
  /** Brings a tab and its window to the front. */
  async show(tabId: number): Promise<void> {
    const tab = await browser.tabs.update(tabId, { active: true });
    if (typeof tab.windowId === 'number') await browser.windows.update(tab.windowId, { focused: true });
  },
  /** Every open tab whose address the extension may read (those of its hosts), with that address. */
  readable: async (): Promise<{ id: number; url: string }[]> =>
    (await browser.tabs.query({})).flatMap((tab) => (typeof tab.id === 'number' && tab.url ? [{ id: tab.id, url: tab.url }] : [])),
  current: async (): Promise<number | null> => (await browser.tabs.getCurrent())?.id ?? null,
  /**
   * Tab `tabId`, or null when it was closed. Its `url` is null when hidden: without the "tabs" permission Chrome tells
   * a tab's address only on sites the extension has host access to.
   */
  get: async (tabId: number): Promise<{ url: string | null } | null> => {
    try {
      return { url: (await browser.tabs.get(tabId)).url ?? null };
    } catch {
      // "No tab with id": it was closed since.
      return null;
    }
  },
  /** Opens `url` in a new tab in front. */
  open: async (url: string): Promise<void> => {
    await browser.tabs.create({ url, active: true });
  },
};

/** Values kept for the browser session only (storage.session): the worker's memory survives its restarts. */
export const session = {
  get: async (key: string): Promise<unknown> => (await browser.storage.session.get(key))[key],
  set: (key: string, value: unknown): Promise<void> => browser.storage.session.set({ [key]: value }),
  /** Calls `listener` when `key` is set anew. */
  onChanged(key: string, listener: () => void): void {
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'session' && key in changes) listener();
    });
  },
};

/** The toolbar icon's badge. */
export const badge = {
  /** Shows `text` on the icon (empty: no badge) in `color` (a CSS colour), and `title` as the icon's tooltip. */
  async set(text: string, color: string, title: string): Promise<void> {
    await Promise.all([
      browser.action.setBadgeText({ text }),
      browser.action.setBadgeBackgroundColor({ color }),
      browser.action.setTitle({ title }),
    ]);
  },
};

/**
 * What the organization set by policy (public/managed_schema.json; Chrome's `3rdparty` extension policy, Firefox's
 * policies.json). Read-only: only admins write it. Parse the values with src/background/policy.ts.
 */
export const managed = {
  /**
   * Every value the policy sets; `{}` when it sets none. Firefox rejects the read when no policy names the extension
   * ("Managed storage manifest not found"): that is no policy, not a fault. Any other failure is logged and read as no
   * policy too, so the worker keeps serving the playbook it has rather than stopping on a value it cannot see.
   */
  all: async (): Promise<Record<string, unknown>> => {
    try {
      return await browser.storage.managed.get(null);
    } catch (error) {
      if (!String(error).includes('Managed storage manifest not found')) {
        console.warn('[Stagecoach] could not read the policy your organization set; working as if none is set', error);
      }
      return {};
    }
  },
  /** The policy changed (Chrome applies a changed policy file within seconds, with no restart): read all() again. */
  onChanged(listener: () => void): void {
    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed') listener();
    });
  },
};

/** Timers that outlive the worker (chrome.alarms): the team URL's scheduled checks. */
export const alarms = {
  /** Create or replace the repeating alarm `name`, first due after `minutes`. */
  every: async (name: string, minutes: number, firstInMinutes: number): Promise<void> => {
    await browser.alarms.create(name, { periodInMinutes: minutes, delayInMinutes: firstInMinutes });
  },
  get: async (name: string): Promise<{ scheduledTime: number; periodInMinutes: number | null } | null> => {
    const alarm = await browser.alarms.get(name);
    return alarm ? { scheduledTime: alarm.scheduledTime, periodInMinutes: alarm.periodInMinutes ?? null } : null;
  },
  clear: async (name: string): Promise<void> => {
    await browser.alarms.clear(name);
  },
  onAlarm(listener: (name: string) => void): void {
    browser.alarms.onAlarm.addListener((alarm) => listener(alarm.name));
  },
};
