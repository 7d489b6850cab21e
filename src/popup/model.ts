/**
 * The popup's state: the pipeline summary the worker computed, how each org's sync stands, the playbook's source and
 * what changed in it, which view is open and how the rep filters the deal list. Components only read it; the worker
 * client, storage and clock are injected so tests run it with fakes.
 */
import { batch, computed, signal } from '@preact/signals';
import { isoDate } from '../core/calendar';
import { ATTENTION_PREVIEW, attentionItemOf, type DealListItem, type PipelineBrief } from '../core/forecast';
import { CHANGES_SEEN_KEY, STORAGE_LOST_KEY, type Client, type PlaybookBrief, type StorageLostNotice, type SyncStatus } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import { teamAlert } from '../ui/playbook-source';
import { applyFilters, dealKeys, NO_FILTERS, sortOrder, type DealFilters, type SortKey } from './deal-list';

export { ATTENTION_PREVIEW };

export type PipelineState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; summary: PipelineBrief; playbook: PlaybookBrief };

/** The deal list comes after the summary, in its own message: it is megabytes with a big pipeline. */
export type DealsState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; deals: DealListItem[] };

/**
 * The part of storage.local the popup uses: the id of the "what changed" notice the rep dismissed (CHANGES_SEEN_KEY),
 * shared with the overlay of every CRM tab, so a notice dismissed in either is gone in both; and the worker's word
 * that the browser lost its database (STORAGE_LOST_KEY), removed when the rep has read it.
 */
export interface PopupStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Calls `listener` with the changed keys' new values; returns the undo. */
  onChanged(listener: (changes: Record<string, unknown>) => void): () => void;
}

export interface PopupModelOptions {
  storage: PopupStorage;
  locale?: string;
  now?: () => Date;
  /** Opens a deal's page in a new tab when the worker could not (see openDeal). */
  openTab?: (url: string) => void;
}

/** The lost-database notice as stored, or null when the value is not one. */
function lostNoticeOf(value: unknown): StorageLostNotice | null {
  if (typeof value !== 'object' || value === null) return null;
  const { at, ticks, deals, playbook } = value as Record<string, unknown>;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !Number.isInteger(ticks) || !Number.isInteger(deals)) return null;
  return { at, ticks: ticks as number, deals: deals as number, playbook: typeof playbook === 'string' ? playbook : null };
}

/** The popup's views, as its tabs name them. */
export type View = 'summary' | 'attention' | 'velocity' | 'deals';

/** A sync run by this popup: on open when one is due, or "Sync now". */
export type SyncRun = { kind: 'idle' } | { kind: 'running' } | { kind: 'failed'; message: string };

/** True when some org's sync is on and due (never synced, or its interval has passed) and not already running. */
export function syncDue(syncs: readonly SyncStatus[], now: Date): boolean {
  return syncs.some((s) => s.enabled && !s.running && (s.dueAt === null || Date.parse(s.dueAt) <= now.getTime()));
}

export function createPopupModel(client: Client, options: PopupModelOptions) {
  const { storage } = options;
  const locale = options.locale ?? browserLocale();
  const now = options.now ?? (() => new Date());
  const openTab = options.openTab ?? ((url: string) => void window.open(url, '_blank', 'noopener,noreferrer'));
  const state = signal<PipelineState>({ kind: 'loading' });
  const view = signal<View>('summary');
  const syncs = signal<SyncStatus[]>([]);
  const syncRun = signal<SyncRun>({ kind: 'idle' });
  /** Opening a deal failed even in a new tab: said above the list. */
  const openError = signal<string | null>(null);
  const attentionExpanded = signal(false);
  /** Opening the settings failed: said next to the button, the pipeline stays. */
  const settingsError = signal<string | null>(null);

  const summary = computed(() => (state.value.kind === 'loaded' ? state.value.summary : null));
  const playbook = computed(() => (state.value.kind === 'loaded' ? state.value.playbook : null));
  const playbookName = computed(() => playbook.value?.name ?? null);
  /** "Team playbook could not be updated: …" while the team URL fails; null when it works or there is none. */
  const teamProblem = computed(() => {
    const brief = playbook.value;
    return brief ? teamAlert(brief.team, { source: { kind: brief.source } }, locale) : null;
  });
  /**
   * The notice the worker sent (it leaves out one already dismissed), until the rep dismisses it here or on a deal
   * page while the popup is open.
   */
  const seenNotice = signal<string | null>(null);
  const notice = computed(() => {
    const sent = playbook.value?.notice ?? null;
    return sent && sent.id !== seenNotice.value ? sent : null;
  });
  /** Said inside the notice when "Got it" could not be stored. */
  const noticeError = signal<string | null>(null);
  /** The browser lost the database and the worker brought back what its copy held: said until the rep dismisses it. */
  const lost = signal<StorageLostNotice | null>(null);
  /** Said inside that notice when its dismissal could not be stored. */
  const lostError = signal<string | null>(null);
  const unwatch = storage.onChanged((changes) => {
    const seen = changes[CHANGES_SEEN_KEY];
    if (typeof seen === 'string') seenNotice.value = seen;
    if (STORAGE_LOST_KEY in changes) lost.value = lostNoticeOf(changes[STORAGE_LOST_KEY]);
  });
  // Not read: nothing to say (the popup has its pipeline to show either way).
  void storage.get([STORAGE_LOST_KEY]).then(
    (items) => {
      lost.value = lostNoticeOf(items[STORAGE_LOST_KEY]);
    },
    () => {},
  );
  /** Nothing recorded yet: the first-run message replaces the empty table. */
  const isEmpty = computed(() => {
    const s = summary.value;
    return s !== null && s.openDeals === 0 && s.unmatchedDeals === 0 && s.attentionCount === 0;
  });
  const dealsState = signal<DealsState>({ kind: 'loading' });
  const deals = computed(() => (dealsState.value.kind === 'loaded' ? dealsState.value.deals : []));
  // The deal list starts with the deals needing attention, in the same order: "Show all" is its head.
  const visibleAttention = computed(() => {
    const s = summary.value;
    if (s === null) return [];
    if (!attentionExpanded.value || dealsState.value.kind !== 'loaded') return s.attentionPreview;
    return deals.value.slice(0, s.attentionCount).map(attentionItemOf);
  });
  const hiddenAttentionCount = computed(() =>
    attentionExpanded.value ? 0 : (summary.value?.attentionCount ?? 0) - visibleAttention.value.length,
  );

  /** What the rep typed in "Find a deal". Only the deal list reads it, so typing never redraws the summary. */
  const query = signal('');
  const filters = signal<DealFilters>(NO_FILTERS);
  const sort = signal<{ key: SortKey; descending: boolean }>({ key: 'attention', descending: false });
  /** Playbook stage ids in order, as a string so a reloaded summary with the same stages keeps the keys. */
  const stageOrder = computed(() => (summary.value?.stages ?? []).map((s) => s.stage.id).join('\n'));
  // Lazy: computed once per load, on the first keystroke or when the popup is idle after painting, not per keystroke.
  const keys = computed(() => dealKeys(deals.value, stageOrder.value.split('\n'), isoDate(now())));
  // Sorting 10,000 deals takes milliseconds: done when the sort changes, not when a filter or the query does.
  const order = computed(() => sortOrder(deals.value, keys.value, sort.value.key, sort.value.descending));
  /** The CRMs the deals come from, for the CRM filter (none offered when all come from one). */
  const crms = computed(() => [...new Set(deals.value.map((d) => d.crm))].sort());
  const filteredDeals = computed((): readonly DealListItem[] => {
    const unfiltered = query.value.trim() === '' && filters.value === NO_FILTERS;
    if (unfiltered && sort.value.key === 'attention' && !sort.value.descending) return deals.value;
    return applyFilters(deals.value, keys.value, order.value, filters.value, query.value);
  });

  // Only the latest load may write: a slow answer to an earlier Retry must not replace a newer one.
  let latest = 0;
  /**
   * Asks for the summary, then the deal list; the popup opening (not `quiet`) then syncs the orgs that are due, once
   * the summary is painted. `quiet` (the reload after a sync) keeps the painted pipeline in sight until the new one
   * is in, instead of flashing "Loading".
   */
  async function load(quiet = false): Promise<void> {
    const mine = ++latest;
    if (!quiet) state.value = { kind: 'loading' };
    try {
      const { summary: s, playbook: brief, sync } = await client('pipeline/get', {});
      if (mine !== latest) return;
      batch(() => {
        state.value = { kind: 'loaded', summary: s, playbook: brief };
        syncs.value = sync;
      });
    } catch (error) {
      if (mine !== latest) return;
      if (quiet) syncRun.value = { kind: 'failed', message: `Synced, but the pipeline could not be reloaded: ${errorMessage(error)}` };
      else state.value = { kind: 'failed', message: errorMessage(error) };
      return;
    }
    const syncing = !quiet && syncDue(syncs.value, now()) ? runSync(false) : null;
    await Promise.all([loadDeals(mine, quiet), syncing]);
  }

  // Asked only after the summary, so the worker answers that first and the popup paints it before the big list lands.
  async function loadDeals(mine: number, quiet: boolean): Promise<void> {
    if (!quiet) dealsState.value = { kind: 'loading' };
    try {
      const { deals: list } = await client('pipeline/deals', {});
      if (mine === latest) dealsState.value = { kind: 'loaded', deals: list };
    } catch (error) {
      if (mine === latest) dealsState.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  /**
   * Sync every enabled org (`force`: "Sync now"), or those due (popup open). The worker answers when done; each org's
   * failure comes back in its status, in words. The pipeline is then reloaded to show what sync brought.
   */
  async function runSync(force: boolean): Promise<void> {
    if (syncRun.value.kind === 'running') return;
    syncRun.value = { kind: 'running' };
    try {
      const { syncs: after } = await client('sync/run', { force });
      batch(() => {
        syncs.value = after;
        syncRun.value = { kind: 'idle' };
      });
    } catch (error) {
      syncRun.value = { kind: 'failed', message: errorMessage(error) };
      return;
    }
    await load(true);
  }

  /**
   * Opens a deal: the worker focuses its tab when one is open on it. When the worker cannot (the deal was just
   * forgotten, the tabs could not be read), the page still opens in a new tab: the rep asked for the deal, and the
   * link is all that takes.
   */
  async function openDeal(deal: { key: string; url: string }): Promise<void> {
    openError.value = null;
    try {
      await client('deal/open', { key: deal.key });
    } catch {
      try {
        openTab(deal.url);
      } catch (error) {
        openError.value = `Couldn’t open “${deal.url}”: ${errorMessage(error)}`;
      }
    }
  }

  /** "Got it": gone at once here, and in every CRM tab once the stored id reaches it. */
  async function dismissNotice(): Promise<void> {
    const shown = notice.value;
    if (!shown) return;
    const before = seenNotice.value;
    seenNotice.value = shown.id;
    noticeError.value = null;
    try {
      await storage.set({ [CHANGES_SEEN_KEY]: shown.id });
    } catch (error) {
      // Not stored, so it would come back next time: keep it in sight and say why.
      seenNotice.value = before;
      noticeError.value = `Stagecoach could not remember that you read this: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** "Got it" on the lost-database notice: it is the worker's one record of it, so it goes once read. */
  async function dismissLost(): Promise<void> {
    const shown = lost.value;
    if (!shown) return;
    lost.value = null;
    lostError.value = null;
    try {
      await storage.remove([STORAGE_LOST_KEY]);
    } catch (error) {
      lost.value = shown;
      lostError.value = `Stagecoach could not remember that you read this: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async function openSettings(): Promise<void> {
    settingsError.value = null;
    try {
      await client('options/open', {});
    } catch (error) {
      settingsError.value = errorMessage(error);
    }
  }

  return {
    locale,
    now,
    state,
    view,
    syncs,
    syncRun,
    openError,
    summary,
    playbook,
    playbookName,
    teamProblem,
    notice,
    noticeError,
    lost,
    lostError,
    isEmpty,
    visibleAttention,
    hiddenAttentionCount,
    settingsError,
    query,
    dealsState,
    deals,
    filteredDeals,
    filters,
    sort,
    crms,
    /** Fold the deals for search and filters ahead of the first keystroke (call when idle). */
    prepareSearch: (): void => void keys.value,
    setQuery: (value: string): void => {
      query.value = value;
    },
    setFilter: <K extends keyof DealFilters>(name: K, value: DealFilters[K]): void => {
      filters.value = { ...filters.value, [name]: value };
    },
    clearFilters: (): void => {
      filters.value = NO_FILTERS;
    },
    setSort: (key: SortKey, descending: boolean): void => {
      sort.value = { key, descending };
    },
    showView: (next: View): void => {
      view.value = next;
    },
    syncNow: (): Promise<void> => runSync(true),
    openDeal,
    load: (): Promise<void> => load(),
    dismissNotice,
    dismissLost,
    openSettings,
    /** Stop following storage (the page's own life needs no call: it ends with the page). */
    dispose: unwatch,
    showAllAttention: (): void => {
      attentionExpanded.value = true;
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
