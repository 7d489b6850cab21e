/**
 * The overlay's state for one deal page: signals for what the page and the worker tell us, computed checklist and
 * readiness, and the actions a rep can take. Components only get plain values read from it.
 */
// signals-core, not @preact/signals: the overlay renders from one effect (see overlay/render.tsx), so it needs
// neither the component integration nor hooks, which the content script would otherwise load on every deal page.
import { batch, computed, signal } from '@preact/signals-core';
import { buildChecklist, findStage } from '../core/checklist';
import { isoDate } from '../core/calendar';
import type { DealChecks, DealSnapshot, Playbook, Stage } from '../core/types';
import type { ReadFailure, SelectorPart } from '../crm/types';
import type { ChangeNotice, Client, StagePick } from '../messages';

export interface OverlayModelDeps {
  request: Client;
  saveCollapsed(collapsed: boolean): Promise<void>;
  /** Remember that the rep dismissed the notice `id`, for every tab and the popup (CHANGES_SEEN_KEY). */
  saveSeen(id: string): Promise<void>;
  today?: () => string;
  /** The CRM's name, as in "Salesforce may have changed its page". */
  crmLabel: string;
  /** The adapter's parts, to name the ones a failure says were not found. */
  parts: Readonly<Record<string, Pick<SelectorPart, 'label'>>>;
  /** The deal this overlay is for, known from its URL before (or without) any read. */
  page: { key: string; url: string };
}

/** A deal read without its stage, for rules once the rep chose the stage by hand: only what the page gave. */
function dealInStage(page: { key: string; url: string }, failure: Extract<ReadFailure, { kind: 'unreadable' }>, stage: Stage): DealSnapshot {
  const read = failure.read ?? {
    crm: page.key.slice(0, page.key.indexOf(':')),
    key: page.key,
    recordId: '',
    url: page.url,
    locale: 'en-US',
    name: null,
    amount: null,
    closeDate: null,
    probability: null,
    nextStep: null,
    owner: null,
    forecastCategory: null,
    fields: {},
  };
  return { ...read, stage: { label: stage.name, value: null } };
}

export function createOverlayModel(deps: OverlayModelDeps) {
  const today = deps.today ?? (() => isoDate(new Date()));
  const playbook = signal<Playbook | null>(null);
  const checks = signal<DealChecks>({});
  const deal = signal<DealSnapshot | null>(null);
  const failure = signal<ReadFailure | null>(null);
  /** The stage the rep chose by hand for this deal while its page cannot be read (as the worker stored it). */
  const stagePick = signal<StagePick | null>(null);
  const collapsed = signal(false);
  /** What changed in the playbook at its last change (as the worker mirrored it), and the id the rep dismissed last. */
  const notice = signal<ChangeNotice | null>(null);
  const seenNotice = signal<string | null>(null);
  /** Said inside the notice when "Got it" could not be stored. */
  const noticeError = signal<string | null>(null);
  /** A message for the rep when a change could not be saved. */
  const error = signal<string | null>(null);
  /** Criteria whose tick is on its way to the worker. */
  const saving = signal<ReadonlySet<string>>(new Set());

  /** The page cannot be read: what the overlay says instead of the deal, and when the rep may choose the stage. */
  const unreadable = computed(() => (failure.value?.kind === 'unreadable' ? failure.value : null));
  /** What was not found, in the rep's words ("the current stage in the Path or the Stage field"). */
  const missingParts = computed(() =>
    (unreadable.value?.missing ?? []).map((id) => (Object.hasOwn(deps.parts, id) ? deps.parts[id]?.label : undefined) ?? `the ${id}`),
  );
  /** The playbook stage the rep chose for this unreadable page; null when none was, or the playbook lost it. */
  const chosenStage = computed(() => {
    const id = stagePick.value?.stageId;
    return unreadable.value && id !== undefined ? (playbook.value?.stages.find((stage) => stage.id === id) ?? null) : null;
  });
  /** The notice the rep has not dismissed yet: shown above the checklist until they do. */
  const unseenNotice = computed(() => (notice.value && notice.value.id !== seenNotice.value ? notice.value : null));
  const match = computed(() => (playbook.value && deal.value ? findStage(playbook.value, deal.value.stage) : null));
  const checklist = computed(() => {
    const p = playbook.value;
    const f = unreadable.value;
    if (f) {
      // Never a guess: a stage the page shows, or the one the rep chose, else no checklist at all.
      const stage = chosenStage.value;
      return p && stage ? buildChecklist(p, stage, dealInStage(deps.page, f, stage), checks.value, today()) : null;
    }
    const d = deal.value;
    const m = match.value;
    return p && d && m ? buildChecklist(p, m.stage, d, checks.value, today()) : null;
  });

  async function toggle(criterionId: string, checked: boolean): Promise<void> {
    // The deal as read, or, on a page that cannot be read, the one its address names.
    const d = unreadable.value ? deps.page : deal.value;
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
      checks.value = saved.checks;
    } catch (e) {
      batch(() => {
        checks.value = before;
        error.value = `Your tick was not saved: ${e instanceof Error ? e.message : String(e)}`;
      });
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

  /** "Got it": hidden at once; every other tab and the popup hide it when the stored id reaches them. */
  async function dismissNotice(): Promise<void> {
    const shown = unseenNotice.value;
    if (!shown) return;
    const before = seenNotice.value;
    batch(() => {
      seenNotice.value = shown.id;
      noticeError.value = null;
    });
    try {
      await deps.saveSeen(shown.id);
    } catch (e) {
      // Not stored, so it would come back on the next page: keep it in sight and say why.
      batch(() => {
        seenNotice.value = before;
        noticeError.value = `Stagecoach could not remember that you read this: ${e instanceof Error ? e.message : String(e)}`;
      });
    }
  }

  /** The rep chose this deal's stage by hand: the worker remembers it until the page can be read again. */
  async function chooseStage(stageId: string): Promise<void> {
    const before = stagePick.value;
    batch(() => {
      stagePick.value = { stageId, chosenAt: new Date().toISOString() };
      error.value = null;
    });
    try {
      const { pick } = await deps.request('stage/choose', { deal: { url: deps.page.url }, stageId });
      stagePick.value = pick;
    } catch (e) {
      batch(() => {
        stagePick.value = before;
        error.value = `The stage you chose was not saved: ${e instanceof Error ? e.message : String(e)}`;
      });
    }
  }

  async function openOptions(): Promise<void> {
    try {
      await deps.request('options/open', {});
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return {
    playbook, checks, deal, failure, stagePick, collapsed, notice, seenNotice, noticeError, error, saving,
    crmLabel: deps.crmLabel, unreadable, missingParts, chosenStage, unseenNotice, match, checklist,
    toggle, chooseStage, setCollapsed, dismissNotice, openOptions,
  };
}

export type OverlayModel = ReturnType<typeof createOverlayModel>;
