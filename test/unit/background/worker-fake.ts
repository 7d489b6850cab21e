/**
 * The worker's parts wired as src/background/index.ts wires them, over a fake IndexedDB and an in-memory storage
 * area: the handlers, the playbook sources and the storage mirror. Browser-only effects are in-memory: the policy
 * (`setPolicy`), the change notice the rep dismissed, the team alarm (none is scheduled in unit tests).
 */
import { createBackground, type Background, type Effects } from '../../../src/background/handlers';
import { createMirror, type Mirror, type MirrorStorage } from '../../../src/background/mirror';
import { NO_POLICY, type Policy } from '../../../src/background/policy';
import { createSiteRegistrations, type SiteRegistrations } from '../../../src/background/sites';
import type { Log, Store } from '../../../src/background/store';
import { fetchTeamPlaybook } from '../../../src/background/team-fetch';
import { fakeSiteBrowser } from './sites-fake';

export interface FakeWorkerOptions {
  store: () => Promise<Store>;
  now: () => Date;
  log: Log;
  storage?: MirrorStorage;
  sites?: SiteRegistrations;
  fetchTeam?: Effects['fetchTeam'];
  /**
   * Count the badge after writes, as the worker does; by default only when refreshBadge is called, so no count outlives
   * a test and reads the next test's database.
   */
  badgeFollowsWrites?: boolean;
  /** The browser's tabs, by id: the address each shows, null when the browser hides it from Stagecoach. */
  tabs?: Map<number, string | null>;
  /**
   * storage.session, shared by the workers a test starts over one database as Chrome's outlives a worker: the saved
   * pipeline summary lives there. Without it the worker saves none.
   */
  session?: Map<string, unknown>;
  /** The browser policy as the worker reads it (policy-reader.ts); by default `setPolicy`'s, always known at once. */
  policy?: { read(): Promise<Policy>; known(): Promise<void> };
}

export interface FakeWorker extends Background {
  mirror: Mirror;
  /** Set the browser policy; the worker applies it as on `storage.managed.onChanged`. */
  setPolicy(policy: Policy): Promise<void>;
  /** The rep dismissed the change notice `id`. */
  dismissNotice(id: string): void;
  /** The team URL the alarm checks, and how often; null when no alarm is set. */
  schedule(): { url: string; minutes: number } | null;
  /** Every count the worker put on the toolbar badge, in order. */
  badges: number[];
  /** What deal/open did: tabs focused (by id) and addresses opened in new tabs. */
  opened: { focused: number[]; created: string[] };
}

export function fakeWorker(options: FakeWorkerOptions): FakeWorker {
  const storage = options.storage ?? { all: async () => ({}), set: async () => {}, remove: async () => {} };
  let policy: Policy = NO_POLICY;
  let seen: string | null = null;
  let schedule: { url: string; minutes: number } | null = null;
  const badges: number[] = [];
  const opened = { focused: [] as number[], created: [] as string[] };
  const dealTabs = new Map<string, number>();
  const tabDeals = new Map<number, string>();
  const tabs = options.tabs ?? new Map<number, string | null>();
  const mirror = createMirror(storage, options.store, () => background.playbooks.lastSettled(), options.log);
  const background = createBackground({
    store: options.store,
    mirror,
    sites: options.sites ?? createSiteRegistrations(fakeSiteBrowser().browser, options.log),
    openOptionsPage: async () => {},
    policy: options.policy?.read ?? (async () => policy),
    policyKnown: options.policy?.known ?? (async () => {}),
    fetchTeam: options.fetchTeam ?? ((url, cache) => fetchTeamPlaybook(url, cache)),
    nextCheck: async () => null,
    scheduleTeam: async (url, minutes) => {
      schedule = url === null ? null : { url, minutes };
    },
    seenNotice: async () => seen,
    sync: { granted: async () => false, release: async () => {}, cookie: async () => null, fetch: () => Promise.reject(new Error('no network in unit tests')) },
    openDeal: async (url, tabId) => {
      if (tabId !== null) opened.focused.push(tabId);
      else opened.created.push(url);
      return tabId !== null;
    },
    dealTabs: {
      get: async (key) => {
        const tabId = dealTabs.get(key);
        return tabId !== undefined && tabDeals.get(tabId) === key ? tabId : null;
      },
      set: async (key, tabId) => {
        dealTabs.set(key, tabId);
        tabDeals.set(tabId, key);
      },
    },
    tab: async (tabId) => (tabs.has(tabId) ? { url: tabs.get(tabId) ?? null } : null),
    badge: async (count) => void badges.push(count),
    ...(options.session && {
      briefCache: {
        get: async () => structuredClone(options.session?.get('pipeline:brief')),
        set: async (value) => void options.session?.set('pipeline:brief', structuredClone(value)),
      },
    }),
    now: options.now,
    log: options.log,
  }, { badgeFollowsWrites: options.badgeFollowsWrites ?? false });
  return {
    ...background,
    mirror,
    async setPolicy(next) {
      policy = next;
      await background.playbooks.policyChanged();
    },
    dismissNotice(id) {
      seen = id;
    },
    schedule: () => schedule,
    badges,
    opened,
  };
}
