/**
 * The rep's opportunities from Salesforce's REST API, the way Salesforce Inspector reads them: with the session of
 * the org the rep is signed in to (the `sid` cookie of the org's My Domain API host, read by the worker with the
 * optional `cookies` permission) as a Bearer token. One SOQL query, `USING SCOPE mine` (the rep's own), open
 * opportunities plus those closed in the last 90 days (for "won in 30/90 days" and stage history), paged through
 * `nextRecordsUrl`. Each page becomes a batch of observations keyed as the Salesforce page detector keys them.
 */
import * as v from 'valibot';
import type { DealObservation } from '../../core/types';
import { recogniseDeal } from '../../crm/registry';
import { SyncFailure, orgName, signInAgain } from './failure';
import { getJson, type Classify, type Http } from './http';

/** A REST version every org of the last years answers (LastStageChangeDate needs 52.0 or later). */
export const SALESFORCE_API = 'v62.0';

const FIELDS = [
  'Id',
  'Name',
  'StageName',
  'Amount',
  'CloseDate',
  'Probability',
  'ForecastCategoryName',
  'NextStep',
  'Owner.Name',
  'CreatedDate',
  'LastStageChangeDate',
  'LastModifiedDate',
  'IsClosed',
  'IsWon',
];

/** CurrencyIsoCode exists only in multi-currency orgs; a single-currency org answers INVALID_FIELD when asked for it. */
export const soql = (withCurrency: boolean): string =>
  `SELECT ${[...FIELDS, ...(withCurrency ? ['CurrencyIsoCode'] : [])].join(', ')} FROM Opportunity USING SCOPE mine ` +
  'WHERE IsClosed = false OR CloseDate = LAST_N_DAYS:90';

const text = v.nullish(v.string());
const record = v.object({
  Id: v.pipe(v.string(), v.regex(/^006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/)),
  Name: text,
  StageName: text,
  Amount: v.nullish(v.number()),
  CloseDate: text,
  Probability: v.nullish(v.number()),
  ForecastCategoryName: text,
  NextStep: text,
  Owner: v.nullish(v.object({ Name: text })),
  CreatedDate: text,
  LastStageChangeDate: text,
  LastModifiedDate: text,
  IsClosed: v.boolean(),
  IsWon: v.boolean(),
  CurrencyIsoCode: text,
});
const page = v.object({
  done: v.boolean(),
  nextRecordsUrl: v.optional(v.string()),
  records: v.array(v.unknown()),
});
const errors = v.array(v.object({ errorCode: v.string(), message: v.string() }));

/** Salesforce writes times as `2026-11-02T09:30:00.000+0000`; the store keeps ISO times with a `Z`. */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The org's Lightning host, where the rep opens a deal: `acme.my.salesforce.com` → `acme.lightning.force.com`. */
export const lightningOrigin = (apiOrigin: string): string => apiOrigin.replace(/\.my\.salesforce\.com$/, '.lightning.force.com');

export function observationOf(row: v.InferOutput<typeof record>, appOrigin: string, currency: string | null): DealObservation | null {
  const url = `${appOrigin}/lightning/r/Opportunity/${row.Id}/view`;
  const key = recogniseDeal(new URL(url))?.key ?? null;
  if (key === null) return null;
  return {
    crm: 'salesforce',
    key,
    recordId: key.slice(key.lastIndexOf(':') + 1),
    url,
    name: row.Name ?? null,
    // SOQL gives the picklist's API value, which the page reader also reports as the stage's value.
    stage: row.StageName ? { label: row.StageName, value: row.StageName } : null,
    amount: typeof row.Amount === 'number' ? { amount: row.Amount, currency: row.CurrencyIsoCode ?? currency } : null,
    closeDate: row.CloseDate ?? null,
    probability: row.Probability ?? null,
    owner: row.Owner?.Name ?? null,
    forecastCategory: row.ForecastCategoryName ?? null,
    nextStep: row.NextStep ?? null,
    createdAt: isoTime(row.CreatedDate),
    stageChangedAt: isoTime(row.LastStageChangeDate),
    closed: row.IsClosed ? { won: row.IsWon } : null,
    modifiedAt: isoTime(row.LastModifiedDate),
  };
}

/** The query named a field this org does not have (CurrencyIsoCode in a single-currency org): asked again without it. */
class InvalidField extends SyncFailure {}

export interface SalesforceOrg {
  org: string;
  /** `https://acme.my.salesforce.com` */
  apiOrigin: string;
}

/**
 * Every page of the rep's opportunities, as observations, one batch per page. Throws a SyncFailure the rep can act
 * on: no session (`sid` null) or an expired one, the org's API limit, a network or server fault.
 */
export async function* salesforceDeals(http: Http, target: SalesforceOrg, sid: string | null, log: (message: string) => void): AsyncGenerator<DealObservation[]> {
  const who = { crm: 'salesforce', org: target.org } as const;
  if (sid === null) throw signInAgain('salesforce', target.org);
  const headers = { Authorization: `Bearer ${sid}`, Accept: 'application/json' };
  const classify: Classify = (status, body) => {
    const parsed = v.safeParse(errors, body);
    const codes = parsed.success ? parsed.output.map((e) => e.errorCode) : [];
    if (status === 401 || codes.includes('INVALID_SESSION_ID')) return signInAgain('salesforce', target.org);
    if (codes.includes('REQUEST_LIMIT_EXCEEDED')) {
      return new SyncFailure(
        `${orgName('salesforce', target.org)} has used up its API requests for today. Stagecoach tries again later; the deals already synced stay.`,
      );
    }
    if (codes.includes('INVALID_FIELD') && parsed.success && parsed.output.some((e) => e.message.includes('CurrencyIsoCode'))) {
      return new InvalidField('no CurrencyIsoCode in this org');
    }
    if (codes.includes('API_DISABLED_FOR_ORG') || codes.includes('API_CURRENTLY_DISABLED')) {
      return new SyncFailure(`${orgName('salesforce', target.org)} does not allow your user to use its API. Ask your Salesforce admin for "API Enabled", or leave sync off.`);
    }
    return null;
  };
  const get = (pathAndQuery: string) => getJson(http, who, `${target.apiOrigin}${pathAndQuery}`, headers, classify);
  const query = (q: string) => get(`/services/data/${SALESFORCE_API}/query?q=${encodeURIComponent(q)}`);

  let first: unknown;
  let currency: string | null = null;
  try {
    first = await query(soql(true));
  } catch (error) {
    if (!(error instanceof InvalidField)) throw error;
    // A single-currency org: every amount is in the org's default currency, asked once.
    first = await query(soql(false));
    const org = v.safeParse(v.object({ records: v.tuple([v.object({ DefaultCurrencyIsoCode: v.string() })]) }), await query('SELECT DefaultCurrencyIsoCode FROM Organization'));
    currency = org.success ? org.output.records[0].DefaultCurrencyIsoCode : null;
  }

  const appOrigin = lightningOrigin(target.apiOrigin);
  let body = first;
  for (;;) {
    const parsed = v.safeParse(page, body);
    if (!parsed.success) throw new SyncFailure(`${orgName('salesforce', target.org)} sent an answer Stagecoach cannot read. Tell your Stagecoach admin.`);
    const batch: DealObservation[] = [];
    for (const raw of parsed.output.records) {
      const row = v.safeParse(record, raw);
      const observation = row.success ? observationOf(row.output, appOrigin, currency) : null;
      if (observation) batch.push(observation);
      else log(`skipped an opportunity of ${orgName('salesforce', target.org)} that cannot be read`);
    }
    yield batch;
    const next = parsed.output.nextRecordsUrl;
    if (parsed.output.done || next === undefined) return;
    // A path on the same API host, never another origin: the session goes with it.
    if (!next.startsWith('/services/data/')) throw new SyncFailure(`${orgName('salesforce', target.org)} sent a next page Stagecoach does not follow. Tell your Stagecoach admin.`);
    body = await get(next);
  }
}
