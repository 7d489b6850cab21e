/**
 * The shared vocabulary of Stagecoach: playbooks, deals and checklists.
 * Pure types, no browser APIs: every context (content script, worker, pages, tests) imports these.
 */

import type { Criterion, Playbook, Stage } from './playbook/schema';

/** The one playbook format id this version reads and writes. */
export const PLAYBOOK_FORMAT = 'stagecoach.playbook/v1';

/** The backup file's format id (core/backup.ts): every local thing as one JSON file. */
export const BACKUP_FORMAT = 'stagecoach.backup/v1';

/**
 * The playbook's types, inferred from its one definition (src/core/playbook/schema.ts): a field added there is a
 * field here. Type-only imports, so nothing that reads a playbook loads the definition.
 */
export type {
  Criterion,
  FieldRef,
  Link,
  Playbook,
  RuleOp,
  RuleValue,
  Site,
  SitePart,
  Stage,
  StandardField,
} from './playbook/schema';
export type ForecastCategory = Stage['forecastCategory'];
export type Outcome = Stage['outcome'];
/**
 * A rule decided from the deal's fields. `value` is absent for present/absent, a string list for oneOf,
 * a number for gt/gte/lt/lte, an ISO date or `today`, `today+N`, `today-N` for before/after, and text or a
 * number for equals/notEquals/contains.
 */
export type Rule = NonNullable<Criterion['rule']>;

/** One problem found in a playbook file: where (a JSON path like `stages[2].criteria[0].id`) and why. */
export interface PlaybookProblem {
  path: string;
  message: string;
}

export type PlaybookParseResult =
  | { ok: true; playbook: Playbook }
  | { ok: false; problems: PlaybookProblem[] };

/** An amount of money as the page showed it. `currency` is an ISO 4217 code when it can be told, else null. */
export interface Money {
  amount: number;
  currency: string | null;
}

/** The stage as the CRM shows it: its visible label and, where the CRM exposes one, its API value. */
export interface CrmStage {
  label: string;
  value: string | null;
}

/** What an adapter read from a deal page at one moment. Everything the checklist and pipeline need. */
export interface DealSnapshot {
  /** Adapter id, e.g. `salesforce`. */
  crm: string;
  /** Stable across visits and unique across orgs/portals, e.g. `salesforce:acme:006XXXXXXXXXXXXAAA`. */
  key: string;
  /** The CRM's record id. */
  recordId: string;
  /** The deal page's URL, to reopen the deal. */
  url: string;
  /** The page's locale (BCP 47, e.g. `en-US`, `de-DE`) used to read numbers and dates. */
  locale: string;
  name: string | null;
  stage: CrmStage;
  amount: Money | null;
  /** ISO date `YYYY-MM-DD`. */
  closeDate: string | null;
  /** 0..100 */
  probability: number | null;
  nextStep: string | null;
  owner: string | null;
  forecastCategory: string | null;
  /** Every visible detail field, by the label the page shows, as the text it shows (empty string = empty). */
  fields: Record<string, string>;
}

/** A manual criterion a rep ticked: when. */
export interface CheckState {
  checkedAt: string;
}

/** Manual check states of one deal, by criterion id. */
export type DealChecks = Record<string, CheckState>;

export interface RuleResult {
  met: boolean;
  /** Plain words a rep understands, e.g. "Amount is empty" or "Close date is set (31 Dec 2026)". */
  reason: string;
}

export interface ChecklistItem {
  criterion: Criterion;
  kind: 'manual' | 'rule';
  met: boolean;
  /** Rules: why met or not. */
  reason?: string;
  /** Manual: when ticked. */
  checkedAt?: string;
}

export interface Checklist {
  stage: Stage;
  /** 1-based position among the playbook's open stages; null for won/lost stages. */
  position: number | null;
  /** How many open stages the playbook has. */
  openStageCount: number;
  items: ChecklistItem[];
  requiredMet: number;
  requiredTotal: number;
  /** Every required criterion is met. */
  ready: boolean;
}

/** One stretch of a deal in one CRM stage. */
export interface StageVisit {
  /** The CRM's stage label (value where known) when it was entered. */
  stage: CrmStage;
  /** ISO timestamp of when Stagecoach first saw the deal in this stage. */
  enteredAt: string;
}

/** Where Stagecoach learnt about a deal: its own page, a CRM list or board, or the CRM's API (opt-in sync). */
export type DealSource = 'page' | 'list' | 'sync';

/**
 * What a CRM list view, board or API answer shows of one deal. A field left out (undefined) was not shown there (a
 * hidden column, a card without it) and changes nothing; null means shown empty. Lists and boards give what a row or
 * card shows; sync gives every field plus the CRM's own dates.
 */
export interface DealObservation {
  crm: string;
  key: string;
  recordId: string;
  /** The deal's page, to open it. */
  url: string;
  name?: string | null;
  stage?: CrmStage | null;
  amount?: Money | null;
  /** ISO date `YYYY-MM-DD`. */
  closeDate?: string | null;
  /** 0..100 */
  probability?: number | null;
  owner?: string | null;
  forecastCategory?: string | null;
  nextStep?: string | null;
  /** When the CRM created the deal (ISO time; sync only). */
  createdAt?: string | null;
  /** When the deal entered its current stage, when the CRM says (Salesforce LastStageChangeDate; ISO time). */
  stageChangedAt?: string | null;
  /** The CRM says the deal is closed: won or lost (sync: IsClosed/IsWon, Dynamics statecode). */
  closed?: { won: boolean } | null;
  /** The CRM's last change to the deal (ISO time; sync only). */
  modifiedAt?: string | null;
}

/** What one row or card of a CRM list view or board can show of a deal: its page's URL and these fields. */
export type ListedRow = Pick<DealObservation, 'url' | 'name' | 'stage' | 'amount' | 'closeDate' | 'probability' | 'owner' | 'forecastCategory'>;

/** A change of a deal's close date or amount, as Stagecoach observed it. */
export interface FieldChange<T> {
  from: T | null;
  to: T | null;
  /** When Stagecoach saw the new value (ISO time). */
  at: string;
}

/** What the worker keeps about a deal it has seen, on its page, in a list or from sync. */
export interface DealRecord {
  key: string;
  /**
   * The deal as last known, merged from every source: a list or sync fills in what it shows, and never overwrites a
   * field the deal page reported more recently than the list or sync observed it. Deals known only from lists or
   * sync have `locale: ''` and no `fields`.
   */
  snapshot: DealSnapshot;
  firstSeen: string;
  lastSeen: string;
  /** Oldest first; the last entry is the current stage. */
  history: StageVisit[];
  /** When each source last reported the deal (ISO time), null when it never did. */
  seen: Record<DealSource, string | null>;
  /** When the CRM created the deal, when known (sync), else null. */
  createdAt: string | null;
  /** Close-date changes observed, oldest first (bounded). A move to a later date is a push. */
  closeDates: FieldChange<string>[];
  /** Amount changes observed, oldest first (bounded). */
  amounts: FieldChange<Money>[];
  /** The CRM said the deal is closed (sync), won or lost; null when it did not say (its stage's outcome then decides). */
  closed: { won: boolean } | null;
}

/**
 * A deal's readiness for its stage under one playbook, from its full record and ticks: the part of the evaluation
 * that needs the deal's every field. Kept in the lean index so the popup need not read full records.
 */
export interface Readiness {
  /** Playbook stage id; null when the CRM stage is not in the playbook. */
  stageId: string | null;
  requiredMet: number | null;
  requiredTotal: number | null;
  ready: boolean;
  /**
   * The deal sits in a later open stage while required criteria of an earlier open stage are unmet: the earliest
   * such stage and how many of its required criteria are unmet. null when none.
   */
  skipped: { stageName: string; missing: number } | null;
}

/**
 * The lean index row of one deal (IndexedDB store `summaries`): what the pipeline, forecast, velocity and attention
 * need without the deal's detail fields. Written with every write of its deal record, in the same transaction.
 */
export interface DealSummary {
  key: string;
  crm: string;
  name: string | null;
  url: string;
  stage: CrmStage;
  amount: Money | null;
  closeDate: string | null;
  probability: number | null;
  forecastCategory: string | null;
  owner: string | null;
  firstSeen: string;
  lastSeen: string;
  createdAt: string | null;
  seen: Record<DealSource, string | null>;
  /** The stage visits (as in DealRecord.history), for velocity and time in stage. */
  history: StageVisit[];
  /** How many times the close date moved to a later date. */
  closePushes: number;
  /** The CRM says the deal is closed (sync); else its stage's outcome decides. */
  closed: { won: boolean } | null;
  /**
   * Readiness as last evaluated, with the playbook (its fingerprint) and the day it was evaluated for; null until the
   * worker first evaluates it. Stale rows are re-evaluated from the full record by the worker.
   */
  readiness: (Readiness & { playbook: string; day: string }) | null;
}

/** A sum in one currency: amounts in different currencies are never added together. */
export interface CurrencyTotal {
  currency: string | null;
  amount: number;
  /** amount x stage probability / 100 */
  weighted: number;
}

export interface StageSummary {
  stage: Stage;
  count: number;
  ready: number;
  /** One entry per currency, largest amount first. */
  totals: CurrencyTotal[];
}

export type AttentionReason =
  | { kind: 'stale'; days: number; limit: number }
  | { kind: 'overdue'; closeDate: string }
  | { kind: 'closing-not-ready'; closeDate: string; days: number }
  /** Its close date moved out this many times (2 or more). */
  | { kind: 'pushed'; times: number }
  /** In a later stage while required criteria of an earlier stage are unmet. */
  | { kind: 'skipped'; stageName: string; missing: number }
  /** Required criteria of its own stage unmet. */
  | { kind: 'not-ready'; missing: number }
  | { kind: 'unknown-stage' };

export interface AttentionItem {
  key: string;
  name: string;
  url: string;
  stageLabel: string;
  /** null when the stage is not in the playbook */
  requiredMet: number | null;
  requiredTotal: number | null;
  ready: boolean;
  reasons: AttentionReason[];
}

export interface PipelineSummary {
  /** Open playbook stages, in playbook order (including empty ones). */
  stages: StageSummary[];
  /** Open deals only, one entry per currency. */
  totals: CurrencyTotal[];
  openDeals: number;
  readyDeals: number;
  /** Open deals whose CRM stage matches no playbook stage. */
  unmatchedDeals: number;
  attention: AttentionItem[];
  /**
   * Deals needing action now: those in `attention` for any reason but `not-ready` alone. A deal not ready for its
   * stage is ordinary work (most deals are, most days); the toolbar badge counts these instead, so it stays a number
   * worth looking at.
   */
  actNow: number;
  /** Open deals by forecast category (the CRM's own when the deal shows one, else its stage's), in this order: commit, best_case, pipeline, omitted; all four, even empty. */
  categories: CategorySummary[];
  /** Open deals whose close date falls in the current calendar month / quarter (of `today`). */
  closing: { month: PeriodSummary; quarter: PeriodSummary };
  /** Deals the CRM created in the last 30 / 90 days (open or closed); `undated`: deals whose creation date is unknown. */
  created: { last30: PeriodSummary; last90: PeriodSummary; undated: number };
  /** Deals won in the last 30 / 90 days (by close date, else when Stagecoach saw them enter a won stage). */
  won: { last30: PeriodSummary; last90: PeriodSummary };
  velocity: Velocity;
  coverage: Coverage;
}

export type CategoryId = 'commit' | 'best_case' | 'pipeline' | 'omitted';

export interface CategorySummary {
  category: CategoryId;
  count: number;
  /** Per currency; `weighted` is by each deal's stage probability. */
  totals: CurrencyTotal[];
}

export interface PeriodSummary {
  count: number;
  totals: CurrencyTotal[];
}

/** Below this many deals behind a figure, velocity says "not enough history yet" instead of a number. */
export const VELOCITY_MIN_DEALS = 5;

/** How fast deals move through one open stage, from recorded stage history. */
export interface StageVelocity {
  stageId: string;
  stageName: string;
  /** Average whole days spent in the stage by deals seen both entering and leaving it; null below VELOCITY_MIN_DEALS. */
  avgDays: number | null;
  /** How many deals the average is made of. */
  timedDeals: number;
  /** Share (0..1) of deals that left the stage forward (a later open stage or won); null below VELOCITY_MIN_DEALS. */
  conversion: number | null;
  /** How many deals left the stage (the conversion's denominator). */
  exitedDeals: number;
}

export interface Velocity {
  stages: StageVelocity[];
  minDeals: number;
}

/** Where the open pipeline's deals were learnt from, each deal counted once: synced first, then pages, then lists. */
export interface Coverage {
  open: number;
  /** Per CRM id (e.g. `salesforce`), open deals reported by sync. */
  synced: { crm: string; count: number }[];
  /** Open deals seen on their own page (and not synced). */
  pages: number;
  /** Open deals seen only in lists or boards. */
  lists: number;
}
