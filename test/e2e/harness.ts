/**
 * Drives the BUILT extension (dist/) in real Chromium, the way a rep meets it: CRM pages are served at their real
 * Salesforce URLs from the bundled mock Lightning app, so the content script is injected exactly as in the field.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built extension; STAGECOACH_DIST points elsewhere (e.g. a build of another branch). */
export const DIST = path.resolve(process.env.STAGECOACH_DIST ?? path.join(root, 'dist'));
const FIXTURES = path.join(root, 'test/fixtures/salesforce');

/** The org the demo deals live in. */
export const DEMO_ORIGIN = 'https://stagecoach-demo.lightning.force.com';
export const dealUrl = (id: string, origin = DEMO_ORIGIN): string => `${origin}/lightning/r/Opportunity/${id}/view`;

export function chromePath(): string {
  const candidate = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `No Chromium at ${candidate}. Install it (apt-get install -y chromium) or point CHROME_PATH at a Chromium/Chrome binary.`,
    );
  }
  return candidate;
}

const CRM_HOSTS = /^https:\/\/[^/]+\.(lightning\.force\.com|my\.salesforce\.com)\//;

/** What the mock Salesforce server answers for a path: the app shell for /lightning/..., assets, else 404. */
export function fixtureResponse(pathname: string, options: { extraScripts?: string[] } = {}): { status: number; body: Buffer | string; contentType: string } {
  if (pathname.startsWith('/assets/')) {
    const file = path.join(FIXTURES, path.basename(pathname));
    if (!existsSync(file)) return { status: 404, body: 'not found', contentType: 'text/plain' };
    const contentType = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    return { status: 200, body: readFileSync(file), contentType };
  }
  if (pathname.startsWith('/lightning/')) {
    const scripts = (options.extraScripts ?? []).map((name) => `<script src="/assets/${name}"></script>`).join('');
    const html = readFileSync(path.join(FIXTURES, 'lightning-app.html'), 'utf8').replace('</body>', `${scripts}</body>`);
    return { status: 200, body: html, contentType: 'text/html' };
  }
  return { status: 404, body: 'not found', contentType: 'text/plain' };
}

/**
 * Serves the mock Lightning app (and its assets) for every Salesforce URL through Playwright routing.
 * `extraScripts` (files in the fixtures folder) are added to every page after the app, e.g. a live-app churn script.
 */
export async function serveSalesforce(context: BrowserContext, options: { extraScripts?: string[] } = {}): Promise<void> {
  await context.route(CRM_HOSTS, async (route) => {
    const { status, body, contentType } = fixtureResponse(new URL(route.request().url()).pathname, options);
    return route.fulfill({ status, body, contentType });
  });
}

/**
 * How many content-script worlds Stagecoach opened in a page loaded from `url`: its isolated worlds carry the
 * extension's origin (Playwright's own isolated worlds do not). Counted from CDP, so it sees injection itself,
 * not only what the injected code went on to do.
 */
export async function contentScriptWorlds(context: BrowserContext, url: string, settleMs = 500): Promise<number> {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  let count = 0;
  session.on('Runtime.executionContextCreated', (event: { context: { origin: string; auxData?: { type?: string } } }) => {
    if (event.context.auxData?.type === 'isolated' && event.context.origin.startsWith('chrome-extension://')) count++;
  });
  await session.send('Runtime.enable');
  await page.goto(url);
  await page.waitForTimeout(settleMs);
  await session.detach();
  await page.close();
  return count;
}

export interface Ext {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Opens a Salesforce URL (served by the mock Lightning app) in a new tab. */
  openDeal(url: string): Promise<Page>;
  /** Stops the service worker, as Chrome does when it idles; the next message wakes it. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** A user-data-dir to reuse; by default a fresh one that is deleted on close. */
  userDataDir?: string;
  serve?: boolean;
  /** Host resolver rules placed before the hermetic catch-all, e.g. to send CRM hosts to a local server. */
  hostRules?: string[];
  ignoreHTTPSErrors?: boolean;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<Ext> {
  if (!existsSync(path.join(DIST, 'manifest.json'))) {
    throw new Error('dist/ has no built extension: run `npm run build` first (npm test does).');
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'stagecoach-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    viewport: { width: 1400, height: 900 },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      // Hermetic: no DNS, no calls to outside hosts; routed CRM hosts still work.
      `--host-resolver-rules=${[...(options.hostRules ?? []), 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(', ')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  if (options.serve !== false) await serveSalesforce(context);

  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers()[0];
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const extensionId = new URL((await worker()).url()).host;

  const openPage = async (url: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };

  return {
    context,
    extensionId,
    worker,
    openPopup: () => openPage(`chrome-extension://${extensionId}/src/popup/index.html`),
    openOptions: () => openPage(`chrome-extension://${extensionId}/src/options/index.html`),
    openDeal: (url) => openPage(url),
    async stopWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
