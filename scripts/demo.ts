/**
 * `npm start`: Stagecoach on the bundled demo Salesforce deal pages, in Chromium.
 * With a display: a real window with the demo deals, the popup and the options page open; close it to stop.
 * Without one: headless, saves screenshots of what a rep would see and prints where they are.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ORIGIN, launchExtension } from '../test/e2e/harness';

const LIST_URL = `${DEMO_ORIGIN}/lightning/o/Opportunity/list`;
const headed = Boolean(process.env.DISPLAY) && process.env.HEADLESS !== '1';
const outDir = path.resolve('.demo/screenshots');

async function dealLinks(page: Page): Promise<string[]> {
  await page.locator('a[href*="/lightning/r/Opportunity/"]').first().waitFor();
  const hrefs = await page.locator('a[href*="/lightning/r/Opportunity/"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  return [...new Set(hrefs)];
}

async function main(): Promise<void> {
  const ext = await launchExtension({ headless: !headed, userDataDir: mkdtempSync(path.join(tmpdir(), 'stagecoach-demo-')) });
  const list = await ext.openDeal(LIST_URL);
  const deals = await dealLinks(list);
  if (deals.length === 0) throw new Error('The demo list view shows no deals: test/fixtures/salesforce/lightning-app.js may be broken.');

  const dealPages: Page[] = [];
  for (const url of deals) {
    const page = await ext.openDeal(url);
    await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
    dealPages.push(page);
  }

  if (headed) {
    await ext.openOptions();
    await ext.openPopup();
    await dealPages[0]?.bringToFront();
    console.log(`Stagecoach is running on ${deals.length} demo deals. Close the browser window to stop.`);
    await new Promise<void>((resolve) => ext.context.on('close', () => resolve()));
    return;
  }

  mkdirSync(outDir, { recursive: true });
  const shots: string[] = [];
  const shot = async (page: Page, name: string) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const first = dealPages[0] as Page;
  await first.bringToFront();
  await shot(first, 'deal-overlay');
  const popup = await ext.openPopup();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.getByRole('table', { name: 'Pipeline by stage' }).waitFor();
  await shot(popup, 'popup');
  const options = await ext.openOptions();
  await options.getByRole('heading', { level: 1 }).waitFor();
  await shot(options, 'options');
  await ext.close();
  console.log(`No display found, so Stagecoach ran headless on ${deals.length} demo deals. Screenshots:`);
  for (const file of shots) console.log(`  ${file}`);
  console.log('Run with a display (or under xvfb-run) to get a browser window instead.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
