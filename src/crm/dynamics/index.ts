/** The Dynamics 365 Sales adapter: opportunity forms of the Unified Interface. */
import { selectorsWith } from '../selectors';
import type { CrmAdapter } from '../types';
import { detector } from './detect';
import { createReader, type Selectors } from './read';
import { PARTS, VALUE_ATTRIBUTES } from './selectors';

function adapterWith(selectors: Selectors): CrmAdapter {
  return {
    id: detector.id,
    label: detector.label,
    ...createReader(selectors),
    watchedAttributes: VALUE_ATTRIBUTES,
    parts: PARTS,
    withSelectors: (overrides) => adapterWith(selectorsWith(PARTS, overrides)),
  };
}

export const adapter: CrmAdapter = adapterWith(selectorsWith(PARTS, {}));
