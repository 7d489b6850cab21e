/**
 * Stagecoach's service worker. Listeners are registered synchronously at the top level, so a message, alarm or
 * policy change that wakes the worker is never missed; the database opens on first need and is shared by every
 * later message.
 */
import { CRMS } from '../crm/registry';
import { CHANGES_SEEN_KEY, POLICY_APPLIED_KEY, type SiteStatus } from '../messages';
import { access, alarms, badge, cookies, managed, permissions, runtime, scripting, session, storage, tabs } from '../platform';
import { createConnection } from './connection';
import { createBackground } from './handlers';
import { createMirror, restoreFromCopy } from './mirror';
import { injectionsInto, type ScriptFiles } from './open-tabs';
import { createPolicyReader } from './policy-reader';
import { createRouter } from './router';
import { createSiteRegistrations, siteScripts } from './sites';
import { fetchTeamPlaybook } from './team-fetch';

const log = (message: string, error?: unknown) => console.error(`[Stagecoach] ${message}`, error ?? '');
/** The repeating alarm that checks the team URL. */
const TEAM_ALARM = 'team-playbook';
/** The daily alarm that applies the retention rule (prune.ts). */
const PRUNE_ALARM = 'prune';
/** Once a day, first an hour after install or browser start: never while the rep's first pages load. */
const PRUNE_EVERY_MINUTES = 24 * 60;
const PRUNE_FIRST_MINUTES = 60;
/** The last pipeline summary, with what it was made from (pipeline.ts SavedBrief), in storage.session. */
const PIPELINE_BRIEF_KEY = 'pipeline:brief';
/** The badge's colour: a calm slate, a count to look at when there is time, not an alarm. */
const BADGE_COLOR = '#4b5563';
/** storage.session keys: the tab a deal was last read in, and the deal last read in a tab. */
const dealTabKey = (dealKey: string) => `dealTab:${dealKey}`;
const tabDealKey = (tabId: number) => `tabDeal:${tabId}`;

const store = createConnection(log, undefined, undefined, (opened) => restoreFromCopy(storage, opened, log));
// The mirror shows what was last settled (recorded in the database), so a rebuild never waits for the policy.
const mirror = createMirror(storage, store, () => playbooks.lastSettled(), log);
const sites = createSiteRegistrations({ scripting, permissions }, log);
/**
 * A changed policy applies at once: the playbook, the lock, the team URL (the managed listener and late reads). An
 * open options page then reads it again (POLICY_APPLIED_KEY).
 */
const applyPolicy = (): void => {
  void playbooks
    .policyChanged()
    .then(() => session.set(POLICY_APPLIED_KEY, new Date().toISOString()))
    .then(checkIfDue)
    .catch((error: unknown) => log('could not apply the changed browser policy', error));
};
// The browser can take seconds, minutes, or forever to give the policy at its start (policy-reader.ts).
const policy = createPolicyReader({
  read: managed.all,
  remembered: async () => (await (await store()).source('policyValues'))?.values ?? null,
  remember: async (values) => (await store()).putSource({ slot: 'policyValues', values }),
  late: applyPolicy,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  log,
});

const { handlers, playbooks, refreshBadge, prune } = createBackground({
  store,
  mirror,
  sites,
  openOptionsPage: runtime.openOptionsPage,
  policy: policy.read,
  policyKnown: policy.known,
  fetchTeam: (url, cache) => fetchTeamPlaybook(url, cache, { parseContext: { selectors: { crms: new Map(CRMS.map((crm) => [crm.id, null])) } } }),
  /**
   * The team URL's alarm: every `refreshIntervalMinutes` (policy) or 6 hours while a URL is in force, none otherwise.
   * An alarm already at the right period is kept, so a worker restart does not push the next check back.
   */
  scheduleTeam: async (url, minutes) => {
    if (url === null) return alarms.clear(TEAM_ALARM);
    const alarm = await alarms.get(TEAM_ALARM);
    if (alarm?.periodInMinutes !== minutes) await alarms.every(TEAM_ALARM, minutes, minutes);
  },
  nextCheck: async () => {
    const alarm = await alarms.get(TEAM_ALARM);
    return alarm ? new Date(alarm.scheduledTime).toISOString() : null;
  },
  seenNotice: async () => {
    const seen = (await storage.get([CHANGES_SEEN_KEY]))[CHANGES_SEEN_KEY];
    return typeof seen === 'string' ? seen : null;
  },
  sync: { granted: access.contains, release: access.remove, cookie: cookies.value, fetch: (...args) => fetch(...args) },
  openDeal: async (url, tabId) => {
    if (tabId !== null) {
      try {
        await tabs.show(tabId);
        return true;
      } catch {
        // Closed between the check and now: open the deal instead.
      }
    }
    await tabs.open(url);
    return false;
  },
  dealTabs: {
    get: async (key) => {
      const tabId = await session.get(dealTabKey(key));
      return typeof tabId === 'number' && (await session.get(tabDealKey(tabId))) === key ? tabId : null;
    },
    set: async (key, tabId) => {
      await session.set(dealTabKey(key), tabId);
      await session.set(tabDealKey(tabId), key);
    },
  },
  tab: tabs.get,
  // For the browser session, like the tabs above: a restart of the worker keeps it, a restart of the browser does not.
  briefCache: { get: () => session.get(PIPELINE_BRIEF_KEY), set: (value) => session.set(PIPELINE_BRIEF_KEY, value) },
  // Four characters fit on the icon.
  badge: (count) =>
    badge.set(
      count === 0 ? '' : count > 999 ? '999+' : String(count),
      BADGE_COLOR,
      // The tooltip says what the number is, so a rep need not guess.
      count === 0 ? 'Stagecoach: your pipeline' : `Stagecoach: ${count} ${count === 1 ? 'deal needs' : 'deals need'} action now`,
    ),
  now: () => new Date(),
  log,
});

const route = createRouter(handlers, { id: runtime.id(), origin: runtime.origin() }, log);
runtime.onMessage(route);

/**
 * When the browser starts or the extension is installed: a team URL never checked, or last checked longer ago than
 * its interval (the browser was closed through a check), is checked now; the alarm takes over from there.
 */
async function checkIfDue(): Promise<void> {
  const { url, checkedAt, minutes } = await playbooks.teamSchedule();
  if (url === null) return;
  if (checkedAt === null || Date.now() - Date.parse(checkedAt) >= minutes * 60_000) await playbooks.refreshTeam();
}

alarms.onAlarm((name) => {
  if (name === TEAM_ALARM) void playbooks.refreshTeam().catch((error: unknown) => log('could not check the team playbook URL', error));
  if (name === PRUNE_ALARM) void prune().catch((error: unknown) => log('could not forget old closed deals; nothing was lost, and the next day tries again', error));
});

// A policy set, changed or removed while the browser runs applies at once: the playbook, the lock, the team URL.
managed.onChanged(applyPolicy);

/**
 * The configured sites' scripts as the active playbook says: registrations persist across sessions, but an update
 * or a copied profile can lose them, and access granted or taken back in the browser's settings changes where the
 * script may run. Resolves to each site's status (none when the sync failed, which is logged).
 */
const syncSites = (): Promise<SiteStatus[]> =>
  playbooks
    .active()
    .then(({ playbook }) => sites.sync(playbook.sites ?? []))
    .catch((error: unknown) => {
      log('could not register the content script of the configured sites', error);
      return [];
    });

// The mirror is rebuilt whenever it may have drifted from the database: after an install or update (a migration may
// have re-keyed deals) and at browser start (a mirror write may have failed before the browser closed). The policy
// may have changed while the browser was closed: settling applies it first. Resolves once the sites are synced.
function start(why: string): Promise<SiteStatus[]> {
  // Kept when already set, so a browser started several times a day still prunes once a day.
  void alarms
    .get(PRUNE_ALARM)
    .then((alarm) => (alarm ? undefined : alarms.every(PRUNE_ALARM, PRUNE_EVERY_MINUTES, PRUNE_FIRST_MINUTES)))
    .catch((error: unknown) => log('could not schedule the daily clean-up of old closed deals', error));
  // The mirror first, from the database: settling waits up to a second for the browser's policy (policy-reader.ts),
  // and a deal page opened meanwhile paints from the mirror. A policy that changes the playbook announces it to the
  // mirror when it settles.
  const synced = mirror
    .rebuild()
    .then(() => playbooks.policyChanged())
    .catch((error: unknown) => log('could not apply the browser policy', error))
    .then(syncSites);
  void synced.then(checkIfDue).catch((error: unknown) => log(`could not check the team playbook URL (${why})`, error));
  return synced;
}
// The badge from the index at every worker start (cheap: no full deal record is read when the rows are evaluated), so a
// count the browser kept from before matches the deals even if a write's update was lost with the last worker.
void refreshBadge().catch((error: unknown) => log('could not count the deals needing attention for the toolbar badge', error));

/**
 * The tabs already open when the extension is installed, updated or reloaded get its content scripts now, not at their
 * next page load: the browser injects content scripts only into pages loaded after. The script of the version before
 * (if any) is still in the page, cut off from the extension; the new one tells it to go (src/content/lifetime.ts), so
 * each tab ends with exactly one working overlay. The browser injects with `files` only where the extension has host
 * access: the CRMs of the manifest's `host_permissions`, the configured sites whose access was allowed.
 */
async function injectIntoOpenTabs(scripts: readonly ScriptFiles[]): Promise<void> {
  if (scripts.length === 0) return;
  const injections = injectionsInto(await tabs.readable(), scripts);
  await Promise.all(
    injections.map(({ tabId, url, file }) =>
      // One tab failing (closed meanwhile, an error page, access withheld by the user) leaves the others be.
      scripting.inject(tabId, file).catch((error: unknown) => log(`could not start Stagecoach on the open tab ${url}`, error)),
    ),
  );
}

runtime.onInstalled(() => {
  const synced = start('installed or updated');
  void injectIntoOpenTabs(runtime.contentScripts()).catch((error: unknown) => log('could not start Stagecoach on the open CRM tabs', error));
  // The configured sites' tabs once the sync has registered their script again (Chromium drops the scripts an
  // extension registered at each of its updates and reloads, seen in version 156): a tab that loads meanwhile gets the
  // script from the browser, and the injection into it then stays idle (src/content/lifetime.ts). Injected first, such
  // a tab would get no script at all until its next load.
  void synced
    .then((statuses) => injectIntoOpenTabs(siteScripts(statuses)))
    .catch((error: unknown) => log('could not start Stagecoach on the open tabs of the configured sites', error));
});
runtime.onStartup(() => void start('browser start'));
permissions.onChanged(() => void syncSites());
