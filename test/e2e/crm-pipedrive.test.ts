/**
 * A rep on Pipedrive deals, with the built extension in Chromium and the mock Pipedrive app served at real Pipedrive
 * URLs (test/fixtures/pipedrive): the stage checklist beside the deal with the stage and fields read right, stage
 * moves and edits, in-app navigation between deals, the board and the list, back/forward, and pages where
 * Stagecoach stays out of the way. The accessible contract is Salesforce's (test/e2e/overlay.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentScriptWorlds, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText, status, statusText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const COMPANY = 'https://stagecoach-demo.pipedrive.com';
const ACME = `${COMPANY}/deal/42`; // Demo Scheduled, €15,000, closes in 30 days (the mock app counts from today)
const GLOBEX = `${COMPANY}/deal/43`; // Contact Made
const INITECH = `${COMPANY}/deal/44`; // Qualified, no value
const BOARD = `${COMPANY}/pipeline/1`;

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

describe('on a Pipedrive deal', () => {
  it('shows the checklist of the deal’s stage, named without the time spent in it, with rules decided from its fields', async () => {
    const page = await openDeal(ACME);
    // The stage bar's button reads "3 days · Demo Scheduled".
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');
    expect(await panelText(page)).not.toContain('days ·');
    expect(await panelText(page)).toContain('Stage 3 of 6');
    expect(await statusText(page)).toBe('1 of 5 required met');

    const manual = criterion(page, "Buyer's decision criteria written down");
    expect(await manual.isEnabled()).toBe(true);
    expect(await manual.isChecked()).toBe(false);
    const closeDate = criterion(page, 'Close date is in the future');
    expect(await closeDate.isDisabled()).toBe(true);
    expect(await closeDate.isChecked()).toBe(true);

    await manual.check();
    await expect.poll(() => statusText(page)).toBe('2 of 5 required met');
  });

  it('re-evaluates a rule when the rep fills the deal’s Value on the page', async () => {
    const page = await openDeal(INITECH);
    await expect.poll(() => panelText(page)).toContain('Qualified');
    const amountRule = criterion(page, 'Rough amount entered');
    await expect.poll(() => amountRule.isChecked()).toBe(false);
    expect(await panelText(page)).toContain('Amount is empty');

    await page.getByRole('button', { name: 'Edit Value' }).click();
    await page.locator('input[name="value"]').fill('48000');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('48,000');
  });

  it('follows the deal when the rep moves it to another stage in the stage bar', async () => {
    const page = await openDeal(GLOBEX);
    await expect.poll(() => panelText(page)).toContain('Contact Made');
    expect(await panelText(page)).toContain('Stage 1 of 6');

    await page.getByRole('button', { name: 'Proposal Made' }).click();
    await expect.poll(() => panelText(page)).toContain('Proposal Made');
    expect(await panelText(page)).toContain('Stage 4 of 6');
    expect(await panelText(page)).not.toContain('Contact Made');
  });

  it('says it cannot read the deal when Pipedrive’s stage bar changes, instead of guessing', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');
    // A redesign renames the design system's classes, as cui4 → cui5 once did.
    await page.evaluate(() => {
      for (const button of document.querySelectorAll('button.cui5-stage-selector__stage')) button.className = 'cui6-stage-selector__stage';
    });
    const alert = panel(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain("did not find the current stage in the deal's stage bar");
    expect(await panel(page).getByRole('checkbox').count()).toBe(0);
  });
});

describe('navigation inside Pipedrive', () => {
  it('moves the overlay from the board to a deal, to the list, to another deal and back, without a reload', async () => {
    const page = await openTraced(ext.context, BOARD);
    await page.getByRole('link', { name: 'Acme - Fleet Tracking' }).waitFor();
    await expect.poll(() => stagecoachSteps(page, 'navigate')).toBe(1);
    expect(await overlayHosts(page)).toBe(0);
    await page.evaluate(() => ((window as unknown as { stagecoachLoaded: boolean }).stagecoachLoaded = true));

    await page.getByRole('link', { name: 'Acme - Fleet Tracking' }).click();
    await page.waitForURL(ACME);
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');

    await page.getByRole('link', { name: 'Deals list' }).click();
    await page.waitForURL(`${COMPANY}/deals`);
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Globex - Platform Renewal' }).click();
    await page.waitForURL(GLOBEX);
    await expect.poll(() => panelText(page)).toContain('Contact Made');
    expect(await panelText(page)).not.toContain('Demo Scheduled');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await page.waitForURL(`${COMPANY}/deals`);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await page.waitForURL(ACME);
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');
    expect(await panelText(page)).not.toContain('Contact Made');
    await page.goBack();
    await page.waitForURL(BOARD);
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goForward();
    await page.waitForURL(ACME);
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');
    expect(await overlayHosts(page)).toBe(1);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { stagecoachLoaded?: boolean }).stagecoachLoaded)).toBe(true);
  });

  it('goes straight from one deal to the next, showing only the new deal', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panelText(page)).toContain('Demo Scheduled');
    await page.evaluate(() => (window as unknown as { pipedriveApp: { navigate(path: string): void } }).pipedriveApp.navigate('/deal/44'));
    await page.waitForURL(INITECH);
    await expect.poll(() => panelText(page)).toContain('Qualified');
    expect(await panelText(page)).toContain('Amount is empty');
    expect(await overlayHosts(page)).toBe(1);
  });

  it('never files one deal’s view under the next deal while Pipedrive loads it', async () => {
    const page = await openDeal(GLOBEX);
    await expect.poll(() => panelText(page)).toContain('Contact Made');
    // The URL names Initech while Globex stays on screen for a second, until Initech has loaded.
    await page.evaluate(() => {
      const w = window as unknown as { pipedriveAppSwapLate: boolean; pipedriveAppRenderDelayMs: number; pipedriveApp: { navigate(path: string): void } };
      w.pipedriveAppSwapLate = true;
      w.pipedriveAppRenderDelayMs = 1000;
      w.pipedriveApp.navigate('/deal/44');
    });
    await page.waitForURL(INITECH);
    await expect.poll(() => panelText(page)).toContain('Qualified');
    expect(await panelText(page)).toContain('Amount is empty');

    // What the worker recorded for Initech: only its own stage, never Globex's.
    const worker = await ext.worker();
    const history = () => worker.evaluate(
      (key) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('stagecoach');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('deals').objectStore('deals').get(key);
            get.onsuccess = () => resolve((get.result?.history ?? []).map((visit: { stage: { label: string } }) => visit.stage.label));
          };
        }),
      'pipedrive:stagecoach-demo:44',
    );
    // Polled: the overlay tells the worker after it paints. A Globex stage filed first would stay in the history.
    await expect.poll(history).toEqual(['Qualified']);
  });
});

describe('where Stagecoach stays out of the way on Pipedrive', () => {
  it('adds nothing to the board and the deals list', async () => {
    for (const { url, shown } of [
      { url: BOARD, shown: 'Deals' },
      { url: `${COMPANY}/deals`, shown: 'Deals' },
    ]) {
      const page = await openTraced(ext.context, url);
      await page.getByRole('heading', { name: shown }).waitFor();
      // Stagecoach decides from the URL alone, at once: once its detector has run here, it has decided.
      await expect.poll(() => stagecoachSteps(page, 'navigate')).toBe(1);
      expect(await stagecoachSteps(page, 'start')).toBe(0);
      expect(await overlayHosts(page)).toBe(0);
      await page.close();
    }
  });

  it('is not injected on look-alike hosts or Pipedrive’s own sites that are no company’s', async () => {
    const notPipedrive = '<title>Not Pipedrive</title><p>Deal 42</p>';
    await ext.context.route(/^https:\/\/acme\.pipedrive\.com\.evil\.example\//, (route) => route.fulfill({ contentType: 'text/html', body: notPipedrive }));
    await ext.context.route(/^https:\/\/acmepipedrive\.com\//, (route) => route.fulfill({ contentType: 'text/html', body: notPipedrive }));
    expect(await contentScriptWorlds(ext.context, 'https://acme.pipedrive.com.evil.example/deal/42')).toBe(0);
    expect(await contentScriptWorlds(ext.context, 'https://acmepipedrive.com/deal/42')).toBe(0);
    // The same count sees the detector where it belongs.
    expect(await contentScriptWorlds(ext.context, BOARD)).toBe(1);

    // app.pipedrive.com only redirects to a company's host: no deal is read there.
    const app = await openTraced(ext.context, 'https://app.pipedrive.com/deal/42');
    await app.getByRole('textbox', { name: 'Name' }).waitFor();
    await expect.poll(() => stagecoachSteps(app, 'navigate')).toBe(1);
    expect(await stagecoachSteps(app, 'start')).toBe(0);
    expect(await overlayHosts(app)).toBe(0);
  });
});
