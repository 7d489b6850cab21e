/**
 * The active playbook's selector repairs (its `selectors` section) applied to this page's adapter. The options page
 * refuses CSS that does not parse on import, but a playbook can reach the page another way (an older import, a
 * browser that parses less than the one it was written in), so each selector is parsed here once more: one that
 * does not parse is dropped with a console warning, and the others still apply.
 */
import type { Playbook } from '../core/types';
import type { CrmAdapter, SelectorOverrides } from '../crm/types';

/** Whether `selector` is CSS this browser parses: querySelector on an empty fragment throws a SyntaxError if not. */
function parses(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** The playbook's repairs for `adapter`'s CRM, without the selectors that do not parse (each one warned about). */
export function overridesFor(playbook: Playbook | null, adapter: CrmAdapter, cssParses = parses): SelectorOverrides {
  const repairs = playbook?.selectors?.[adapter.id];
  if (!repairs) return {};
  const overrides: Record<string, readonly string[]> = {};
  for (const [part, selectors] of Object.entries(repairs)) {
    const usable = selectors.filter((selector) => {
      if (cssParses(selector)) return true;
      const label = Object.hasOwn(adapter.parts, part) ? adapter.parts[part]?.label : undefined;
      console.warn(
        `[Stagecoach] The playbook's selector ${JSON.stringify(selector)} for ${label ?? `the part "${part}"`} is not CSS ` +
          'this browser can read, so it is skipped. Fix it in the playbook and import it again.',
      );
      return false;
    });
    if (usable.length > 0) overrides[part] = usable;
  }
  return overrides;
}

/**
 * Keeps the adapter a deal page reads with in step with the playbook: the adapter itself when there are no repairs
 * for its CRM, else the adapter with them. `update` answers whether the reading adapter changed (the page must then
 * be read again); repairs that stay the same keep the same adapter, and warn only once.
 */
export function createRepairedAdapter(adapter: CrmAdapter) {
  let applied = '{}';
  let current = adapter;
  return {
    get current(): CrmAdapter {
      return current;
    },
    update(playbook: Playbook | null): boolean {
      const wanted = JSON.stringify(playbook?.selectors?.[adapter.id] ?? {});
      if (wanted === applied) return false;
      applied = wanted;
      const overrides = overridesFor(playbook, adapter);
      current = Object.keys(overrides).length === 0 ? adapter : adapter.withSelectors(overrides);
      return true;
    },
  };
}
