/**
 * What every template is written with, so each template file reads as its stages and criteria, and every template
 * comes out the way a parsed playbook does (defaults filled in, keys in the definition's order): parse(template) is
 * the template, and exporting it writes the same file as exporting it after a round trip.
 */
import { DEFAULT_PLAYBOOK } from '../default-playbook';
import { PLAYBOOK_FORMAT, type Criterion, type ForecastCategory, type Playbook, type Rule, type Stage } from '../types';

/**
 * When a deal counts as stale, as public sales handbooks set it and the built-in playbook does: early stages after 21
 * days without a change, later stages (where the forecast counts the deal as best case or commit) after 14.
 */
const STALE_EARLY_DAYS = 21;
const STALE_LATE_DAYS = 14;

/**
 * The forecast category of a stage by its probability, for CRMs that ship probabilities but no categories (HubSpot,
 * Pipedrive, Zoho, Dynamics 365). The bands are the ones Salesforce's own defaults follow, the one CRM that ships
 * both: up to 60% pipeline (Id. Decision Makers), 70% and 75% best case (Perception Analysis, Proposal/Price Quote),
 * 90% commit (Negotiation/Review).
 */
export function forecastByProbability(probability: number): ForecastCategory {
  if (probability >= 90) return 'commit';
  if (probability >= 70) return 'best_case';
  return 'pipeline';
}

/** A criterion, required unless said otherwise; a rule makes it decided by the deal's fields instead of a tick. */
export function criterion(
  id: string,
  label: string,
  help: string,
  options: { required?: boolean; rule?: Rule } = {},
): Criterion {
  const made: Criterion = { id, label, required: options.required ?? true, help, links: [] };
  if (options.rule !== undefined) made.rule = options.rule;
  return made;
}

/**
 * Required rule criteria on standard fields, labelled with the CRM's own field name ("Est. Revenue entered" on
 * Dynamics 365). Their ids repeat across stages on purpose: rules are never ticked, so no tick follows them from
 * stage to stage.
 */
export const amountEntered = (label: string, help: string): Criterion =>
  criterion('amount', label, help, { rule: { field: 'amount', op: 'gt', value: 0 } });

export const closeDateAhead = (label: string, help: string): Criterion =>
  criterion('close-date', label, help, { rule: { field: 'closeDate', op: 'after', value: 'today' } });

export const nextStepSet = (label: string, help: string): Criterion =>
  criterion('next-step', label, help, { rule: { field: 'nextStep', op: 'present' } });

interface OpenStage {
  id: string;
  name: string;
  /** The CRM's other names for this stage (API values, labels of other UIs). */
  match?: string[];
  probability: number;
  forecastCategory: ForecastCategory;
  guidance: string;
  criteria: Criterion[];
}

/** A stage deals move through; it warns about stale deals by how late in the pipeline it sits. */
export function openStage(stage: OpenStage): Stage {
  return {
    id: stage.id,
    name: stage.name,
    match: stage.match ?? [],
    probability: stage.probability,
    forecastCategory: stage.forecastCategory,
    outcome: 'open',
    staleAfterDays: stage.forecastCategory === 'pipeline' ? STALE_EARLY_DAYS : STALE_LATE_DAYS,
    guidance: stage.guidance,
    criteria: stage.criteria,
  };
}

interface ClosedStage {
  id: string;
  name: string;
  match?: string[];
  guidance: string;
  criteria: Criterion[];
}

/** A won stage: certain, counted as closed in the forecast. Closed deals never go stale. */
export function wonStage(stage: ClosedStage): Stage {
  return closed(stage, 100, 'closed', 'won');
}

/** A lost stage: no chance left, left out of the forecast. */
export function lostStage(stage: ClosedStage): Stage {
  return closed(stage, 0, 'omitted', 'lost');
}

function closed(
  stage: ClosedStage,
  probability: number,
  forecastCategory: ForecastCategory,
  outcome: 'won' | 'lost',
): Stage {
  return {
    id: stage.id,
    name: stage.name,
    match: stage.match ?? [],
    probability,
    forecastCategory,
    outcome,
    guidance: stage.guidance,
    criteria: stage.criteria,
  };
}

export function playbook(name: string, stages: Stage[]): Playbook {
  return { format: PLAYBOOK_FORMAT, name, stages };
}

/**
 * A stage of the built-in playbook with other guidance and criteria. The framework templates (MEDDPICC, BANT,
 * SPICED) keep the built-in playbook's stages, ids and CRM stage names, so they work on the default stages of every
 * CRM Stagecoach reads, and switching between them keeps a deal in the same stage.
 */
export function builtInStage(id: string, guidance: string, criteria: Criterion[]): Stage {
  const stage = DEFAULT_PLAYBOOK.stages.find((s) => s.id === id);
  if (stage === undefined) throw new Error(`The built-in playbook has no stage "${id}" for a template to build on`);
  return {
    id: stage.id,
    name: stage.name,
    match: [...stage.match],
    probability: stage.probability,
    forecastCategory: stage.forecastCategory,
    outcome: stage.outcome,
    // Only where the built-in stage has one, and before guidance as the definition orders it.
    ...(stage.staleAfterDays === undefined ? {} : { staleAfterDays: stage.staleAfterDays }),
    guidance,
    criteria,
  };
}
