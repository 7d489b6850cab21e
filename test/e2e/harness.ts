/**
 * Drives the BUILT extension (dist/) in real Chromium, the way a rep meets it: every CRM in src/crm/registry.ts is
 * served at its real URLs from its mock app in test/fixtures/<crm>/, on exactly the hosts its content-script matches
 * reach, so the content script is injected as in the field. A CRM's fixture folder holds `serve.json`
 * (`{ "app": "<the mock app's HTML file>", "demo": ["<deal URL npm start opens>", ...] }`) beside the app and its assets: that HTML answers every URL its
 * matches cover, files answer `/assets/<name>`, anything else is a 404.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { parseMatchPattern, type MatchPattern } from '../../src/crm/match-pattern';
import { CRMS } from '../../src/crm/registry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built extension; STAGECOACH_DIST points elsewhere (e.g. a build of another branch). */
export const DIST = path.resolve(process.env.STAGECOACH_DIST ?? path.join(root, 'dist'));

/** The org the demo Salesforce deals live in. */
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

/** One CRM's mock app: where its files are and which URLs it answers. */
export interface CrmFixtures {
  id: string;
  dir: string;
  /** The mock app's HTML, served for every page the CRM's content-script matches cover. */
  app: string;
  /** The demo deal pages `npm start` opens for this CRM (`serve.json`'s `demo`). */
  demo: string[];
  patterns: MatchPattern[];
}

const fixturesCache = new Map<string, CrmFixtures>();

/** The mock app of a registered CRM; throws, saying what to add, when the CRM has none. */
export function crmFixtures(id: string): CrmFixtures {
  const cached = fixturesCache.get(id);
  if (cached) return cached;
  const crm = CRMS.find((entry) => entry.id === id);
  if (!crm) throw new Error(`No CRM "${id}" in src/crm/registry.ts (known: ${CRMS.map((c) => c.id).join(', ')}).`);
  const dir = path.join(root, 'test/fixtures', id);
  const config = path.join(dir, 'serve.json');
  if (!existsSync(config)) {
    throw new Error(`${path.relative(root, config)} is missing: every CRM needs a mock app for the browser tests ({ "app": "<file>.html" }).`);
  }
  const { app, demo = [] } = JSON.parse(readFileSync(config, 'utf8')) as { app?: unknown; demo?: unknown };
  if (typeof app !== 'string' || !existsSync(path.join(dir, app))) {
    throw new Error(`${path.relative(root, config)} must name the mock app's HTML file in the same folder as "app".`);
  }
  if (!Array.isArray(demo) || !demo.every((url): url is string => typeof url === 'string')) {
    throw new Error(`${path.relative(root, config)}: "demo" must be a list of the deal pages' URLs that npm start opens.`);
  }
  const fixtures = { id, dir, app, demo, patterns: crm.matches.map(parseMatchPattern) };
  fixturesCache.set(id, fixtures);
  return fixtures;
}

export interface ServeOptions {
  /** Files of the CRM's fixture folder added to every app page after the app, e.g. a live-app churn script. */
  extraScripts?: string[];
  /** The CRM whose mock app answers; Salesforce by default. */
  crm?: string;
}

/** What a CRM's mock server answers for a path (with its query string): the app shell, an asset, else 404. */
export function fixtureResponse(pathAndQuery: string, options: ServeOptions = {}): { status: number; body: Buffer | string; contentType: string } {
  const fixtures = crmFixtures(options.crm ?? 'salesforce');
  if (pathAndQuery.startsWith('/assets/')) {
    const file = path.join(fixtures.dir, path.basename(pathAndQuery.split('?')[0] ?? ''));
    if (!existsSync(file)) return { status: 404, body: 'not found', contentType: 'text/plain' };
    const contentType = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    return { status: 200, body: readFileSync(file), contentType };
  }
  if (fixtures.patterns.some((pattern) => pattern.matchesPath(pathAndQuery))) {
    const scripts = (options.extraScripts ?? []).map((name) => `<script src="/assets/${name}"></script>`).join('');
    const html = readFileSync(path.join(fixtures.dir, fixtures.app), 'utf8').replace('</body>', `${scripts}</body>`);
    return { status: 200, body: html, contentType: 'text/html' };
  }
  return { status: 404, body: 'not found', contentType: 'text/plain' };
}

/**
 * Serves a CRM's mock app (and its assets) through Playwright routing, on every host its content-script matches
 * reach. Only those hosts are routed: the content-script loader's own chrome-extension:// requests pass through.
 */
export async function serveCrm(context: BrowserContext, id: string, options: Omit<ServeOptions, 'crm'> = {}): Promise<void> {
  const fixtures = crmFixtures(id);
  await context.route(
    (url) => fixtures.patterns.some((pattern) => pattern.coversOrigin(url)),
    async (route) => {
      const url = new URL(route.request().url());
      const { status, body, contentType } = fixtureResponse(url.pathname + url.search, { ...options, crm: id });
      // Two CRMs can share a host (Salesforce Classic and Lightning on *.my.salesforce.com): a page or asset this
      // one does not have goes to the other's mock app, routed earlier.
      if (status === 404 && sharesHost(id, url)) return route.fallback();
      return route.fulfill({ status, body, contentType });
    },
  );
}

/** Whether a CRM registered (and so routed) before `id` serves the origin of `url` too. */
function sharesHost(id: string, url: URL): boolean {
  const earlier = CRMS.slice(0, CRMS.findIndex((crm) => crm.id === id));
  return earlier.some((other) => other.matches.some((match) => parseMatchPattern(match).coversOrigin(url)));
}

/** Serves the mock Lightning app for every Salesforce URL (see serveCrm). */
export function serveSalesforce(context: BrowserContext, options: Omit<ServeOptions, 'crm'> = {}): Promise<void> {
  return serveCrm(context, 'salesforce', options);
}

/** The mock in-house CRM that configured-site tests add as a site (test/fixtures/site-inhouse/). */
export const INHOUSE_ORIGIN = 'https://crm.example-inhouse.test';

/** Serves the in-house CRM: its app answers its deal and list pages (`/deals...`), its script `/assets/inhouse-crm.js`. */
export async function serveInhouseSite(context: BrowserContext): Promise<void> {
  const fixtures = path.join(root, 'test/fixtures/site-inhouse');
  await context.route(`${INHOUSE_ORIGIN}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/assets/inhouse-crm.js') {
      return route.fulfill({ body: readFileSync(path.join(fixtures, 'inhouse-crm.js')), contentType: 'text/javascript' });
    }
    if (pathname.startsWith('/deals')) {
      return route.fulfill({ body: readFileSync(path.join(fixtures, 'inhouse-crm.html')), contentType: 'text/html' });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
}

/** A page loaded from `url` with a CDP session on it, and the ids of the content-script worlds Stagecoach opened there. */
export interface PageWithWorlds {
  page: Page;
  session: CDPSession;
  worlds: number[];
}

/**
 * Opens `url` in a new tab and lists the content-script worlds Stagecoach opened in it: its isolated worlds carry the
 * extension's origin (Playwright's own isolated worlds do not). Seen from CDP, so it sees injection itself, not only
 * what the injected code went on to do, and a world's id lets a test send what the content script could send.
 */
export async function openWithContentScriptWorlds(context: BrowserContext, url: string): Promise<PageWithWorlds> {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  const worlds: number[] = [];
  session.on('Runtime.executionContextCreated', (event: { context: { id: number; origin: string; auxData?: { type?: string } } }) => {
    if (event.context.auxData?.type === 'isolated' && event.context.origin.startsWith('chrome-extension://')) worlds.push(event.context.id);
  });
  await session.send('Runtime.enable');
  await page.goto(url, { waitUntil: 'load' });
  // Content scripts run at document_start, so their world exists before the load event. One round trip on this
  // session then delivers every event the page sent before it: no sleep needed to see them all.
  await session.send('Runtime.evaluate', { expression: '0' });
  return { page, session, worlds };
}

/** How many content-script worlds Stagecoach opened in a page loaded from `url`. */
export async function contentScriptWorlds(context: BrowserContext, url: string): Promise<number> {
  const { page, session, worlds } = await openWithContentScriptWorlds(context, url);
  await session.detach();
  await page.close();
  return worlds.length;
}

export interface Ext {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Opens a CRM page (served by that CRM's mock app) in a new tab. */
  openDeal(url: string): Promise<Page>;
  /** Stops the service worker, as Chrome does when it idles; the next message wakes it. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** The extension folder to load; DIST by default (a copy lets a test change it, e.g. to make an update). */
  dist?: string;
  /** A user-data-dir to reuse; by default a fresh one that is deleted on close. */
  userDataDir?: string;
  /** Serve every registered CRM's mock app (default); false when the caller serves pages itself. */
  serve?: boolean;
  /** Host resolver rules placed before the hermetic catch-all, e.g. to send CRM hosts to a local server. */
  hostRules?: string[];
  ignoreHTTPSErrors?: boolean;
  /** More Chromium switches, e.g. `--ignore-certificate-errors`, which the service worker's own fetches need. */
  args?: string[];
  /**
   * Keep the browser's back/forward cache, which Playwright switches off by default: a page left and come back to is
   * then restored as it was, its content script included, instead of loaded again (Salesforce Classic's back button).
   */
  backForwardCache?: boolean;
  /**
   * Return once the browser gives extensions their policy (default), as a browser the rep has had open a few seconds
   * does. false: at once, in the seconds after a browser start when Chromium's policy service has not started and the
   * worker goes on with the policy last seen (src/background/policy-reader.ts); 2.4 to 2.9 s here on a quiet machine.
   */
  policyStarted?: boolean;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<Ext> {
  const dist = options.dist ?? DIST;
  if (!existsSync(path.join(dist, 'manifest.json'))) {
    throw new Error('dist/ has no built extension: run `npm run build` first (npm test does).');
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'stagecoach-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    viewport: { width: 1400, height: 900 },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    ignoreDefaultArgs: options.backForwardCache ? ['--disable-back-forward-cache'] : undefined,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      // Hermetic: no DNS, no calls to outside hosts; routed CRM hosts still work.
      `--host-resolver-rules=${[...(options.hostRules ?? []), 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(', ')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  if (options.serve !== false) for (const crm of CRMS) await serveCrm(context, crm.id);

  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers()[0];
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const extensionId = new URL((await worker()).url()).host;
  if (options.policyStarted !== false) await (await worker()).evaluate(() => chrome.storage.managed.get(null));

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
      try {
        // Resolves once CDP reports every worker stopped, so the next message starts one afresh.
        const stopped = new Promise<void>((resolve) => {
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            if (versions.every((v) => v.runningStatus === 'stopped')) resolve();
          });
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What a user does in chrome://extensions to let the extension read `origins` ("On specific sites", each added), through
 * that page's own `developerPrivate` calls: the prompt `permissions.request` opens is a native dialog no automation can
 * answer, and once an origin is allowed there the extension's request for it is granted without one.
 */
export async function allowInExtensionSettings(ext: Ext, origins: readonly string[]): Promise<void> {
  const settings = await ext.context.newPage();
  await settings.goto(`chrome://extensions/?id=${ext.extensionId}`);
  await settings.evaluate(
    async ([id, sites]) => {
      interface DeveloperPrivate {
        updateExtensionConfiguration(update: { extensionId: string; hostAccess: string }): Promise<void>;
        addHostPermission(extensionId: string, host: string): Promise<void>;
      }
      const settingsApi = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
      await settingsApi.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_SPECIFIC_SITES' });
      for (const site of sites) await settingsApi.addHostPermission(id, site);
    },
    [ext.extensionId, origins] as const,
  );
  await settings.close();
}
