/**
 * Pipeline maths across the deals Stagecoach has seen: per-stage counts, readiness, money per currency, forecast
 * categories, what closes this month and quarter, what was created and won lately, velocity, where the figures come
 * from, and the deals that need attention and why. Amounts in different currencies are never added: there is no
 * honest exchange rate here.
 */
import { dayNumber, daysBetween, isIsoDate, monthOf, quarterOf } from './calendar';
import { buildChecklist } from './checklist';
import { summaryOf } from './deal-summary';
import { normalizeText } from './text';
import type {
  AttentionItem,
  AttentionReason,
  CategoryId,
  CrmStage,
  CurrencyTotal,
  DealChecks,
  DealRecord,
  DealSource,
  DealSummary,
  ForecastCategory,
  Money,
  PeriodSummary,
  PipelineSummary,
  Playbook,
  Readiness,
  Stage,
  StageSummary,
} from './types';
import { VelocityTally, type StageOf } from './velocity';

/** A deal closing within this many days with its checklist not ready is flagged. */
export const CLOSING_SOON_DAYS = 14;

/** Close-date moves out from this many on are flagged: one slip happens, a second is a pattern. */
export const PUSHED_TIMES = 2;

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
 * findStage over a prebuilt lookup, remembering each CRM stage it was asked: velocity maps every recorded visit, and
 * the same few stage names recur across thousands of deals. Make one per pass, so the memory ends with the pass.
 */
export function stageOfLookup(lookup: StageLookup): StageOf {
  const byValue = new Map<string | null, Map<string, Stage | null>>();
  return (crmStage) => {
    let byLabel = byValue.get(crmStage.value);
    if (byLabel === undefined) byValue.set(crmStage.value, (byLabel = new Map()));
    let stage = byLabel.get(crmStage.label);
    if (stage === undefined) byLabel.set(crmStage.label, (stage = lookupStage(lookup, crmStage)));
    return stage;
  };
}

/**
 * The deal's readiness for its stage: its checklist under `playbook`, and whether it skipped past an earlier stage's
 * required criteria. The only part of the evaluation that reads the deal's detail fields and ticks, so the worker
 * computes it on a write and keeps it in the lean index row.
 *
 * Skipped: the deal is in a later open stage while required criteria of an earlier open stage are unmet, judged on
 * the same snapshot and ticks. Only the stages from the one Stagecoach first saw the deal in are judged: the overlay
 * shows the current stage's checklist, so a stage the deal had passed before Stagecoach saw it could never have been
 * ticked, and flagging it would be a reproach the rep cannot answer. A deal first seen in a list or by sync therefore
 * starts with nothing skipped, and one seen moving from Discovery straight to Negotiation is asked about both.
 */
export function readinessOf(
  playbook: Playbook,
  lookup: StageLookup,
  record: DealRecord,
  checks: DealChecks,
  today: string,
): Readiness {
  const snap = record.snapshot;
  const stage = lookupStage(lookup, snap.stage);
  if (stage === null) return { stageId: null, requiredMet: null, requiredTotal: null, ready: false, skipped: null };
  const checklist = buildChecklist(playbook, stage, snap, checks, today);
  const { requiredMet, requiredTotal, ready } = checklist;
  const readiness = { stageId: stage.id, requiredMet, requiredTotal, ready };
  if (stage.outcome !== 'open') return { ...readiness, skipped: null };

  const open = playbook.stages.filter((s) => s.outcome === 'open');
  const current = open.findIndex((s) => s.id === stage.id);
  const firstSeenIn = record.history[0] === undefined ? null : lookupStage(lookup, record.history[0].stage);
  const from = firstSeenIn === null ? -1 : open.findIndex((s) => s.id === firstSeenIn.id);
  // A deal first seen where it is now, or seen moving back, has skipped nothing Stagecoach could judge.
  for (let i = from; i >= 0 && i < current; i++) {
    const earlier = open[i];
    if (earlier === undefined) continue;
    const c = buildChecklist(playbook, earlier, snap, checks, today);
    if (!c.ready) return { ...readiness, skipped: { stageName: earlier.name, missing: c.requiredTotal - c.requiredMet } };
  }
  return { ...readiness, skipped: null };
}

/**
 * What one deal's index row adds to the open pipeline, or null for a closed deal (its stage is won or lost, or the
 * CRM says it closed), which only the won and velocity figures count. `readiness` is readinessOf's for this row under
 * this playbook. A deal whose CRM stage matches no playbook stage is open and listed for attention, but has no stage
 * to weight its amount by, and so no forecast category.
 *
 * Attention reasons, most severe first (SEVERITY): what a rep must act on before the forecast call comes first.
 * - overdue: the close date has passed; the forecast is wrong today.
 * - closing-not-ready: it closes within CLOSING_SOON_DAYS and its exit criteria are not met; days left to fix it.
 * - skipped: it moved past an earlier stage's required criteria; the stage it is in is not earned.
 * - pushed: the close date moved out twice or more; the forecast for it keeps slipping.
 * - stale: longer in its stage than the stage allows (from when Stagecoach saw it enter, else first saw it).
 * - not-ready: required criteria of its own stage unmet; ordinary work, the rep's next steps.
 * - unknown-stage: the playbook does not know its CRM stage; for the playbook's admin rather than the rep.
 */
export function evaluateSummary(
  playbook: Playbook,
  lookup: StageLookup,
  row: DealSummary,
  readiness: Readiness,
  today: string,
): DealEvaluation | null {
  const stage = lookupStage(lookup, row.stage);
  if (row.closed !== null || (stage !== null && stage.outcome !== 'open')) return null;
  const name = row.name?.trim() || 'Untitled deal';
  const crmStage = row.stage.label.trim() || (row.stage.value ?? '');
  const closeDate = row.closeDate !== null && isIsoDate(row.closeDate) ? row.closeDate : null;
  const entered = stageEnteredOn(row);
  const todayN = todayNumber(today);
  const daysInStage = entered === null || todayN === null ? null : todayN - entered;
  const met =
    stage === null
      ? { requiredMet: null, requiredTotal: null, ready: false }
      : { requiredMet: readiness.requiredMet, requiredTotal: readiness.requiredTotal, ready: readiness.ready };

  const reasons: AttentionReason[] = [];
  if (closeDate !== null && closeDate < today) reasons.push({ kind: 'overdue', closeDate });
  if (stage !== null) {
    if (closeDate !== null && closeDate >= today && !met.ready) {
      const days = daysBetween(today, closeDate);
      if (days <= CLOSING_SOON_DAYS) reasons.push({ kind: 'closing-not-ready', closeDate, days });
    }
    if (readiness.skipped !== null) reasons.push({ kind: 'skipped', ...readiness.skipped });
  }
  if (row.closePushes >= PUSHED_TIMES) reasons.push({ kind: 'pushed', times: row.closePushes });
  let stale = false;
  if (stage !== null) {
    const limit = stage.staleAfterDays;
    if (limit !== undefined && daysInStage !== null && daysInStage > limit) {
      stale = true;
      reasons.push({ kind: 'stale', days: daysInStage, limit });
    }
    const { requiredMet, requiredTotal } = met;
    if (!met.ready && requiredMet !== null && requiredTotal !== null) {
      reasons.push({ kind: 'not-ready', missing: requiredTotal - requiredMet });
    }
  } else {
    reasons.push({ kind: 'unknown-stage' });
  }

  const attentionItem = reasons.length > 0 ? { key: row.key, name, url: row.url, stageLabel: crmStage, ...met, reasons } : null;
  return {
    stageId: stage?.id ?? null,
    probability: stage?.probability ?? 0,
    attentionItem,
    item: {
      key: row.key,
      name,
      url: row.url,
      crmStage,
      stageName: stage?.name ?? null,
      owner: row.owner?.trim() || null,
      amount: row.amount,
      closeDate,
      ...met,
      reasons,
      crm: row.crm,
      stageId: stage?.id ?? null,
      category: categoryOf(row.forecastCategory, stage),
      daysInStage,
      stale,
      lastSeen: row.lastSeen,
      source: sourceOf(row.seen),
    },
  };
}

/**
 * What one recorded deal adds to the pipeline: its index row, judged with its readiness. The worker keeps the two
 * apart (readiness needs the full record, the rest only the row); tests and one-off callers use this.
 */
export function evaluateDeal(
  playbook: Playbook,
  lookup: StageLookup,
  deal: DealRecord,
  checks: DealChecks,
  today: string,
): DealEvaluation | null {
  return evaluateSummary(playbook, lookup, summaryOf(deal), readinessOf(playbook, lookup, deal, checks, today), today);
}

/** Where a deal's figures come from: sync when synced (the CRM's own data), else its page when seen there, else a list. */
export function sourceOf(seen: Readonly<Record<DealSource, string | null>>): DealSource {
  if (seen.sync !== null) return 'sync';
  return seen.page !== null ? 'page' : 'list';
}

/**
 * The words CRMs show for their forecast categories, compared without case, spaces, underscores or hyphens:
 * Salesforce "Pipeline", "Best Case", "Commit", "Omitted", "Closed" (and the API values "BestCase", "Forecast" for
 * Commit); HubSpot "Pipeline", "Best case", "Commit", "Omit" (and PIPELINE, BEST_CASE, COMMIT, OMIT, CLOSED);
 * Dynamics 365 "Pipeline", "Best case", "Committed", "Omitted", "Won", "Lost".
 */
const CRM_CATEGORIES: ReadonlyMap<string, ForecastCategory> = new Map([
  ['pipeline', 'pipeline'],
  ['bestcase', 'best_case'],
  ['commit', 'commit'],
  ['committed', 'commit'],
  ['forecast', 'commit'],
  ['omitted', 'omitted'],
  ['omit', 'omitted'],
  ['closed', 'closed'],
  ['won', 'closed'],
  ['lost', 'omitted'],
]);

/** The forecast category a CRM shows, in the playbook's words; null for a word no CRM above uses. */
export function crmForecastCategory(word: string): ForecastCategory | null {
  return CRM_CATEGORIES.get(word.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '')) ?? null;
}

/**
 * The category an open deal counts in: the CRM's own when the deal shows one Stagecoach knows (the rep's manager
 * forecasts by it), else its stage's. "Closed" for a deal that is still open (a stage whose playbook category is
 * closed, or a CRM that already calls it closed or won) counts as commit: the team expects the money, and an open
 * deal is not yet closed business. null when its stage is unknown: with no probability it adds to no total.
 */
export function categoryOf(crmCategory: string | null, stage: Stage | null): CategoryId | null {
  if (stage === null) return null;
  const category = (crmCategory === null ? null : crmForecastCategory(crmCategory)) ?? stage.forecastCategory;
  return category === 'closed' ? 'commit' : category;
}

/** The order categories are reported in: the most certain money first. */
export const CATEGORY_ORDER: readonly CategoryId[] = ['commit', 'best_case', 'pipeline', 'omitted'];

/** The rows `aggregatePipeline` reads: each deal's index row, with its evaluation (null for a closed deal). */
export interface PipelineEntry {
  row: DealSummary;
  evaluation: DealEvaluation | null;
}

/**
 * The pipeline from every deal's index row and evaluation, in one pass, per currency always. Open deals (evaluation
 * not null) make the stages, totals, categories, closing periods, attention and coverage; an open deal whose stage
 * the playbook does not know has no probability, so it counts in openDeals, unmatchedDeals, attention and coverage
 * but in no money figure of the open pipeline. Every deal, closed ones included, counts in created, won and velocity.
 */
export function aggregatePipeline(playbook: Playbook, entries: Iterable<PipelineEntry>, today: string): PipelineView {
  const lookup = stageLookup(playbook);
  const rows = playbook.stages
    .filter((stage) => stage.outcome === 'open')
    .map((stage) => ({ stage, count: 0, ready: 0, sums: new Sums() }));
  const rowById = new Map(rows.map((r) => [r.stage.id, r]));
  const totals = new Sums();
  const categories: Record<CategoryId, Period> = {
    commit: new Period(),
    best_case: new Period(),
    pipeline: new Period(),
    omitted: new Period(),
  };
  const month = monthOf(today);
  const quarter = quarterOf(today);
  const closing = { month: new Period(), quarter: new Period() };
  const days = new Windows(today);
  const created = { last30: new Period(), last90: new Period(), undated: 0 };
  const won = { last30: new Period(), last90: new Period() };
  const stageOf = stageOfLookup(lookup);
  const velocity = new VelocityTally(playbook, stageOf);
  const synced = new Map<string, number>();
  let pages = 0;
  let lists = 0;
  const attention: AttentionItem[] = [];
  let actNow = 0;
  const deals: DealListItem[] = [];
  let openDeals = 0;
  let readyDeals = 0;
  let unmatchedDeals = 0;

  for (const { row, evaluation: e } of entries) {
    velocity.add(row.history);
    const stage = e === null ? stageOf(row.stage) : null;
    const probability = e?.probability ?? closedProbability(row, stage);

    const createdOn = row.createdAt === null ? null : dayNumber(row.createdAt);
    if (createdOn === null) created.undated++;
    else days.add(created, createdOn, row.amount, probability);

    if (e === null) {
      const isWon = row.closed !== null ? row.closed.won : stage?.outcome === 'won';
      if (isWon) {
        const wonOn = wonDay(row, stageOf);
        if (wonOn !== null) days.add(won, wonOn, row.amount, probability);
      }
      continue;
    }

    openDeals++;
    deals.push(e.item);
    if (e.attentionItem !== null) {
      attention.push(e.attentionItem);
      if (e.attentionItem.reasons.some((r) => r.kind !== 'not-ready')) actNow++;
    }
    const source = e.item.source;
    if (source === 'sync') synced.set(row.crm, (synced.get(row.crm) ?? 0) + 1);
    else if (source === 'page') pages++;
    else lists++;
    if (e.stageId === null) {
      unmatchedDeals++;
      continue;
    }
    if (e.item.ready) readyDeals++;
    if (e.item.category !== null) categories[e.item.category].add(e.item.amount, e.probability);
    const closeDate = e.item.closeDate;
    if (closeDate !== null && closeDate >= quarter.first && closeDate <= quarter.last) {
      closing.quarter.add(e.item.amount, e.probability);
      if (closeDate >= month.first && closeDate <= month.last) closing.month.add(e.item.amount, e.probability);
    }
    const stageRow = rowById.get(e.stageId);
    if (stageRow === undefined) continue;
    stageRow.count++;
    if (e.item.ready) stageRow.ready++;
    if (e.item.amount !== null) {
      stageRow.sums.add(e.item.amount, e.probability);
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
  return {
    summary: {
      stages,
      totals: totals.list(),
      openDeals,
      readyDeals,
      unmatchedDeals,
      attention,
      actNow,
      categories: CATEGORY_ORDER.map((category) => ({ category, ...categories[category].summary() })),
      closing: { month: closing.month.summary(), quarter: closing.quarter.summary() },
      created: { last30: created.last30.summary(), last90: created.last90.summary(), undated: created.undated },
      won: { last30: won.last30.summary(), last90: won.last90.summary() },
      velocity: velocity.result(),
      coverage: {
        open: openDeals,
        synced: [...synced].map(([crm, count]) => ({ crm, count })).sort((a, b) => b.count - a.count || byName(a.crm, b.crm)),
        pages,
        lists,
      },
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
  const entries: PipelineEntry[] = deals.map((deal) => {
    const row = summaryOf(deal);
    const readiness = readinessOf(playbook, lookup, deal, checks.get(deal.key) ?? NO_CHECKS, today);
    return { row, evaluation: evaluateSummary(playbook, lookup, row, readiness, today) };
  });
  return aggregatePipeline(playbook, entries, today);
}

/**
 * Summarize the open pipeline. Won and lost deals are left out of the open figures (they count only in created, won
 * and velocity). A deal whose CRM stage matches no playbook stage counts as open (in `openDeals` and
 * `unmatchedDeals`) and is listed for attention, but has no stage row and adds nothing to the totals: without a
 * stage there is no probability to weight it by.
 */
export function summarizePipeline(
  playbook: Playbook,
  deals: readonly DealRecord[],
  checks: ReadonlyMap<string, DealChecks>,
  today: string,
): PipelineSummary {
  return pipelineView(playbook, deals, checks, today).summary;
}

/** dayNumber of `today`, remembered: every deal of a pass is judged against the same today. */
let lastToday: { iso: string; n: number | null } = { iso: '', n: null };
function todayNumber(today: string): number | null {
  if (lastToday.iso !== today) lastToday = { iso: today, n: dayNumber(today) };
  return lastToday.n;
}

/** The local day (dayNumber) the deal entered its current stage: the last history entry, else when first seen. */
function stageEnteredOn(row: Pick<DealSummary, 'history' | 'firstSeen'>): number | null {
  return dayNumber(row.history[row.history.length - 1]?.enteredAt ?? row.firstSeen);
}

/** A closed deal's weight: all of it when won, none when lost, else its stage's (unknown: none). */
function closedProbability(row: DealSummary, stage: Stage | null): number {
  if (row.closed !== null) return row.closed.won ? 100 : 0;
  return stage?.probability ?? 0;
}

/** The day (dayNumber) a won deal was won: its close date, else the day Stagecoach last saw it enter a won stage. */
function wonDay(row: DealSummary, stageOf: StageOf): number | null {
  if (row.closeDate !== null) {
    const closed = dayNumber(row.closeDate);
    if (closed !== null) return closed;
  }
  for (let i = row.history.length - 1; i >= 0; i--) {
    const visit = row.history[i];
    if (visit !== undefined && stageOf(visit.stage)?.outcome === 'won') return dayNumber(visit.enteredAt);
  }
  return null;
}

/**
 * The last 30 and 90 days, counting today: a deal created exactly 30 days ago is outside the last 30. In day numbers,
 * so thousands of recorded times are compared without building a date string each.
 */
class Windows {
  private readonly today: number;

  constructor(today: string) {
    const n = dayNumber(today);
    if (n === null) throw new RangeError(`Not an ISO date (YYYY-MM-DD): '${today}'`);
    this.today = n;
  }

  /** Adds a deal dated `day` to the windows that hold it. */
  add(windows: { last30: Period; last90: Period }, day: number, amount: Money | null, probability: number): void {
    const age = this.today - day;
    if (age < 0 || age >= 90) return;
    windows.last90.add(amount, probability);
    if (age < 30) windows.last30.add(amount, probability);
  }
}

/** A count of deals and their money per currency. */
class Period {
  private count = 0;
  private readonly sums = new Sums();

  add(amount: Money | null, probability: number): void {
    this.count++;
    if (amount !== null) this.sums.add(amount, probability);
  }

  summary(): PeriodSummary {
    return { count: this.count, totals: this.sums.list() };
  }
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

/**
 * How urgent each attention reason is, most first: the order evaluateSummary documents and pushes reasons in, so a
 * deal's first reason is its most severe.
 */
const SEVERITY: Record<AttentionReason['kind'], number> = {
  overdue: 0,
  'closing-not-ready': 1,
  skipped: 2,
  pushed: 3,
  stale: 4,
  'not-ready': 5,
  'unknown-stage': 6,
};

/** One collator for every name comparison: creating one per call is what makes localeCompare slow on 10,000 deals. */
const byName = new Intl.Collator().compare;

/**
 * Most severe reason first; within one reason the worse case first (fewest days left before closing, most criteria
 * skipped, most pushes, longest sitting, most criteria unmet); then by name. A deal's reasons are in SEVERITY order
 * (evaluateSummary pushes them so), so its first reason is its most severe: sorting thousands of deals needs no scan.
 */
function compareAttention(a: Pick<AttentionItem, 'reasons' | 'name'>, b: Pick<AttentionItem, 'reasons' | 'name'>): number {
  const ra = a.reasons[0];
  const rb = b.reasons[0];
  const sa = ra === undefined ? NO_REASON : SEVERITY[ra.kind];
  const sb = rb === undefined ? NO_REASON : SEVERITY[rb.kind];
  if (sa !== sb) return sa - sb;
  const d = (rb === undefined ? 0 : worseness(rb)) - (ra === undefined ? 0 : worseness(ra));
  return d !== 0 ? d : byName(a.name, b.name);
}

/** Sorts after every reason. */
const NO_REASON = Object.keys(SEVERITY).length;

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

/** How bad one reason is among reasons of its kind: larger is worse. */
function worseness(r: AttentionReason): number {
  switch (r.kind) {
    case 'closing-not-ready':
      return -r.days;
    case 'skipped':
    case 'not-ready':
      return r.missing;
    case 'pushed':
      return r.times;
    case 'stale':
      return r.days;
    case 'overdue':
    case 'unknown-stage':
      return 0;
  }
}
