/**
 * Opt-in sync of the rep's own opportunities from the CRM's API (Salesforce REST, Dynamics 365 Web API), per org,
 * off until the rep switches it on in the options page.
 *
 * - Runs: on popup open (`sync/run` {force: false}) only orgs whose last attempt is older than SYNC_INTERVAL_MS (a
 *   failed attempt counts, so an expired session is not asked again on every popup open), on "Sync now" every
 *   enabled org. One sync per org at a time: a second call joins the running one.
 * - Writes: each page of the answer is recorded as it arrives, SYNC_BATCH deals a transaction, so a sync stopped
 *   half-way (the worker stopped, the network went) keeps what it recorded. A failure keeps every deal already
 *   stored, sets that org's `failure` in the rep's words, and never stops the other orgs.
 * - Permissions: the options page asks for an org's `needs` in the click that switches it on; the worker checks they
 *   were granted, before switching on and before every run (they can be taken back in the browser's settings).
 *   Switching off gives back what no enabled org and no configured site needs.
 */
import type { DealObservation } from '../../core/types';
import { parseSitePattern } from '../../core/site-pattern';
import type { SyncStatus } from '../../messages';
import { Refused } from '../access';
import type { StoredSync } from '../db';
import type { HandlerContext } from '../handlers';
import type { Handlers } from '../router';
import type { Log, Store } from '../store';
import { dynamicsDeals } from './dynamics';
import { SyncFailure, orgName } from './failure';
import type { Http } from './http';
import { orgsOf, releasable, type SyncOrg } from './orgs';
import { salesforceDeals } from './salesforce';

/** The browser parts sync uses, injected so unit tests run against fakes. */
export interface SyncEffects {
  /** Whether the optional permissions and origins are granted now. */
  granted(needs: { permissions: string[]; origins: string[] }): Promise<boolean>;
  /** Give back optional permissions and origins no enabled org needs any more. */
  release(needs: { permissions: string[]; origins: string[] }): Promise<void>;
  /** A cookie's value for a URL (Salesforce's `sid`), null when none or not permitted. */
  cookie(url: string, name: string): Promise<string | null>;
  fetch: typeof fetch;
}

export interface Sync {
  handlers: Pick<Handlers, 'sync/status' | 'sync/set' | 'sync/run'>;
  /** Every org's status, for the popup's first answer (pipeline/get). */
  statuses(): Promise<SyncStatus[]>;
}

/** How old an org's last sync may be before opening the popup syncs it again. */
export const SYNC_INTERVAL_MS = 30 * 60_000;
/** Deals recorded per transaction: small enough that a popup's read never waits long behind a sync's write. */
export const SYNC_BATCH = 200;

/** The store's part sync uses. */
export type SyncStore = Pick<Store, 'allSummaries' | 'syncs' | 'putSync' | 'recordObservations'>;

export interface SyncDeps {
  store(): Promise<SyncStore>;
  effects: SyncEffects;
  now(): Date;
  log: Log;
  /** Waits out a short rate limit (a timer in the worker, instant in unit tests). */
  sleep(ms: number): Promise<void>;
  /** The origins configured sites were granted: never given back by switching sync off. */
  siteOrigins(): Promise<Set<string>>;
  /** Deals were recorded: the pipeline cache must see them. */
  written(keys: string[]): Promise<void>;
}

export function createSync(ctx: HandlerContext): Sync {
  return createSyncWith({
    store: ctx.fx.store,
    effects: ctx.fx.sync,
    now: ctx.fx.now,
    log: ctx.fx.log,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async siteOrigins() {
      const sites = await ctx.sitesOf();
      return new Set(sites.flatMap((site) => {
        const pattern = parseSitePattern(site.dealPages);
        return pattern.ok ? [pattern.pattern.origins] : [];
      }));
    },
    async written(keys) {
      // A big sync rebuilds the cache once at the next read; a few deals are evaluated one by one.
      if (keys.length > SYNC_BATCH) return ctx.pipeline.clear();
      const store = await ctx.fx.store();
      for (const key of keys) ctx.pipeline.dealWritten(store, key);
    },
  });
}

const blankRow = (org: SyncOrg): StoredSync => ({
  id: org.id,
  crm: org.crm,
  org: org.org,
  enabled: false,
  lastSyncedAt: null,
  lastAttemptAt: null,
  lastCount: null,
  failure: null,
});

const lastTry = (row: StoredSync): number => Math.max(Date.parse(row.lastSyncedAt ?? '') || 0, Date.parse(row.lastAttemptAt ?? '') || 0);

export function createSyncWith(deps: SyncDeps): Sync {
  const running = new Map<string, Promise<void>>();
  /**
   * The orgs found in the deal index, kept for the worker's life: the popup's first answer must not read 10,000 index
   * rows for them. The options page's `sync/status` finds them again (a new org's deals may have been seen since).
   */
  let known: Promise<SyncOrg[]> | null = null;
  const findOrgs = (): Promise<SyncOrg[]> => {
    known = deps.store().then(async (store) => orgsOf(await store.allSummaries()));
    known.catch(() => {
      known = null;
    });
    return known;
  };
  const orgs = (): Promise<SyncOrg[]> => known ?? findOrgs();

  async function rows(): Promise<Map<string, StoredSync>> {
    return new Map((await (await deps.store()).syncs()).map((row) => [row.id, row]));
  }

  function statusOf(org: SyncOrg, row: StoredSync | undefined): SyncStatus {
    const r = row ?? blankRow(org);
    const last = lastTry(r);
    return {
      id: org.id,
      crm: org.crm,
      org: org.org,
      apiOrigin: org.apiOrigin,
      needs: org.needs,
      enabled: r.enabled,
      running: running.has(org.id),
      lastSyncedAt: r.lastSyncedAt,
      lastCount: r.lastCount,
      failure: r.failure,
      dueAt: r.enabled ? new Date(last + SYNC_INTERVAL_MS).toISOString() : null,
    };
  }

  async function statuses(list?: SyncOrg[]): Promise<SyncStatus[]> {
    const stored = await rows();
    return (list ?? (await orgs())).map((org) => statusOf(org, stored.get(org.id)));
  }

  /** Writes `change` over the org's row as stored now (the rep may have switched it while a sync ran). */
  async function update(org: SyncOrg, change: Partial<StoredSync>): Promise<void> {
    const store = await deps.store();
    const current = (await rows()).get(org.id) ?? blankRow(org);
    await store.putSync({ ...current, ...change, id: org.id, crm: org.crm, org: org.org });
  }

  async function deals(org: SyncOrg, http: Http): Promise<AsyncGenerator<DealObservation[]>> {
    const log = (message: string) => deps.log(message);
    if (org.crm === 'dynamics') return dynamicsDeals(http, org, deps.now(), log);
    const sid = await deps.effects.cookie(`${org.apiOrigin}/`, 'sid');
    return salesforceDeals(http, org, sid, log);
  }

  async function syncOrg(org: SyncOrg): Promise<void> {
    const startedAt = deps.now().toISOString();
    const store = await deps.store();
    const written: string[] = [];
    let open = 0;
    try {
      if (!(await deps.effects.granted(org.needs))) {
        throw new SyncFailure(
          `Stagecoach may no longer read ${orgName(org.crm, org.org)}: its access was taken back in the browser's settings. Switch sync off and on again to allow it.`,
        );
      }
      const http: Http = { fetch: deps.effects.fetch, sleep: deps.sleep };
      for await (const page of await deals(org, http)) {
        for (let i = 0; i < page.length; i += SYNC_BATCH) {
          const batch = page.slice(i, i + SYNC_BATCH);
          written.push(...(await store.recordObservations(batch, 'sync', deps.now().toISOString())));
          open += batch.filter((deal) => !deal.closed).length;
        }
      }
      await update(org, { lastSyncedAt: startedAt, lastAttemptAt: startedAt, lastCount: open, failure: null });
    } catch (error) {
      const words =
        error instanceof SyncFailure
          ? error.message
          : `Stagecoach could not sync ${orgName(org.crm, org.org)} (${error instanceof Error ? error.message : String(error)}). Try again; tell your Stagecoach admin if this stays.`;
      if (!(error instanceof SyncFailure)) deps.log(`sync of ${org.id} failed`, error);
      await update(org, { lastAttemptAt: startedAt, failure: words });
    } finally {
      // What was recorded before a failure counts too.
      if (written.length > 0) await deps.written(written);
    }
  }

  /** Sync one org, or join its sync under way. Never rejects: a failure is the org's `failure`. */
  function runOrg(org: SyncOrg): Promise<void> {
    const under = running.get(org.id);
    if (under) return under;
    const run = syncOrg(org)
      .catch((error: unknown) => deps.log(`could not record how the sync of ${org.id} went`, error))
      .finally(() => running.delete(org.id));
    running.set(org.id, run);
    return run;
  }

  async function orgById(id: string): Promise<SyncOrg> {
    const org = (await findOrgs()).find((o) => o.id === id);
    if (!org) throw new Refused(`Stagecoach has seen no deals of ${id}: open one of its deals or lists first.`);
    return org;
  }

  return {
    statuses: async () => {
      // Nothing to say until the rep first switched an org's sync on or off: spares the popup reading the deal index.
      if ((await rows()).size === 0) return [];
      return statuses();
    },
    handlers: {
      async 'sync/status'() {
        return { syncs: await statuses(await findOrgs()) };
      },

      async 'sync/set'({ id, enabled }) {
        const org = await orgById(id);
        if (enabled) {
          if (!(await deps.effects.granted(org.needs))) {
            throw new Refused(`The browser did not allow Stagecoach to read ${orgName(org.crm, org.org)}: allow it when the browser asks, or leave sync off.`);
          }
          await update(org, { enabled: true, failure: null });
          await runOrg(org);
        } else {
          await update(org, { enabled: false, failure: null });
          const stored = await rows();
          const stillOn = (await orgs()).filter((o) => o.id !== org.id && stored.get(o.id)?.enabled === true);
          const give = releasable(org, stillOn, await deps.siteOrigins());
          try {
            if (give.permissions.length + give.origins.length > 0) await deps.effects.release(give);
          } catch (error) {
            // Sync is off either way; the browser keeping a permission it no longer needs is logged, not the rep's problem.
            deps.log(`could not give back ${id}'s permissions`, error);
          }
        }
        return { syncs: await statuses() };
      },

      async 'sync/run'({ force }) {
        const stored = await rows();
        const now = deps.now().getTime();
        const due = (await orgs()).filter((org) => {
          const row = stored.get(org.id);
          return row?.enabled === true && (force || now - lastTry(row) >= SYNC_INTERVAL_MS);
        });
        await Promise.all(due.map(runOrg));
        return { syncs: await statuses() };
      },
    },
  };
}
