/** The Salesforce Classic adapter: opportunity detail pages, server-rendered, one record per page load. */
import { selectorsWith } from '../selectors';
import type { CrmAdapter } from '../types';
import { detector } from './detect';
import { createReader, type Selectors } from './read';
import { PARTS } from './selectors';

function classicAdapter(selectors: Selectors): CrmAdapter {
  const reader = createReader(selectors);
  return {
    id: detector.id,
    label: detector.label,
    signature: reader.signature,
    read: reader.read,
    keepClear: reader.keepClear,
    watched: reader.watched,
    mayHoldDeal: reader.mayHoldDeal,
    observeRoot: reader.observeRoot,
    parts: PARTS,
    withSelectors: (overrides) => classicAdapter(selectorsWith(PARTS, overrides)),
  };
}

export const adapter: CrmAdapter = classicAdapter(selectorsWith(PARTS, {}));
