/**
 * What only the caller can check in a playbook's `selectors` section (./schema.ts checks its shape): that each CRM
 * id names a CRM this Stagecoach has, that each part id names a part of that CRM's adapter, and that each selector
 * is CSS a browser parses. Core knows no CRM and has no document, so the caller says what it knows: the worker the
 * registry's CRM ids, the options page also the parts of the adapters it loaded and a document to parse CSS with.
 * Whatever is not known is not judged: the content script drops an override that does not parse, and says so.
 */
import type { PlaybookProblem } from '../types';
import { didYouMean, isPlainObject, shortKey } from './blocks';

export interface SelectorKnowledge {
  /**
   * The CRMs this Stagecoach has, by id, each with its adapter's part ids when the adapter is at hand (null when
   * it is not loaded here: its part ids are then not judged).
   */
  crms: ReadonlyMap<string, readonly string[] | null>;
  /** Why a CSS selector does not parse, or null when it does; absent where no document is at hand. */
  cssProblem?: (selector: string) => string | null;
}

/**
 * The problems of a playbook's `selectors` section against what the caller knows, with JSON paths like those of
 * the format's other problems (`selectors.salesforce.stage[0]`). Reads the section as written, parsed or not, so
 * these are listed beside any problem of its shape; what is not the right shape is left to the schema.
 */
export function selectorProblems(playbook: unknown, known: SelectorKnowledge): PlaybookProblem[] {
  if (!isPlainObject(playbook) || !isPlainObject(playbook.selectors)) return [];
  const problems: PlaybookProblem[] = [];
  const crmIds = [...known.crms.keys()];
  for (const [crm, parts] of Object.entries(playbook.selectors)) {
    const at = `selectors.${shortKey(crm)}`;
    if (!known.crms.has(crm)) {
      problems.push({
        path: at,
        message: `Stagecoach has no CRM '${shortKey(crm)}'${didYouMean(crm, crmIds)}: use one of ${crmIds.join(', ')}`,
      });
      continue;
    }
    if (!isPlainObject(parts)) continue;
    const partIds = known.crms.get(crm) ?? null;
    for (const [part, selectors] of Object.entries(parts)) {
      if (partIds !== null && !partIds.includes(part)) {
        problems.push({
          path: `${at}.${shortKey(part)}`,
          message: `the ${crm} reader has no part '${shortKey(part)}'${didYouMean(part, partIds)}: use one of ${partIds.join(', ')}`,
        });
        continue;
      }
      if (!known.cssProblem || !Array.isArray(selectors)) continue;
      selectors.forEach((selector, i) => {
        if (typeof selector !== 'string' || selector.trim() === '') return;
        const problem = known.cssProblem?.(selector.trim());
        if (problem) problems.push({ path: `${at}.${shortKey(part)}[${i}]`, message: problem });
      });
    }
  }
  return problems;
}
