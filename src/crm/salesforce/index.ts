/** The Salesforce Lightning adapter: opportunity record pages. */
import type { CrmAdapter } from '../types';
import { detector } from './detect';
import { VALUE_ATTRIBUTES } from './selectors';
import { keepClear, mayHoldDeal, observeRoot, opportunitySignature, readOpportunity, watched } from './read';

export const adapter: CrmAdapter = {
  id: detector.id,
  label: detector.label,
  signature: opportunitySignature,
  read: readOpportunity,
  keepClear,
  watched,
  mayHoldDeal,
  watchedAttributes: VALUE_ATTRIBUTES,
  observeRoot,
  // After record-to-record navigation Lightning keeps the previous record's view on screen while it renders the
  // next one, often for over a second on a heavy record page.
  staleViewGraceMs: 3000,
};
