/** The Salesforce Lightning adapter: opportunity record pages. */
import type { CrmAdapter } from '../types';
import { keepClear, mayHoldDeal, observeRoot, opportunitySignature, readOpportunity, watched } from './read';

export const salesforce: CrmAdapter = {
  id: 'salesforce',
  label: 'Salesforce',
  signature: opportunitySignature,
  read: readOpportunity,
  keepClear,
  watched,
  mayHoldDeal,
  observeRoot,
};
