/**
 * Which playbook stage a deal is in, and what its checklist says: met criteria, readiness to advance.
 */
import { evaluateRule } from './rules';
import { normalizeText } from './text';
import type { Checklist, ChecklistItem, CrmStage, DealChecks, DealSnapshot, Playbook, Stage } from './types';

/**
 * The playbook stage a CRM stage means: the one whose name or `match` list holds the CRM stage's API value or,
 * failing that, its label. The value goes first because labels follow the user's language while values stay put.
 */
export function findStage(playbook: Playbook, crmStage: CrmStage): { stage: Stage; index: number } | null {
  const candidates = [crmStage.value, crmStage.label]
    .filter((s): s is string => s !== null)
    .map(normalizeText)
    .filter((s) => s !== '');
  for (const wanted of candidates) {
    const index = playbook.stages.findIndex((stage) =>
      [stage.name, ...stage.match].some((n) => normalizeText(n) === wanted),
    );
    const stage = playbook.stages[index];
    if (stage !== undefined) return { stage, index };
  }
  return null;
}

/**
 * The checklist of one deal in one stage. Manual criteria are met when ticked; rule criteria are decided by the
 * deal's fields and cannot be ticked (a stray tick stored for one is ignored).
 */
export function buildChecklist(
  playbook: Playbook,
  stage: Stage,
  deal: DealSnapshot,
  checks: DealChecks,
  today: string,
): Checklist {
  const items = stage.criteria.map((criterion): ChecklistItem => {
    if (criterion.rule !== undefined) {
      const result = evaluateRule(criterion.rule, deal, today);
      return { criterion, kind: 'rule', met: result.met, reason: result.reason };
    }
    // Own-property lookup: a criterion id such as "constructor" must not find Object.prototype's.
    const check = Object.hasOwn(checks, criterion.id) ? checks[criterion.id] : undefined;
    return check === undefined
      ? { criterion, kind: 'manual', met: false }
      : { criterion, kind: 'manual', met: true, checkedAt: check.checkedAt };
  });
  const required = items.filter((i) => i.criterion.required);
  const requiredMet = required.filter((i) => i.met).length;
  const openStages = playbook.stages.filter((s) => s.outcome === 'open');
  // By id, not identity: callers may hold a copy of the stage (e.g. one sent between contexts).
  const openIndex = openStages.findIndex((s) => s.id === stage.id);
  return {
    stage,
    position: stage.outcome === 'open' && openIndex >= 0 ? openIndex + 1 : null,
    openStageCount: openStages.length,
    items,
    requiredMet,
    requiredTotal: required.length,
    ready: requiredMet === required.length,
  };
}

/** One line for a badge or a list: "Ready to advance" or "2 of 5 required met". */
export function checklistSummary(c: Checklist): string {
  return c.ready ? 'Ready to advance' : `${c.requiredMet} of ${c.requiredTotal} required met`;
}
