/**
 * The overlay's state for one deal page: signals for what the page and the worker tell us, computed checklist and
 * readiness, and the actions a rep can take. Components only get plain values read from it.
 */
// signals-core, not @preact/signals: the overlay renders from one effect (see overlay/render.tsx), so it needs
// neither the component integration nor hooks, which the content script would otherwise load on every deal page.
import { batch, computed, signal } from '@preact/signals-core';
import { buildChecklist, findStage } from '../core/checklist';
import { isoDate } from '../core/calendar';
import type { DealChecks, DealSnapshot, Playbook } from '../core/types';
import type { ReadFailure } from '../crm/types';
import type { Client } from '../messages';

export interface OverlayModelDeps {
  request: Client;
  saveCollapsed(collapsed: boolean): Promise<void>;
  today?: () => string;
}

export function createOverlayModel(deps: OverlayModelDeps) {
  const today = deps.today ?? (() => isoDate(new Date()));
  const playbook = signal<Playbook | null>(null);
  const checks = signal<DealChecks>({});
  const deal = signal<DealSnapshot | null>(null);
  const failure = signal<ReadFailure | null>(null);
  const collapsed = signal(false);
  /** A message for the rep when a change could not be saved. */
  const error = signal<string | null>(null);
  /** Criteria whose tick is on its way to the worker. */
  const saving = signal<ReadonlySet<string>>(new Set());

  const match = computed(() => (playbook.value && deal.value ? findStage(playbook.value, deal.value.stage) : null));
  const checklist = computed(() => {
    const p = playbook.value;
    const d = deal.value;
    const m = match.value;
    return p && d && m ? buildChecklist(p, m.stage, d, checks.value, today()) : null;
  });

  async function toggle(criterionId: string, checked: boolean): Promise<void> {
    const d = deal.value;
    if (!d) return;
    const before = checks.value;
    const next = { ...before };
    if (checked) next[criterionId] = before[criterionId] ?? { checkedAt: new Date().toISOString() };
    else delete next[criterionId];
    // Show the tick at once; the worker's answer (or the mirror) confirms it.
    batch(() => {
      checks.value = next;
      error.value = null;
      saving.value = new Set(saving.value).add(criterionId);
    });
    try {
      const saved = await deps.request('check/set', { deal: { url: d.url }, criterionId, checked });
      if (deal.value?.key === d.key) checks.value = saved.checks;
    } catch (e) {
      if (deal.value?.key === d.key) {
        batch(() => {
          checks.value = before;
          error.value = `Your tick was not saved: ${e instanceof Error ? e.message : String(e)}`;
        });
      }
    } finally {
      const rest = new Set(saving.value);
      rest.delete(criterionId);
      saving.value = rest;
    }
  }

  function setCollapsed(value: boolean): void {
    collapsed.value = value;
    deps.saveCollapsed(value).catch(() => {
      // Only a preference: the overlay works the same if it is not remembered.
    });
  }

  async function openOptions(): Promise<void> {
    try {
      await deps.request('options/open', {});
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { playbook, checks, deal, failure, collapsed, error, saving, match, checklist, toggle, setCollapsed, openOptions };
}

export type OverlayModel = ReturnType<typeof createOverlayModel>;
