/**
 * The popup's state: the pipeline summary the worker computed, the playbook's source and what changed in it, and what
 * the rep has expanded. Components only read it; the worker client and storage are injected so tests run it with
 * fakes.
 */
import { computed, signal } from '@preact/signals';
import { ATTENTION_PREVIEW, attentionItemOf, type DealListItem, type PipelineBrief } from '../core/forecast';
import { CHANGES_SEEN_KEY, type Client, type PlaybookBrief } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import { teamAlert } from '../ui/playbook-source';
import { dealSearchText, filterDeals } from './deal-list';

export { ATTENTION_PREVIEW };

export type PipelineState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; summary: PipelineBrief; playbook: PlaybookBrief };

/** The deal list comes after the summary, in its own message: it is megabytes with a big pipeline. */
export type DealsState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; deals: DealListItem[] };

/**
 * The part of storage.local the popup uses: the id of the "what changed" notice the rep dismissed (CHANGES_SEEN_KEY),
 * shared with the overlay of every CRM tab, so a notice dismissed in either is gone in both.
 */
export interface PopupStorage {
  set(items: Record<string, unknown>): Promise<void>;
  /** Calls `listener` with the changed keys' new values; returns the undo. */
  onChanged(listener: (changes: Record<string, unknown>) => void): () => void;
}

export interface PopupModelOptions {
  storage: PopupStorage;
  locale?: string;
}

export function createPopupModel(client: Client, options: PopupModelOptions) {
  const { storage } = options;
  const locale = options.locale ?? browserLocale();
  const state = signal<PipelineState>({ kind: 'loading' });
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
  const unwatch = storage.onChanged((changes) => {
    const seen = changes[CHANGES_SEEN_KEY];
    if (typeof seen === 'string') seenNotice.value = seen;
  });
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

  /** What the rep typed in "Find a deal". Only the deal list reads it, so typing never redraws the table. */
  const query = signal('');
  // Lazy: folded once per load, on the first keystroke or when the popup is idle after painting, not per keystroke.
  const searchTexts = computed(() => deals.value.map(dealSearchText));
  const filteredDeals = computed(() => (query.value.trim() === '' ? deals.value : filterDeals(deals.value, searchTexts.value, query.value)));

  // Only the latest load may write: a slow answer to an earlier Retry must not replace a newer one.
  let latest = 0;
  async function load(): Promise<void> {
    const mine = ++latest;
    state.value = { kind: 'loading' };
    try {
      const { summary: s, playbook: brief } = await client('pipeline/get', {});
      if (mine !== latest) return;
      state.value = { kind: 'loaded', summary: s, playbook: brief };
    } catch (error) {
      if (mine === latest) state.value = { kind: 'failed', message: errorMessage(error) };
      return;
    }
    // Asked only now, so the worker answers the summary first and the popup paints it before the big list lands.
    dealsState.value = { kind: 'loading' };
    try {
      const { deals: list } = await client('pipeline/deals', {});
      if (mine === latest) dealsState.value = { kind: 'loaded', deals: list };
    } catch (error) {
      if (mine === latest) dealsState.value = { kind: 'failed', message: errorMessage(error) };
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
    state,
    summary,
    playbook,
    playbookName,
    teamProblem,
    notice,
    noticeError,
    isEmpty,
    visibleAttention,
    hiddenAttentionCount,
    settingsError,
    query,
    dealsState,
    deals,
    filteredDeals,
    /** Fold the deals for search ahead of the first keystroke (call when idle). */
    prepareSearch: (): void => void searchTexts.value,
    setQuery: (value: string): void => {
      query.value = value;
    },
    load,
    dismissNotice,
    openSettings,
    /** Stop following storage (the page's own life needs no call: it ends with the page). */
    dispose: unwatch,
    showAllAttention: (): void => {
      attentionExpanded.value = true;
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
