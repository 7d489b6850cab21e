/**
 * Shared pieces of `npm run bench`: statistics, A/B browser launches (with and without the extension, same
 * flags otherwise), CDP helpers and the result shape every benchmark returns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CRMS } from '../../src/crm/registry';
import { DIST, chromePath, crmFixtures, fixtureResponse, launchExtension, type Ext } from '../e2e/harness';
import { emptyContentScriptExtension } from './floor';

export interface BenchResult {
  /** Stable id, used in the JSON file. */
  id: string;
  /** What is measured, in words. */
  what: string;
  /** The target, in words, e.g. "<= 6 KB". */
  target: string;
  /** The figure, in words, e.g. "1.9 KB". */
  figure: string;
  pass: boolean;
  /** Raw samples and numbers behind the figure. */
  raw: Record<string, unknown>;
  note?: string;
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function p95(values: number[]): number {
  return quantile(values, 0.95);
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export const ms = (n: number): string => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

/** Scripts of a CRM's fixture folder added to its app pages, by CRM id (e.g. Salesforce's `heavy.js`). */
export type ExtraScripts = Readonly<Partial<Record<string, string[]>>>;

/** The host part of a CRM's match pattern (`*.hubspot.com`), as a host-resolver rule takes it. */
function matchHost(pattern: string): string {
  const host = /^[^:]+:\/\/([^/]+)\//.exec(pattern)?.[1];
  if (!host) throw new Error(`No host in the match pattern ${pattern}`);
  return host;
}

/**
 * Every registered CRM's mock app over real HTTPS on 127.0.0.1, for benchmarks, each answering on the hosts its
 * content-script matches reach. Playwright's request routing would also intercept every chrome-extension:// module
 * the content script loads and add a round trip through Node to each, so page timings would measure the test
 * harness instead of the extension.
 */
export async function startFixtureServer(options: { extraScripts?: ExtraScripts } = {}): Promise<{ hostRules: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecoach-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stagecoach-bench', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
  const server: Server = createServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (request, response) => {
    const url = new URL(request.url ?? '/', `https://${request.headers.host ?? 'unknown.invalid'}`);
    const crm = CRMS.find((entry) => crmFixtures(entry.id).patterns.some((pattern) => pattern.coversOrigin(url)));
    const { status, body, contentType } = crm
      ? fixtureResponse(url.pathname, { crm: crm.id, extraScripts: options.extraScripts?.[crm.id] ?? [] })
      : { status: 404, body: `no CRM answers on ${url.host}`, contentType: 'text/plain' };
    response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hosts = [...new Set(CRMS.flatMap((crm) => crm.matches.map(matchHost)))];
  return {
    hostRules: hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser without Stagecoach, otherwise launched like the one with it: with no extension at all, or with
 * `extension` (a folder) as its only one, e.g. the platform's floor.
 */
export async function launchPlain(hostRules: string[] = [], extension?: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecoach-bench-plain-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromePath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    ignoreHTTPSErrors: true,
    args: [
      ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : []),
      `--host-resolver-rules=${[...hostRules, 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(', ')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AB {
  ext: Ext;
  /** The platform's floor, when asked for: a browser whose only extension has an empty content script on Stagecoach's matches. */
  floor: BrowserContext | null;
  /** No extension at all. */
  plain: BrowserContext;
  close(): Promise<void>;
}

/**
 * The browsers, on the same local HTTPS server of CRM fixtures: with Stagecoach, without, and with `floor` the
 * platform's floor. `extraScripts` are added to every page of their CRM.
 */
export async function launchAB(options: { extraScripts?: ExtraScripts; floor?: boolean } = {}): Promise<AB> {
  const server = await startFixtureServer(options);
  const ext = await launchExtension({ serve: false, hostRules: server.hostRules, ignoreHTTPSErrors: true });
  const empty = options.floor ? emptyContentScriptExtension(DIST) : null;
  const floor = empty ? await launchPlain(server.hostRules, empty.dir) : null;
  const plain = await launchPlain(server.hostRules);
  for (const context of [ext.context, floor?.context, plain.context]) if (context) await shimNames(context);
  return {
    ext,
    floor: floor?.context ?? null,
    plain: plain.context,
    async close() {
      await ext.close();
      await floor?.close();
      await plain.close();
      empty?.remove();
      await server.close();
    },
  };
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; functions handed to
 * page.evaluate or addInitScript then call a `__name` that pages and workers do not have. Give them one.
 */
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export async function shimNames(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NAME_SHIM });
}

/** A new tab in front: background tabs get throttled timers and no animation frames, which would skew figures. */
export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.bringToFront();
  return page;
}

export async function cdp(page: Page): Promise<CDPSession> {
  return page.context().newCDPSession(page);
}

/** CDP Performance metrics by name (ScriptDuration and TaskDuration in seconds, JSHeapUsedSize in bytes...). */
export async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));
