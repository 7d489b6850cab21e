/**
 * The platform's floor on this machine, measured the same way as Stagecoach's figures: a minimal extension whose
 * worker only answers one message and whose page only paints a line of text. What Stagecoach adds is the figure
 * minus this floor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromePath } from '../e2e/harness';
import { median, newPage, sleep } from './lib';

export async function platformFloor(runs: number): Promise<{ workerWake: number; pagePaint: number; samples: { wake: number[]; paint: number[] } }> {
  const ext = mkdtempSync(path.join(tmpdir(), 'stagecoach-floor-ext-'));
  writeFileSync(
    path.join(ext, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'Floor', version: '1.0', background: { service_worker: 'sw.js' } }),
  );
  writeFileSync(path.join(ext, 'sw.js'), 'chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true }); });');
  writeFileSync(path.join(ext, 'page.html'), '<!doctype html><title>Floor</title><p>Pipeline</p>');
  const profile = mkdtempSync(path.join(tmpdir(), 'stagecoach-floor-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromePath(),
    headless: true,
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-first-run', '--disable-background-networking'],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const page = await newPage(context);
    await page.goto(`chrome-extension://${id}/page.html`);
    const wake: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      await sleep(200);
      wake.push(
        await page.evaluate(async () => {
          const start = performance.now();
          await chrome.runtime.sendMessage({ ping: true });
          return performance.now() - start;
        }),
      );
    }
    const paint: number[] = [];
    for (let i = 0; i < runs; i++) {
      const fresh = await newPage(context);
      await fresh.addInitScript({
        content: `window.__painted = new Promise((resolve) => addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));`,
      });
      await fresh.goto(`chrome-extension://${id}/page.html`);
      paint.push(await fresh.evaluate(() => (window as unknown as { __painted: Promise<number> }).__painted));
      await fresh.close();
    }
    return { workerWake: median(wake), pagePaint: median(paint), samples: { wake, paint } };
  } finally {
    await context.close();
    rmSync(ext, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * An extension whose content script is empty, on the same matches and `run_at` as the built Stagecoach's
 * (read from dist/manifest.json): what any content-script extension costs a page. Returns its folder.
 */
export function emptyContentScriptExtension(dist: string): { dir: string; remove(): void } {
  const built = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as {
    content_scripts: { matches: string[]; run_at?: string; all_frames?: boolean }[];
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecoach-floor-cs-'));
  const content_scripts = built.content_scripts.map(({ matches, run_at, all_frames }) => ({ matches, run_at, all_frames, js: ['empty.js'] }));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Floor', version: '1.0', content_scripts }));
  writeFileSync(path.join(dir, 'empty.js'), '');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
