/**
 * Selector overrides, shared by every adapter: a playbook's `selectors` section puts an admin's selectors in front
 * of an adapter's own for the parts it names, so a broken selector is repaired by data, without a release.
 */
import type { SelectorOverrides, SelectorPart } from './types';

/**
 * Each part's selectors with its overrides first: `{ stage: [...override, ...own], ... }`. Part ids the adapter
 * does not have are ignored (the playbook's validation names them to the admin).
 */
export function selectorsWith<K extends string>(
  parts: Readonly<Record<K, SelectorPart>>,
  overrides: SelectorOverrides,
): Record<K, readonly string[]> {
  const out = {} as Record<K, readonly string[]>;
  for (const id of Object.keys(parts) as K[]) {
    const extra = Object.hasOwn(overrides, id) ? (overrides[id] ?? []) : [];
    out[id] = extra.length > 0 ? [...extra, ...parts[id].selectors] : parts[id].selectors;
  }
  return out;
}
