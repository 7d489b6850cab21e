/**
 * The pipeline as a CSV file a sales manager opens in a spreadsheet: one row per deal, with the columns of the
 * popup's deal list plus what a forecast sheet needs. Pure: the worker hands in the evaluated open deals and the index
 * rows, this decides the columns, the cell types and the file's bytes.
 *
 * Written for spreadsheets rather than for the rep's eyes: RFC 4180 quoting with CRLF line ends, a UTF-8 byte order
 * mark (without it Excel reads the file as the system code page and "Zürich" becomes "ZÃ¼rich"), amounts as plain
 * numbers ("48000.5", no grouping or currency sign, so they sum), dates as ISO `YYYY-MM-DD` (read as dates in every
 * locale). Deal names, owners and stages come from CRM pages anyone in the org can edit: a text cell that would start
 * a formula is defused (see `textCell`).
 */
import { daysBetween, isIsoDate, isoDate } from './calendar';
import { stageLookup, type DealListItem, type StageLookup } from './forecast';
import { reasonWords, type ReasonStyle } from './format';
import { normalizeText } from './text';
import type { AttentionReason, CategoryId, CrmStage, DealSource, DealSummary, Money, Playbook, Stage } from './types';

/** One deal as a CSV row, in the sheet's terms (before it is written as text). */
export interface CsvDeal {
  name: string;
  /** The CRM's name ("Salesforce"), or the configured site's. */
  crm: string;
  crmStage: string;
  /** The playbook stage it matches; null when its CRM stage is not in the playbook. */
  stageName: string | null;
  amount: Money | null;
  /** amount × probability / 100, in the amount's currency; null without an amount or a stage. */
  weighted: number | null;
  /** The playbook stage's probability, the one the weighted figure uses. */
  probability: number | null;
  category: string | null;
  closeDate: string | null;
  owner: string | null;
  /** null: no readiness to tell (its stage is not in the playbook, or the deal is closed). */
  ready: boolean | null;
  requiredMet: number | null;
  requiredTotal: number | null;
  reasons: AttentionReason[];
  daysInStage: number | null;
  /** ISO time. */
  lastSeen: string;
  source: DealSource;
  url: string;
}

export const CSV_COLUMNS = [
  'Deal',
  'CRM',
  'Stage (CRM)',
  'Playbook stage',
  'Amount',
  'Currency',
  'Weighted',
  'Probability %',
  'Forecast category',
  'Close date',
  'Owner',
  'Ready',
  'Required met',
  'Needs attention',
  'Days in stage',
  'Last seen',
  'Source',
  'Link',
] as const;

const CATEGORY_NAMES: Readonly<Record<CategoryId | Stage['forecastCategory'], string>> = {
  commit: 'Commit',
  best_case: 'Best case',
  pipeline: 'Pipeline',
  closed: 'Closed',
  omitted: 'Omitted',
};

const SOURCE_NAMES: Readonly<Record<DealSource, string>> = {
  page: 'Deal page',
  list: 'CRM list',
  sync: 'CRM sync',
};

/** The UTF-8 byte order mark, as a string's first character. */
export const BOM = '\uFEFF';

/** Characters a spreadsheet reads as the start of a formula (or that it strips before looking for one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as written: a leading apostrophe when the text would start a formula, which spreadsheets show as text
 * and never evaluate (OWASP's advice for CSV injection). A deal named `=HYPERLINK("https://evil.example","Open")` must
 * arrive as that text, not as a link.
 */
export function textCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A number cell: plain digits with a dot, no grouping, at most two decimals (money), so spreadsheets sum it. */
export function numberCell(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(Math.round(n * 100) / 100);
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A local time as `YYYY-MM-DD HH:MM`, which spreadsheets read as a date and time. */
export function localDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${isoDate(d)} ${hh}:${mm}`;
}

/** Dates in ISO and plain day counts, so every spreadsheet locale reads the reasons alike. */
const CSV_REASONS: ReasonStyle = { date: (iso) => iso, days: (n) => `${n} days`, within: (n) => `in ${n} days` };

/** One deal's cells, in CSV_COLUMNS order, before quoting. */
function cells(deal: CsvDeal): string[] {
  const text = (value: string | null): string => (value === null ? '' : textCell(value));
  const number = (value: number | null): string => (value === null ? '' : numberCell(value));
  return [
    text(deal.name),
    text(deal.crm),
    text(deal.crmStage),
    text(deal.stageName),
    number(deal.amount?.amount ?? null),
    text(deal.amount?.currency ?? null),
    number(deal.weighted),
    number(deal.probability),
    text(deal.category),
    deal.closeDate !== null && isIsoDate(deal.closeDate) ? deal.closeDate : '',
    text(deal.owner),
    deal.ready === null ? '' : deal.ready ? 'Yes' : 'No',
    // "2 of 5", not "2/5": a spreadsheet would read the latter as the 2nd of May.
    deal.requiredMet === null || deal.requiredTotal === null ? '' : `${deal.requiredMet} of ${deal.requiredTotal}`,
    text(deal.reasons.map((reason) => reasonWords(reason, CSV_REASONS)).join('; ') || null),
    number(deal.daysInStage),
    localDateTime(deal.lastSeen),
    SOURCE_NAMES[deal.source],
    text(deal.url),
  ];
}

/** The CSV file's text: BOM, header, one line per deal, each line ended by CRLF. */
export function pipelineCsv(deals: readonly CsvDeal[]): string {
  const lines = [CSV_COLUMNS.join(','), ...deals.map((deal) => cells(deal).map(quoted).join(','))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** What the CSV needs to name a deal's CRM: registry CRMs by id, configured sites by their `site:<id>`. */
export type CrmName = (crm: string) => string;

/** Where a deal's figures come from, as the popup says: sync when synced, else its page when seen there, else a list. */
export function sourceOf(seen: Record<DealSource, string | null>): DealSource {
  if (seen.sync !== null) return 'sync';
  return seen.page !== null ? 'page' : 'list';
}

function stageOf(lookup: StageLookup, stage: CrmStage): Stage | null {
  for (const name of [stage.value, stage.label]) {
    if (name === null) continue;
    const found = lookup.get(normalizeText(name));
    if (found !== undefined) return found;
  }
  return null;
}

const weightedOf = (amount: Money | null, probability: number | null): number | null =>
  amount === null || probability === null ? null : (amount.amount * probability) / 100;

/**
 * The rows of the export: every open deal as the popup lists it (its order, readiness and reasons), then, with
 * `closed`, every won or lost deal from the index, most recently seen first. `today` is the local day, for days in
 * stage of closed deals.
 */
export function csvDeals(
  playbook: Playbook,
  open: readonly DealListItem[],
  summaries: readonly DealSummary[],
  options: { closed: boolean; crmName: CrmName; today: string },
): CsvDeal[] {
  const stagesById = new Map(playbook.stages.map((stage) => [stage.id, stage]));
  const byKey = new Map(summaries.map((summary) => [summary.key, summary]));
  const rows: CsvDeal[] = open.map((item) => {
    const stage = item.stageId === null ? null : (stagesById.get(item.stageId) ?? null);
    const probability = stage?.probability ?? null;
    return {
      name: item.name,
      crm: options.crmName(item.crm),
      crmStage: item.crmStage,
      stageName: item.stageName,
      amount: item.amount,
      weighted: weightedOf(item.amount, probability),
      probability,
      category: item.category === null ? (byKey.get(item.key)?.forecastCategory ?? null) : CATEGORY_NAMES[item.category],
      closeDate: item.closeDate,
      owner: item.owner,
      ready: item.requiredMet === null ? null : item.ready,
      requiredMet: item.requiredMet,
      requiredTotal: item.requiredTotal,
      reasons: item.reasons,
      daysInStage: item.daysInStage,
      lastSeen: item.lastSeen,
      source: item.source,
      url: item.url,
    };
  });
  if (!options.closed) return rows;

  const openKeys = new Set(open.map((item) => item.key));
  const lookup = stageLookup(playbook);
  const closed = summaries.filter((summary) => !openKeys.has(summary.key)).sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0));
  for (const summary of closed) {
    const stage = stageOf(lookup, summary.stage);
    const probability = stage?.probability ?? null;
    const entered = summary.history.at(-1)?.enteredAt ?? summary.firstSeen;
    const enteredDay = Number.isNaN(Date.parse(entered)) ? null : isoDate(new Date(entered));
    rows.push({
      name: summary.name?.trim() || 'Untitled deal',
      crm: options.crmName(summary.crm),
      crmStage: summary.stage.label.trim() || (summary.stage.value ?? ''),
      stageName: stage?.name ?? null,
      amount: summary.amount,
      weighted: weightedOf(summary.amount, probability),
      probability,
      category: summary.forecastCategory ?? (stage ? CATEGORY_NAMES[stage.forecastCategory] : null),
      closeDate: summary.closeDate,
      owner: summary.owner?.trim() || null,
      ready: null,
      requiredMet: null,
      requiredTotal: null,
      reasons: [],
      daysInStage: enteredDay === null ? null : Math.max(0, daysBetween(enteredDay, options.today)),
      lastSeen: summary.lastSeen,
      source: sourceOf(summary.seen),
      url: summary.url,
    });
  }
  return rows;
}
