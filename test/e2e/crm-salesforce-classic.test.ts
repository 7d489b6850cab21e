/**
 * A rep on Salesforce Classic opportunities, with the built extension in Chromium: the same stage checklist as in
 * Lightning, on server-rendered detail pages where every link is a page load, and one deal with one set of ticks
 * whichever of the two UIs the rep opens it in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentScriptWorlds, dealUrl, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText, status, statusText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const ORIGIN = 'https://stagecoach-demo.my.salesforce.com';
const ACME = `${ORIGIN}/006Hs00001AbCdE`; // Needs Analysis, USD 1,517,250.00, closes in 45 days (counted from today)
const GLOBEX = `${ORIGIN}/006Hs00001GlBxA`; // Proposal/Price Quote
const INITECH = `${ORIGIN}/006Hs00001InTcH`; // Closed Won
/** The same opportunity as ACME, in the Lightning demo org of the same My Domain. */
const ACME_IN_LIGHTNING = dealUrl('006Hs00001AbCdEIAV');

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext.close();
});

const PAIN = 'Situation, pain, impact and critical event captured';

async function saved(page: Page): Promise<void> {
  await expect.poll(() => panel(page).locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
}

async function openDeal(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await panel(page).waitFor();
  return page;
}

describe('on a Salesforce Classic opportunity', () => {
  it('shows the checklist of the deal’s stage, with rules decided from its fields', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    expect(await panel(page).textContent()).toContain('Stage 2 of 6');
    expect(await statusText(page)).toBe('2 of 5 required met');
    expect(await criterion(page, PAIN).isEnabled()).toBe(true);
    const amountRule = criterion(page, 'Amount entered on the deal');
    expect(await amountRule.isDisabled()).toBe(true);
    expect(await amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('Amount is USD 1,517,250.00');
  });

  it('shows a closed deal as won', async () => {
    const page = await openDeal(INITECH);
    await panel(page).getByText('Closed Won', { exact: true }).waitFor();
    expect(await panel(page).getByText('Won · 100%', { exact: true }).count()).toBe(1);
  });

  it('follows a stage changed by inline edit at once, and keeps it once saved', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Stage 2 of 6');
    // At this window size the panel covers the right end of the Stage value: double-click its start, as a rep would.
    await page.locator('#opp11_ileinner').dblclick({ position: { x: 4, y: 4 } });
    await page.getByRole('dialog', { name: 'Edit' }).getByLabel('Stage').selectOption('Value Proposition');
    await page.getByRole('button', { name: 'OK' }).click();
    // Classic shows the new value before Save, and so does the overlay.
    await expect.poll(() => panel(page).textContent()).toContain('Value Proposition');
    expect(await panel(page).textContent()).toContain('Stage 3 of 6');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => panel(page).textContent()).toContain('Stage 3 of 6');
  });
});

describe('one deal in Classic and Lightning', () => {
  it('shows a tick made in Classic on the same opportunity in Lightning, and back', async () => {
    const classic = await openDeal(ACME);
    await criterion(classic, PAIN).check();
    await expect.poll(() => statusText(classic)).toBe('3 of 5 required met');
    await saved(classic);

    const lightning = await openDeal(ACME_IN_LIGHTNING);
    await expect.poll(() => panel(lightning).textContent()).toContain('Needs Analysis');
    expect(await criterion(lightning, PAIN).isChecked()).toBe(true);
    await criterion(lightning, PAIN).uncheck();
    await saved(lightning);

    await classic.bringToFront();
    await expect.poll(() => criterion(classic, PAIN).isChecked()).toBe(false);
  });
});

describe('navigation in Salesforce Classic', () => {
  it('shows each deal it loads, nothing on the Opportunities tab, and the right deal again on back and forward', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    await criterion(page, PAIN).check();
    await saved(page);

    await page.getByRole('link', { name: 'Opportunities' }).click();
    await page.waitForURL(`${ORIGIN}/006/o`);
    await page.getByRole('heading', { name: 'Recent Opportunities' }).waitFor();
    expect(await overlayHosts(page)).toBe(0);

    await page.getByRole('rowheader', { name: 'Globex - Renewal' }).getByRole('link').click();
    await page.waitForURL(GLOBEX);
    await expect.poll(() => panel(page).textContent()).toContain('Proposal/Price Quote');
    expect(await panel(page).textContent()).not.toContain('Needs Analysis');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await page.waitForURL(`${ORIGIN}/006/o`);
    await page.getByRole('heading', { name: 'Recent Opportunities' }).waitFor();
    expect(await overlayHosts(page)).toBe(0);

    await page.goBack();
    await page.waitForURL(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    expect(await criterion(page, PAIN).isChecked()).toBe(true);
    expect(await overlayHosts(page)).toBe(1);

    await page.goForward();
    await page.waitForURL(`${ORIGIN}/006/o`);
    await page.getByRole('heading', { name: 'Recent Opportunities' }).waitFor();
    expect(await overlayHosts(page)).toBe(0);
  });

  it('shows ticks made meanwhile when the browser restores a deal page from its back/forward cache', async () => {
    await ext.close();
    ext = await launchExtension({ backForwardCache: true });
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    await page.evaluate(() => {
      addEventListener('pageshow', (event) => ((window as unknown as { restored: boolean }).restored = event.persisted));
    });
    await page.getByRole('link', { name: 'Opportunities' }).click();
    await page.waitForURL(`${ORIGIN}/006/o`);

    const other = await openDeal(ACME);
    await criterion(other, PAIN).check();
    await saved(other);
    await other.close();

    // A page restored from the cache fires no load event: wait for the navigation to commit only.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForURL(ACME, { waitUntil: 'commit' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { restored?: boolean }).restored !== undefined)).toBe(true);
    // The same document as before, restored: its content script was frozen, not started again.
    expect(await page.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
    await expect.poll(() => criterion(page, PAIN).isChecked()).toBe(true);
    expect(await overlayHosts(page)).toBe(1);
  });
});

describe('where Stagecoach stays out of Salesforce Classic', () => {
  it('adds nothing to the Opportunities tab or the edit page', async () => {
    for (const { url, shown } of [
      { url: `${ORIGIN}/006/o`, shown: 'Recent Opportunities' },
      { url: `${ACME}/e`, shown: 'Acme - 1,200 Widgets' },
    ]) {
      const page = await openTraced(ext.context, url);
      await page.getByRole('heading', { name: shown }).waitFor();
      // The detector decides from the URL alone: once it has run here, it has decided.
      await expect.poll(() => stagecoachSteps(page, 'navigate')).toBe(1);
      expect(await stagecoachSteps(page, 'start')).toBe(0);
      expect(await overlayHosts(page)).toBe(0);
      await page.close();
    }
  });

  it('is injected only on opportunity pages of the org’s My Domain, never on other Classic pages or other sites', async () => {
    await ext.context.route(/^https:\/\/crm\.example\.com\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Not a CRM</title><p>Opportunity 006Hs00001AbCdE</p>' }),
    );
    expect(await contentScriptWorlds(ext.context, 'https://crm.example.com/006Hs00001AbCdE')).toBe(0);
    expect(await contentScriptWorlds(ext.context, `${ORIGIN}/home/home.jsp`)).toBe(0);
    // The same count sees the content script where it belongs, once: Lightning's matches do not reach this page.
    expect(await contentScriptWorlds(ext.context, ACME)).toBe(1);
  });
});
