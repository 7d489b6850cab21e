/**
 * Pipedrive page detection: pure functions of the URL, each with sample URLs beside it.
 * Evidence: crm-evidence/pipedrive/NOTES.md §1 (deal URL `{company}.pipedrive.com/deal/{id}`: high confidence, TMetric
 * and many API-built links; board `/pipeline…`, list `/deals…`: unattributed links) and the addendum's NOTES-pipedrive.md.
 */
import type { CrmDetector, CrmSamples } from '../types';

/** A company's own host: `{company}.pipedrive.com`, one DNS label before Pipedrive's domain. */
const HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.pipedrive\.com$/;

/**
 * Pipedrive's own hosts, nobody's company: `app.pipedrive.com` redirects a signed-in rep to their company's host
 * (NOTES §1), so a deal seen there would get a second, unstable key; `www` is the public website. Pipedrive's other
 * own hosts (developers, support, ...) have no `/deal/{id}` pages.
 */
const NOT_A_COMPANY = /^(?:app|www)$/;

/**
 * The deal page: `/deal/{id}` with an optional trailing slash. Ids are positive integers. No deal sub-tab URL is in the
 * evidence, so other paths under a deal are not claimed.
 */
const DEAL_PATH = /^\/deal\/([1-9]\d{0,17})\/?$/;

/**
 * Pipedrive is one single-page app per company host: a rep reaches a deal from the board (`/pipeline`), the list
 * (`/deals`), a person or anywhere else without a page load, so the detector must already be on every page of the
 * company's host. Nothing but the 1 KB URL detector runs there until the URL is a deal's.
 */
export const PIPEDRIVE_MATCHES: readonly string[] = ['https://*.pipedrive.com/*'];

export const SAMPLE_URLS = {
  /** Deal pages, with the deal key each must give. */
  deals: [
    ['https://acme.pipedrive.com/deal/42', 'pipedrive:acme:42'],
    ['https://acme.pipedrive.com/deal/42/', 'pipedrive:acme:42'],
    ['https://ACME.pipedrive.com/deal/42', 'pipedrive:acme:42'],
    ['https://acme.pipedrive.com/deal/42?tab=notes', 'pipedrive:acme:42'],
    ['https://acme.pipedrive.com/deal/42#activity', 'pipedrive:acme:42'],
    ['https://acme-sales-eu.pipedrive.com/deal/1234567', 'pipedrive:acme-sales-eu:1234567'],
    ['https://globex2.pipedrive.com/deal/7', 'pipedrive:globex2:7'],
  ],
  /** Not deal pages: the board, the list, people and organisations, Pipedrive's own hosts and look-alikes. */
  notDeals: [
    'https://acme.pipedrive.com/pipeline',
    'https://acme.pipedrive.com/pipeline/1',
    'https://acme.pipedrive.com/pipeline/1/user/everyone',
    'https://acme.pipedrive.com/deals',
    'https://acme.pipedrive.com/deals/list/filter/12',
    'https://acme.pipedrive.com/person/42',
    'https://acme.pipedrive.com/organization/42',
    'https://acme.pipedrive.com/leads/inbox',
    'https://acme.pipedrive.com/activities/list',
    'https://acme.pipedrive.com/deal/',
    'https://acme.pipedrive.com/deal/abc',
    'https://acme.pipedrive.com/deal/0',
    'https://acme.pipedrive.com/deal/42/edit',
    'https://acme.pipedrive.com/deals/42',
    'https://app.pipedrive.com/deal/42',
    'https://www.pipedrive.com/deal/42',
    'http://acme.pipedrive.com/deal/42',
    'https://acme.pipedrive.com:8443/deal/42',
    'https://pipedrive.com/deal/42',
    'https://eu.acme.pipedrive.com/deal/42',
    'https://acme.pipedrive.com.evil.example/deal/42',
    'https://acmepipedrive.com/deal/42',
    'https://evil.example/acme.pipedrive.com/deal/42',
    'https://acme.pipedrive.co/deal/42',
    // Other CRMs' deal pages.
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://acme.my.salesforce.com/006Hs00001AbCdE',
    'https://app.hubspot.com/contacts/123/record/0-3/456',
    'https://app-eu1.hubspot.com/contacts/123/deal/456',
    'https://acme.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=0c5a3e2b-1d2e-4f5a-9b8c-7d6e5f4a3b2c',
    'https://crm.zoho.eu/crm/org20071234/tab/Potentials/4876876000000123456',
  ],
} as const satisfies CrmSamples;

/** The deal's company (lower case) and id, or null when the URL is no deal page. */
function parse(url: URL): [company: string, id: string] | null {
  const company = url.protocol === 'https:' && url.port === '' ? HOST.exec(url.hostname.toLowerCase())?.[1] : undefined;
  const id = company && !NOT_A_COMPANY.test(company) ? DEAL_PATH.exec(url.pathname)?.[1] : undefined;
  return company && id ? [company, id] : null;
}

/** The deal's id, or null when the URL is no deal page. */
export function dealId(url: URL): string | null {
  return parse(url)?.[1] ?? null;
}

/** `pipedrive:<company>:<deal id>`, or null when the URL is no deal page. Deal ids are unique within a company only. */
export function dealKey(url: URL): string | null {
  const deal = parse(url);
  return deal ? `pipedrive:${deal[0]}:${deal[1]}` : null;
}

/** The pipeline board: `/pipeline`, `/pipeline/{pipeline id}`, `/pipeline/{id}/user/everyone` (NOTES-pipedrive.md). */
const BOARD_PATH = /^\/pipeline(?:\/\d+(?:\/(?:user|filter)\/[^/]+)?)?\/?$/;

export const LIST_SAMPLE_URLS = {
  lists: ['https://acme.pipedrive.com/pipeline', 'https://acme.pipedrive.com/pipeline/1', 'https://acme.pipedrive.com/pipeline/2/user/everyone'],
  notLists: ['https://acme.pipedrive.com/deal/42', 'https://app.pipedrive.com/pipeline/1', 'https://acme.pipedrive.com/pipelines', 'https://acme.pipedrive.com.evil.example/pipeline'],
} as const;

export function listPage(url: URL): boolean {
  const company = url.protocol === 'https:' && url.port === '' ? HOST.exec(url.hostname.toLowerCase())?.[1] : undefined;
  return company !== undefined && !NOT_A_COMPANY.test(company) && BOARD_PATH.test(url.pathname);
}

export const detector: CrmDetector = {
  id: 'pipedrive',
  label: 'Pipedrive',
  matches: PIPEDRIVE_MATCHES,
  dealKey,
  listPage,
};
