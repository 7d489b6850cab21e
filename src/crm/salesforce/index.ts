/** The Salesforce Lightning adapter: opportunity record pages. */
import type { CrmAdapter } from '../types';
import { dealKey, isOpportunityRecord } from './detect';
import { keepClear, mayHoldDeal, observeRoot, opportunitySignature, readOpportunity, watched } from './read';

export const salesforce: CrmAdapter = {
  id: 'salesforce',
  label: 'Salesforce',
  isDealPage: isOpportunityRecord,
  dealKey,
  signature: opportunitySignature,
  read: readOpportunity,
  keepClear,
  watched,
  mayHoldDeal,
  observeRoot,
};
