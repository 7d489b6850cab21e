/**
 * The shared vocabulary of Stagecoach: playbooks, deals and checklists.
 * Pure types, no browser APIs: every context (content script, worker, pages, tests) imports these.
 */

import type { Criterion, Playbook, Stage } from './playbook/schema';

/** The one playbook format id this version reads and writes. */
export const PLAYBOOK_FORMAT = 'stagecoach.playbook/v1';

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

/** What the worker keeps about a deal it has seen. */
export interface DealRecord {
  key: string;
  snapshot: DealSnapshot;
  firstSeen: string;
  lastSeen: string;
  /** Oldest first; the last entry is the current stage. */
  history: StageVisit[];
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
}
