/**
 * The rep's opportunities from the Dynamics 365 Web API (`/api/data/v9.2/`), with the rep's own session: the worker
 * fetches the org's origin with `credentials: 'include'` once the rep granted that origin (optional host permission),
 * and Chromium sends the org's cookies with it as with the app's own requests (test/e2e/sync.test.ts proves it against
 * a cookie-checking server). A same-origin fetch from a content script would need an open Dynamics tab, which a rep
 * who opens the popup elsewhere has not.
 *
 * WhoAmI gives the user; their opportunities are the open ones (statecode 0) and those closed in the last 90 days.
 * The stage: the opportunity's `stageid` is the active stage of its business process flow, the same GUID the page
 * reader takes from the process bar (`activestageid` is a column of the flow's own table, not of the opportunity),
 * named from `processstages`, so synced deals match the playbook's stages exactly like deals read on their page. A
 * closed opportunity is in Won or Lost, as the reader reports it. Pages through `@odata.nextLink`.
 */
import * as v from 'valibot';
import type { CrmStage, DealObservation } from '../../core/types';
import { recogniseDeal } from '../../crm/registry';
import { SyncFailure, orgName, signInAgain } from './failure';
import { getJson, type Classify, type Http } from './http';

const API = '/api/data/v9.2';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const HEADERS = {
  Accept: 'application/json',
  'OData-MaxVersion': '4.0',
  'OData-Version': '4.0',
  Prefer: 'odata.maxpagesize=500, odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
};

const SELECT = [
  'opportunityid',
  'name',
  'estimatedvalue',
  'estimatedclosedate',
  'closeprobability',
  'stageid',
  '_ownerid_value',
  'createdon',
  'modifiedon',
  'statecode',
  'actualclosedate',
];
/** Dynamics 365 Sales' forecasting adds this column; an org without it answers 400 naming it, and is asked again without. */
const FORECAST_CATEGORY = 'msdyn_forecastcategory';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = v.nullish(v.string());
const opportunity = v.object({
  opportunityid: v.pipe(v.string(), v.regex(GUID)),
  name: text,
  estimatedvalue: v.nullish(v.number()),
  estimatedclosedate: text,
  closeprobability: v.nullish(v.number()),
  stageid: text,
  [`_ownerid_value${FORMATTED}`]: text,
  [`${FORECAST_CATEGORY}${FORMATTED}`]: text,
  createdon: text,
  modifiedon: text,
  statecode: v.number(),
  transactioncurrencyid: v.nullish(v.object({ isocurrencycode: text })),
});
const page = v.object({ value: v.array(v.unknown()), '@odata.nextLink': v.optional(v.string()) });
const errorBody = v.object({ error: v.object({ code: v.optional(v.string()), message: v.string() }) });

export interface DynamicsOrg {
  org: string;
  /** `https://contoso.crm4.dynamics.com`: the app's own origin. */
  apiOrigin: string;
}

/** `2026-11-02T09:30:00Z` → ISO with milliseconds, as the store keeps times; null when absent or unreadable. */
const isoTime = (value: string | null | undefined): string | null => {
  const time = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
};
/** Est. Close Date is a date-only column (`2026-12-15`); some orgs keep it as a date and time. */
const isoDay = (value: string | null | undefined): string | null => (value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null);

export function observationOf(row: v.InferOutput<typeof opportunity>, apiOrigin: string, stages: ReadonlyMap<string, string>): DealObservation | null {
  const id = row.opportunityid.toLowerCase();
  const url = `${apiOrigin}/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`;
  const key = recogniseDeal(new URL(url))?.key ?? null;
  if (key === null) return null;
  const closed = row.statecode === 1 ? { won: true } : row.statecode === 2 ? { won: false } : null;
  const stageId = row.stageid?.toLowerCase() ?? null;
  const stage: CrmStage | null = closed
    ? { label: closed.won ? 'Won' : 'Lost', value: null }
    : stageId !== null && stages.has(stageId)
      ? { label: stages.get(stageId) ?? stageId, value: stageId }
      : null;
  return {
    crm: 'dynamics',
    key,
    recordId: id,
    url,
    name: row.name ?? null,
    stage,
    amount: typeof row.estimatedvalue === 'number' ? { amount: row.estimatedvalue, currency: row.transactioncurrencyid?.isocurrencycode ?? null } : null,
    closeDate: isoDay(row.estimatedclosedate),
    probability: row.closeprobability ?? null,
    owner: row[`_ownerid_value${FORMATTED}`] ?? null,
    forecastCategory: row[`${FORECAST_CATEGORY}${FORMATTED}`] ?? null,
    createdAt: isoTime(row.createdon),
    closed,
    modifiedAt: isoTime(row.modifiedon),
  };
}

/** The org has no forecast category column: asked again without it. */
class NoForecastColumn extends SyncFailure {}

/** The opportunities query: the user's own, open or closed since `since` (YYYY-MM-DD). */
export function opportunitiesPath(userId: string, since: string, withForecast: boolean): string {
  const select = [...SELECT, ...(withForecast ? [FORECAST_CATEGORY] : [])].join(',');
  const filter = `_ownerid_value eq ${userId} and (statecode eq 0 or actualclosedate ge ${since})`;
  return `${API}/opportunities?$select=${select}&$expand=transactioncurrencyid($select=isocurrencycode)&$filter=${encodeURIComponent(filter)}`;
}

export async function* dynamicsDeals(http: Http, target: DynamicsOrg, now: Date, log: (message: string) => void): AsyncGenerator<DealObservation[]> {
  const who = { crm: 'dynamics', org: target.org } as const;
  const name = orgName('dynamics', target.org);
  const classify: Classify = (status, body) => {
    const parsed = v.safeParse(errorBody, body);
    if (status === 401) return signInAgain('dynamics', target.org);
    if (status === 400 && parsed.success && parsed.output.error.message.includes(FORECAST_CATEGORY)) return new NoForecastColumn('no forecast category');
    if (status === 403) return new SyncFailure(`${name} does not let your user read opportunities through its API. Ask your Dynamics admin, or leave sync off.`);
    return null;
  };
  const get = (path: string) => getJson(http, who, `${target.apiOrigin}${path}`, HEADERS, classify);

  const whoAmI = v.safeParse(v.object({ UserId: v.pipe(v.string(), v.regex(GUID)) }), await get(`${API}/WhoAmI`));
  if (!whoAmI.success) throw new SyncFailure(`${name} did not say who is signed in. Sign in to ${name} again, then sync.`);
  const stageRows = v.safeParse(
    v.object({ value: v.array(v.object({ processstageid: v.string(), stagename: v.string() })) }),
    await get(`${API}/processstages?$select=processstageid,stagename&$filter=${encodeURIComponent("primaryentitytypecode eq 'opportunity'")}`),
  );
  const stages = new Map(stageRows.success ? stageRows.output.value.map((s) => [s.processstageid.toLowerCase(), s.stagename]) : []);

  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  let body: unknown;
  try {
    body = await get(opportunitiesPath(whoAmI.output.UserId, since, true));
  } catch (error) {
    if (!(error instanceof NoForecastColumn)) throw error;
    body = await get(opportunitiesPath(whoAmI.output.UserId, since, false));
  }
  for (;;) {
    const parsed = v.safeParse(page, body);
    if (!parsed.success) throw new SyncFailure(`${name} sent an answer Stagecoach cannot read. Tell your Stagecoach admin.`);
    const batch: DealObservation[] = [];
    for (const raw of parsed.output.value) {
      const row = v.safeParse(opportunity, raw);
      const observation = row.success ? observationOf(row.output, target.apiOrigin, stages) : null;
      if (observation) batch.push(observation);
      else log(`skipped an opportunity of ${name} that cannot be read`);
    }
    yield batch;
    const next = parsed.output['@odata.nextLink'];
    if (next === undefined) return;
    // The next page is a full URL; only on the org's own origin, where the rep's session belongs.
    if (new URL(next).origin !== target.apiOrigin) throw new SyncFailure(`${name} sent a next page on another site, which Stagecoach does not follow.`);
    body = await getJson(http, who, next, HEADERS, classify);
  }
}
