/**
 * Issue 7 part 2 in the browser: the built extension on the mock Lightning app rendered in each shadow DOM mode
 * (test/fixtures/salesforce/lightning-app.js, `?shadow=<mode>`): today's synthetic shadow, native open roots, a mix,
 * and closed roots that only the extension's `chrome.dom.openOrClosedShadowRoot` opens. In every mode a rep sees the
 * deal's stage and fields, the overlay follows a stage change made inside the Path's shadow root, moves with in-app
 * navigation, and leaves the list view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dealUrl, launchExtension, type Ext } from './harness';
import { overlayHosts, panel } from './overlay-locators';

const ACME = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis, USD 1,517,250
const GLOBEX = dealUrl('006Hs00001gLoBxIAK'); // Prospecting, EUR 250,000

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext.close();
});

const panelText = async (page: Page): Promise<string> => ((await panel(page).textContent()) ?? '').replace(/\s+/g, ' ');

/**
 * Clicks the first element matching `selector` in the visible record view or any shadow root below it, closed ones
 * included through the app's own handle on them: Playwright's locators pierce open roots only, and this stands in
 * for a rep's click in every mode alike.
 */
async function clickInApp(page: Page, selector: string): Promise<void> {
  const clicked = await page.evaluate((sel) => {
    const app = (window as unknown as { lightningApp: { shadowRootOf(host: Element): ShadowRoot | null } }).lightningApp;
    const view = document.querySelector('.windowViewMode-normal.active');
    const trees: ParentNode[] = view ? [view] : [];
    for (let i = 0; i < trees.length; i++) {
      for (const el of trees[i]?.querySelectorAll('*') ?? []) {
        const shadow = app.shadowRootOf(el);
        if (shadow) trees.push(shadow);
      }
    }
    for (const tree of trees) {
      const found = tree.querySelector<HTMLElement>(sel);
      if (found) {
        found.click();
        return true;
      }
    }
    return false;
  }, selector);
  if (!clicked) throw new Error(`Nothing to click at ${selector}`);
}

describe.each(['synthetic', 'native', 'mixed', 'closed'] as const)('Salesforce in %s shadow DOM', (mode) => {
  it('shows the deal, follows a stage change in the Path, moves with navigation and leaves the list', async () => {
    const page = await ext.openDeal(`${ACME}?shadow=${mode}`);
    await expect.poll(() => panelText(page), { timeout: 10_000 }).toContain('Needs Analysis');
    const rendered = await page.evaluate(() => (window as unknown as { lightningApp: { shadowMode(): string } }).lightningApp.shadowMode());
    expect(rendered).toBe(mode);
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await panelText(page)).toContain('Amount is USD 1,517,250.00');

    // A stage change inside the Path's shadow root: select a later stage, then make it the current one.
    await clickInApp(page, 'li[data-name="Proposal/Price Quote"] .slds-path__link');
    await clickInApp(page, 'button.slds-path__mark-complete');
    await expect.poll(() => panelText(page)).toContain('Proposal/Price Quote');
    expect(await panelText(page)).not.toContain('Needs Analysis');

    await page.getByRole('link', { name: 'Opportunities' }).first().click();
    await page.waitForURL(/\/lightning\/o\/Opportunity\/list/);
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Globex - Platform Renewal' }).click();
    // A list view links a record by its short address (/lightning/r/{id}/view), as Salesforce's does.
    await page.waitForURL(/\/lightning\/r\/(Opportunity\/)?006Hs00001gLoBxIAK\/view/);
    await expect.poll(() => panelText(page)).toContain('Prospecting');
    expect(await panelText(page)).toContain('Amount is EUR 250,000.00');

    await page.goBack();
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await expect.poll(() => panelText(page)).toContain('Proposal/Price Quote');
    expect(await overlayHosts(page)).toBe(1);
  });
});
