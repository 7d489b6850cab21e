/**
 * Zoho CRM deal-page detection: pure functions of the URL, with sample URLs beside them.
 * Evidence: crm-evidence/zoho-crm/NOTES.md "URL patterns" (deal records [U] in six or more codebases, the form
 * without an org segment [U] twice, module lists and other modules [U]); selectors.json `zoho_crm.url.record`.
 * Deals are the module whose API name is `Potentials`, whatever the org calls the tab.
 */
import type { CrmDetector, CrmSamples } from '../types';

/**
 * Zoho's data centres, one host each: `crm.zoho.{com,eu,in,com.au,jp,com.cn,sa,uk}`. Canada's is
 * `crm.zohocloud.ca`; `crm.zoho.ca` is accepted as well, as the issue names it.
 */
const HOST = /^crm\.(?:zoho\.(com|eu|in|com\.au|jp|com\.cn|ca|sa|uk)|zohocloud\.(ca))$/;

/**
 * A deal record: `/crm/org{orgId}/tab/Potentials/{recordId}`, or without the org segment (a user in one org).
 * Record ids are long numbers, so `create`, `custom-view/...` (the list and kanban views) and `{id}/edit` are other
 * pages, as are Leads, Contacts and every other module.
 */
const DEAL_PATH = /^\/crm\/(?:(org\d+)\/)?tab\/Potentials\/(\d+)\/?$/;

/** Content-script matches: every page of the CRM app (`/crm/...`), so in-app navigation to a deal is seen. */
export const ZOHO_MATCHES: readonly string[] = ['com', 'eu', 'in', 'com.au', 'jp', 'com.cn', 'ca', 'sa', 'uk']
  .map((dc) => `https://crm.zoho.${dc}/crm/*`)
  .concat('https://crm.zohocloud.ca/crm/*');

export const SAMPLE_URLS = {
  deals: [
    ['https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027', 'zoho:org60012345:4266643000037779027'],
    ['https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027/', 'zoho:org60012345:4266643000037779027'],
    ['https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027?sub_module=&cvid=4266643000000087501', 'zoho:org60012345:4266643000037779027'],
    ['https://CRM.ZOHO.COM/crm/org60012345/tab/Potentials/4266643000037779027#notes', 'zoho:org60012345:4266643000037779027'],
    ['https://crm.zoho.eu/crm/org20098765/tab/Potentials/112233000000456001', 'zoho:org20098765:112233000000456001'],
    ['https://crm.zoho.com.au/crm/org7001/tab/Potentials/7001000000123456', 'zoho:org7001:7001000000123456'],
    ['https://crm.zohocloud.ca/crm/org5005/tab/Potentials/5005000000000321', 'zoho:org5005:5005000000000321'],
    // Without the org segment the URL says only the data centre, so that is the key's middle part.
    ['https://crm.zoho.in/crm/tab/Potentials/3344000000889900', 'zoho:in:3344000000889900'],
    ['https://crm.zoho.com.cn/crm/tab/Potentials/9988000000000111', 'zoho:com.cn:9988000000000111'],
    ['https://crm.zoho.jp/crm/tab/Potentials/5566000000000222/', 'zoho:jp:5566000000000222'],
  ],
  notDeals: [
    'https://crm.zoho.com/crm/org60012345/tab/Potentials',
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/custom-view/4266643000000087501/list',
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/custom-view/4266643000000087501/kanban',
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/create',
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027/edit',
    'https://crm.zoho.com/crm/org60012345/tab/Leads/4266643000037779001',
    'https://crm.zoho.com/crm/org60012345/tab/Contacts/4266643000037779002',
    'https://crm.zoho.com/crm/org60012345/tab/Accounts/4266643000037779003',
    'https://crm.zoho.com/crm/org60012345/tab/Home/begin',
    'https://crm.zoho.com/crm/tab/Leads/4266643000037779001',
    'http://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://crm.zoho.com:8443/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://crm.zoho.com.evil.example/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://crm.zoho.co/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://evil.example/crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://bigin.zoho.com/bigin/org60012345/Potentials/4266643000037779027',
    'https://one.zoho.com/zohoone/acme/home/cxapp/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://desk.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
  ],
} as const satisfies CrmSamples;

/** `zoho:<org, else data centre>:<record id>`, or null when the URL is no Zoho CRM deal record. */
export function dealKey(url: URL): string | null {
  if (url.protocol !== 'https:' || url.port !== '') return null;
  const host = HOST.exec(url.hostname.toLowerCase());
  const path = host ? DEAL_PATH.exec(url.pathname) : null;
  if (!host || !path) return null;
  return `zoho:${path[1] ?? host[1] ?? host[2]}:${path[2]}`;
}

/** A custom view of deals as a list or kanban: `/crm/[org{id}/]tab/Potentials/custom-view/{view id}/list|kanban`. */
const LIST_PATH = /^\/crm\/(?:org\d+\/)?tab\/Potentials\/custom-view\/\d+\/(?:list|kanban)\/?$/;

export const LIST_SAMPLE_URLS = {
  lists: [
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/custom-view/4266643000000091537/list',
    'https://crm.zoho.eu/crm/tab/Potentials/custom-view/4266643000000091537/kanban',
  ],
  notLists: [
    'https://crm.zoho.com/crm/org60012345/tab/Leads/custom-view/4266643000000091537/list',
    'https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027',
    'https://crm.zoho.com.evil.example/crm/tab/Potentials/custom-view/1/list',
  ],
} as const;

export function listPage(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && HOST.test(url.hostname.toLowerCase()) && LIST_PATH.test(url.pathname);
}

export const detector: CrmDetector = {
  id: 'zoho',
  label: 'Zoho CRM',
  matches: ZOHO_MATCHES,
  dealKey,
  listPage,
};
