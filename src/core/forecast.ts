/**
 * Pipeline maths across the deals Stagecoach has seen: per-stage counts, readiness, money per currency, and the
 * deals that need attention. Amounts in different currencies are never added: there is no honest exchange rate here.
 */
import { daysBetween, isIsoDate, isoDate } from './calendar';
import { buildChecklist, findStage } from './checklist';
import type {
  AttentionItem,
  AttentionReason,
  CurrencyTotal,
  DealChecks,
  DealRecord,
  Money,
  PipelineSummary,
  Playbook,
  StageSummary,
} from './types';

/** A deal closing within this many days with its checklist not ready is flagged. */
export const CLOSING_SOON_DAYS = 14;

const NO_CHECKS: DealChecks = {};

/**
 * Summarize the open pipeline. Won and lost deals are left out entirely. A deal whose CRM stage matches no playbook
 * stage counts as open (in `openDeals` and `unmatchedDeals`) and is listed for attention, but has no stage row and
 * adds nothing to the totals: without a stage there is no probability to weight it by.
 */
export function summarizePipeline(
  playbook: Playbook,
  deals: DealRecord[],
  checks: ReadonlyMap<string, DealChecks>,
  today: string,
): PipelineSummary {
  const rows = playbook.stages
    .filter((stage) => stage.outcome === 'open')
    .map((stage) => ({ stage, count: 0, ready: 0, sums: new Sums() }));
  const totals = new Sums();
  const attention: AttentionItem[] = [];
  let openDeals = 0;
  let readyDeals = 0;
  let unmatchedDeals = 0;

  for (const deal of deals) {
    const snap = deal.snapshot;
    const found = findStage(playbook, snap.stage);
    if (found !== null && found.stage.outcome !== 'open') continue;
    openDeals++;
    const base = {
      key: deal.key,
      name: snap.name?.trim() || 'Untitled deal',
      url: snap.url,
      stageLabel: snap.stage.label.trim() || (snap.stage.value ?? ''),
    };
    const closeDate = snap.closeDate !== null && isIsoDate(snap.closeDate) ? snap.closeDate : null;
    const overdue: AttentionReason[] = closeDate !== null && closeDate < today ? [{ kind: 'overdue', closeDate }] : [];

    if (found === null) {
      unmatchedDeals++;
      attention.push({
        ...base,
        requiredMet: null,
        requiredTotal: null,
        ready: false,
        reasons: [...overdue, { kind: 'unknown-stage' }],
      });
      continue;
    }

    const row = rows.find((r) => r.stage.id === found.stage.id);
    const checklist = buildChecklist(playbook, found.stage, snap, checks.get(deal.key) ?? NO_CHECKS, today);
    if (row !== undefined) {
      row.count++;
      if (checklist.ready) row.ready++;
      if (snap.amount !== null) {
        row.sums.add(snap.amount, found.stage.probability);
        totals.add(snap.amount, found.stage.probability);
      }
    }
    if (checklist.ready) readyDeals++;

    const reasons = [...overdue];
    if (closeDate !== null && closeDate >= today) {
      const days = daysBetween(today, closeDate);
      if (days <= CLOSING_SOON_DAYS && !checklist.ready) reasons.push({ kind: 'closing-not-ready', closeDate, days });
    }
    const limit = found.stage.staleAfterDays;
    const entered = stageEnteredOn(deal);
    if (limit !== undefined && entered !== null) {
      const days = daysBetween(entered, today);
      if (days > limit) reasons.push({ kind: 'stale', days, limit });
    }
    if (reasons.length > 0) {
      attention.push({
        ...base,
        requiredMet: checklist.requiredMet,
        requiredTotal: checklist.requiredTotal,
        ready: checklist.ready,
        reasons,
      });
    }
  }

  const stages: StageSummary[] = rows.map((r) => ({
    stage: r.stage,
    count: r.count,
    ready: r.ready,
    totals: r.sums.list(),
  }));
  attention.sort(compareAttention);
  return { stages, totals: totals.list(), openDeals, readyDeals, unmatchedDeals, attention };
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
  'unknown-stage': 3,
};

/** Most severe reason first; among stale deals the longest-sitting first; then by name. */
function compareAttention(a: AttentionItem, b: AttentionItem): number {
  const sa = severity(a);
  const sb = severity(b);
  if (sa !== sb) return sa - sb;
  if (sa === SEVERITY.stale) {
    const d = staleDays(b) - staleDays(a);
    if (d !== 0) return d;
  }
  return a.name.localeCompare(b.name);
}

function severity(item: AttentionItem): number {
  return Math.min(...item.reasons.map((r) => SEVERITY[r.kind]));
}

function staleDays(item: AttentionItem): number {
  const stale = item.reasons.find((r) => r.kind === 'stale');
  return stale?.kind === 'stale' ? stale.days : 0;
}
