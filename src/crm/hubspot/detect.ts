/**
 * HubSpot deal-record detection: pure functions of the URL, with sample URLs beside them.
 * Evidence: crm-evidence/hubspot/NOTES.md §1 and selectors.json `hubspot.url`, addendum-2026-11/NOTES-hubspot.md.
 */
import type { CrmDetector, CrmSamples } from '../types';

/**
 * The app hosts: `app.hubspot.com` and the regional data centres `app-<region>.hubspot.com` (`app-eu1`, `app-na2`
 * are seen [MULTI]; other regions follow the same form). Marketing, knowledge-base and QA hosts are other sites.
 */
const HOST = /^app(?:-[a-z0-9]+)?\.hubspot\.com$/;

/**
 * A deal record: `/contacts/{portalId}/record/0-3/{dealId}` [MULTI], the older `/contacts/{portalId}/deal/{dealId}`
 * [SINGLE] and `/contacts/{portalId}/objects/0-3/record/{dealId}` [SINGLE, a board card's link]. 0-3 is the deal
 * object type; 0-1 contacts, 0-2 companies and 0-5 tickets are other records. What follows the id (a trailing slash,
 * a record tab) stays on the same deal: the one extension regex in the evidence is open at the end for that reason.
 */
const DEAL_PATH = /^\/contacts\/(\d+)\/(?:record\/0-3|objects\/0-3\/record|deal)\/(\d+)(?:\/|$)/;

/**
 * Every HubSpot CRM page (records, indexes, boards) lives under `/contacts/{portalId}/`: the one app a rep moves
 * between a board and its deals in without a page load, so the detector must already be there on the board. Other
 * HubSpot tools (`/reports-dashboard/`, `/email/`, ...) are separate apps [INFERRED: no evidence of in-app navigation
 * from them into the CRM], left alone. A match pattern cannot say `app-*`, hence `*.hubspot.com`, narrowed by HOST.
 */
export const HUBSPOT_MATCHES: readonly string[] = ['https://*.hubspot.com/contacts/*'];

export const SAMPLE_URLS = {
  deals: [
    ['https://app.hubspot.com/contacts/8079994/record/0-3/21538713952', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/record/0-3/21538713952/', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/record/0-3/21538713952?interaction=note', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/record/0-3/21538713952/view/1', 'hubspot:8079994:21538713952'],
    ['https://app-eu1.hubspot.com/contacts/25677301/record/0-3/13044789621', 'hubspot:25677301:13044789621'],
    ['https://app-na2.hubspot.com/contacts/39705134/record/0-3/7001', 'hubspot:39705134:7001'],
    ['https://APP.HubSpot.com/contacts/8079994/record/0-3/21538713952', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/deal/21538713952/', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/deal/21538713952', 'hubspot:8079994:21538713952'],
    ['https://app.hubspot.com/contacts/8079994/objects/0-3/record/21538713952', 'hubspot:8079994:21538713952'],
  ],
  notDeals: [
    'https://app.hubspot.com/contacts/8079994/objects/0-3/views/all/board',
    'https://app.hubspot.com/contacts/8079994/objects/0-3/views/58955227/board',
    'https://app.hubspot.com/contacts/8079994/objects/0-3/views/all/list',
    'https://app-na2.hubspot.com/contacts/39705134/objects/0-3/views/all/list',
    'https://app.hubspot.com/contacts/8079994/deals/list/view/all/',
    'https://app.hubspot.com/contacts/8079994/record/0-1/51',
    'https://app.hubspot.com/contacts/8079994/record/0-2/7731',
    'https://app.hubspot.com/contacts/8079994/record/0-5/9012',
    'https://app.hubspot.com/contacts/8079994/record/2-98765/12',
    'https://app.hubspot.com/contacts/8079994/ticket/9012/',
    'https://app.hubspot.com/contacts/8079994/record/0-3/',
    'https://app.hubspot.com/contacts/8079994/record/0-3/2153871395x',
    'https://app.hubspot.com/contacts/acme/record/0-3/21538713952',
    'https://app.hubspot.com/reports-dashboard/8079994/view/123',
    'http://app.hubspot.com/contacts/8079994/record/0-3/21538713952',
    'https://app.hubspot.com:8443/contacts/8079994/record/0-3/21538713952',
    'https://www.hubspot.com/contacts/8079994/record/0-3/21538713952',
    'https://knowledge.hubspot.com/contacts/8079994/record/0-3/21538713952',
    'https://app.hubspotqa.com/contacts/8079994/record/0-3/21538713952',
    'https://app.hubspot.com.evil.example/contacts/8079994/record/0-3/21538713952',
    'https://evil.example/app.hubspot.com/contacts/8079994/record/0-3/21538713952',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
  ],
} as const satisfies CrmSamples;

/** `hubspot:{portalId}:{dealId}`, or null when the URL is no HubSpot deal record. */
export function dealKey(url: URL): string | null {
  if (url.protocol !== 'https:' || url.port !== '' || !HOST.test(url.hostname.toLowerCase())) return null;
  const match = DEAL_PATH.exec(url.pathname);
  return match ? `hubspot:${match[1]}:${match[2]}` : null;
}

/**
 * The deals board and index (list): `/contacts/{portal}/objects/0-3/views/{view}/board|list`
 * [crm-evidence/addendum-2026-11/NOTES-hubspot.md], and the older `/contacts/{portal}/deals/board|list/view/{view}`
 * [INFERRED from the record's older `/deal/` path, kept for portals not yet moved].
 */
const LIST_PATH = /^\/contacts\/\d+\/(?:objects\/0-3\/views\/[^/]+\/(?:board|list)|deals\/(?:board|list)\/view\/[^/]+)\/?$/;

export const LIST_SAMPLE_URLS = {
  lists: [
    'https://app.hubspot.com/contacts/8079994/objects/0-3/views/all/board',
    'https://app-eu1.hubspot.com/contacts/8079994/objects/0-3/views/1234567/list',
    'https://app.hubspot.com/contacts/8079994/deals/board/view/all/',
  ],
  notLists: [
    'https://app.hubspot.com/contacts/8079994/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/8079994/record/0-3/21538713952',
    'https://app.hubspot.com.evil.example/contacts/8079994/objects/0-3/views/all/board',
  ],
} as const;

export function listPage(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && HOST.test(url.hostname.toLowerCase()) && LIST_PATH.test(url.pathname);
}

export const detector: CrmDetector = {
  id: 'hubspot',
  label: 'HubSpot',
  matches: HUBSPOT_MATCHES,
  dealKey,
  listPage,
};
