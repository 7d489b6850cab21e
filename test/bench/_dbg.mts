import { launchExtension, dealUrl } from '../e2e/harness';
import { shimNames } from './lib';
const ext = await launchExtension();
await shimNames(ext.context);
await ext.context.addInitScript(() => {
  performance.mark('stagecoach:trace');
  const w = window as any;
  w.__b = { stageAt: null };
  new MutationObserver(() => { if (w.__b.stageAt === null && document.querySelector('.windowViewMode-normal.active li.slds-path__item.slds-is-current')) w.__b.stageAt = performance.now(); }).observe(document, { subtree: true, childList: true });
});
for (let i = 0; i < 2; i++) {
const page = await ext.context.newPage();
await page.bringToFront();
await page.goto(dealUrl('006Hs00001AbCdEIAV'));
await page.locator('stagecoach-overlay').waitFor();
await new Promise(r => setTimeout(r, 300));
console.log(await page.evaluate(() => JSON.stringify({ stageAt: (window as any).__b.stageAt, nav: performance.getEntriesByType('navigation').map((e: any) => [e.domContentLoadedEventEnd, e.loadEventEnd]), m: performance.getEntriesByType('measure').map(e => `${e.name} @${e.startTime.toFixed(1)} ${e.duration.toFixed(1)}`), r: performance.getEntriesByType('resource').map((e: any) => `${e.name.slice(-40)} @${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`) }, null, 1)));
await page.close();
}
await ext.close();
