/**
 * What each entry of the built extension costs, gzipped, following its import graph in dist/: the code injected on
 * every matching CRM page before a deal is recognised, the overlay loaded on deal pages, the worker, the pages.
 * Used by the bundle-size budget test (every `npm test`) and by `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntryCost {
  /** Files in the entry's graph, relative to dist/. */
  files: string[];
  /** Sum of each file gzipped at level 9, as a store or CDN would serve it. */
  gzipBytes: number;
  rawBytes: number;
}

const STATIC_IMPORT = /\b(?:from|import)\s*["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
const EXTENSION_URL = /getURL\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

function read(dist: string, file: string): string {
  return readFileSync(path.join(dist, file), 'utf8');
}

/** Specifiers a built file imports, statically or with import(). */
function imports(source: string, dynamic: boolean): string[] {
  return [...source.matchAll(dynamic ? DYNAMIC_IMPORT : STATIC_IMPORT)].map((match) => match[1] as string);
}

function resolve(from: string, specifier: string): string {
  return specifier.startsWith('.') ? path.posix.join(path.posix.dirname(from), specifier) : specifier.replace(/^\//, '');
}

/** The files `entry` loads before any of its code runs: itself and its static imports, recursively. */
export function staticGraph(dist: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = read(dist, file);
    for (const spec of imports(source, false)) visit(resolve(file, spec));
    // crxjs loaders import the real content script through chrome.runtime.getURL.
    for (const match of source.matchAll(EXTENSION_URL)) visit(match[1] as string);
  };
  visit(entry);
  return [...seen];
}

/** Chunks a graph loads later with `import()`. */
export function dynamicImports(dist: string, files: string[]): string[] {
  return [...new Set(files.flatMap((file) => imports(read(dist, file), true).map((spec) => resolve(file, spec))))];
}

export function cost(dist: string, files: string[]): EntryCost {
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of files) {
    const body = readFileSync(path.join(dist, file));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}

interface BuiltManifest {
  background: { service_worker: string };
  content_scripts: { js: string[] }[];
  action: { default_popup: string };
  options_ui: { page: string };
}

function pageScripts(dist: string, html: string): string[] {
  const source = read(dist, html);
  return [...source.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => resolve(html, m[1] as string));
}

/** Gzipped cost of every entry of the built extension. */
export function entryCosts(dist: string): Record<'detector' | 'overlay' | 'worker' | 'popup' | 'options', EntryCost> {
  if (!existsSync(path.join(dist, 'manifest.json'))) throw new Error(`No built extension in ${dist}: run npm run build.`);
  const manifest = JSON.parse(read(dist, 'manifest.json')) as BuiltManifest;
  const detector = manifest.content_scripts.flatMap((c) => c.js.flatMap((js) => staticGraph(dist, js)));
  const detectorSet = new Set(detector);
  // The overlay: everything the detector loads with import() on a deal page, minus what was already loaded.
  const lazy = dynamicImports(dist, detector).flatMap((file) => staticGraph(dist, file));
  const overlay = [...new Set(lazy)].filter((file) => !detectorSet.has(file));
  const page = (html: string) => [...new Set(pageScripts(dist, html).flatMap((js) => staticGraph(dist, js)))];
  return {
    detector: cost(dist, detector),
    overlay: cost(dist, overlay),
    worker: cost(dist, staticGraph(dist, manifest.background.service_worker)),
    popup: cost(dist, page(manifest.action.default_popup)),
    options: cost(dist, page(manifest.options_ui.page)),
  };
}
