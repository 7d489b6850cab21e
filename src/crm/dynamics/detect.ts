/**
 * Dynamics 365 Sales (model-driven app, Unified Interface) page detection: pure functions of the URL, with sample
 * URLs beside them.
 * Evidence: crm-evidence/dynamics365/NOTES.md §1. Record forms are `main.aspx?...pagetype=entityrecord&etn=<entity>
 * &id=<guid>` [MULTI: EasyRepro builds these URLs, Power Playwright reads `pagetype`, many link builders]; the
 * parameter order varies and extra parameters (`appid`, `app`, `forceUCI`, `cmdbar`) come and go.
 */
import type { CrmDetector, CrmSamples } from '../types';

/**
 * Org hosts: `{org}.crm.dynamics.com` and the regional `{org}.crm{N}.dynamics.com` [MULTI], and the US government
 * cloud `{org}.crm.microsoftdynamics.us` [SINGLE]. Other *.dynamics.com products (Business Central, Finance and
 * Operations) live on other hosts and are not ours.
 */
const HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.(?:crm(?:[2-9]|1[0-9]|2[01])?\.dynamics\.com|crm\.microsoftdynamics\.us)$/;

/** A record id: a GUID, sometimes wrapped in braces (`{…}` or `%7B…%7D`), in any case. */
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * Manifest match patterns. The whole Unified Interface is one page, `main.aspx`, whose query string says what is
 * shown: the content script must be on every `main.aspx` page (a list, a dashboard) to be there when the rep opens
 * an opportunity in-app. One pattern per regional host (a match pattern cannot say `crm*`), generated so the
 * always-loaded detector stays small.
 */
export const DYNAMICS_MATCHES: readonly string[] = [
  ...['', ...Array.from({ length: 20 }, (_, i) => String(i + 2))].map((n) => `https://*.crm${n}.dynamics.com/main.aspx*`),
  'https://*.crm.microsoftdynamics.us/main.aspx*',
];

export const SAMPLE_URLS = {
  deals: [
    [
      'https://contoso.crm.dynamics.com/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      'dynamics:contoso:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ],
    [
      'https://contoso.crm.dynamics.com/main.aspx?etn=opportunity&id=%7BAAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE%7D&pagetype=entityrecord',
      'dynamics:contoso:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ],
    [
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id={aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}',
      'dynamics:contoso:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ],
    [
      'https://Contoso.CRM4.dynamics.com/main.aspx?app=d365default&forceUCI=1&pagetype=entityrecord&etn=opportunity&id=AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      'dynamics:contoso:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ],
    [
      'https://fabrikam-uat.crm11.dynamics.com/main.aspx?cmdbar=true&navbar=off&pagetype=entityrecord&etn=opportunity&id=0f8fad5b-d9cb-469f-a165-70867728950e#tab',
      'dynamics:fabrikam-uat:0f8fad5b-d9cb-469f-a165-70867728950e',
    ],
    [
      'https://agency.crm.microsoftdynamics.us/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=opportunity&id=0f8fad5b-d9cb-469f-a165-70867728950e',
      'dynamics:agency:0f8fad5b-d9cb-469f-a165-70867728950e',
    ],
  ],
  notDeals: [
    // The opportunity list, other entities, a new opportunity (no id yet), a dashboard.
    'https://contoso.crm.dynamics.com/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entitylist&etn=opportunity&viewid=00000000-0000-0000-00aa-000010003000&viewType=1039',
    'https://contoso.crm.dynamics.com/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=account&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunityproduct&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=opportunity',
    'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=',
    'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=not-a-guid',
    'https://contoso.crm.dynamics.com/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=dashboard&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com/apps',
    // Look-alike hosts and paths.
    'http://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com.evil.example/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://evil.example/contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.operations.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com/other.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://contoso.crm.dynamics.com:8443/main.aspx?pagetype=entityrecord&etn=opportunity&id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'https://app.hubspot.com/contacts/123/record/0-3/456',
    'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
  ],
} as const satisfies CrmSamples;

/** The org of a Dynamics URL (its host's first label, lower case), or null when the host is not a Dynamics org. */
function orgOf(url: URL): string | null {
  if (url.protocol !== 'https:' || url.port !== '') return null;
  return HOST.exec(url.hostname.toLowerCase())?.[1] ?? null;
}

/** The opportunity's id, lower case and without braces, or null when the URL is no opportunity form. */
export function opportunityId(url: URL): string | null {
  if (url.pathname.toLowerCase() !== '/main.aspx' || orgOf(url) === null) return null;
  const query = url.searchParams;
  if (query.get('pagetype')?.toLowerCase() !== 'entityrecord' || query.get('etn')?.toLowerCase() !== 'opportunity') return null;
  return GUID.exec(query.get('id') ?? '')?.[1]?.toLowerCase() ?? null;
}

/** `dynamics:<org>:<guid>`, or null when the URL is no opportunity form. */
export function dealKey(url: URL): string | null {
  const id = opportunityId(url);
  return id ? `dynamics:${orgOf(url) ?? ''}:${id}` : null;
}

/** A view of opportunities (a grid): `main.aspx?…pagetype=entitylist&etn=opportunity` [High, as the record URL]. */
export function listPage(url: URL): boolean {
  if (url.pathname.toLowerCase() !== '/main.aspx' || orgOf(url) === null) return false;
  return url.searchParams.get('pagetype')?.toLowerCase() === 'entitylist' && url.searchParams.get('etn')?.toLowerCase() === 'opportunity';
}

export const LIST_SAMPLE_URLS = {
  lists: [
    'https://acme.crm.dynamics.com/main.aspx?appid=2fb2d8a6-0000-0000-0000-000000000000&pagetype=entitylist&etn=opportunity&viewid=00000000-0000-0000-00aa-000010003000&viewType=1039',
    'https://acme.crm4.dynamics.com/main.aspx?etn=opportunity&pagetype=entitylist',
  ],
  notLists: [
    'https://acme.crm.dynamics.com/main.aspx?pagetype=entitylist&etn=account',
    'https://acme.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=4c7e2f1a-0000-0000-0000-000000000000',
    'https://acme.crm.dynamics.com.evil.example/main.aspx?pagetype=entitylist&etn=opportunity',
  ],
} as const;

export const detector: CrmDetector = {
  id: 'dynamics',
  label: 'Dynamics 365',
  matches: DYNAMICS_MATCHES,
  dealKey,
  listPage,
};
