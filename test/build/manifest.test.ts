/**
 * The built manifest exposes as little as it can: the web-accessible resources are only what the content scripts load
 * (a CRM page can fetch them, and any site they were exposed to could fingerprint the extension by them), only on the
 * CRM hosts the content scripts run on, and nothing outside the extension can connect to it. Computed from dist/, so it
 * holds however the content scripts are bundled.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicImports, staticGraph } from '../bench/bundle';
import { DIST } from '../e2e/harness';

interface BuiltManifest {
  content_scripts: { js?: string[]; matches: string[] }[];
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[] }[];
  externally_connectable?: { ids?: string[]; matches?: string[] };
}

const manifest = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as BuiltManifest;
const exposed = manifest.web_accessible_resources ?? [];

/** Every file a content script can load: its entries, their static imports, and every import() chain from there. */
function contentScriptFiles(): Set<string> {
  const seen = new Set<string>();
  let frontier = manifest.content_scripts.flatMap((c) => c.js ?? []);
  while (frontier.length > 0) {
    const graph = frontier.flatMap((file) => staticGraph(DIST, file)).filter((file) => !seen.has(file));
    for (const file of graph) seen.add(file);
    frontier = dynamicImports(DIST, graph).filter((file) => !seen.has(file));
  }
  return seen;
}

/** `https://*.lightning.force.com/lightning/*` -> scheme, host and path parts. */
function parsePattern(pattern: string): { scheme: string; host: string; path: string } {
  const match = /^([a-z*]+):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!match) throw new Error(`${pattern} is no match pattern`);
  return { scheme: match[1]!, host: match[2]!, path: match[3]! };
}

describe('the built manifest', () => {
  const loaded = contentScriptFiles();
  const entries = new Set(manifest.content_scripts.flatMap((c) => c.js ?? []));

  it('finds what the content scripts load', () => {
    expect(entries.size).toBeGreaterThan(0);
    expect([...loaded].every((file) => file.endsWith('.js'))).toBe(true);
  });

  it('exposes to web pages only files the content scripts load, and every module they import', () => {
    const resources = exposed.flatMap((entry) => entry.resources);
    expect(resources.filter((file) => !loaded.has(file)), 'exposed but not loaded by a content script').toEqual([]);
    const imported = [...loaded].filter((file) => !entries.has(file));
    expect(imported.filter((file) => !resources.includes(file)), 'imported by a content script but not exposed').toEqual([]);
  });

  it('exposes them only on the https CRM hosts the content scripts run on, and to no other extension', () => {
    const contentHosts = new Set(manifest.content_scripts.flatMap((c) => c.matches.map((m) => parsePattern(m).host)));
    for (const entry of exposed) {
      expect(entry.extension_ids ?? []).toEqual([]);
      expect(entry.matches?.length ?? 0).toBeGreaterThan(0);
      for (const pattern of entry.matches ?? []) {
        expect(pattern).not.toBe('<all_urls>');
        const { scheme, host } = parsePattern(pattern);
        expect(scheme, pattern).toBe('https');
        expect(host, pattern).not.toMatch(/^\*?$/);
        expect(contentHosts.has(host), `${pattern} is not a host the content scripts run on`).toBe(true);
      }
    }
  });

  it('lets no other extension and no web page connect', () => {
    expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
  });
});
