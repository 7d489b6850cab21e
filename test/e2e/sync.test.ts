/**
 * CRM sync in the built extension against a local HTTPS stand-in of the Dynamics 365 Web API (test/api-server.ts),
 * which Chromium reaches at the org's real host (`--host-resolver-rules`) with the rep's session cookie: a rep who
 * opened one Dynamics deal switches sync on in the options page, and the popup's pipeline holds every opportunity
 * they own; an expired session says "sign in again", a rate limit says it tries again later.
 *
 * The same server serves the mock Dynamics app on that host, so the deal page and the API share an origin as in a
 * real org (test/api-server.ts serveDynamicsOrg). The org's access is given as sites.test.ts gives it (the browser's
 * extension settings, "On specific sites"): the permission prompt is a native dialog no automation can answer. Salesforce's sync needs the
 * optional `cookies` API permission too, which only that dialog grants; its client is covered by the unit tests
 * (test/unit/background/sync.test.ts) against the same stand-in.
 *
 * What this proves about Chromium: a worker `fetch` with `credentials: 'include'` to an origin the extension holds
 * carries that origin's SameSite=None session cookie, so the worker needs no open Dynamics tab.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DYNAMICS_HOST as HOST,
  DYNAMICS_STAGES as STAGES,
  allowDynamics,
  launchWithDynamics,
  openDynamicsDeal,
  serveDynamicsOrg,
  signInToDynamics,
  type DynamicsSite,
} from '../api-server';
import type { Ext } from './harness';

const SWITCH = 'Sync my open opportunities from Dynamics 365 (stagecoach-demo)';

let site: DynamicsSite;
let ext: Ext;

beforeAll(async () => {
  site = await serveDynamicsOrg();
});
afterAll(async () => {
  await site?.close();
});

beforeEach(async () => {
  site.reset(30);
  ext = await launchWithDynamics(site.port);
});
afterEach(async () => {
  await ext?.close();
});

const allowInBrowserSettings = () => allowDynamics(ext);
const signIn = () => signInToDynamics(ext);
const openOneDeal = () => openDynamicsDeal(ext);

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
    expect(site.api.log.filter((line) => line.includes('/opportunities'))).toHaveLength(1);

    const open = site.api.dynamics.get(HOST)!.opportunities.filter((o) => o.statecode === 0);
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
    site.api.dynamics.get(HOST)!.throttle = { seconds: 3600, times: 100 };
    const options = await switchOn();
    await expect
      .poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 })
      .toContain('Dynamics 365 (stagecoach-demo) asked Stagecoach to slow down. It tries again later; the deals already synced stay.');

    site.api.dynamics.get(HOST)!.throttle = { seconds: 1, times: 1 };
    await syncCard(options).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(async () => squash(await syncCard(options).innerText()), { timeout: 15_000 }).toContain('Synced 27 open deals just now.');
  });
});
