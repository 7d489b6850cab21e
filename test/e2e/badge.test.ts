/**
 * The toolbar icon's badge (how many deals need attention) and opening a deal from the popup, in the built extension:
 * the badge as Chrome shows it, the tabs as Chrome has them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dealUrl, launchExtension, type Ext } from './harness';

// Close dates in the mock app are days from today, so what needs attention is the same on any day.
const ACME = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis, its required criteria unticked: not ready
const STARK = dealUrl('006Hs00001StarKIAR'); // Negotiation/Review, closes in 12 days, not ready
const UMBRELLA = dealUrl('006Hs00001UMBrlIAH'); // Proposal/Price Quote, closed 2 days ago: overdue
const keyOf = (id: string) => `salesforce:stagecoach-demo:${id}`;

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext?.close();
});

/** What Chrome shows on the toolbar icon, read in the worker. */
async function badgeText(): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Open a deal the way a rep does, and wait until Stagecoach has shown (and so recorded) it. */
async function visit(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
  return page;
}

/** What the popup sends when a rep clicks a deal: deal/open, from an extension page. */
async function openFromPopup(popup: Page, key: string): Promise<{ focused: boolean }> {
  const reply = (await popup.evaluate((k) => chrome.runtime.sendMessage({ type: 'deal/open', payload: { key: k } }), key)) as {
    ok: boolean;
    data?: { focused: boolean };
    error?: { message: string };
  };
  if (!reply.ok || !reply.data) throw new Error(`deal/open failed: ${reply.error?.message ?? 'no answer'}`);
  return reply.data;
}

describe('the toolbar badge', () => {
  it('is empty with no deal, counts the deals needing action now as they are seen, and survives a worker restart', async () => {
    await expect.poll(badgeText).toBe('');
    // Acme is only not ready for its stage (ordinary work): the icon counts Stark, closing in 12 days unready.
    for (const url of [ACME, STARK]) await (await visit(url)).close();
    await expect.poll(badgeText, { timeout: 10_000 }).toBe('1');
    await (await visit(UMBRELLA)).close();
    await expect.poll(badgeText, { timeout: 10_000 }).toBe('2');
    const worker = await ext.worker();
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toBe('Stagecoach: 2 deals need action now');

    // A new worker counts from the index and shows the same.
    await ext.stopWorker();
    const popup = await ext.openPopup();
    await expect.poll(badgeText, { timeout: 10_000 }).toBe('2');
    await popup.close();
  });
});

describe('opening a deal from the popup', () => {
  it('focuses the tab already showing the deal instead of opening it twice, and opens a deal whose tab is gone', async () => {
    const acme = await visit(ACME);
    await (await visit(STARK)).close();
    const popup = await ext.openPopup();
    const pages = ext.context.pages().length;

    expect(await openFromPopup(popup, keyOf('006Hs00001AbCdEIAV'))).toEqual({ focused: true });
    expect(ext.context.pages()).toHaveLength(pages);
    // The worker was stopped since: the tab it remembers is still found (storage.session outlives the worker).
    await ext.stopWorker();
    expect(await openFromPopup(popup, keyOf('006Hs00001AbCdEIAV'))).toEqual({ focused: true });
    expect(ext.context.pages()).toHaveLength(pages);

    // Stark's tab was closed: it opens in a new tab, at the deal's address.
    const opened = ext.context.waitForEvent('page');
    expect(await openFromPopup(popup, keyOf('006Hs00001StarKIAR'))).toEqual({ focused: false });
    const stark = await opened;
    await stark.waitForURL(STARK);

    // The rep moved Acme's tab on to another deal: Acme opens anew rather than taking that tab over.
    await acme.goto(UMBRELLA);
    await acme.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
    const again = ext.context.waitForEvent('page');
    expect(await openFromPopup(popup, keyOf('006Hs00001AbCdEIAV'))).toEqual({ focused: false });
    await (await again).waitForURL(ACME);
  });
});
