/**
 * Salesforce Lightning page detection: pure functions of the URL, each with sample URLs beside it.
 * Evidence: crm-evidence/salesforce/NOTES.md §1 (URL patterns [O], hosts [O]/[U]).
 */
import type { CrmDetector, CrmSamples } from '../types';


/**
 * Lightning hosts: `{MyDomain}.lightning.force.com` and `{MyDomain}.my.salesforce.com`, with an optional
 * org-kind label between them for sandboxes (`acme--uat.sandbox…`), Developer Edition (`acme-dev-ed.develop…`),
 * scratch, demo, patch, Trailblaze and free orgs (enhanced domains).
 */
const HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?\.(?:lightning\.force\.com|my\.salesforce\.com)$/;

/**
 * Record home: `/lightning/r/Opportunity/{id}/view` or the short form `/lightning/r/{id}/view`. Related lists
 * (`/related/…/view`), edit and clone URLs are other pages. Opportunity ids have the key prefix 006; ids are 15
 * (case-sensitive) or 18 (checksummed) characters.
 */
const OPPORTUNITY_PATH = /^\/lightning\/r\/(?:Opportunity\/)?(006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/view\/?$/;

/** Manifest match patterns for the content script. Lightning pages all live under `/lightning/`. */
export const SALESFORCE_MATCHES: readonly string[] = [
  'https://*.lightning.force.com/lightning/*',
  'https://*.my.salesforce.com/lightning/*',
];

export const SAMPLE_URLS = {
  /** Opportunity record pages, with the deal key each must give. */
  deals: [
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdE/view', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.my.salesforce.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://ACME.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view/', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.lightning.force.com/lightning/r/006Hs00001AbCdEIAV/view', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view?ws=%2Flightning%2Fr%2FAccount%2F001Hs00000XyZwVIAV%2Fview', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view#details', 'salesforce:acme:006Hs00001AbCdEIAV'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view', 'salesforce:acme--uat:006Hs00001AbCdEIAV'],
    ['https://acme--uat.sandbox.my.salesforce.com/lightning/r/Opportunity/006Hs00001AbCdE/view', 'salesforce:acme--uat:006Hs00001AbCdEIAV'],
    ['https://acme--uat.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view', 'salesforce:acme--uat:006Hs00001AbCdEIAV'],
    ['https://acme-dev-ed.develop.lightning.force.com/lightning/r/Opportunity/006aj00000F4kQzAAJ/view', 'salesforce:acme-dev-ed:006aj00000F4kQzAAJ'],
    ['https://acme-dev-ed.develop.my.salesforce.com/lightning/r/Opportunity/006aj00000F4kQz/view', 'salesforce:acme-dev-ed:006aj00000F4kQzAAJ'],
  ],
  /** Not opportunity record pages. */
  notDeals: [
    'https://acme.lightning.force.com/lightning/r/Account/001Hs00000XyZwVIAV/view',
    'https://acme.lightning.force.com/lightning/r/001Hs00000XyZwVIAV/view',
    'https://acme.lightning.force.com/lightning/r/Opportunity/001Hs00000XyZwVIAV/view',
    'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities',
    'https://acme.lightning.force.com/lightning/o/Opportunity/home',
    'https://acme.lightning.force.com/lightning/o/Opportunity/pipelineInspection?filterName=AllOpportunities',
    'https://acme.lightning.force.com/lightning/page/home',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/related/OpportunityLineItems/view',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/edit',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCd/view',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAVX/view',
    'http://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://acme.my.salesforce.com/006Hs00001AbCdE',
    'https://acme.lightning.force.com.evil.example/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://evil.example/acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://acme.my.site.com/s/opportunity/006Hs00001AbCdEIAV/detail',
    'https://login.salesforce.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://app.hubspot.com/contacts/123/record/0-3/456',
  ],
} as const satisfies CrmSamples;

/**
 * The 18-character form of a Salesforce id: the 15-character case-sensitive id plus three characters, one per
 * five-character chunk, whose bits say which characters of the chunk are upper case. 18-character ids get their
 * suffix recomputed, so both URL forms of a record give one key.
 */
export function to18(id: string): string {
  const base = id.slice(0, 15);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = base.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    // The suffix alphabet is A-Z then 0-5: bits 0-25 are letters, 26-31 digits ('0' is char code 48 = 26 + 22).
    suffix += String.fromCharCode(bits < 26 ? 65 + bits : 22 + bits);
  }
  return base + suffix;
}

function isLightningHost(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && HOST.test(url.hostname.toLowerCase());
}

/** The opportunity's id as the URL shows it (15 or 18 characters), or null when this is no opportunity record page. */
function rawOpportunityId(url: URL): string | null {
  if (!isLightningHost(url)) return null;
  return OPPORTUNITY_PATH.exec(url.pathname)?.[1] ?? null;
}

export function isOpportunityRecord(url: URL): boolean {
  return rawOpportunityId(url) !== null;
}

/** The opportunity's 18-character id, or null when the URL is no opportunity record page. */
export function opportunityId(url: URL): string | null {
  const id = rawOpportunityId(url);
  return id ? to18(id) : null;
}

/**
 * The org a Salesforce URL belongs to: its My Domain name, lower case. Sandboxes are `{domain}--{sandbox}`, so
 * `acme--uat` is another org than `acme` (sandboxes copy production's record ids, so the deal key needs the org),
 * while `acme.lightning.force.com` and `acme.my.salesforce.com` are one org, as are the old and the enhanced
 * sandbox hosts (`acme--uat.lightning.force.com`, `acme--uat.sandbox.lightning.force.com`).
 * Throws on a host that is not a Salesforce Lightning host: callers check `isOpportunityRecord` first.
 */
export function orgOf(url: URL): string {
  const domain = HOST.exec(url.hostname.toLowerCase())?.[1];
  if (!domain) throw new Error(`Not a Salesforce Lightning host: ${url.hostname}`);
  return domain;
}

/** `salesforce:<org>:<18-char id>`, or null when the URL is no opportunity record page. */
export function dealKey(url: URL): string | null {
  const id = opportunityId(url);
  return id ? `salesforce:${orgOf(url)}:${id}` : null;
}

/** The opportunities list view, shown as a table or a Kanban (one URL, the rep's display choice): `/lightning/o/Opportunity/list`. */
const LIST_PATH = /^\/lightning\/o\/Opportunity\/list\/?$/;

export const LIST_SAMPLE_URLS = {
  lists: [
    'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities',
    'https://acme--uat.sandbox.my.salesforce.com/lightning/o/Opportunity/list',
  ],
  notLists: [
    'https://acme.lightning.force.com/lightning/o/Opportunity/home',
    'https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
    'https://acme.lightning.force.com.evil.example/lightning/o/Opportunity/list',
    'http://acme.lightning.force.com/lightning/o/Opportunity/list',
  ],
} as const;

export function listPage(url: URL): boolean {
  return isLightningHost(url) && LIST_PATH.test(url.pathname);
}

export const detector: CrmDetector = {
  id: 'salesforce',
  label: 'Salesforce',
  matches: SALESFORCE_MATCHES,
  dealKey,
  listPage,
};
