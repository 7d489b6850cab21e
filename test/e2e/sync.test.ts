/**
 * CRM sync in the built extension against a local HTTPS stand-in of the Dynamics 365 Web API (test/api-server.ts),
 * which Chromium reaches at the org's real host (`--host-resolver-rules`) with the rep's session cookie: a rep who
 * opened one Dynamics deal switches sync on in the options page, and the popup's pipeline holds every opportunity
 * they own; an expired session says "sign in again", a rate limit says it tries again later.
 *
 * The same server serves the mock Dynamics app on that host, so the deal page and the API share an origin as in a
 * real org. The org's access is given as sites.test.ts gives it (the browser's extension settings, "On specific
 * sites"): the browser's permission prompt is a native dialog no automation can answer. Salesforce's sync needs the
 * optional `cookies` API permission too, which only that dialog grants; its client is covered by the unit tests
 * (test/unit/background/sync.test.ts) against the same stand-in.
 *
 * What this proves about Chromium: a worker `fetch` with `credentials: 'include'` to an origin the extension holds
 * carries that origin's SameSite=None session cookie, so the worker needs no open Dynamics tab.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer, dynamicsOpportunities, listenHttps, type ApiServer, type HttpsApi } from '../api-server';
import { crmFixtures, fixtureResponse, launchExtension, type Ext } from './harness';

const HOST = 'stagecoach-demo.crm.dynamics.com';
const ORIGINS = `https://${HOST}/*`;
const SWITCH = 'Sync my open opportunities from Dynamics 365 (stagecoach-demo)';
/** The default process's stages, by their GUIDs (src/core/templates/dynamics.ts): Qualify and Propose. */
const STAGES = [
  { id: '6b9ce798-221a-4260-90b2-2a95ed51a5bc', name: 'Qualify' },
  { id: '3a275c22-fc45-4e89-97fc-41e5ec578743', name: 'Propose' },
];
const SESSION = 'CrmOwinAuth=signed-in';
const USER = '6f3f6c30-2a6b-4b7e-9d38-0f1f2c5b7a11';

let api: ApiServer;
let server: HttpsApi;
let ext: Ext;

beforeAll(async () => {
  api = createApiServer();
  // The API under /api/data, the mock app everywhere else on the org's host.
  server = await listenHttps(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.startsWith('/api/')) return api.handle(input, init);
    const page = fixtureResponse(url.pathname + url.search, { crm: 'dynamics' });
    return new Response(typeof page.body === 'string' ? page.body : new Uint8Array(page.body), { status: page.status, headers: { 'Content-Type': page.contentType } });
  });
});
afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  api.log.length = 0;
  api.dynamics.set(HOST, {
    cookie: SESSION,
    userId: USER,
    stages: STAGES,
    opportunities: dynamicsOpportunities(30, new Date(), STAGES),
    forecastColumn: true,
    throttle: null,
  });
  ext = await launchExtension({
    serve: false,
    hostRules: [`MAP ${HOST} 127.0.0.1:${server.port}`],
    // Pages take Playwright's setting; the worker's fetches only the browser-wide switch.
    ignoreHTTPSErrors: true,
    args: ['--ignore-certificate-errors'],
  });
});
afterEach(async () => {
  await ext?.close();
});

/** The rep is signed in to the org: its session cookie, as Dynamics sets it. */
async function signIn(): Promise<void> {
  const [name, value] = SESSION.split('=') as [string, string];
  await ext.context.addCookies([{ name, value, domain: HOST, path: '/', secure: true, httpOnly: true, sameSite: 'None' }]);
}

/** The rep allows the org in the browser's extension settings (see the note at the top). */
async function allowInBrowserSettings(): Promise<void> {
  const settings = await ext.context.newPage();
  await settings.goto(`chrome://extensions/?id=${ext.extensionId}`);
  await settings.evaluate(
    async ([id, origins]) => {
      interface DeveloperPrivate {
        updateExtensionConfiguration(update: { extensionId: string; hostAccess: string }): Promise<void>;
        addHostPermission(extensionId: string, host: string): Promise<void>;
      }
      const settingsApi = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
      await settingsApi.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_SPECIFIC_SITES' });
      await settingsApi.addHostPermission(id, origins);
    },
    [ext.extensionId, ORIGINS] as const,
  );
  await settings.close();
}

/** The rep opens one of their Dynamics deals: Stagecoach now knows the org. */
async function openOneDeal(): Promise<void> {
  const page = await ext.openDeal(crmFixtures('dynamics').demo[0]!);
  await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
  await page.close();
}

const syncCard = (page: Page) => page.getByRole('region', { name: 'CRM sync', exact: true });
const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The number of deals in one row of the popup's "Pipeline by stage". */
async function dealsIn(popup: Page, stage: string): Promise<number> {
  const table = popup.getByRole('table', { name: 'Pipeline by stage' });
  await table.waitFor();
  const row = table.getByRole('row').filter({ has: popup.getByRole('rowheader', { name: stage }) });
  return Number(squash(await row.getByRole('cell').first().innerText()));
}

async function switchOn(): Promise<Page> {
  const options = await ext.openOptions();
  const toggle = syncCard(options).getByRole('switch', { name: SWITCH });
  await toggle.click();
  await expect.poll(() => toggle.isChecked()).toBe(true);
  return options;
}

describe('CRM sync from Dynamics 365', () => {
  it('switched on in the options page, brings every open opportunity the rep owns into the popup', async () => {
    await allowInBrowserSettings();
    await signIn();
    await openOneDeal();
    let popup = await ext.openPopup();
    const before = { qualification: await dealsIn(popup, 'Qualification'), proposal: await dealsIn(popup, 'Proposal') };
    await popup.close();

    const options = await switchOn();
    await expect.poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 }).toContain('Synced 27 open deals just now.');
    // Every request carried the rep's session: the server refuses any other.
    expect(api.log.filter((line) => line.includes('/opportunities'))).toHaveLength(1);

    const open = api.dynamics.get(HOST)!.opportunities.filter((o) => o.statecode === 0);
    popup = await ext.openPopup();
    expect(await dealsIn(popup, 'Qualification')).toBe(before.qualification + open.filter((o) => o.stageid === STAGES[0]!.id).length);
    expect(await dealsIn(popup, 'Proposal')).toBe(before.proposal + open.filter((o) => o.stageid === STAGES[1]!.id).length);
  });

  it('with an expired session asks the rep to sign in again, and "Sync now" works once they have', async () => {
    await allowInBrowserSettings();
    await openOneDeal(); // not signed in: no session cookie
    const options = await switchOn();
    await expect
      .poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 })
      .toContain('Sign in to Dynamics 365 (stagecoach-demo) again, then sync.');

    await signIn();
    await syncCard(options).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 }).toContain('Synced 27 open deals just now.');
    expect(squash(await syncCard(options).innerText())).not.toContain('Sign in');
  });

  it('rate-limited for long says it tries again later; a short limit is waited out', async () => {
    await allowInBrowserSettings();
    await signIn();
    await openOneDeal();
    api.dynamics.get(HOST)!.throttle = { seconds: 3600, times: 100 };
    const options = await switchOn();
    await expect
      .poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 })
      .toContain('Dynamics 365 (stagecoach-demo) asked Stagecoach to slow down. It tries again later; the deals already synced stay.');

    api.dynamics.get(HOST)!.throttle = { seconds: 1, times: 1 };
    await syncCard(options).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 }).toContain('Synced 27 open deals just now.');
  });
});
