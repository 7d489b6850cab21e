/**
 * What only this page can find out about a playbook's `selectors` section before it is imported: the parts each
 * named CRM's reader has (the page can load readers; the worker cannot import() them) and which selectors this
 * browser cannot parse (the page has a document). The worker words the problems from it (messages.ts SelectorChecks).
 */
import { CRMS, type CrmEntry } from '../crm/registry';
import type { SelectorChecks } from '../messages';

/** The part ids of one CRM's adapter. */
export type PartIdsOf = (crm: CrmEntry) => Promise<string[]>;

/**
 * From the CRM's deal-page module, the one file its adapter is built into (`content/<crm>.js`, see
 * src/content/files.ts and crm-page.ts `partIds`), at this page's own origin, the extension's: loaded here only
 * when a playbook names that CRM.
 */
const partIdsFromDealPage: PartIdsOf = async (crm) => {
  const page = (await import(/* @vite-ignore */ `${location.origin}/content/${crm.id}.js`)) as { partIds(): Promise<string[]> };
  return page.partIds();
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `selector` is CSS this browser parses: querySelector on an empty fragment throws a SyntaxError if not. */
function parses(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks for the playbook file `text`, or null when it has no `selectors` section to check (or is no JSON: the
 * worker's parser says so). A reader that fails to load is left unchecked rather than failing the import.
 */
export async function checkSelectors(
  text: string,
  partIdsOf: PartIdsOf = partIdsFromDealPage,
  crms: readonly CrmEntry[] = CRMS,
): Promise<SelectorChecks | null> {
  let file: unknown;
  try {
    file = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!isObject(file) || !isObject(file.selectors)) return null;
  const section = file.selectors;
  const parts: Record<string, string[]> = {};
  await Promise.all(
    crms
      .filter((crm) => Object.hasOwn(section, crm.id))
      .map(async (crm) => {
        try {
          parts[crm.id] = await partIdsOf(crm);
        } catch (error) {
          console.warn(`[Stagecoach] could not load the ${crm.label} reader to check the playbook's selectors for it`, error);
        }
      }),
  );
  const invalidCss = Object.values(section)
    .flatMap((crmParts) => (isObject(crmParts) ? Object.values(crmParts) : []))
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter((selector): selector is string => typeof selector === 'string' && selector.trim() !== '')
    .map((selector) => selector.trim())
    .filter((selector) => !parses(selector));
  return { parts, invalidCss: [...new Set(invalidCss)] };
}
