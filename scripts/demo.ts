/**
 * `npm start`: Stagecoach on the bundled demo deal pages of every CRM it supports (each CRM's mock app in
 * test/fixtures/<crm>/, its `serve.json` naming the demo deals), in Chromium.
 * With a display: a real window with the demo deals, the popup and the options page open; close it to stop.
 * Without one: headless, saves screenshots of what a rep would see and prints where they are.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CRMS } from '../src/crm/registry';
import { crmFixtures, launchExtension } from '../test/e2e/harness';

const headed = Boolean(process.env.DISPLAY) && process.env.HEADLESS !== '1';
const outDir = path.resolve('.demo/screenshots');

async function main(): Promise<void> {
  const ext = await launchExtension({ headless: !headed, userDataDir: mkdtempSync(path.join(tmpdir(), 'stagecoach-demo-')) });
  // Every CRM's demo deals, each waited for until its checklist shows: the popup then has the whole demo pipeline.
  const dealPages: { crm: string; page: Page }[] = [];
  for (const crm of CRMS) {
    for (const url of crmFixtures(crm.id).demo) {
      const page = await ext.openDeal(url);
      try {
        await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor({ timeout: 15_000 });
      } catch {
        throw new Error(`No checklist appeared on the ${crm.label} demo deal ${url}: its mock app in test/fixtures/${crm.id}/ may be broken.`);
      }
      dealPages.push({ crm: crm.id, page });
    }
  }
  const deals = dealPages.length;

  if (headed) {
    await ext.openOptions();
    await ext.openPopup();
    await dealPages[0]?.page.bringToFront();
    console.log(`Stagecoach is running on ${deals} demo deals of ${CRMS.length} CRM${CRMS.length === 1 ? '' : 's'}. Close the browser window to stop.`);
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
  // One screenshot per CRM: its first demo deal with the overlay.
  for (const crm of CRMS) {
    const first = dealPages.find((deal) => deal.crm === crm.id);
    if (!first) continue;
    await first.page.bringToFront();
    await shot(first.page, `deal-${crm.id}`);
  }
  const popup = await ext.openPopup();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.getByRole('table', { name: 'Pipeline by stage' }).waitFor();
  await shot(popup, 'popup');
  const options = await ext.openOptions();
  await options.getByRole('heading', { level: 1 }).waitFor();
  await shot(options, 'options');
  await ext.close();
  console.log(`No display found, so Stagecoach ran headless on ${deals} demo deals of ${CRMS.length} CRM${CRMS.length === 1 ? '' : 's'}. Screenshots:`);
  for (const file of shots) console.log(`  ${file}`);
  console.log('Run with a display (or under xvfb-run) to get a browser window instead.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
