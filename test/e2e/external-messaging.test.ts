/**
 * Nothing outside the extension can message it: not the CRM page Stagecoach runs on, not any other web page. Only
 * the content script, in its isolated world, talks to the worker. Guards externally_connectable: a manifest that
 * let CRM pages (or every page) connect would give those pages `chrome.runtime` and a way to send forged messages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dealUrl, launchExtension, type Ext } from './harness';

/** What the page's own scripts can do with the extension's id: the error they get, or 'sent' when they got through. */
async function messageFromPage(page: Page, extensionId: string): Promise<string> {
  return page.evaluate(async (id) => {
    const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (id: string, message: unknown) => Promise<unknown> } } }).chrome?.runtime;
    if (typeof runtime?.sendMessage !== 'function') return 'chrome.runtime.sendMessage is not available';
    try {
      await runtime.sendMessage(id, { type: 'playbook/reset', payload: {} });
      return 'sent';
    } catch (error) {
      return `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }, extensionId);
}

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
  await ext.context.route('https://www.example.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Any site</title><h1>Any site</h1>' }),
  );
});
afterEach(async () => {
  await ext.close();
});

describe('messages from web pages', () => {
  it('cannot reach the extension from the CRM page it runs on', async () => {
    const page = await ext.openDeal(dealUrl('006Hs00001AbCdEIAV'));
    // The content script runs on this page (its overlay is there), yet the page's own scripts get no runtime.
    await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
    expect(await messageFromPage(page, ext.extensionId)).toBe('chrome.runtime.sendMessage is not available');
  });

  it('cannot reach the extension from any other site', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://www.example.com/');
    await page.getByRole('heading', { name: 'Any site' }).waitFor();
    expect(await messageFromPage(page, ext.extensionId)).toBe('chrome.runtime.sendMessage is not available');
  });
});
