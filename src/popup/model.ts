/**
 * The popup's state: the pipeline summary the worker computed, and what the rep has expanded. Components only
 * read it; the worker client is injected so tests run it with a fake.
 */
import { computed, signal } from '@preact/signals';
import { ATTENTION_PREVIEW, attentionItemOf, type DealListItem, type PipelineBrief } from '../core/forecast';
import type { Client } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import { dealSearchText, filterDeals } from './deal-list';

export { ATTENTION_PREVIEW };

export type PipelineState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; summary: PipelineBrief; playbookName: string };

/** The deal list comes after the summary, in its own message: it is megabytes with a big pipeline. */
export type DealsState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; deals: DealListItem[] };

export interface PopupModelOptions {
  locale?: string;
}

export function createPopupModel(client: Client, options: PopupModelOptions = {}) {
  const locale = options.locale ?? browserLocale();
  const state = signal<PipelineState>({ kind: 'loading' });
  const attentionExpanded = signal(false);
  /** Opening the settings failed: said next to the button, the pipeline stays. */
  const settingsError = signal<string | null>(null);

  const summary = computed(() => (state.value.kind === 'loaded' ? state.value.summary : null));
  const playbookName = computed(() => (state.value.kind === 'loaded' ? state.value.playbookName : null));
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
      const { summary: s, playbookName: name } = await client('pipeline/get', {});
      if (mine !== latest) return;
      state.value = { kind: 'loaded', summary: s, playbookName: name };
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
    playbookName,
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
    openSettings,
    showAllAttention: (): void => {
      attentionExpanded.value = true;
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
