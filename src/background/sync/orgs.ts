/**
 * The orgs the rep could sync: every Salesforce and Dynamics 365 org Stagecoach has seen deals of, found in the deal
 * index (the org is in the deal key `<crm>:<org>:<id>`, the API's host follows from the deal's URL), and what each
 * needs from the browser. Pure: the runner reads the index and the stored rows and hands them in.
 */
import type { DealSummary } from '../../core/types';
import type { SyncCrm } from '../../messages';

export interface SyncOrg {
  /** `<crm>:<org>` */
  id: string;
  crm: SyncCrm;
  org: string;
  /** `https://acme.my.salesforce.com`, `https://contoso.crm4.dynamics.com` */
  apiOrigin: string;
  needs: { permissions: string[]; origins: string[] };
}

/**
 * Salesforce's API lives on the org's My Domain host, also for a deal seen on its Lightning host: the session cookie
 * the API takes (`sid`) is the one of `*.my.salesforce.com`. Dynamics' API is the app's own origin.
 */
function apiOriginOf(crm: SyncCrm, url: string): string | null {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return null;
    host = parsed.hostname.toLowerCase();
  } catch {
    return null;
  }
  if (crm === 'dynamics') return `https://${host}`;
  if (host.endsWith('.my.salesforce.com')) return `https://${host}`;
  if (host.endsWith('.lightning.force.com')) return `https://${host.slice(0, -'.lightning.force.com'.length)}.my.salesforce.com`;
  return null;
}

/**
 * Salesforce reads the session cookie (`cookies`) of the org's API host; both read the API on that one origin. Asked
 * for that org only, not every `*.my.salesforce.com`: the rep grants what this org's sync needs and nothing more.
 */
export const needsOf = (crm: SyncCrm, apiOrigin: string): SyncOrg['needs'] => ({
  permissions: crm === 'salesforce' ? ['cookies'] : [],
  origins: [`${apiOrigin}/*`],
});

const SYNC_CRMS: readonly SyncCrm[] = ['salesforce', 'dynamics'];

/** One entry per org, in the order first met; the API host from the org's first deal whose URL gives one. */
export function orgsOf(summaries: Iterable<Pick<DealSummary, 'key' | 'url'>>): SyncOrg[] {
  const orgs = new Map<string, SyncOrg>();
  for (const { key, url } of summaries) {
    const [crm, org] = key.split(':', 2) as [string, string | undefined];
    if (!org || !(SYNC_CRMS as readonly string[]).includes(crm)) continue;
    const id = `${crm}:${org}`;
    if (orgs.has(id)) continue;
    const apiOrigin = apiOriginOf(crm as SyncCrm, url);
    if (apiOrigin === null) continue;
    orgs.set(id, { id, crm: crm as SyncCrm, org, apiOrigin, needs: needsOf(crm as SyncCrm, apiOrigin) });
  }
  return [...orgs.values()];
}

/**
 * What switching one org off may give back: its permissions and origins that no other enabled org needs, and that no
 * configured site needs (`keep`: a site's origin, granted when the admin added it).
 */
export function releasable(off: SyncOrg, stillOn: readonly SyncOrg[], keep: ReadonlySet<string>): SyncOrg['needs'] {
  const permissions = new Set(stillOn.flatMap((o) => o.needs.permissions));
  const origins = new Set([...stillOn.flatMap((o) => o.needs.origins), ...keep]);
  return {
    permissions: off.needs.permissions.filter((p) => !permissions.has(p)),
    origins: off.needs.origins.filter((o) => !origins.has(o)),
  };
}
