/**
 * Every CRM Stagecoach knows, as the content script's detector needs them: a pure URL test (tiny, loaded on every
 * CRM page) and a loader for the full adapter (loaded only once a deal page is recognised).
 * A new CRM is a new folder plus one entry here.
 */
import type { CrmAdapter } from './types';
import * as salesforce from './salesforce/detect';

export interface CrmEntry {
  id: string;
  /** Manifest match patterns of the CRM's pages: the build writes them into the content script's matches. */
  matches: readonly string[];
  /** The deal's key when `url` is one of this CRM's deal pages, else null. Pure and cheap. */
  dealKey(url: URL): string | null;
  load(): Promise<CrmAdapter>;
}

export const CRMS: readonly CrmEntry[] = [
  {
    id: 'salesforce',
    matches: salesforce.SALESFORCE_MATCHES,
    dealKey: (url) => (salesforce.isOpportunityRecord(url) ? salesforce.dealKey(url) : null),
    load: () => import('./salesforce').then((m) => m.salesforce),
  },
];

/** The CRM and deal key of a URL, or null when it is not a deal page of any CRM we know. */
export function recogniseDeal(url: URL): { crm: CrmEntry; key: string } | null {
  for (const crm of CRMS) {
    const key = crm.dealKey(url);
    if (key) return { crm, key };
  }
  return null;
}
