/**
 * A rep on Salesforce opportunities, with the built extension in Chromium: the stage checklist beside the deal,
 * ticks that stick, readiness, single-page navigation, and pages where Stagecoach must stay out of the way.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, formatDate, isoDate } from '../../src/core/calendar';
import { DEMO_ORIGIN, contentScriptWorlds, dealUrl, launchExtension, type Ext } from './harness';
import { criterion, overlayHosts, panel, panelText, status, statusText } from './overlay-locators';
import { openTraced, stagecoachSteps } from './wait';

const ACME = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis, USD 1,517,250, closes in 30 days (the mock app counts from today)
const GLOBEX = dealUrl('006Hs00001gLoBxIAK'); // Prospecting
const INITECH = dealUrl('006Hs00001iNiTcIAK'); // Qualification, no amount
const HOOLI = dealUrl('006Hs00001hoOLiIAM'); // Closed Won

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext.close();
});

/**
 * Until the worker has saved every tick (the overlay marks criteria busy while a save is on its way). A save may
 * first wake a stopped worker, which takes well over poll's default second on a loaded machine.
 */
async function saved(page: Page): Promise<void> {
  await expect.poll(() => panel(page).locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
}

async function openDeal(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await panel(page).waitFor();
  return page;
}

describe('on a Salesforce opportunity', () => {
  it('shows the checklist of the deal’s current stage, with rules decided from its fields', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    expect(await panel(page).textContent()).toContain('Stage 2 of 6');
    expect(await statusText(page)).toBe('2 of 5 required met');

    const manual = criterion(page, 'Situation, pain, impact and critical event captured');
    expect(await manual.isEnabled()).toBe(true);
    expect(await manual.isChecked()).toBe(false);
    const amountRule = criterion(page, 'Amount entered on the deal');
    expect(await amountRule.isDisabled()).toBe(true);
    expect(await amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('Amount is USD 1,517,250.00');
  });

  it('keeps a tick across a reload and a stopped service worker', async () => {
    const page = await openDeal(ACME);
    await criterion(page, 'Situation, pain, impact and critical event captured').check();
    await expect.poll(() => statusText(page)).toBe('3 of 5 required met');
    await saved(page);

    await page.reload();
    await panel(page).waitFor();
    expect(await criterion(page, 'Situation, pain, impact and critical event captured').isChecked()).toBe(true);

    await ext.stopWorker();
    await page.reload();
    await panel(page).waitFor();
    // Painted from the mirror, without waiting for the worker.
    expect(await criterion(page, 'Situation, pain, impact and critical event captured').isChecked()).toBe(true);
    // A tick while the worker sleeps wakes it and is kept.
    await criterion(page, 'Buyer acknowledged budget and timing').check();
    await expect.poll(() => statusText(page)).toBe('4 of 5 required met');
    await saved(page);
    await ext.stopWorker();
    await page.reload();
    await panel(page).waitFor();
    await expect.poll(() => statusText(page)).toBe('4 of 5 required met');
  });

  it('says "Ready to advance" once every required criterion is met, and not before', async () => {
    const page = await openDeal(ACME);
    await criterion(page, 'Situation, pain, impact and critical event captured').check();
    await criterion(page, 'Buyer acknowledged budget and timing').check();
    // Both ticks counted, and one required criterion still open: not ready.
    await expect.poll(() => statusText(page)).toBe('4 of 5 required met');
    await criterion(page, 'Champion and economic buyer named').check();
    await expect.poll(() => statusText(page)).toBe('Ready to advance');
    // The optional criterion does not hold readiness back; unticking a required one does.
    await criterion(page, 'Champion and economic buyer named').uncheck();
    await expect.poll(() => statusText(page)).toBe('4 of 5 required met');
  });

  it('re-evaluates a rule when the rep fills the field on the page', async () => {
    const page = await openDeal(INITECH);
    const amountRule = criterion(page, 'Amount entered on the deal');
    await expect.poll(() => amountRule.isChecked()).toBe(false);
    expect(await panel(page).textContent()).toContain('Amount is empty');

    await page.locator('button[title="Edit Amount"]').click();
    await page.locator('input[name="Amount"]').fill('48000');
    await page.locator('button[name="SaveEdit"]').click();
    await expect.poll(() => amountRule.isChecked()).toBe(true);
    expect(await panelText(page)).toContain('Amount is USD 48,000.00');
  });

  it('follows the record’s current stage, not a stage the rep only clicked on in the Path', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    await page.getByRole('option', { name: 'Value Proposition' }).click();
    expect(await page.getByRole('option', { name: 'Value Proposition' }).getAttribute('aria-selected')).toBe('true');
    // An edit the overlay shows in either stage proves it has read the page since the click; only then can the
    // stage's staying put mean anything.
    const closeDate = addDays(isoDate(new Date()), 60);
    // From the keyboard: at this window size the panel sits over the Close Date pencil.
    await page.locator('button[title="Edit Close Date"]').press('Enter');
    await page.locator('input[name="CloseDate"]').fill(closeDate);
    await page.locator('button[name="SaveEdit"]').click();
    await expect.poll(() => panelText(page)).toContain(`Close date ${formatDate(closeDate, 'en-US')} is after today`);
    expect(await panel(page).textContent()).toContain('Needs Analysis');
    expect(await panel(page).textContent()).toContain('Stage 2 of 6');

    // Saving the selected stage makes it the record's stage, as in Salesforce.
    await page.getByRole('button', { name: 'Mark as Current Stage' }).click();
    await expect.poll(() => panel(page).textContent()).toContain('Value Proposition');
    expect(await panel(page).textContent()).toContain('Stage 3 of 6');
  });

  it('shows a closed deal as won', async () => {
    const page = await openDeal(HOOLI);
    // The stage line names the CRM stage; the line under it says where that is in the playbook.
    await panel(page).getByText('Closed Won', { exact: true }).waitFor();
    expect(await panel(page).getByText('Won · 100%', { exact: true }).count()).toBe(1);
    expect(await panelText(page)).not.toMatch(/Stage \d of/);
  });

  it('remembers that the rep collapsed it to a badge', async () => {
    const page = await openDeal(ACME);
    await panel(page).getByRole('button', { name: 'Collapse stage checklist' }).click();
    const badge = panel(page).getByRole('button', { name: /show stage checklist/ });
    await badge.waitFor();
    expect(await statusText(page)).toBe('2 of 5 required met');
    expect(await criterion(page, 'Situation, pain, impact and critical event captured').count()).toBe(0);

    await page.reload();
    await badge.waitFor();
    await badge.press('Enter');
    await criterion(page, 'Situation, pain, impact and critical event captured').waitFor();
    await page.keyboard.press('Escape');
    await badge.waitFor();
  });
});

describe('navigation inside Salesforce', () => {
  it('moves the overlay from deal to deal, off list views and back, without a reload', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    await page.evaluate(() => ((window as unknown as { stagecoachLoaded: boolean }).stagecoachLoaded = true));

    await page.getByRole('link', { name: 'Opportunities' }).first().click();
    await page.waitForURL(/\/lightning\/o\/Opportunity\/list/);
    await expect.poll(() => overlayHosts(page)).toBe(0);

    await page.getByRole('link', { name: 'Globex - Platform Renewal' }).click();
    // A list view links a record by its short address (/lightning/r/{id}/view), as Salesforce's does.
    await page.waitForURL(/\/lightning\/r\/(Opportunity\/)?006Hs00001gLoBxIAK\/view/);
    await expect.poll(() => panel(page).textContent()).toContain('Prospecting');
    expect(await panel(page).textContent()).not.toContain('Needs Analysis');
    expect(await overlayHosts(page)).toBe(1);

    await page.goBack();
    await expect.poll(() => overlayHosts(page)).toBe(0);
    await page.goBack();
    await page.waitForURL(ACME);
    await expect.poll(() => panel(page).textContent()).toContain('Needs Analysis');
    expect(await overlayHosts(page)).toBe(1);
    // Still the same document: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { stagecoachLoaded?: boolean }).stagecoachLoaded)).toBe(true);
  });

  it('never files one record’s view under the next record while Salesforce swaps them', async () => {
    const page = await openDeal(GLOBEX);
    await expect.poll(() => panel(page).textContent()).toContain('Prospecting');
    // The URL names Initech while Globex's view stays on screen until Initech's has rendered.
    await page.evaluate(() => {
      const w = window as unknown as { lightningAppSwapLate: boolean; lightningApp: { navigate(path: string): void } };
      w.lightningAppSwapLate = true;
      w.lightningApp.navigate('/lightning/r/Opportunity/006Hs00001iNiTcIAK/view');
    });
    await page.waitForURL(INITECH);
    await expect.poll(() => panel(page).textContent()).toContain('Qualification');
    expect(await panelText(page)).toContain('Amount is empty');
    expect(await overlayHosts(page)).toBe(1);

    // What the worker recorded for Initech: only its own stage, never Globex's.
    const worker = await ext.worker();
    const history = await worker.evaluate(
      (key) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('stagecoach');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('deals').objectStore('deals').get(key);
            get.onsuccess = () => resolve((get.result?.history ?? []).map((visit: { stage: { label: string } }) => visit.stage.label));
          };
        }),
      'salesforce:stagecoach-demo:006Hs00001iNiTcIAK',
    );
    expect(history).toEqual(['Qualification']);
  });
});

describe('when Salesforce changes its pages', () => {
  it('says it cannot read the deal instead of guessing', async () => {
    const fixture = readFileSync(new URL('../fixtures/salesforce/opportunity-unrecognised.html', import.meta.url), 'utf8');
    await ext.context.route(/^https:\/\/redesigned\.lightning\.force\.com\//, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
    const page = await openDeal(dealUrl('006Hs00001AbCdEIAV', 'https://redesigned.lightning.force.com'));
    const alert = panel(page).getByRole('alert');
    await alert.waitFor();
    // It names the part it did not find (test/e2e/repair.test.ts covers choosing the stage by hand and the repair).
    expect(await alert.textContent()).toContain('Stagecoach cannot read this deal: it did not find the current stage');
    expect(await panel(page).getByRole('checkbox').count()).toBe(0);
  });
});

describe('where Stagecoach stays out of the way', () => {
  it('adds nothing to Salesforce pages that are not opportunity records', async () => {
    const pages = [
      { url: `${DEMO_ORIGIN}/lightning/o/Opportunity/list?filterName=Recent`, shown: 'Recently Viewed' },
      { url: `${DEMO_ORIGIN}/lightning/page/home`, shown: 'My open opportunities' },
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

  it('is not injected at all on hosts that are not a CRM', async () => {
    await ext.context.route(/^https:\/\/crm\.example\.com\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Not a CRM</title><p>Opportunity 006Hs00001AbCdEIAV</p>' }),
    );
    expect(await contentScriptWorlds(ext.context, 'https://crm.example.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view')).toBe(0);
    // The same count sees the content script where it belongs.
    expect(await contentScriptWorlds(ext.context, `${DEMO_ORIGIN}/lightning/o/Opportunity/list`)).toBe(1);
  });
});

describe('the playbook reaches open deal pages', () => {
  it('updates an open overlay when an admin imports a playbook, and points to settings for an unknown stage', async () => {
    const page = await openDeal(ACME);
    await expect.poll(() => statusText(page)).toBe('2 of 5 required met');

    const options = await ext.openOptions();
    const playbook = {
      format: 'stagecoach.playbook/v1',
      name: 'Acme Sales Playbook',
      stages: [
        {
          id: 'early', name: 'Early', match: ['Prospecting'], probability: 10, forecastCategory: 'pipeline',
          criteria: [{ id: 'intro', label: 'Intro call held' }],
        },
        {
          id: 'needs', name: 'Needs', match: ['Needs Analysis'], probability: 25, forecastCategory: 'pipeline',
          criteria: [
            { id: 'pains', label: 'Three pains written down' },
            { id: 'next-step', label: 'Next step agreed', rule: { field: 'nextStep', op: 'present' } },
          ],
        },
      ],
    };
    await options.getByLabel('Paste playbook').fill(JSON.stringify(playbook));
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await options.getByRole('status').filter({ hasText: 'Acme Sales Playbook' }).waitFor();

    await page.bringToFront();
    await expect.poll(() => statusText(page)).toBe('1 of 2 required met');
    expect(await criterion(page, 'Three pains written down').isEnabled()).toBe(true);
    expect(await panel(page).textContent()).toContain('Stage 2 of 2');

    await options.close();
    const unknown = await openDeal(dealUrl('006Hs00001UMBrlIAH')); // Proposal/Price Quote: not in this playbook
    await expect.poll(() => panel(unknown).textContent()).toContain(
      '“Proposal/Price Quote” is not a stage in your playbook “Acme Sales Playbook”',
    );
    const [settings] = await Promise.all([
      ext.context.waitForEvent('page'),
      panel(unknown).getByRole('button', { name: 'Open playbook settings' }).click(),
    ]);
    await settings.waitForURL(/options\/index\.html/);
  });
});
