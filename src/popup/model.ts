/**
 * The popup's state: the pipeline summary the worker computed, and what the rep has expanded. Components only
 * read it; the worker client is injected so tests run it with a fake.
 */
import { computed, signal } from '@preact/signals';
import type { PipelineSummary } from '../core/types';
import type { Client } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';

/** How many "Needs attention" deals show before "Show all": keeps the popup short and fast with huge pipelines. */
export const ATTENTION_PREVIEW = 5;

export type PipelineState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; summary: PipelineSummary; playbookName: string };

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
    return s !== null && s.openDeals === 0 && s.unmatchedDeals === 0 && s.attention.length === 0;
  });
  const visibleAttention = computed(() => {
    const all = summary.value?.attention ?? [];
    return attentionExpanded.value ? all : all.slice(0, ATTENTION_PREVIEW);
  });
  const hiddenAttentionCount = computed(() => (summary.value?.attention.length ?? 0) - visibleAttention.value.length);

  // Only the latest load may write: a slow answer to an earlier Retry must not replace a newer one.
  let latest = 0;
  async function load(): Promise<void> {
    const mine = ++latest;
    state.value = { kind: 'loading' };
    try {
      const { summary: s, playbookName: name } = await client('pipeline/get', {});
      if (mine === latest) state.value = { kind: 'loaded', summary: s, playbookName: name };
    } catch (error) {
      if (mine === latest) state.value = { kind: 'failed', message: errorMessage(error) };
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
    load,
    openSettings,
    showAllAttention: (): void => {
      attentionExpanded.value = true;
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
