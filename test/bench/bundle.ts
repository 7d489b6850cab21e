/**
 * What each entry of the built extension costs, gzipped, following its import graph in dist/: the code injected on
 * every matching CRM page before a deal is recognised, each CRM's overlay module loaded on its deal pages (one per
 * CRM of the registry), the worker, the pages. Used by the bundle-size budget test (every `npm test`) and by
 * `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { dealPageFile } from '../../src/content/files';
import { CRMS } from '../../src/crm/registry';

export interface EntryCost {
  /** Files in the entry's graph, relative to dist/. */
  files: string[];
  /** Sum of each file gzipped at level 9, as a store or CDN would serve it. */
  gzipBytes: number;
  rawBytes: number;
}

const STATIC_IMPORT = /\b(?:from|import)\s*["'`]([^"'`]+\.js)["'`]/g;

function read(dist: string, file: string): string {
  return readFileSync(path.join(dist, file), 'utf8');
}

/** Specifiers a built file imports statically. */
function imports(source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((match) => match[1] as string);
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
    for (const spec of imports(read(dist, file))) visit(resolve(file, spec));
  };
  visit(entry);
  return [...seen];
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

export interface EntryCosts {
  /** The content script on every matching CRM page. */
  detector: EntryCost;
  /** Per CRM id of the registry: the module its deal pages load. */
  overlays: Record<string, EntryCost>;
  worker: EntryCost;
  popup: EntryCost;
  options: EntryCost;
}

/** Gzipped cost of every entry of the built extension. */
export function entryCosts(dist: string): EntryCosts {
  if (!existsSync(path.join(dist, 'manifest.json'))) throw new Error(`No built extension in ${dist}: run npm run build.`);
  const manifest = JSON.parse(read(dist, 'manifest.json')) as BuiltManifest;
  const detector = manifest.content_scripts.flatMap((c) => c.js.flatMap((js) => staticGraph(dist, js)));
  const overlays = Object.fromEntries(
    CRMS.map((crm) => {
      const file = dealPageFile(crm.id);
      if (!existsSync(path.join(dist, file))) throw new Error(`The build has no deal-page module for ${crm.id} (${file}).`);
      return [crm.id, cost(dist, staticGraph(dist, file))];
    }),
  );
  const page = (html: string) => [...new Set(pageScripts(dist, html).flatMap((js) => staticGraph(dist, js)))];
  return {
    detector: cost(dist, detector),
    overlays,
    worker: cost(dist, staticGraph(dist, manifest.background.service_worker)),
    popup: cost(dist, page(manifest.action.default_popup)),
    options: cost(dist, page(manifest.options_ui.page)),
  };
}
