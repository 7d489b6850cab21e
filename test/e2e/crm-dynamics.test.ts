/**
 * A rep on Dynamics 365 Sales opportunities, with the built extension in Chromium: the same stage checklist as on
 * Salesforce, read from the business process flow's active stage (never the stage whose flyout is open), fields
 * that update the checklist, in-app navigation, and pages where Stagecoach stays out of the way. The mock Unified
 * Interface app (test/fixtures/dynamics) is served at a real Dynamics org URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, isoDate } from '../../src/core/calendar';
import { contentScriptWorlds, launchExtension, type Ext } from './harness';
import { overlayHosts, panel, panelText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const ORIGIN = 'https://stagecoach-demo.crm.dynamics.com';
const APP = 'appid=5a1e5b0c-0d1a-4c5e-9a3b-7d2f6c8e4b10';
const opportunity = (id: string): string => `${ORIGIN}/main.aspx?${APP}&pagetype=entityrecord&etn=opportunity&id=${id}`;
const COFFEE = opportunity('3f2504e0-4f89-41d3-9a0c-0305e82c3301'); // Develop, $30,000.00, closes in 30 days
const FABRIKAM = opportunity('9b2c4d6e-8f10-4a2b-bc3d-4e5f6a7b8c9d'); // Qualify, €250,000.00
const LITWARE = opportunity('d00dfeed-aaaa-4bbb-8ccc-dddddddddddd'); // Won
const LIST = `${ORIGIN}/main.aspx?${APP}&pagetype=entitylist&etn=opportunity&viewid=00000000-0000-0000-00aa-000010003000&viewType=1039`;

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

/** A date as the form's en-US user settings write it (M/D/YYYY). */
function formDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(month)}/${Number(day)}/${year}`;
}

describe('on a Dynamics 365 opportunity', () => {
  it('shows the checklist of the process’s active stage, with rules decided from the form’s fields', async () => {
    const page = await openDeal(COFFEE);
    await expect.poll(() => panelText(page)).toContain('Develop');
    expect(await panelText(page)).toContain('Stage 3 of 6');
    expect(await statusText(page)).toBe('1 of 5 required met');
    expect(await panel(page).getByRole('checkbox', { name: "Buyer's decision criteria written down" }).isEnabled()).toBe(true);
    const closeRule = panel(page).getByRole('checkbox', { name: 'Close date is in the future' });
    expect(await closeRule.isDisabled()).toBe(true);
    expect(await closeRule.isChecked()).toBe(true);
  });

  it('reads the amount in the deal’s own currency', async () => {
    const page = await openDeal(FABRIKAM);
    await expect.poll(() => panelText(page)).toContain('Qualify');
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await panelText(page)).toContain('Amount is EUR 250,000.00');
    expect(await statusText(page)).toBe('2 of 5 required met');
  });

  it('keeps the active stage while the rep looks at another stage’s flyout, and follows the process when it moves on', async () => {
    const page = await openDeal(COFFEE);
    await expect.poll(() => panelText(page)).toContain('Develop');

    await page.getByRole('button', { name: 'Propose' }).click();
    await page.getByRole('dialog', { name: 'Propose stage' }).waitFor();
    // An edit the overlay shows proves it has read the page since the flyout opened; only then does the stage's
    // staying put mean anything.
    const past = page.getByRole('textbox', { name: 'Est. Close Date' });
    await past.fill(formDate(addDays(isoDate(new Date()), -3)));
    await past.press('Tab');
    await expect.poll(() => statusText(page)).toBe('0 of 5 required met');
    expect(await panelText(page)).toContain('Develop');
    expect(await panelText(page)).toContain('Stage 3 of 6');
    expect(await panelText(page)).not.toContain('Propose');

    // "Next Stage" in the active stage's flyout moves the process on: now the deal is in Propose.
    await page.getByRole('button', { name: 'Develop, Active' }).click();
    await page.getByRole('button', { name: 'Next Stage' }).click();
    await expect.poll(() => panelText(page)).toContain('Propose');
    expect(await panelText(page)).toContain('Stage 4 of 6');
  });

  it('shows a won opportunity as won', async () => {
    const page = await openDeal(LITWARE);
    await panel(page).getByText('Won', { exact: true }).waitFor();
    expect(await panelText(page)).not.toMatch(/Stage \d of/);
  });
});

describe('navigation inside Dynamics 365', () => {
  it('moves the overlay from deal to deal, off the list and back, without a reload', async () => {
    const page = await openDeal(COFFEE);
    await expect.poll(() => panelText(page)).toContain('Develop');
    await page.evaluate(() => ((window as unknown as { stagecoachLoaded: boolean }).stagecoachLoaded = true));

    await page.getByRole('navigation', { name: 'Site map' }).getByRole('link', { name: 'Opportunities' }).click();
    await page.waitForURL(/pagetype=entitylist/);
    await page.getByRole('grid', { name: 'Opportunities' }).waitFor();
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Fabrikam - Cloud Migration' }).click();
    await page.waitForURL(FABRIKAM);
    await expect.poll(() => panelText(page)).toContain('Qualify');
    expect(await panelText(page)).not.toContain('Develop');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await page.waitForURL(COFFEE);
    await expect.poll(() => panelText(page)).toContain('Develop');
    expect(await overlayHosts(page)).toBe(1);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { stagecoachLoaded?: boolean }).stagecoachLoaded)).toBe(true);
  });
});

describe('where Stagecoach stays out of the way on Dynamics 365', () => {
  it('adds nothing to the opportunity list or to other records', async () => {
    const pages = [
      { url: LIST, shown: 'My Open Opportunities' },
      { url: `${ORIGIN}/main.aspx?${APP}&pagetype=entityrecord&etn=account&id=a1b2c3d4-0001-4000-8000-000000000001`, shown: 'Coho Winery' },
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

  it('is not injected on a look-alike host', async () => {
    await ext.context.route(/^https:\/\/stagecoach-demo\.crm\.dynamics\.com\.example\.net\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Not Dynamics</title><p>Opportunity</p>' }),
    );
    const lookAlike = COFFEE.replace('.crm.dynamics.com/', '.crm.dynamics.com.example.net/');
    expect(await contentScriptWorlds(ext.context, lookAlike)).toBe(0);
    // The same count sees the content script where it belongs.
    expect(await contentScriptWorlds(ext.context, LIST)).toBe(1);
  });
});
