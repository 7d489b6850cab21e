/**
 * Shared pieces of `npm run bench`: statistics, A/B browser launches (with and without the extension, same
 * flags otherwise), CDP helpers and the result shape every benchmark returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromePath, launchExtension, serveSalesforce, type Ext } from '../e2e/harness';

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

/** A browser without the extension, otherwise launched like the one with it: the "B" of an A/B. */
export async function launchPlain(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stagecoach-bench-plain-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromePath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
  plain: BrowserContext;
  close(): Promise<void>;
}

/** Both browsers, serving the same CRM fixtures. `extraScripts` are added to every mock Lightning page. */
export async function launchAB(options: { extraScripts?: string[] } = {}): Promise<AB> {
  const ext = await launchExtension({ serve: false });
  const plain = await launchPlain();
  await shimNames(ext.context);
  await shimNames(plain.context);
  await serveSalesforce(ext.context, options);
  await serveSalesforce(plain.context, options);
  return {
    ext,
    plain: plain.context,
    async close() {
      await ext.close();
      await plain.close();
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
