/**
 * The options page's "CRM sync" card: every Salesforce and Dynamics 365 org Stagecoach has seen deals of, each with
 * its switch, when it last synced, why it failed, and "Sync now". Switching an org on asks the browser for what its
 * sync needs (the Salesforce session cookie, the org's API host) in that same click, the only moment the browser
 * allows the question; the worker checks the grant and syncs at once. The worker client and the browser are injected,
 * so tests run the model without a browser.
 */
import { signal } from '@preact/signals';
import { plural } from '../core/format';
import type { Client, SyncStatus } from '../messages';
import { errorMessage } from '../ui/errors';

/** What the card needs from the browser (src/platform on the page, fakes in tests). */
export interface SyncAccess {
  /** Asks for the optional permissions and origins; must be the first thing a click does (no await before it). */
  request(needs: SyncStatus['needs']): Promise<boolean>;
}

export type SyncLoad = { kind: 'loading' } | { kind: 'ready'; syncs: SyncStatus[] } | { kind: 'failed'; message: string };

/** "Salesforce (acme)", as the rep names the org. */
export const orgLabel = (status: Pick<SyncStatus, 'crm' | 'org'>): string =>
  `${status.crm === 'salesforce' ? 'Salesforce' : 'Dynamics 365'} (${status.org})`;

/** "just now", "10 min ago", "3 hours ago", "2 days ago". */
export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour', 'hours')} ago`;
  return `${plural(Math.floor(hours / 24), 'day', 'days')} ago`;
}

/** What the card says under an org's switch: the last sync, or that it never ran. */
export function lastSyncText(status: SyncStatus, now: Date): string {
  if (status.running) return 'Syncing…';
  if (status.lastSyncedAt === null) return status.enabled ? 'Not synced yet.' : 'Off.';
  const when = ago(now.getTime() - Date.parse(status.lastSyncedAt));
  return `Synced ${plural(status.lastCount ?? 0, 'open deal', 'open deals')} ${when}.`;
}

export function createSyncModel(client: Client, access: SyncAccess) {
  const load = signal<SyncLoad>({ kind: 'loading' });
  /** Orgs whose switch or "Sync now" waits for the worker. */
  const busy = signal<ReadonlySet<string>>(new Set());
  /** A refusal of the last action (the browser said no, the worker failed), shown as an alert. */
  const problem = signal<string | null>(null);

  const setBusy = (ids: string[], on: boolean) => {
    const next = new Set(busy.value);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    busy.value = next;
  };

  async function act(ids: string[], run: () => Promise<{ syncs: SyncStatus[] }>): Promise<void> {
    problem.value = null;
    setBusy(ids, true);
    try {
      load.value = { kind: 'ready', syncs: (await run()).syncs };
    } catch (error) {
      problem.value = errorMessage(error);
    } finally {
      setBusy(ids, false);
    }
  }

  return {
    load,
    busy,
    problem,
    async refresh(): Promise<void> {
      try {
        load.value = { kind: 'ready', syncs: (await client('sync/status', {})).syncs };
      } catch (error) {
        load.value = { kind: 'failed', message: errorMessage(error) };
      }
    },
    /** The switch: on asks the browser first, in the click; off gives back what no other org needs. */
    async toggle(status: SyncStatus, enabled: boolean): Promise<void> {
      if (enabled) {
        const asked = access.request(status.needs);
        let granted: boolean;
        try {
          granted = await asked;
        } catch (error) {
          problem.value = errorMessage(error);
          return;
        }
        if (!granted) {
          problem.value = `The browser did not allow Stagecoach to read ${orgLabel(status)}, so sync stays off. Switch it on again and choose Allow.`;
          return;
        }
      }
      await act([status.id], () => client('sync/set', { id: status.id, enabled }));
    },
    async syncNow(): Promise<void> {
      const enabled = load.value.kind === 'ready' ? load.value.syncs.filter((s) => s.enabled).map((s) => s.id) : [];
      await act(enabled, () => client('sync/run', { force: true }));
    },
  };
}

export type SyncModel = ReturnType<typeof createSyncModel>;
