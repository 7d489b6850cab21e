/**
 * A rep on Zoho CRM deals, with the built extension in Chromium: the mock Zoho app (test/fixtures/zoho) served at
 * Zoho's real URLs, in its new UI (crm.zoho.com, org60012345) and its old UI (crm.zoho.eu, org20098765). The same
 * checklist contract as on Salesforce: the landmark "Stage checklist", the deal's Zoho stage, its place in the
 * playbook, rules decided from its fields; it follows Zoho's in-app navigation and stays off lists and boards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentScriptWorlds, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const NEW_UI = 'https://crm.zoho.com/crm/org60012345/tab/Potentials';
const OLD_UI = 'https://crm.zoho.eu/crm/org20098765/tab/Potentials';
const NORTHWIND = '4266643000037779027'; // Needs Analysis, 48,000, closes in 30 days
const CONTOSO = '4266643000037779101'; // Negotiation/Review, 125,000
const FABRIKAM = '4266643000037779202'; // Qualification, no amount
const LIST = `${NEW_UI}/custom-view/4266643000000087501/list`;
const KANBAN = `${NEW_UI}/custom-view/4266643000000087501/kanban`;

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext.close();
});

async function openDeal(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await panel(page).waitFor();
  return page;
}

describe('on a Zoho CRM deal', () => {
  it('shows the checklist of the deal’s stage in the new UI, with rules decided from its fields', async () => {
    const page = await openDeal(`${NEW_UI}/${NORTHWIND}`);
    await expect.poll(() => panelText(page)).toContain('Needs Analysis');
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await panel(page).getByRole('status').textContent()).toMatch(/^\d+ of \d+ required met$/);
    const amountRule = criterion(page, 'Amount entered on the deal');
    expect(await amountRule.isDisabled()).toBe(true);
    expect(await amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('Amount is USD 48,000.00');
    expect(await criterion(page, 'Situation, pain, impact and critical event captured').isEnabled()).toBe(true);
  });

  it('reads the old UI on another data centre, in the org’s currency', async () => {
    const page = await openDeal(`${OLD_UI}/${NORTHWIND}`);
    await expect.poll(() => panelText(page)).toContain('Needs Analysis');
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await panelText(page)).toContain('Amount is EUR 48,000.00');

    const later = await openDeal(`${OLD_UI}/${CONTOSO}`);
    await expect.poll(() => panelText(later)).toContain('Negotiation/Review');
    expect(await panelText(later)).toContain('Stage 5 of 6');
    // Its closing date, shown as MM/dd/yyyy in this org, is read as a date in the future.
    expect(await criterion(later, 'Close date is in the future').isChecked()).toBe(true);
  });

  it('follows a stage the rep saves on the page, in both UIs', async () => {
    for (const url of [`${NEW_UI}/${NORTHWIND}`, `${OLD_UI}/${NORTHWIND}`]) {
      const page = await openDeal(url);
      await expect.poll(() => panelText(page)).toContain('Stage 2 of 6');
      await page.evaluate((id) => (window as unknown as { zohoApp: { setStage(id: string, stage: string): void } }).zohoApp.setStage(id, 'Proposal/Price Quote'), NORTHWIND);
      await expect.poll(() => panelText(page)).toContain('Proposal/Price Quote');
      expect(await panelText(page)).toContain('Stage 4 of 6');
      await page.close();
    }
  });
});

describe('navigation inside Zoho CRM', () => {
  it('moves the overlay from deal to deal, off the list and the kanban board and back, without a reload', async () => {
    const page = await openDeal(`${NEW_UI}/${NORTHWIND}`);
    await expect.poll(() => panelText(page)).toContain('Needs Analysis');
    await page.evaluate(() => ((window as unknown as { stagecoachLoaded: boolean }).stagecoachLoaded = true));

    await page.getByRole('link', { name: 'Deals', exact: true }).click();
    await page.waitForURL(LIST);
    await page.getByRole('heading', { name: 'All Deals' }).waitFor();
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Kanban view' }).click();
    await page.getByRole('heading', { name: 'Deals by Stage' }).waitFor();
    expect(await overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Fabrikam - Pilot' }).click();
    await page.waitForURL(`${NEW_UI}/${FABRIKAM}`);
    await expect.poll(() => panelText(page)).toContain('Qualification');
    expect(await panelText(page)).toContain('Amount is empty');
    expect(await panelText(page)).not.toContain('Needs Analysis');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await page.waitForURL(KANBAN);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await page.goBack();
    await page.waitForURL(`${NEW_UI}/${NORTHWIND}`);
    await expect.poll(() => panelText(page)).toContain('Needs Analysis');
    expect(await overlayHosts(page)).toBe(1);

    await page.goForward();
    await page.waitForURL(LIST);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { stagecoachLoaded?: boolean }).stagecoachLoaded)).toBe(true);
  });
});

describe('where Stagecoach stays out of Zoho’s way', () => {
  it('adds nothing to the deals list, the kanban board or other modules’ records', async () => {
    const pages = [
      { url: LIST, shown: 'All Deals' },
      { url: KANBAN, shown: 'Deals by Stage' },
      { url: 'https://crm.zoho.com/crm/org60012345/tab/Home/begin', shown: 'Welcome' },
      { url: 'https://crm.zoho.com/crm/org60012345/tab/Leads/4266643000037779001', shown: 'Not in this mock' },
    ];
    for (const { url, shown } of pages) {
      const page = await openTraced(ext.context, url);
      await page.getByRole('heading', { name: shown }).waitFor();
      // Stagecoach decides from the URL alone, at once: once its detector has run here, it has decided.
      await expect.poll(() => stagecoachSteps(page, 'navigate')).toBe(1);
      expect(await stagecoachSteps(page, 'start')).toBe(0);
      expect(await overlayHosts(page)).toBe(0);
      await page.close();
    }
  });

  it('is not injected on hosts that only look like Zoho CRM', async () => {
    const body = '<title>Not Zoho CRM</title><p>Deal 4266643000037779027</p>';
    await ext.context.route(/^https:\/\/(crm\.zoho\.com\.evil\.example|bigin\.zoho\.com)\//, (route) => route.fulfill({ contentType: 'text/html', body }));
    expect(await contentScriptWorlds(ext.context, `https://crm.zoho.com.evil.example/crm/org60012345/tab/Potentials/${NORTHWIND}`)).toBe(0);
    expect(await contentScriptWorlds(ext.context, `https://bigin.zoho.com/crm/org60012345/tab/Potentials/${NORTHWIND}`)).toBe(0);
    // The same count sees the content script where it belongs.
    expect(await contentScriptWorlds(ext.context, LIST)).toBe(1);
  });
});
