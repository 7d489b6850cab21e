/**
 * What each message does. Handlers get their effects injected (store, mirror, clock), so unit tests run them
 * on a fake IndexedDB without a browser.
 *
 * A handler throws only when nothing was written (every write is one transaction): the router then tells the sender
 * that nothing changed. What follows a commit (the pipeline cache, the storage mirror) cannot fail the message.
 */
import { parsePlaybook, parsePlaybookText } from '../core/playbook';
import type { ChangeNotice } from '../messages';
import { isoDate } from '../core/calendar';
import type { Playbook, Site } from '../core/types';
import { CRMS } from '../crm/registry';
import { Refused, dealKeyAt, dealKeyIn, dealKeyOf, ownDeal } from './access';
import type { Mirror } from './mirror';
import { createPipelineCache, type BriefCache, type PipelineCache } from './pipeline';
import { dataHandlers } from './data';
import { listHandlers } from './lists';
import { createSync, type SyncEffects } from './sync';
import type { SiteRegistrations } from './sites';
import type { Handlers } from './router';
import { createPlaybooks, type Playbooks } from './playbooks';
import { closedUnder, prune, type Pruned } from './prune';
import type { Policy } from './policy';
import type { Log, Store } from './store';
import type { TeamCache, TeamFetch } from './team-fetch';

export interface Effects {
  /** Resolves once the database is open (the "ready" tier). */
  store(): Promise<Store>;
  mirror: Mirror;
  /** The configured sites' scripts and access in the browser. */
  sites: SiteRegistrations;
  openOptionsPage(): Promise<void>;
  /** The browser policy as it reads now, or as last read while the browser is slow to answer (policy-reader.ts). */
  policy(): Promise<Policy>;
  /** Resolves once the policy was read at least once (a lock is known): what changes a lock refuses wait for. */
  policyKnown(): Promise<void>;
  /** Ask the team URL once (team-fetch.ts in the worker). */
  fetchTeam(url: string, cache: TeamCache | null): Promise<TeamFetch>;
  /** When the next scheduled check of the team URL is due, if one is scheduled. */
  nextCheck(): Promise<string | null>;
  /** Check the team URL every `minutes` (chrome.alarms), or stop when there is none. */
  scheduleTeam(url: string | null, minutes: number): Promise<void>;
  /** The id of the last change notice the rep dismissed (CHANGES_SEEN_KEY), if any. */
  seenNotice(): Promise<string | null>;
  /** Opt-in CRM sync's browser parts (sync/index.ts). */
  sync: SyncEffects;
  /**
   * Focus the tab `tabId` (the handler checked it still shows the deal), or open `url` in a new tab when null; true
   * when a tab was focused.
   */
  openDeal(url: string, tabId: number | null): Promise<boolean>;
  /**
   * The tab each deal was last read in, kept for the browser session (storage.session: a worker restart keeps it, a
   * browser restart, whose tab ids are new, does not). `get` gives the tab only while the last deal read in it is
   * still this one: a tab that moved on to another deal is not this deal's any more.
   */
  dealTabs: { get(key: string): Promise<number | null>; set(key: string, tabId: number): Promise<void> };
  /**
   * Tab `tabId` as the browser lets Stagecoach see it: null when it is closed; its `url` null when hidden. Without the
   * "tabs" permission Chrome hides the address of every page Stagecoach has no host access to, and content scripts
   * declared in the manifest give none: so the CRM tabs' addresses are hidden, and only the deal last read in the tab
   * (dealTabs) says what it shows.
   */
  tab(tabId: number): Promise<{ url: string | null } | null>;
  /** Keeps the last pipeline summary for the browser session, so a restarted worker answers the popup at once. */
  briefCache?: BriefCache;
  /** Show the number of deals needing action now (PipelineSummary.actNow) on the toolbar icon (0: no badge). */
  badge(count: number): Promise<void>;
  now(): Date;
  log: Log;
}

/** What the message modules (lists.ts, data.ts, sync/) share with the core handlers. */
export interface HandlerContext {
  fx: Effects;
  pipeline: PipelineCache;
  playbooks: Playbooks;
  /** The configured sites of the active playbook (access.ts needs them to tell a site's deals). */
  sitesOf(): Promise<Site[]>;
}

/** The worker's parts that more than the message handlers use (the alarm, the policy listener, the mirror). */
export interface Background {
  handlers: Handlers;
  playbooks: Playbooks;
  /** Count the deals needing attention and show it on the toolbar icon now (at worker start; writes debounce it). */
  refreshBadge(): Promise<void>;
  /** Forget what the retention rule says may go (prune.ts), under the playbook last settled; the daily alarm runs it. */
  prune(): Promise<Pruned>;
}

export interface Tuning {
  /**
   * Count the badge again after each write (the worker); false: only when refreshBadge is called (unit tests, so no
   * count started by one test reads the next test's database).
   */
  badgeFollowsWrites: boolean;
}

export function createHandlers(fx: Effects): Handlers {
  return createBackground(fx).handlers;
}

export function createBackground(fx: Effects, tuning: Tuning = { badgeFollowsWrites: true }): Background {
  // Lives as long as the worker: every write below tells it what changed, and it tells the badge.
  const pipeline = createPipelineCache({ changed: () => scheduleBadge(), log: fx.log, briefCache: fx.briefCache });

  /** The count last shown on the icon; null until the worker first sets it. */
  let shownBadge: number | null = null;
  /** A count is queued and has not started: later writes ride on it. */
  let badgeDue = false;
  /**
   * Counts run side by side (one may wait seconds on the policy at browser start) and the latest started wins: a slow
   * count started before a write must not land after the count that follows the write.
   */
  let countsStarted = 0;
  let latestShown = 0;
  async function refreshBadge(): Promise<void> {
    const mine = ++countsStarted;
    const store = await fx.store();
    // The playbook last settled, as the mirror does: settling reads the browser policy, which can take seconds at
    // browser start (in a loaded headless Chromium, over 10 s), and the badge need not wait for it; a policy that
    // changes the playbook counts again through playbookChanged.
    const { playbook } = await playbooks.lastSettled();
    const { actNow: count } = await pipeline.brief(store, playbook, isoDate(fx.now()));
    if (mine < latestShown) return;
    latestShown = mine;
    if (count === shownBadge) return;
    shownBadge = count;
    await fx.badge(count);
  }
  /** Writes come in bursts (a list of 200 rows recorded one by one): one count follows the whole burst. */
  function scheduleBadge(): void {
    if (!tuning.badgeFollowsWrites || badgeDue) return;
    badgeDue = true;
    queueMicrotask(() => {
      badgeDue = false;
      refreshBadge().catch((error: unknown) => fx.log('could not update the toolbar badge', error));
    });
  }

  const playbooks = createPlaybooks({
    store: fx.store,
    policy: fx.policy,
    policyKnown: fx.policyKnown,
    fetchTeam: fx.fetchTeam,
    nextCheck: fx.nextCheck,
    schedule: fx.scheduleTeam,
    now: fx.now,
    log: fx.log,
    async changed(before: Playbook, after: Playbook, notice: ChangeNotice | null) {
      try {
        pipeline.playbookChanged(await fx.store(), after, isoDate(fx.now()));
      } catch (error) {
        // No database now: the pipeline is dropped all the same, and the next read evaluates under the new playbook.
        pipeline.clear();
        fx.log('could not start evaluating the deals under the new playbook', error);
      }
      await fx.mirror.playbook(after, notice);
      // Its sites' scripts registered, and the access of sites it no longer has given back. The playbook is saved by
      // then, so a browser failure here is logged, not the message's failure (the options page shows sites' state).
      try {
        await fx.sites.sync(after.sites ?? []);
        await fx.sites.release(before.sites ?? [], after.sites ?? []);
      } catch (error) {
        fx.log('could not update the sites’ scripts', error);
      }
    },
  });

  const sitesOf = async () => (await playbooks.active()).playbook.sites ?? [];
  const ctx: HandlerContext = { fx, pipeline, playbooks, sitesOf };
  const sync = createSync(ctx);

  const handlers: Handlers = {
    ...listHandlers(ctx),
    ...dataHandlers(ctx),
    ...sync.handlers,

    async 'deal/open'({ key }) {
      const store = await fx.store();
      const row = await store.summary(key);
      if (!row) throw new Error('Stagecoach no longer has this deal: it may have been forgotten or cleared. Reopen the popup to see the deals it has.');
      // The tab it was last read in, when that tab still shows this deal (the rep may have moved on to another).
      const tabId = await fx.dealTabs.get(key);
      const tab = tabId === null ? null : await fx.tab(tabId);
      const shown = tab !== null && (tab.url === null || (await dealKeyIn(tab.url, sitesOf)) === key);
      return { focused: await fx.openDeal(row.url, shown ? tabId : null) };
    },

    async 'deal/seen'({ deal }, sender) {
      const store = await fx.store();
      const own = await ownDeal(deal, sender, sitesOf);
      const { record, droppedPick } = await store.recordDeal(own, fx.now().toISOString());
      pipeline.dealWritten(store, record.key);
      if (droppedPick) await fx.mirror.stagePick(record.key, null);
      // Remembered for deal/open; the deal is recorded by then, so a failure here only costs a second tab later.
      if (sender.tabId !== null) await fx.dealTabs.set(record.key, sender.tabId).catch((error: unknown) => fx.log('could not remember the tab of a deal', error));
      return { history: record.history };
    },

    async 'check/set'({ deal, criterionId, checked }, sender) {
      const store = await fx.store();
      const dealKey = await dealKeyOf(deal, sender, sitesOf);
      const checks = await store.setCheck(dealKey, criterionId, checked, fx.now().toISOString());
      pipeline.dealWritten(store, dealKey);
      await fx.mirror.checks(dealKey, checks);
      return { checks };
    },

    async 'stage/choose'({ deal, stageId }, sender) {
      // Only the deal of the page's own origin (access.ts): a page cannot choose stages for another org's deals.
      const store = await fx.store();
      const dealKey = await dealKeyAt(deal.url, sender, sitesOf);
      const { playbook } = await playbooks.active();
      // A stage the rep saw listed, unless the playbook changed under them: then they choose again from the new one.
      if (!playbook.stages.some((stage) => stage.id === stageId)) {
        throw new Refused(`"${stageId}" is not a stage of the playbook “${playbook.name}” any more: choose the stage again.`);
      }
      const pick = await store.setStagePick(dealKey, stageId, fx.now().toISOString());
      await fx.mirror.stagePick(dealKey, pick);
      return { pick };
    },

    async 'options/open'() {
      await fx.openOptionsPage();
      return null;
    },

    async 'pipeline/get'() {
      const store = await fx.store();
      const active = await playbooks.active();
      const [summary, notice, seen] = await Promise.all([
        pipeline.brief(store, active.playbook, isoDate(fx.now())),
        playbooks.notice(),
        fx.seenNotice(),
      ]);
      return {
        summary,
        playbookName: active.playbook.name,
        playbook: {
          name: active.playbook.name,
          source: active.source.kind,
          why: active.why,
          team: active.team,
          notice: notice && notice.id !== seen ? notice : null,
        },
        sync: await sync.statuses(),
      };
    },

    async 'pipeline/deals'() {
      const store = await fx.store();
      const { playbook } = await playbooks.active();
      const { deals } = await pipeline.view(store, playbook, isoDate(fx.now()));
      return { deals };
    },

    'playbook/get': () => playbooks.shown(),

    async 'playbook/import'({ text, fileName, selectorChecks }) {
      // The worker knows which CRMs this Stagecoach has; their readers' parts and which CSS parses, only a page that
      // loaded them and has a document (the options page says, when it sends the file).
      const parts = selectorChecks?.parts ?? {};
      const invalid = new Set(selectorChecks?.invalidCss ?? []);
      const parsed = parsePlaybookText(text, {
        selectors: {
          crms: new Map(CRMS.map((crm) => [crm.id, Object.hasOwn(parts, crm.id) ? (parts[crm.id] ?? null) : null])),
          ...(selectorChecks && {
            cssProblem: (selector: string) =>
              invalid.has(selector)
                ? `${JSON.stringify(selector)} is not a CSS selector the browser can read: ` +
                  "try it in the deal page's developer tools with document.querySelector"
                : null,
          }),
        },
      });
      // An invalid file changes nothing: the active playbook stays as it was.
      if (!parsed.ok) return { imported: false, problems: parsed.problems };
      const { active } = await playbooks.save(parsed.playbook, 'import', fileName);
      return { imported: true, active };
    },

    async 'playbook/save'({ playbook }) {
      // The same checks as an import of the same playbook as a file.
      const parsed = parsePlaybook(playbook, { selectors: { crms: new Map(CRMS.map((crm) => [crm.id, null])) } });
      if (!parsed.ok) return { saved: false, problems: parsed.problems };
      const { active, revision } = await playbooks.save(parsed.playbook, 'editor', null);
      return { saved: true, active, revision };
    },

    'playbook/reset': () => playbooks.reset(),

    'team/save': ({ url }) => playbooks.setTeamUrl(url),

    'team/refresh': () => playbooks.refreshTeam(),

    'revisions/list': () => playbooks.revisions(),

    'revisions/get': ({ id }) => playbooks.revision(id),

    'revisions/activate': ({ id }) => playbooks.activate(id),

    async 'sites/save'({ sites }) {
      const current = await playbooks.active();
      // Checked as part of the playbook they join: site ids unique, patterns readable, every problem at once.
      const parsed = parsePlaybook({ ...current.playbook, sites });
      if (!parsed.ok) return { saved: false, problems: parsed.problems };
      const { active } = await playbooks.save(parsed.playbook, 'editor', null);
      return { saved: true, active, sites: await fx.sites.sync(active.playbook.sites ?? []) };
    },

    async 'sites/status'() {
      const { playbook } = await playbooks.active();
      // Makes the browser's registrations match the playbook first (cheap when they already do).
      return { sites: await fx.sites.sync(playbook.sites ?? []) };
    },
  };
  async function pruneNow(): Promise<Pruned> {
    const store = await fx.store();
    const { playbook } = await playbooks.lastSettled();
    const pruned = await prune(store.database, { now: fx.now(), isClosed: closedUnder(playbook) });
    if (pruned.deals.length > 0) {
      // Forgotten deals leave the pipeline (and so the badge), and their ticks the copy CRM pages read.
      pipeline.clear();
      await fx.mirror.rebuild();
    }
    return pruned;
  }

  return { handlers, playbooks, refreshBadge, prune: pruneNow };
}
