/**
 * The team-URL fetch in the browser it runs in. Chromium's fetch differs from Node's exactly where a team's host
 * can go wrong: a redirect to a site the extension may not read (a sign-in page) fails as a bare "Failed to fetch",
 * the HTTP cache sits between the worker and the server, a short body errors the stream, and cookies go only where
 * the browser's rules let them. So src/background/team-fetch.ts is bundled alone into a minimal extension whose
 * worker exposes it, with host permission for 127.0.0.1 only, as the options page asks for a team URL's host, and
 * is driven against the same local server as the unit tests (test/unit/background/team-fetch.test.ts has every fault).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamCache, TeamFetch, TeamFetchOptions, fetchTeamPlaybook } from '../../src/background/team-fetch';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import { startServer, streamLongList, type Streamed, type TestServer } from '../team-server';
import { chromePath } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PLAYBOOK_TEXT = serializePlaybook(DEFAULT_PLAYBOOK);

let server: TestServer;
let otherSite: TestServer;
let extensionDir: string;
let userDataDir: string;
let context: BrowserContext;
let worker: Worker;

/** fetchTeamPlaybook, called in the extension's service worker. */
function fetchInBrowser(url: string, cache: TeamCache | null, options: TeamFetchOptions = {}): Promise<TeamFetch> {
  return worker.evaluate(
    ([url, cache, options]) =>
      (globalThis as unknown as { fetchTeamPlaybook: typeof fetchTeamPlaybook }).fetchTeamPlaybook(url, cache, options),
    [url, cache, options] as const,
  );
}

beforeAll(async () => {
  server = await startServer('127.0.0.1');
  otherSite = await startServer('localhost');
  extensionDir = mkdtempSync(path.join(tmpdir(), 'stagecoach-team-fetch-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      outDir: extensionDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: false,
      lib: { entry: path.join(root, 'src/background/team-fetch.ts'), formats: ['es'], fileName: () => 'team-fetch.js' },
    },
  });
  writeFileSync(
    path.join(extensionDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Stagecoach team fetch check',
      version: '1',
      background: { service_worker: 'worker.js', type: 'module' },
      host_permissions: ['http://127.0.0.1/*'],
    }),
  );
  writeFileSync(
    path.join(extensionDir, 'worker.js'),
    "import { fetchTeamPlaybook } from './team-fetch.js';\nglobalThis.fetchTeamPlaybook = fetchTeamPlaybook;\n",
  );
  userDataDir = mkdtempSync(path.join(tmpdir(), 'stagecoach-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Hermetic, as test/e2e/harness.ts; the catch-all would also send 127.0.0.1 nowhere, so it is left out.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
});

afterAll(async () => {
  await context?.close();
  await Promise.all([server?.close(), otherSite?.close()]);
  for (const dir of [userDataDir, extensionDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the team playbook fetched by Chromium', () => {
  it('asks the server each time, however long it says to cache, and a 304 to If-None-Match reaches the worker', async () => {
    const url = server.serve('/team.json', (req, res) => {
      if (req.headers['if-none-match'] === '"r1"') res.writeHead(304).end();
      // Cacheable for an hour: "Refresh now" must still reach the server, not the browser's HTTP cache.
      else res.writeHead(200, { ETag: '"r1"', 'Cache-Control': 'max-age=3600' }).end(PLAYBOOK_TEXT);
    });
    expect(await fetchInBrowser(url, null)).toMatchObject({ kind: 'new', etag: '"r1"', playbook: { name: DEFAULT_PLAYBOOK.name } });
    expect((await fetchInBrowser(url, null)).kind).toBe('new');
    expect(await fetchInBrowser(url, { etag: '"r1"', lastModified: null })).toEqual({ kind: 'unchanged' });
    expect(server.requests('/team.json').map((headers) => headers['if-none-match'])).toEqual([undefined, undefined, '"r1"']);
  });

  it("sends the team host's cookies, for an intranet that admits signed-in people only", async () => {
    await context.addCookies([{ name: 'intranet_session', value: 'signed-in', url: server.origin }]);
    const url = server.serve('/intranet.json', (req, res) => {
      if (req.headers.cookie?.includes('intranet_session=signed-in')) res.writeHead(200).end(PLAYBOOK_TEXT);
      else res.writeHead(401, 'Unauthorized').end();
    });
    expect((await fetchInBrowser(url, null)).kind).toBe('new');
  });

  it('follows a redirect within the same site', async () => {
    server.serve('/v2.json', (_req, res) => res.writeHead(200).end(PLAYBOOK_TEXT));
    const url = server.serve('/current', (_req, res) => res.writeHead(302, { Location: '/v2.json' }).end());
    expect((await fetchInBrowser(url, null)).kind).toBe('new');
  });

  it('refuses a redirect to a sign-in site it may not read, saying so rather than blaming the network', async () => {
    const signIn = otherSite.serve('/login', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<form>'));
    const url = server.serve('/guarded.json', (_req, res) => res.writeHead(302, { Location: signIn }).end());
    expect(await fetchInBrowser(url, null)).toEqual({
      kind: 'failed',
      reason:
        'the address redirected to a page Stagecoach may not read (perhaps a sign-in page on another site): ' +
        `Stagecoach follows redirects within ${new URL(server.origin).host} only`,
    });
  });

  it('refuses a body cut short of its Content-Length', async () => {
    const url = server.serve('/cut.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': PLAYBOOK_TEXT.length });
      res.write(PLAYBOOK_TEXT.slice(0, 2000), () => res.socket?.end());
    });
    expect(await fetchInBrowser(url, null)).toEqual({
      kind: 'failed',
      reason: 'the connection closed before the whole file arrived',
    });
  });

  it('gives up on a server that sends its headers and then nothing', async () => {
    const url = server.serve('/stalled.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    });
    expect(await fetchInBrowser(url, null, { idleTimeoutMs: 1_000 })).toEqual({
      kind: 'failed',
      reason: 'the server stopped sending the file and sent nothing more for 1 second',
    });
  });

  it('stops reading a body past the size limit, and the server sees the connection close', async () => {
    // Far beyond what Chromium's network buffers take in ahead of the reader: at 50 MB a loaded machine saw 33 MB
    // written before the cancelled read closed the connection, so the bound below measured buffering, not reading.
    const HUGE = 200_000_000;
    let streamed: Promise<Streamed> | undefined;
    const url = server.serve('/endless.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      streamed = streamLongList(res, HUGE);
    });
    expect(await fetchInBrowser(url, null, { maxBytes: 64_000 })).toEqual({
      kind: 'failed',
      reason: 'the file is larger than the 64 KB a playbook may be',
    });
    const sent = await streamed;
    expect(sent?.finished).toBe(false);
    expect(sent?.written).toBeLessThan(HUGE / 2);
  });
});
