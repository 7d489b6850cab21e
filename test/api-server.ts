/**
 * A stand-in for Salesforce's REST API and the Dynamics 365 Web API, answering in each one's documented format:
 * Salesforce query results (`totalSize`, `done`, `nextRecordsUrl`, `records` with `attributes`) and errors as
 * `[{ message, errorCode }]`; Dynamics `@odata.context`, `value`, `@odata.nextLink` with formatted-value annotations,
 * errors as `{ error: { code, message } }`. It pages as they do, refuses a missing or wrong session (Salesforce's
 * Bearer token, Dynamics' cookie) and rate-limits on request.
 *
 * `handle` is a plain `fetch`: unit tests call it directly; `listenHttps` serves it on this computer with a
 * self-signed certificate made by /usr/bin/openssl, for Chromium with `--host-resolver-rules` sending the API hosts
 * here.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allowInExtensionSettings, crmFixtures, fixtureResponse, launchExtension, type Ext } from './e2e/harness';

export interface SalesforceOpportunity {
  Id: string;
  Name: string;
  StageName: string;
  Amount: number | null;
  CloseDate: string;
  Probability: number;
  ForecastCategoryName: string;
  NextStep: string | null;
  OwnerName: string;
  CreatedDate: string;
  LastStageChangeDate: string | null;
  LastModifiedDate: string;
  IsClosed: boolean;
  IsWon: boolean;
  CurrencyIsoCode: string;
}

export interface SalesforceOrgState {
  /** The session the org accepts (`sid` cookie value); anything else is an expired session. */
  sid: string;
  opportunities: SalesforceOpportunity[];
  /** A single-currency org has no CurrencyIsoCode field. */
  multiCurrency: boolean;
  defaultCurrency: string;
  /** Records per page (Salesforce's default batch is 2,000). */
  pageSize: number;
  /** Answer REQUEST_LIMIT_EXCEEDED to every query. */
  limitExceeded: boolean;
}

export interface DynamicsOpportunity {
  opportunityid: string;
  name: string;
  estimatedvalue: number | null;
  currency: string;
  estimatedclosedate: string;
  closeprobability: number;
  stageid: string | null;
  owner: string;
  forecastCategory: string | null;
  createdon: string;
  modifiedon: string;
  /** 0 open, 1 won, 2 lost */
  statecode: 0 | 1 | 2;
  actualclosedate: string | null;
}

export interface DynamicsOrgState {
  /** The cookie that proves the session, `name=value`; a request without it is unauthenticated. */
  cookie: string;
  userId: string;
  stages: { id: string; name: string }[];
  opportunities: DynamicsOpportunity[];
  /** Orgs without Dynamics 365 Sales' forecasting have no msdyn_forecastcategory column. */
  forecastColumn: boolean;
  /** Answer 429 with this Retry-After (seconds) to the next `times` requests. */
  throttle: { seconds: number; times: number } | null;
}

export interface ApiServer {
  salesforce: Map<string, SalesforceOrgState>;
  dynamics: Map<string, DynamicsOrgState>;
  /** Every request, `host path?query`, in order. */
  log: string[];
  handle(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });

const sfError = (status: number, errorCode: string, message: string): Response => json([{ message, errorCode }], status);
const odataError = (status: number, code: string, message: string, headers: Record<string, string> = {}): Response =>
  json({ error: { code, message } }, status, headers);

function salesforceRecord(o: SalesforceOpportunity, version: string, multiCurrency: boolean): Record<string, unknown> {
  return {
    attributes: { type: 'Opportunity', url: `/services/data/${version}/sobjects/Opportunity/${o.Id}` },
    Id: o.Id,
    Name: o.Name,
    StageName: o.StageName,
    Amount: o.Amount,
    CloseDate: o.CloseDate,
    Probability: o.Probability,
    ForecastCategoryName: o.ForecastCategoryName,
    NextStep: o.NextStep,
    Owner: { attributes: { type: 'User', url: `/services/data/${version}/sobjects/User/005000000000001AAA` }, Name: o.OwnerName },
    CreatedDate: o.CreatedDate,
    LastStageChangeDate: o.LastStageChangeDate,
    LastModifiedDate: o.LastModifiedDate,
    IsClosed: o.IsClosed,
    IsWon: o.IsWon,
    ...(multiCurrency ? { CurrencyIsoCode: o.CurrencyIsoCode } : {}),
  };
}

function salesforce(org: SalesforceOrgState, url: URL, request: Request): Response {
  const match = /^\/services\/data\/(v\d+\.\d)\/query(?:\/(01g[A-Za-z0-9]+)-(\d+))?\/?$/.exec(url.pathname);
  if (!match) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const version = match[1]!;
  if (request.headers.get('Authorization') !== `Bearer ${org.sid}`) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  if (org.limitExceeded) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  const page = (offset: number): Response => {
    const records = org.opportunities.slice(offset, offset + org.pageSize).map((o) => salesforceRecord(o, version, org.multiCurrency));
    const next = offset + org.pageSize;
    const done = next >= org.opportunities.length;
    return json({
      totalSize: org.opportunities.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/01gD0000002HU6KIAW-${next}` }),
      records,
    });
  };
  if (match[3] !== undefined) return page(Number(match[3]));
  const q = url.searchParams.get('q') ?? '';
  if (/FROM Organization/i.test(q)) {
    return json({
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Organization', url: `/services/data/${version}/sobjects/Organization/00D000000000001EAA` }, DefaultCurrencyIsoCode: org.defaultCurrency }],
    });
  }
  if (!org.multiCurrency && q.includes('CurrencyIsoCode')) {
    const column = q.indexOf('CurrencyIsoCode');
    return sfError(
      400,
      'INVALID_FIELD',
      `\n${q.slice(Math.max(0, column - 40), column + 30)}\n^\nERROR at Row:1:Column:${column + 1}\nNo such column 'CurrencyIsoCode' on entity 'Opportunity'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  if (!/FROM Opportunity USING SCOPE mine/i.test(q)) return sfError(400, 'MALFORMED_QUERY', 'This stand-in answers only the rep’s own opportunities');
  return page(0);
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

function dynamicsRecord(o: DynamicsOpportunity, withForecast: boolean, formatted: boolean): Record<string, unknown> {
  const annotate = (name: string, value: string): Record<string, string> => (formatted ? { [`${name}${FORMATTED}`]: value } : {});
  return {
    '@odata.etag': 'W/"4409291"',
    opportunityid: o.opportunityid,
    name: o.name,
    estimatedvalue: o.estimatedvalue,
    ...annotate('estimatedvalue', o.estimatedvalue === null ? '' : `${o.currency} ${o.estimatedvalue.toFixed(2)}`),
    estimatedclosedate: o.estimatedclosedate,
    closeprobability: o.closeprobability,
    stageid: o.stageid,
    _ownerid_value: '6f3f6c30-2a6b-4b7e-9d38-0f1f2c5b7a11',
    ...annotate('_ownerid_value', o.owner),
    createdon: o.createdon,
    modifiedon: o.modifiedon,
    statecode: o.statecode,
    ...annotate('statecode', ['Open', 'Won', 'Lost'][o.statecode]!),
    actualclosedate: o.actualclosedate,
    ...(withForecast ? { msdyn_forecastcategory: o.forecastCategory === null ? null : 100000001, ...(o.forecastCategory === null ? {} : annotate('msdyn_forecastcategory', o.forecastCategory)) } : {}),
    transactioncurrencyid: { isocurrencycode: o.currency, transactioncurrencyid: '0b5e5c5e-7a4c-4d40-9a0e-3d1b2b6a1c01' },
  };
}

function dynamics(org: DynamicsOrgState, url: URL, request: Request): Response {
  const base = `${url.origin}/api/data/v9.2`;
  const cookies = (request.headers.get('Cookie') ?? '').split(/;\s*/);
  if (!cookies.includes(org.cookie)) {
    // What Dataverse answers a request without a valid session.
    return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize' } });
  }
  if (org.throttle && org.throttle.times > 0) {
    org.throttle.times--;
    return odataError(429, '0x80072322', 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', { 'Retry-After': String(org.throttle.seconds) });
  }
  const prefer = request.headers.get('Prefer') ?? '';
  const formatted = prefer.includes('OData.Community.Display.V1.FormattedValue');
  const path = url.pathname.replace(/^\/api\/data\/v9\.2/, '');
  if (path === '/WhoAmI') {
    return json({
      '@odata.context': `${base}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: '2b9c3f4e-1d2a-4c5b-8e7f-9a0b1c2d3e4f',
      UserId: org.userId,
      OrganizationId: '7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6',
    });
  }
  if (path === '/processstages') {
    return json({
      '@odata.context': `${base}/$metadata#processstages(processstageid,stagename)`,
      value: org.stages.map((s) => ({ '@odata.etag': 'W/"1"', processstageid: s.id, stagename: s.name })),
    });
  }
  if (path !== '/opportunities') return odataError(404, '0x80060888', `Resource not found for the segment '${path.slice(1)}'.`);
  const select = url.searchParams.get('$select') ?? '';
  const withForecast = select.includes('msdyn_forecastcategory');
  if (withForecast && !org.forecastColumn) {
    return odataError(400, '0x80060888', "Could not find a property named 'msdyn_forecastcategory' on type 'Microsoft.Dynamics.CRM.opportunity'.");
  }
  const filter = url.searchParams.get('$filter') ?? '';
  if (!filter.includes(`_ownerid_value eq ${org.userId}`)) return odataError(400, '0x80040203', 'This stand-in answers only the signed-in user’s opportunities');
  const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 5000);
  const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
  const records = org.opportunities.slice(offset, offset + size).map((o) => dynamicsRecord(o, withForecast, formatted));
  const nextUrl = new URL(url);
  nextUrl.searchParams.set('$skiptoken', String(offset + size));
  return json(
    {
      '@odata.context': `${base}/$metadata#opportunities(${select})`,
      value: records,
      ...(offset + size < org.opportunities.length ? { '@odata.nextLink': nextUrl.toString() } : {}),
    },
    200,
    { 'Preference-Applied': `odata.maxpagesize=${size}${formatted ? ', odata.include-annotations="OData.Community.Display.V1.FormattedValue"' : ''}` },
  );
}

export function createApiServer(): ApiServer {
  const server: ApiServer = {
    salesforce: new Map(),
    dynamics: new Map(),
    log: [],
    async handle(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      server.log.push(`${url.host} ${url.pathname}${url.search}`);
      if (request.method !== 'GET') return sfError(405, 'METHOD_NOT_ALLOWED', 'This stand-in only reads');
      const sf = server.salesforce.get(url.host);
      if (sf) return salesforce(sf, url, request);
      const dyn = server.dynamics.get(url.host);
      if (dyn) return dynamics(dyn, url, request);
      return new Response(`no org at ${url.host}`, { status: 404 });
    },
  };
  return server;
}

/** `n` Salesforce opportunities, most open, some closed in the last weeks; dates relative to `today`. */
export function salesforceOpportunities(n: number, today: Date, owner = 'Riley Rep'): SalesforceOpportunity[] {
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const time = (offset: number) => `${day(offset)}T09:30:00.000+0000`;
  const stages = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
  return Array.from({ length: n }, (_, i) => {
    const closed = i % 10 === 9;
    const won = closed && i % 20 === 19;
    const id = `006Hs0000${String(i).padStart(6, '0')}`;
    return {
      Id: `${id}AAA`,
      Name: `Opportunity ${i + 1}`,
      StageName: closed ? (won ? 'Closed Won' : 'Closed Lost') : stages[i % stages.length]!,
      Amount: (i + 1) * 1000,
      CloseDate: day(closed ? -(i % 60) : 10 + (i % 80)),
      Probability: closed ? (won ? 100 : 0) : 10 + (i % 5) * 20,
      ForecastCategoryName: closed ? (won ? 'Closed' : 'Omitted') : ['Pipeline', 'Best Case', 'Commit'][i % 3]!,
      NextStep: i % 2 === 0 ? 'Call the buyer' : null,
      OwnerName: owner,
      CreatedDate: time(-30 - (i % 200)),
      LastStageChangeDate: time(-(i % 30)),
      LastModifiedDate: time(-(i % 7)),
      IsClosed: closed,
      IsWon: won,
      CurrencyIsoCode: i % 4 === 3 ? 'EUR' : 'USD',
    };
  });
}

/** `n` Dynamics opportunities across `stages`, most open, some won or lost lately; dates relative to `today`. */
export function dynamicsOpportunities(n: number, today: Date, stages: { id: string }[]): DynamicsOpportunity[] {
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: n }, (_, i) => {
    const statecode = i % 10 === 9 ? (i % 20 === 19 ? 1 : 2) : 0;
    return {
      opportunityid: `0f8fad5b-d9cb-469f-a165-${String(i).padStart(12, '0')}`,
      name: `Dynamics opportunity ${i + 1}`,
      estimatedvalue: (i + 1) * 500,
      currency: i % 3 === 2 ? 'GBP' : 'EUR',
      estimatedclosedate: day(statecode === 0 ? 5 + (i % 60) : -(i % 40)),
      closeprobability: 20 + (i % 4) * 20,
      stageid: stages[i % stages.length]?.id ?? null,
      owner: 'Dana Dynamics',
      forecastCategory: ['Pipeline', 'Best case', 'Committed'][i % 3]!,
      createdon: `${day(-40 - (i % 100))}T08:00:00Z`,
      modifiedon: `${day(-(i % 5))}T08:00:00Z`,
      statecode,
      actualclosedate: statecode === 0 ? null : day(-(i % 40)),
    };
  });
}

export interface HttpsApi {
  /** The port to map the API hosts to. */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `handle` (an ApiServer's, or one that also serves app pages) over HTTPS on 127.0.0.1 with a certificate
 * made now (Chromium is told to accept it).
 */
export async function listenHttps(handle: ApiServer['handle']): Promise<HttpsApi> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecoach-api-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=stagecoach-test-api'], {
    stdio: 'ignore',
  });
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    void handle(`https://${req.headers.host ?? 'unknown'}${req.url ?? '/'}`, { method: req.method, headers })
    .then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  rmSync(dir, { recursive: true, force: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The demo Dynamics org of the browser tests and the benchmark: its app and its API on one host, as in a real org. */
export const DYNAMICS_HOST = 'stagecoach-demo.crm.dynamics.com';
/** The default process's stages, by their GUIDs (src/core/templates/dynamics.ts): Qualify and Propose. */
export const DYNAMICS_STAGES = [
  { id: '6b9ce798-221a-4260-90b2-2a95ed51a5bc', name: 'Qualify' },
  { id: '3a275c22-fc45-4e89-97fc-41e5ec578743', name: 'Propose' },
];
const DYNAMICS_SESSION = { name: 'CrmOwinAuth', value: 'signed-in' };

export interface DynamicsSite {
  api: ApiServer;
  port: number;
  /** A fresh org of `opportunities` owned by the rep, no throttle, an empty request log. */
  reset(opportunities: number): void;
  close(): Promise<void>;
}

/** The stand-in API under /api/data and the mock Dynamics app everywhere else, over HTTPS on this computer. */
export async function serveDynamicsOrg(): Promise<DynamicsSite> {
  const api = createApiServer();
  const server = await listenHttps(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.startsWith('/api/')) return api.handle(input, init);
    const page = fixtureResponse(url.pathname + url.search, { crm: 'dynamics' });
    return new Response(typeof page.body === 'string' ? page.body : new Uint8Array(page.body), { status: page.status, headers: { 'Content-Type': page.contentType } });
  });
  return {
    api,
    port: server.port,
    reset(opportunities) {
      api.log.length = 0;
      api.dynamics.set(DYNAMICS_HOST, {
        cookie: `${DYNAMICS_SESSION.name}=${DYNAMICS_SESSION.value}`,
        userId: '6f3f6c30-2a6b-4b7e-9d38-0f1f2c5b7a11',
        stages: DYNAMICS_STAGES,
        opportunities: dynamicsOpportunities(opportunities, new Date(), DYNAMICS_STAGES),
        forecastColumn: true,
        throttle: null,
      });
    },
    close: () => server.close(),
  };
}

/** The built extension in Chromium, the demo Dynamics host sent to the stand-in at `port`. */
export function launchWithDynamics(port: number): Promise<Ext> {
  return launchExtension({
    serve: false,
    hostRules: [`MAP ${DYNAMICS_HOST} 127.0.0.1:${port}`],
    // Pages take Playwright's setting; the worker's own fetches only the browser-wide switch.
    ignoreHTTPSErrors: true,
    args: ['--ignore-certificate-errors'],
  });
}

/** The rep is signed in to the org: its session cookie, as Dynamics sets it (SameSite=None, Secure, HttpOnly). */
export async function signInToDynamics(ext: Ext): Promise<void> {
  await ext.context.addCookies([{ ...DYNAMICS_SESSION, domain: DYNAMICS_HOST, path: '/', secure: true, httpOnly: true, sameSite: 'None' }]);
}

/**
 * The rep allows the org in the browser's extension settings (chrome://extensions, "On specific sites"), as
 * sites.test.ts does: the permission prompt the options page opens is a native dialog no automation can answer, and
 * once the origin is allowed there the page's request is answered "granted" without one.
 */
export const allowDynamics = (ext: Ext): Promise<void> => allowInExtensionSettings(ext, [`https://${DYNAMICS_HOST}/*`]);

/** The rep opens one of their Dynamics deals: Stagecoach now knows the org. */
export async function openDynamicsDeal(ext: Ext): Promise<void> {
  const page = await ext.openDeal(crmFixtures('dynamics').demo[0]!);
  await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
  await page.close();
}
