/**
 * Pipeline maths across the deals Stagecoach has seen: per-stage counts, readiness, money per currency, and the
 * deals that need attention. Amounts in different currencies are never added: there is no honest exchange rate here.
 */
import { daysBetween, isIsoDate, isoDate } from './calendar';
import { buildChecklist } from './checklist';
import { normalizeText } from './text';
import type {
  AttentionItem,
  AttentionReason,
  CategoryId,
  DealSource,
  CrmStage,
  CurrencyTotal,
  DealChecks,
  DealRecord,
  Money,
  PipelineSummary,
  Playbook,
  Stage,
  StageSummary,
} from './types';

/** A deal closing within this many days with its checklist not ready is flagged. */
export const CLOSING_SOON_DAYS = 14;

/** How many "Needs attention" deals the popup shows before "Show all": keeps it short with huge pipelines. */
export const ATTENTION_PREVIEW = 5;

const NO_CHECKS: DealChecks = {};

/**
 * One open deal as the popup lists it: lean on purpose (no detail fields, no history), because the list holds
 * every open deal and travels from the worker to the popup on each open.
 */
export interface DealListItem {
  key: string;
  name: string;
  url: string;
  /** The stage as the CRM shows it. */
  crmStage: string;
  /** The playbook stage it matches; null when the CRM stage is not in the playbook. */
  stageName: string | null;
  owner: string | null;
  amount: Money | null;
  /** ISO date, or null when missing or not a real date. */
  closeDate: string | null;
  /** null when the stage is not in the playbook */
  requiredMet: number | null;
  requiredTotal: number | null;
  ready: boolean;
  /** Why it needs attention, as in the summary's attention list; empty when it does not. */
  reasons: AttentionReason[];
  /** The CRM's registry id (`salesforce`, `hubspot`, ...) or `site:<id>`: the "CRM" filter. */
  crm: string;
  /** Playbook stage id; null when the CRM stage is not in the playbook: the "Stage" filter. */
  stageId: string | null;
  /** The forecast category it counts in (the CRM's own, else its stage's); null when its stage is unknown. */
  category: CategoryId | null;
  /** Whole days since it entered its current stage, when known. */
  daysInStage: number | null;
  /** Past its stage's `staleAfterDays`: the "Stale" filter. */
  stale: boolean;
  /** When any source last reported it (ISO time). */
  lastSeen: string;
  /** Where its figures come from: sync when synced, else its page when seen there, else a list. */
  source: DealSource;
}

/** What one recorded deal adds to the pipeline. Computed per deal so a worker can keep it and redo only what changed. */
export interface DealEvaluation {
  /** Playbook stage id; null when the CRM stage is not in the playbook. */
  stageId: string | null;
  probability: number;
  item: DealListItem;
  /** Present when the deal needs attention. */
  attentionItem: AttentionItem | null;
}

export interface PipelineView {
  summary: PipelineSummary;
  /**
   * Every open deal: first those needing attention, in the summary's attention order, then closing soonest, then
   * by name. So the attention list is this list's first `summary.attention.length` entries.
   */
  deals: DealListItem[];
}

/**
 * The summary without the full attention list, which can run to thousands of deals: what the popup needs to paint
 * at once. The rest of the attention list is the head of the deal list, which follows in its own message.
 */
export type PipelineBrief = Omit<PipelineSummary, 'attention'> & {
  attentionCount: number;
  /** The first `n` deals needing attention, most urgent first. */
  attentionPreview: AttentionItem[];
};

export function briefOf(summary: PipelineSummary, n = ATTENTION_PREVIEW): PipelineBrief {
  const { attention, ...rest } = summary;
  return { ...rest, attentionCount: attention.length, attentionPreview: attention.slice(0, n) };
}

/** Playbook stages by every normalized name that means them, built once per playbook instead of once per deal. */
export type StageLookup = ReadonlyMap<string, Stage>;

export function stageLookup(playbook: Playbook): StageLookup {
  const byName = new Map<string, Stage>();
  for (const stage of playbook.stages) {
    for (const name of [stage.name, ...stage.match]) {
      const key = normalizeText(name);
      // The first stage that names it wins, as in findStage.
      if (key !== '' && !byName.has(key)) byName.set(key, stage);
    }
  }
  return byName;
}

/** findStage over a prebuilt lookup: the API value first, then the label. */
function lookupStage(lookup: StageLookup, crmStage: CrmStage): Stage | null {
  for (const name of [crmStage.value, crmStage.label]) {
    if (name === null) continue;
    const stage = lookup.get(normalizeText(name));
    if (stage !== undefined) return stage;
  }
  return null;
}

/**
 * What one deal adds to the pipeline, or null for a won or lost deal, which is left out entirely. A deal whose CRM
 * stage matches no playbook stage is open and listed for attention, but has no stage to weight its amount by.
 */
export function evaluateDeal(
  playbook: Playbook,
  lookup: StageLookup,
  deal: DealRecord,
  checks: DealChecks,
  today: string,
): DealEvaluation | null {
  const snap = deal.snapshot;
  const stage = lookupStage(lookup, snap.stage);
  if (stage !== null && stage.outcome !== 'open') return null;
  const base = {
    key: deal.key,
    name: snap.name?.trim() || 'Untitled deal',
    url: snap.url,
    stageLabel: snap.stage.label.trim() || (snap.stage.value ?? ''),
  };
  const closeDate = snap.closeDate !== null && isIsoDate(snap.closeDate) ? snap.closeDate : null;
  const reasons: AttentionReason[] = closeDate !== null && closeDate < today ? [{ kind: 'overdue', closeDate }] : [];
  let readiness: Pick<AttentionItem, 'requiredMet' | 'requiredTotal' | 'ready'>;

  if (stage === null) {
    reasons.push({ kind: 'unknown-stage' });
    readiness = { requiredMet: null, requiredTotal: null, ready: false };
  } else {
    const checklist = buildChecklist(playbook, stage, snap, checks, today);
    readiness = { requiredMet: checklist.requiredMet, requiredTotal: checklist.requiredTotal, ready: checklist.ready };
    if (closeDate !== null && closeDate >= today) {
      const days = daysBetween(today, closeDate);
      if (days <= CLOSING_SOON_DAYS && !checklist.ready) reasons.push({ kind: 'closing-not-ready', closeDate, days });
    }
    const limit = stage.staleAfterDays;
    const entered = stageEnteredOn(deal);
    if (limit !== undefined && entered !== null) {
      const days = daysBetween(entered, today);
      if (days > limit) reasons.push({ kind: 'stale', days, limit });
    }
  }

  const attentionItem = reasons.length > 0 ? { ...base, ...readiness, reasons } : null;
  return {
    stageId: stage?.id ?? null,
    probability: stage?.probability ?? 0,
    attentionItem,
    item: {
      key: base.key,
      name: base.name,
      url: base.url,
      crmStage: base.stageLabel,
      stageName: stage?.name ?? null,
      owner: snap.owner?.trim() || null,
      amount: snap.amount,
      closeDate,
      ...readiness,
      reasons,
      // Interim (issue 9 contract): the core helper computes these properly.
      crm: snap.crm,
      stageId: stage?.id ?? null,
      category: null,
      daysInStage: null,
      stale: reasons.some((r) => r.kind === 'stale'),
      lastSeen: deal.lastSeen,
      source: 'page',
    },
  };
}

/** The pipeline from per-deal evaluations (won and lost deals already left out). */
export function aggregatePipeline(playbook: Playbook, evaluations: Iterable<DealEvaluation>): PipelineView {
  const rows = playbook.stages
    .filter((stage) => stage.outcome === 'open')
    .map((stage) => ({ stage, count: 0, ready: 0, sums: new Sums() }));
  const rowById = new Map(rows.map((r) => [r.stage.id, r]));
  const totals = new Sums();
  const attention: AttentionItem[] = [];
  const deals: DealListItem[] = [];
  let openDeals = 0;
  let readyDeals = 0;
  let unmatchedDeals = 0;

  for (const e of evaluations) {
    openDeals++;
    deals.push(e.item);
    if (e.attentionItem !== null) attention.push(e.attentionItem);
    if (e.stageId === null) {
      unmatchedDeals++;
      continue;
    }
    if (e.item.ready) readyDeals++;
    const row = rowById.get(e.stageId);
    if (row === undefined) continue;
    row.count++;
    if (e.item.ready) row.ready++;
    if (e.item.amount !== null) {
      row.sums.add(e.item.amount, e.probability);
      totals.add(e.item.amount, e.probability);
    }
  }

  const stages: StageSummary[] = rows.map((r) => ({
    stage: r.stage,
    count: r.count,
    ready: r.ready,
    totals: r.sums.list(),
  }));
  attention.sort(compareAttention);
  deals.sort(compareListed);
  const none = { count: 0, totals: [] };
  // Interim (issue 9 contract): the core helper computes categories, periods, velocity and coverage properly.
  return {
    summary: {
      stages,
      totals: totals.list(),
      openDeals,
      readyDeals,
      unmatchedDeals,
      attention,
      categories: [],
      closing: { month: none, quarter: none },
      created: { last30: none, last90: none, undated: 0 },
      won: { last30: none, last90: none },
      velocity: { stages: [], minDeals: 5 },
      coverage: { open: openDeals, synced: [], pages: openDeals, lists: 0 },
    },
    deals,
  };
}

/** A listed deal as an attention entry (the list's head is the attention list). */
export function attentionItemOf(deal: DealListItem): AttentionItem {
  const { key, name, url, crmStage, requiredMet, requiredTotal, ready, reasons } = deal;
  return { key, name, url, stageLabel: crmStage, requiredMet, requiredTotal, ready, reasons };
}

/** Every deal evaluated and aggregated: the whole pipeline in one call. */
export function pipelineView(
  playbook: Playbook,
  deals: readonly DealRecord[],
  checks: ReadonlyMap<string, DealChecks>,
  today: string,
): PipelineView {
  const lookup = stageLookup(playbook);
  const evaluations: DealEvaluation[] = [];
  for (const deal of deals) {
    const e = evaluateDeal(playbook, lookup, deal, checks.get(deal.key) ?? NO_CHECKS, today);
    if (e !== null) evaluations.push(e);
  }
  return aggregatePipeline(playbook, evaluations);
}

/**
 * Summarize the open pipeline. Won and lost deals are left out entirely. A deal whose CRM stage matches no playbook
 * stage counts as open (in `openDeals` and `unmatchedDeals`) and is listed for attention, but has no stage row and
 * adds nothing to the totals: without a stage there is no probability to weight it by.
 */
export function summarizePipeline(
  playbook: Playbook,
  deals: readonly DealRecord[],
  checks: ReadonlyMap<string, DealChecks>,
  today: string,
): PipelineSummary {
  return pipelineView(playbook, deals, checks, today).summary;
}

/** The local day the deal entered its current stage: the last history entry, else when it was first seen. */
function stageEnteredOn(deal: DealRecord): string | null {
  const stamp = deal.history[deal.history.length - 1]?.enteredAt ?? deal.firstSeen;
  if (isIsoDate(stamp)) return stamp;
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? null : isoDate(new Date(ms));
}

/** Sums per currency; null (currency unknown) is a bucket of its own. */
class Sums {
  private readonly byCurrency = new Map<string | null, CurrencyTotal>();

  add(money: Money, probability: number): void {
    const t = this.byCurrency.get(money.currency) ?? { currency: money.currency, amount: 0, weighted: 0 };
    t.amount += money.amount;
    t.weighted += (money.amount * probability) / 100;
    this.byCurrency.set(money.currency, t);
  }

  /** Largest amount first; ties by currency code so the order is stable. */
  list(): CurrencyTotal[] {
    return [...this.byCurrency.values()].sort(
      (a, b) => b.amount - a.amount || (a.currency ?? '').localeCompare(b.currency ?? ''),
    );
  }
}

const SEVERITY: Record<AttentionReason['kind'], number> = {
  overdue: 0,
  'closing-not-ready': 1,
  stale: 2,
  pushed: 3,
  skipped: 4,
  'not-ready': 5,
  'unknown-stage': 6,
};

/** One collator for every name comparison: creating one per call is what makes localeCompare slow on 10,000 deals. */
const byName = new Intl.Collator().compare;

/** Most severe reason first; among stale deals the longest-sitting first; then by name. */
function compareAttention(a: Pick<AttentionItem, 'reasons' | 'name'>, b: Pick<AttentionItem, 'reasons' | 'name'>): number {
  const sa = severity(a);
  const sb = severity(b);
  if (sa !== sb) return sa - sb;
  if (sa === SEVERITY.stale) {
    const d = staleDays(b) - staleDays(a);
    if (d !== 0) return d;
  }
  return byName(a.name, b.name);
}

/** The deal list: needing attention first (as the attention list), then closing soonest (no date last), then by name. */
function compareListed(a: DealListItem, b: DealListItem): number {
  const flagged = Number(b.reasons.length > 0) - Number(a.reasons.length > 0);
  if (flagged !== 0) return flagged;
  if (a.reasons.length > 0) return compareAttention(a, b);
  if (a.closeDate !== b.closeDate) {
    if (a.closeDate === null) return 1;
    if (b.closeDate === null) return -1;
    return a.closeDate < b.closeDate ? -1 : 1;
  }
  return byName(a.name, b.name);
}

function severity(item: Pick<AttentionItem, 'reasons'>): number {
  let best = SEVERITY['unknown-stage'];
  for (const r of item.reasons) best = Math.min(best, SEVERITY[r.kind]);
  return best;
}

function staleDays(item: Pick<AttentionItem, 'reasons'>): number {
  const stale = item.reasons.find((r) => r.kind === 'stale');
  return stale?.kind === 'stale' ? stale.days : 0;
}
