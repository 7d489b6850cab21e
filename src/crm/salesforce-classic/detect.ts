/**
 * Salesforce Classic page detection: pure functions of the URL, with sample URLs beside them.
 * Evidence: crm-evidence/salesforce/NOTES.md §1 (hosts) and §8 (Classic: `https://{host}/006…`, `…/e` for edit),
 * selectors.json `salesforce_classic.url.record` (high confidence).
 *
 * Classic and Lightning are two UIs of one org: an opportunity seen in both is one deal, with one set of ticks. So
 * the key is not made here but asked of the Lightning detector, for the Lightning page of the same record: the same
 * org from the same host, the same 18-character id from the 15- or 18-character one in the URL.
 */
import type { CrmDetector, CrmSamples } from '../types';
import { dealKey as lightningDealKey } from '../salesforce/detect';

/**
 * Classic runs on the org's My Domain, `{domain}.my.salesforce.com`, and its sandbox and Developer Edition forms
 * (`acme--uat.sandbox.my.salesforce.com`, `acme-dev-ed.develop.my.salesforce.com`): Lightning's detector checks the
 * rest of the host. Legacy instance hosts (`na123.salesforce.com`) are left out: they name a server shared by many
 * orgs, not the org, so they cannot give the key Lightning gives the deal, and Salesforce redirects them to My Domain.
 */
const MY_DOMAIN = '.my.salesforce.com';

/**
 * The detail page: the record id alone as the path, 15 (case-sensitive) or 18 characters with the opportunity key
 * prefix 006. A query (`?srPos=0&srKp=006` from search results, `?retURL=…`) or hash is the same page. `/006/o`
 * (the Opportunities tab), `/006/e` (new) and `/{id}/e` (edit) have other paths.
 */
const DETAIL_PATH = /^\/(006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/?$/;

/**
 * The content script's matches: only paths starting with the opportunity prefix. Classic is no single-page app:
 * every record is a full page load, so the script need not sit on other Classic pages to see a rep arrive on a deal.
 * Lightning's matches cover `/lightning/*` on the same hosts: no page is reached by both.
 */
const CLASSIC_MATCHES: readonly string[] = ['https://*.my.salesforce.com/006*'];

export const SAMPLE_URLS = {
  /** Opportunity detail pages, with the key each must give: the key Lightning gives the same opportunity. */
  deals: [
    ['https://acme.my.salesforce.com/006Hs00001AbCdE', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.my.salesforce.com/006Hs00001AbCdEIAV', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://ACME.my.salesforce.com/006Hs00001AbCdE/', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.my.salesforce.com/006Hs00001AbCdE?srPos=0&srKp=006', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.my.salesforce.com/006Hs00001AbCdE?retURL=%2F006%2Fo#opp11_ileinner', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme--uat.sandbox.my.salesforce.com/006Hs00001AbCdE', 'salesforce:acme--uat:006Hs00001AbCdEIAV'],
    ['https://acme--uat.my.salesforce.com/006Hs00001AbCdE', 'salesforce:acme--uat:006Hs00001AbCdEIAV'],
    ['https://acme-dev-ed.develop.my.salesforce.com/006aj00000F4kQz', 'salesforce:acme-dev-ed:006aj00000F4kQzAAJ'],
  ],
  /** Not opportunity detail pages in Classic. */
  notDeals: [
    'https://acme.my.salesforce.com/006/o',
    'https://acme.my.salesforce.com/006/e?retURL=%2F006%2Fo',
    'https://acme.my.salesforce.com/006Hs00001AbCdE/e?retURL=%2F006Hs00001AbCdE',
    'https://acme.my.salesforce.com/006?fcf=00BHs000001AbCd',
    'https://acme.my.salesforce.com/001Hs00000XyZwV',
    'https://acme.my.salesforce.com/home/home.jsp',
    'https://acme.my.salesforce.com/006Hs00001AbCd',
    'https://acme.my.salesforce.com/006Hs00001AbCdEIAVX',
    'https://acme.my.salesforce.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'http://acme.my.salesforce.com/006Hs00001AbCdE',
    'https://acme.my.salesforce.com:8443/006Hs00001AbCdE',
    'https://acme.lightning.force.com/006Hs00001AbCdE',
    'https://na123.salesforce.com/006Hs00001AbCdE',
    'https://login.salesforce.com/006Hs00001AbCdE',
    'https://acme.my.salesforce.com.evil.example/006Hs00001AbCdE',
    'https://evil.example/acme.my.salesforce.com/006Hs00001AbCdE',
    'https://acme.my.site.com/006Hs00001AbCdE',
  ],
} as const satisfies CrmSamples;

/** The 15- or 18-character opportunity id in a Classic detail page's URL, or null when it is no such page. */
function classicOpportunityId(url: URL): string | null {
  if (!url.hostname.toLowerCase().endsWith(MY_DOMAIN)) return null;
  return DETAIL_PATH.exec(url.pathname)?.[1] ?? null;
}

/** `salesforce:<org>:<18-char id>`, Lightning's key for the same opportunity, or null when it is no detail page. */
export function dealKey(url: URL): string | null {
  const id = classicOpportunityId(url);
  // url.origin carries the scheme and port, which Lightning's detector checks like the host.
  return id ? lightningDealKey(new URL(`/lightning/r/Opportunity/${id}/view`, url.origin)) : null;
}

export const detector: CrmDetector = {
  id: 'salesforce-classic',
  label: 'Salesforce Classic',
  keyPrefix: 'salesforce',
  matches: CLASSIC_MATCHES,
  dealKey,
};
