/** The HubSpot adapter: deal record pages. */
import { selectorsWith } from '../selectors';
import type { CrmAdapter } from '../types';
import { detector } from './detect';
import { createReader, type HubSpotSelectors } from './read';
import { HUBSPOT_PARTS, VALUE_ATTRIBUTES } from './selectors';

function hubspotAdapter(selectors: HubSpotSelectors): CrmAdapter {
  const reader = createReader(selectors);
  return {
    id: detector.id,
    label: detector.label,
    signature: reader.signature,
    read: reader.read,
    keepClear: reader.keepClear,
    watched: reader.watched,
    mayHoldDeal: reader.mayHoldDeal,
    watchedAttributes: VALUE_ATTRIBUTES,
    // No evidence of a container that holds every record view: HubSpot's app shell is unknown, so the whole page is
    // observed, and changes outside the record's sidebar are dropped by `watched` without a read.
    observeRoot: () => null,
    parts: HUBSPOT_PARTS,
    // Overrides always go in front of the built-in selectors, never of an earlier override set.
    withSelectors: (overrides) => hubspotAdapter(selectorsWith(HUBSPOT_PARTS, overrides)),
  };
}

export const adapter: CrmAdapter = hubspotAdapter(selectorsWith(HUBSPOT_PARTS, {}));
