/**
 * A rep on HubSpot deals, with the built extension in Chromium and the mock HubSpot app served at HubSpot's real
 * URLs: the same stage checklist contract as on Salesforce, across HubSpot's in-app navigation, and nothing on its
 * board or on other sites.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentScriptWorlds, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const PORTAL = '4471120';
const dealUrl = (id: string, host = 'app.hubspot.com') => `https://${host}/contacts/${PORTAL}/record/0-3/${id}`;
const ACME = dealUrl('15820011001'); // Appointment scheduled, $1,517,250.00, next step set
const GLOBEX = dealUrl('15820011002'); // Qualified to buy, €250,000.00
const BOARD = `https://app.hubspot.com/contacts/${PORTAL}/objects/0-3/views/all/board`;

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext.close();
});

async function statusText(page: Page): Promise<string> {
  return ((await panel(page).getByRole('status').textContent()) ?? '').trim();
}

async function openDeal(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await panel(page).waitFor();
  return page;
}

describe('on a HubSpot deal', () => {
  it('shows the checklist of the deal’s stage, with rules decided from its properties', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Appointment scheduled');
    expect(await panelText(page)).toContain('Stage 1 of 6');
    expect(await statusText(page)).toBe('2 of 4 required met');
    expect(await criterion(page, "Pain stated in the buyer's own words").isEnabled()).toBe(true);
    const amountRule = criterion(page, 'Rough amount entered');
    expect(await amountRule.isDisabled()).toBe(true);
    expect(await amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('Amount is USD 1,517,250.00');
    expect(await criterion(page, 'Next meeting booked with the buyer').isChecked()).toBe(true);
  });

  it('follows a stage the rep picks from HubSpot’s stage list, and not one they only look at', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Appointment scheduled');
    // The stage list is open, with every stage's name on screen: the deal's stage has not changed.
    await page.locator('[data-test-id="highlight-property-item-dealstage"]').getByRole('button').click();
    await page.getByRole('listbox').waitFor();
    expect(await panelText(page)).toContain('Stage 1 of 6');

    await page.getByRole('option', { name: 'Contract sent' }).click();
    await expect.poll(() => panelText(page)).toContain('Contract sent');
    expect(await panelText(page)).not.toContain('Appointment scheduled');
    expect(await panelText(page)).toContain('Stage 6 of 6 · Awaiting Signature');
  });

  it('reads a deal on a regional host at the older /deal/ URL', async () => {
    const page = await openDeal(`https://app-eu1.hubspot.com/contacts/${PORTAL}/deal/15820011002/`);
    await expect.poll(() => panelText(page)).toContain('Qualified to buy');
    expect(await panelText(page)).toContain('Amount is EUR 250,000.00');
  });
});

describe('navigation inside HubSpot', () => {
  it('moves the overlay from deal to board to deal and back, without a reload', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Appointment scheduled');
    await page.evaluate(() => ((window as unknown as { stagecoachLoaded: boolean }).stagecoachLoaded = true));

    await page.getByRole('navigation', { name: 'HubSpot' }).getByRole('link', { name: 'Deals', exact: true }).click();
    await page.waitForURL(BOARD);
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Globex - Platform Renewal' }).click();
    await page.waitForURL(GLOBEX);
    await expect.poll(() => panelText(page)).toContain('Qualified to buy');
    expect(await panelText(page)).not.toContain('Appointment scheduled');
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await page.waitForURL(BOARD);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await page.waitForURL(ACME);
    await expect.poll(() => panelText(page)).toContain('Appointment scheduled');
    expect(await overlayHosts(page)).toBe(1);
    await page.goForward();
    await page.waitForURL(BOARD);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { stagecoachLoaded?: boolean }).stagecoachLoaded)).toBe(true);
  });

  it('keeps reading the deal, not the contact, when the rep opens a contact’s preview', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Appointment scheduled');
    await page.getByRole('button', { name: 'Jordan Buyer' }).click();
    await page.getByRole('dialog', { name: 'Jordan Buyer' }).waitFor();
    // A change the overlay shows proves it has read the page since the preview opened.
    await page.evaluate(() => (window as unknown as { hubspotApp: { setStage(id: string): void } }).hubspotApp.setStage('qualifiedtobuy'));
    await expect.poll(() => panelText(page)).toContain('Qualified to buy');
    expect(await overlayHosts(page)).toBe(1);
  });
});

describe('where Stagecoach stays out of HubSpot’s way', () => {
  it('adds nothing to the deals board, the deals index or a contact record', async () => {
    for (const url of [BOARD, `https://app.hubspot.com/contacts/${PORTAL}/objects/0-3/views/all/list`]) {
      const page = await openTraced(ext.context, url);
      await page.getByRole('heading', { name: 'Deals' }).waitFor();
      // Stagecoach decides from the URL alone, at once: once its detector has run here, it has decided.
      await expect.poll(() => stagecoachSteps(page, 'navigate')).toBe(1);
      expect(await stagecoachSteps(page, 'start')).toBe(0);
      expect(await overlayHosts(page)).toBe(0);
      await page.close();
    }
    const contact = await openTraced(ext.context, `https://app.hubspot.com/contacts/${PORTAL}/record/0-1/51`);
    await contact.getByRole('heading', { name: 'Jordan Buyer' }).waitFor();
    await expect.poll(() => stagecoachSteps(contact, 'navigate')).toBe(1);
    expect(await stagecoachSteps(contact, 'start')).toBe(0);
  });

  it('is not injected on HubSpot’s other sites, nor on hosts that only look like HubSpot', async () => {
    await ext.context.route(/^https:\/\/(www\.hubspot\.com|app\.hubspot\.com\.evil\.example)\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Not the CRM</title><p>Deal 15820011001</p>' }),
    );
    expect(await contentScriptWorlds(ext.context, `https://app.hubspot.com.evil.example/contacts/${PORTAL}/record/0-3/15820011001`)).toBe(0);
    expect(await contentScriptWorlds(ext.context, 'https://www.hubspot.com/pricing')).toBe(0);
    // The same count sees the content script where it belongs.
    expect(await contentScriptWorlds(ext.context, BOARD)).toBe(1);
  });
});
