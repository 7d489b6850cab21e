/**
 * Selector overrides, shared by every adapter: a playbook's `selectors` section puts an admin's selectors in front
 * of an adapter's own for the parts it names, so a broken selector is repaired by data, without a release.
 */
import type { SelectorOverrides, SelectorPart } from './types';

/** Whether `selector` parses as CSS here; an override that does not is skipped rather than breaking every read. */
function parses(selector: string, warn: (message: string) => void): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    warn(`The playbook's selector "${selector}" is not valid CSS and was skipped.`);
    return false;
  }
}

/**
 * Each part's selectors with its overrides first: `{ stage: [...override, ...own], ... }`. Part ids the adapter
 * does not have are ignored (the playbook's validation names them to the admin).
 */
export function selectorsWith<K extends string>(
  parts: Readonly<Record<K, SelectorPart>>,
  overrides: SelectorOverrides,
  warn: (message: string) => void = (message) => console.warn(`[Stagecoach] ${message}`),
): Record<K, readonly string[]> {
  const out = {} as Record<K, readonly string[]>;
  for (const id of Object.keys(parts) as K[]) {
    const own = parts[id].selectors;
    const extra = Object.hasOwn(overrides, id) ? (overrides[id] ?? []).filter((s) => parses(s, warn)) : [];
    out[id] = extra.length > 0 ? [...extra, ...own] : own;
  }
  return out;
}
