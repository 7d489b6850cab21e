/**
 * Positive signals to wait for before asserting that something did NOT happen: a fixed sleep passes whenever the
 * thing is merely late, so a check for absence must follow proof that Stagecoach has already done its work.
 */
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Opens `url` in a new tab with Stagecoach's timing switched on (src/content/trace.ts: the content script traces
 * only pages that hold a `stagecoach:trace` mark when it starts), so the test can see what the content script did.
 */
export async function openTraced(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => performance.mark('stagecoach:trace'));
  await page.goto(url);
  return page;
}

/** How many times the content script has done `step` (navigate, start, read, ...) in a traced page. */
export function stagecoachSteps(page: Page, step: string): Promise<number> {
  return page.evaluate((name) => performance.getEntriesByName(`stagecoach:${name}`, 'measure').length, step);
}
