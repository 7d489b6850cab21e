/**
 * The extension reloaded or updated while a rep has CRM deals open: the script of the old version stays in each page,
 * cut off from the extension. It must leave without a sound (no "Extension context invalidated" in the page's
 * console, its overlay gone, nothing left reacting to the page), and each tab must get exactly one working overlay of
 * the new version without the rep reloading it. One browser for the file: the update follows the reload, as in a day
 * of a rep whose admin pushes a new version.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, ElementHandle, Page, Worker } from 'playwright-core';
import { DIST, dealUrl, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText } from './overlay-locators';

const ACME = dealUrl('006Hs00001AbCdEIAV'); // Salesforce: Needs Analysis
const STARK_PATH = '/lightning/r/Opportunity/006Hs00001StarKIAR/view'; // Salesforce: Negotiation/Review
const HUBSPOT_ACME = 'https://app.hubspot.com/contacts/4471120/record/0-3/15820011001'; // HubSpot: Appointment scheduled
const MANUAL = 'Situation, pain, impact and critical event captured';

/** What a page's console showed from any of its worlds (the content scripts' included): errors, warnings, uncaught. */
async function watchConsole(context: BrowserContext, page: Page): Promise<string[]> {
  const problems: string[] = [];
  const cdp = await context.newCDPSession(page);
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails }) =>
    problems.push(`uncaught: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`),
  );
  cdp.on('Runtime.consoleAPICalled', ({ type, args }) => {
    if (type === 'error' || type === 'warning') problems.push(`${type}: ${args.map((arg) => arg.description ?? String(arg.value)).join(' ')}`);
  });
  await cdp.send('Runtime.enable');
  return problems;
}

/**
 * What a developer does in chrome://extensions, through that page's own calls: switch developer mode on (Chromium
 * disables an unpacked extension that reloads outside it), or reload the extension from its folder (an update when
 * the folder's manifest has a new version).
 */
async function inExtensionSettings(ext: Ext, action: 'developer mode' | 'reload'): Promise<void> {
  const settings = await ext.context.newPage();
  await settings.goto(`chrome://extensions/?id=${ext.extensionId}`);
  await settings.evaluate(
    async ([id, what]) => {
      interface DeveloperPrivate {
        updateProfileConfiguration(update: { inDeveloperMode: boolean }): Promise<void>;
        reload(id: string, options: { failQuietly: boolean }): Promise<void>;
      }
      const settingsApi = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
      if (what === 'reload') await settingsApi.reload(id, { failQuietly: false });
      else await settingsApi.updateProfileConfiguration({ inDeveloperMode: true });
    },
    [ext.extensionId, action] as const,
  );
  await settings.close();
}

let dist: string;
let ext: Ext;
let salesforce: Page;
let hubspot: Page;
const consoles = new Map<Page, string[]>();

beforeAll(async () => {
  // A copy of the build, so the update can change its manifest without touching dist/.
  dist = mkdtempSync(path.join(tmpdir(), 'stagecoach-update-'));
  cpSync(DIST, dist, { recursive: true });
  ext = await launchExtension({ dist });
  await inExtensionSettings(ext, 'developer mode');
  salesforce = await ext.context.newPage();
  hubspot = await ext.context.newPage();
  for (const page of [salesforce, hubspot]) consoles.set(page, await watchConsole(ext.context, page));
  await salesforce.goto(ACME);
  await hubspot.goto(HUBSPOT_ACME);
  await panel(salesforce).waitFor();
  await panel(hubspot).waitFor();
});

afterAll(async () => {
  await ext?.close();
  rmSync(dist, { recursive: true, force: true });
});

/** The overlay hosts now in each tab: the old version's, which must go. */
async function oldHosts(): Promise<ElementHandle[]> {
  return Promise.all([salesforce, hubspot].map(async (page) => (await page.locator('stagecoach-overlay').elementHandle())!));
}

/** Each tab has dropped the old version's overlay and shows exactly one of the new version's, working. */
async function expectOneNewOverlayPerTab(old: ElementHandle[]): Promise<void> {
  for (const host of old) await expect.poll(() => host.evaluate((element) => element.isConnected)).toBe(false);
  await expect.poll(() => panelText(salesforce)).toContain('Needs Analysis');
  await expect.poll(() => panelText(hubspot)).toContain('Appointment scheduled');
  expect(await overlayHosts(salesforce)).toBe(1);
  expect(await overlayHosts(hubspot)).toBe(1);
}

/** A tick made now in the Salesforce tab is saved: a new tab on the deal shows it. */
async function expectTickSaved(checked: boolean): Promise<void> {
  await criterion(salesforce, MANUAL).setChecked(checked);
  const again = await ext.openDeal(ACME);
  await expect.poll(() => criterion(again, MANUAL).isChecked()).toBe(checked);
  await again.close();
}

/** Moves the Salesforce tab to another deal the way the app does (pushState), then back: one overlay follows. */
async function expectNavigationFollowed(): Promise<void> {
  const navigate = (to: string) =>
    salesforce.evaluate((where) => (window as unknown as { lightningApp: { navigate(path: string): void } }).lightningApp.navigate(where), to);
  await navigate(STARK_PATH);
  await expect.poll(() => panelText(salesforce)).toContain('Negotiation/Review');
  await navigate(new URL(ACME).pathname);
  await expect.poll(() => panelText(salesforce)).toContain('Needs Analysis');
  expect(await overlayHosts(salesforce)).toBe(1);
}

async function newWorker(change: () => Promise<unknown>): Promise<Worker> {
  const started = ext.context.waitForEvent('serviceworker', { timeout: 15_000 });
  await change();
  return started;
}

describe('an extension reload or update with CRM deals open', () => {
  it('reload (chrome.runtime.reload): the old script leaves quietly, each tab gets one working overlay without a page reload, a tick is saved', async () => {
    const old = await oldHosts();
    const worker = await ext.worker();
    await newWorker(() => worker.evaluate(() => chrome.runtime.reload()));
    await expectOneNewOverlayPerTab(old);
    await expectTickSaved(true);
    await expectNavigationFollowed();
    expect(consoles.get(salesforce)).toEqual([]);
    expect(consoles.get(hubspot)).toEqual([]);
  });

  it('update to a new version (loaded unpacked, reloaded from chrome://extensions): the same, and the new version runs', async () => {
    const manifestPath = path.join(dist, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '0.1.1' }));
    const old = await oldHosts();
    const worker = await newWorker(() => inExtensionSettings(ext, 'reload'));
    expect(await worker.evaluate(() => chrome.runtime.getManifest().version)).toBe('0.1.1');
    await expectOneNewOverlayPerTab(old);
    // The tick made under the version before is still there, and one made now is saved too.
    expect(await criterion(salesforce, MANUAL).isChecked()).toBe(true);
    await expectTickSaved(false);
    await expectNavigationFollowed();
    expect(consoles.get(salesforce)).toEqual([]);
    expect(consoles.get(hubspot)).toEqual([]);
  });
});
