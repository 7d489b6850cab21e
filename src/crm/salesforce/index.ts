/** The Salesforce Lightning adapter: opportunity record pages. */
import { selectorsWith } from '../selectors';
import type { CrmAdapter, SelectorOverrides } from '../types';
import { detector } from './detect';
import { PARTS, VALUE_ATTRIBUTES } from './selectors';
import { keepClear, mayHoldDeal, observeRoot, opportunityReader } from './read';

/** The adapter reading with `overrides` in front of its own selectors (none: the built-in ones alone). */
function salesforceAdapter(overrides: SelectorOverrides): CrmAdapter {
  const reader = opportunityReader(selectorsWith(PARTS, overrides));
  return {
    id: detector.id,
    label: detector.label,
    signature: reader.signature,
    read: reader.read,
    keepClear,
    watched: reader.watched,
    mayHoldDeal,
    watchedAttributes: VALUE_ATTRIBUTES,
    observeRoot,
    // After record-to-record navigation Lightning keeps the previous record's view on screen while it renders the
    // next one, often for over a second on a heavy record page.
    staleViewGraceMs: 3000,
    parts: PARTS,
    withSelectors: salesforceAdapter,
  };
}

export const adapter: CrmAdapter = salesforceAdapter({});
