/**
 * An admin adds a CRM Stagecoach has no adapter for (an in-house CRM, test/fixtures/site-inhouse/) on the options
 * page of the built extension, a rep uses it, and the admin removes it again: the site's access is asked for when
 * it is added, its script registered, the same checklist contract met on its deal pages, and on removal the script
 * is unregistered, the access given back and the page left alone.
 *
 * The browser's permission prompt is a native dialog that no automation can answer (a headless `permissions.request`
 * waits on it for ever). So the admin's "Allow" is given the closest honest way: through the browser's own extension
 * settings, as a user does under chrome://extensions → Stagecoach → Site access → "On specific sites" → add the site
 * (the settings page's own `developerPrivate` calls). Chrome then answers the extension's `permissions.request` for
 * that site with "granted" and no prompt, exactly as for a site the user allowed there, so the options page's code
 * runs unchanged: it asks, gets the grant, saves and registers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { INHOUSE_ORIGIN, allowInExtensionSettings, contentScriptWorlds, launchExtension, serveInhouseSite, type Ext } from './harness';
import { panel } from './overlay-locators';

const ORIGINS = `${INHOUSE_ORIGIN}/*`;
const NORTHWIND = `${INHOUSE_ORIGIN}/deals/42`; // Qualification, $48,000.00, closes in 30 days

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
  await serveInhouseSite(ext.context);
});
afterEach(async () => {
  await ext?.close();
});

const panelText = async (page: Page) => ((await panel(page).textContent()) ?? '').replace(/\s+/g, ' ');
const sitesRegion = (page: Page) => page.getByRole('region', { name: 'Sites', exact: true });

/** The user allows the site in the browser's extension settings (see the note at the top). */
const allowInBrowserSettings = (): Promise<void> => allowInExtensionSettings(ext, [ORIGINS]);

/** What the worker has registered with the browser, and whether the extension holds the site's access. */
async function browserState(): Promise<{ scripts: { id: string; matches?: string[]; js?: string[] }[]; access: boolean }> {
  const worker = await ext.worker();
  return worker.evaluate(async (origins) => {
    const api = (globalThis as unknown as { chrome: typeof chrome }).chrome;
    return {
      scripts: await api.scripting.getRegisteredContentScripts(),
      access: await api.permissions.contains({ origins: [origins] }),
    };
  }, ORIGINS);
}

async function fillSite(options: Page, fields: Record<string, string>): Promise<void> {
  const region = sitesRegion(options);
  for (const [label, value] of Object.entries(fields)) await region.getByLabel(label, { exact: true }).fill(value);
}

describe('a site added on the options page', () => {
  it('refuses an address it cannot use, saying what to write', async () => {
    const options = await ext.openOptions();
    await sitesRegion(options).getByRole('button', { name: 'Add a site' }).click();
    await fillSite(options, { 'Site name': 'Acme CRM', 'Deal pages': 'http://crm.example-inhouse.test/deals/42' });
    await sitesRegion(options).getByRole('button', { name: 'Add site' }).click();
    const pages = sitesRegion(options).getByLabel('Deal pages', { exact: true });
    expect(await pages.getAttribute('aria-invalid')).toBe('true');
    expect(await sitesRegion(options).textContent()).toContain('Stagecoach works on https:// pages only');
    expect(await sitesRegion(options).textContent()).toContain("Give a CSS selector for the deal's name");

    await fillSite(options, { 'Deal pages': 'https://crm.example-inhouse.test/deals/42' });
    await sitesRegion(options).getByRole('button', { name: 'Add site' }).click();
    await expect.poll(() => sitesRegion(options).textContent()).toContain("put * where the deal's id is");
    expect((await browserState()).scripts).toEqual([]);
  });

  it('asks for the site’s access, registers its script, shows the checklist on its deals, and undoes it all on removal', async () => {
    // Before: the site is unknown, so nothing at all runs on it.
    expect(await contentScriptWorlds(ext.context, NORTHWIND)).toBe(0);
    await allowInBrowserSettings();

    const options = await ext.openOptions();
    await sitesRegion(options).getByRole('button', { name: 'Add a site' }).click();
    await fillSite(options, {
      'Site name': 'Acme CRM',
      'Deal pages': 'crm.example-inhouse.test/deals/*',
      'Deal name selector': 'h1.deal-title',
      'Stage selector': '[data-field=stage]',
      'Close date selector': '#deal-close',
    });

    // The amount is picked by clicking it on an open deal page of the site.
    const site = await ext.openDeal(NORTHWIND);
    await sitesRegion(options).getByRole('button', { name: 'Pick amount on the site' }).click();
    await site.locator('stagecoach-picker').waitFor({ state: 'attached' });
    await site.locator('.deal-view:not([hidden]) .amount').click();
    const amount = sitesRegion(options).getByLabel('Amount selector', { exact: true });
    await expect.poll(() => amount.inputValue()).toBe('#deal-amount');
    expect(await sitesRegion(options).getByRole('form').textContent()).toContain('it shows “$48,000.00” on that page');

    await sitesRegion(options).getByRole('button', { name: 'Add site' }).click();
    await expect.poll(() => sitesRegion(options).textContent(), { timeout: 10_000 }).toContain('Added “Acme CRM”');
    const row = sitesRegion(options).getByRole('listitem', { name: 'Acme CRM' });
    expect(await row.textContent()).toContain('Active');
    const added = await browserState();
    expect(added.access).toBe(true);
    expect(added.scripts).toEqual([
      expect.objectContaining({ id: `site:${ORIGINS}`, matches: [ORIGINS], js: ['content/site.js'], persistAcrossSessions: true }),
    ]);

    // A rep opens the deal: the same checklist as on any CRM, the stage read from "Stage: Qualification".
    await site.reload();
    await panel(site).waitFor();
    await expect.poll(() => panelText(site)).toContain('Qualification');
    expect(await panelText(site)).toContain('Stage 2 of 6');
    expect(await panel(site).getByRole('status').textContent()).toMatch(/\d+ of \d+ required met/);
    const pain = panel(site).getByRole('checkbox', { name: 'Situation, pain, impact and critical event captured' });
    await pain.check();
    await expect.poll(() => pain.isChecked()).toBe(true);

    // The stage changes in place; then in-app navigation to another deal, the list (no overlay) and back.
    await site.getByRole('button', { name: 'Move to next stage' }).click();
    await expect.poll(() => panelText(site)).toContain('Proposal');
    await site.getByRole('link', { name: 'Deals' }).click();
    await expect.poll(() => site.locator('stagecoach-overlay').count()).toBe(0);
    await site.getByRole('link', { name: 'Contoso expansion' }).click();
    await expect.poll(() => panelText(site)).toContain('Negotiation');
    await site.goBack();
    await expect.poll(() => site.locator('stagecoach-overlay').count()).toBe(0);
    await site.goBack();
    await expect.poll(() => site.url()).toBe(NORTHWIND);
    await expect.poll(() => panelText(site)).toContain('Proposal');

    // The admin removes the site: script unregistered, access given back, nothing on the site after a reload.
    await row.getByRole('button', { name: 'Remove Acme CRM' }).click();
    await sitesRegion(options).getByRole('button', { name: 'Remove site' }).click();
    await expect.poll(() => sitesRegion(options).textContent()).toContain('Removed “Acme CRM”');
    const removed = await browserState();
    expect(removed.scripts).toEqual([]);
    expect(removed.access).toBe(false);
    await site.reload();
    await site.getByRole('heading', { name: 'Northwind renewal' }).waitFor();
    expect(await site.locator('stagecoach-overlay').count()).toBe(0);
    expect(await contentScriptWorlds(ext.context, NORTHWIND)).toBe(0);
  });
});
