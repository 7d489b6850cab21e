/**
 * The built manifest exposes as little as it can. vite.config.ts generates its content scripts and web-accessible
 * resources from the CRM registry: the detector alone is injected, on the pages the adapters know; each CRM's
 * deal-page module is the only file exposed to web pages, only on that CRM's hosts (a page could fingerprint the
 * extension by what it exposes), and nothing outside the extension can connect to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../e2e/harness';
import { DETECTOR_FILE, dealPageFile, listPageFile } from '../../src/content/files';
import { CRMS } from '../../src/crm/registry';

interface BuiltManifest {
  content_scripts: { js?: string[]; matches: string[]; run_at?: string; all_frames?: boolean }[];
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[]; use_dynamic_url?: boolean }[];
  externally_connectable?: { ids?: string[]; matches?: string[] };
  key?: string;
  storage?: { managed_schema?: string };
  permissions?: string[];
  optional_permissions?: string[];
}

const manifest = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as BuiltManifest;
const exposed = manifest.web_accessible_resources ?? [];
const read = (file: string) => readFileSync(path.join(DIST, file), 'utf8');

/** `https://*.lightning.force.com/lightning/*` -> scheme, host and path parts. */
function parsePattern(pattern: string): { scheme: string; host: string; path: string } {
  const match = /^([a-z*]+):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!match) throw new Error(`${pattern} is no match pattern`);
  return { scheme: match[1]!, host: match[2]!, path: match[3]! };
}

describe('the built manifest', () => {
  it('asks for cookies only when a rep switches CRM sync on: an optional permission, never one granted at install', () => {
    expect(manifest.optional_permissions).toEqual(['cookies']);
    expect(manifest.permissions).not.toContain('cookies');
  });

  it('injects the detector alone, as a classic script, on every CRM page the registry knows, top frame only, https only', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    const [script] = manifest.content_scripts;
    expect(script?.js).toEqual([DETECTOR_FILE]);
    expect(script?.run_at).toBe('document_start');
    expect(script?.all_frames).toBe(false);
    expect([...(script?.matches ?? [])].sort()).toEqual(CRMS.flatMap((crm) => crm.matches).sort());
    expect(script?.matches.every((m) => m.startsWith('https://'))).toBe(true);
    // Classic: no module syntax, so no loader and nothing fetched before the URL is recognised.
    expect(read(DETECTOR_FILE)).not.toMatch(/^\s*(?:import|export)\b/m);
  });

  it('exposes to web pages only the CRMs’ deal-page and list-page modules, each self-contained (nothing else to expose)', () => {
    const resources = exposed.flatMap((entry) => entry.resources).sort();
    const modules = CRMS.flatMap((crm) => (crm.listPage ? [dealPageFile(crm.id), listPageFile(crm.id)] : [dealPageFile(crm.id)]));
    expect(resources).toEqual(modules.sort());
    for (const file of resources) {
      expect(existsSync(path.join(DIST, file)), file).toBe(true);
      expect(read(file), `${file} imports another file`).not.toMatch(/\bimport\s*\(|\bfrom\s*["'`]|^\s*import\s*["'`]/m);
    }
  });

  it('exposes each CRM’s module only on that CRM’s https hosts, at a per-session URL, to no other extension', () => {
    // use_dynamic_url works for module imports: the detector imports each module at the URL runtime.getURL gives it
    // (src/platform/content.ts extensionUrl), which for such a resource carries the session's random id instead of the
    // extension id. Seen in Chromium: the overlay's module loads from chrome-extension://<session id>/content/<crm>.js,
    // while a CRM page fetching chrome-extension://<extension id>/content/<crm>.js is refused, so a page cannot probe
    // for Stagecoach at its fixed id. Every overlay browser test (test/e2e/overlay.test.ts, crm-*.test.ts) loads the modules this way.
    for (const crm of CRMS) {
      const entry = exposed.find((e) => e.resources.includes(dealPageFile(crm.id)));
      expect(entry, crm.id).toBeDefined();
      expect(entry?.resources).toEqual(crm.listPage ? [dealPageFile(crm.id), listPageFile(crm.id)] : [dealPageFile(crm.id)]);
      expect(entry?.use_dynamic_url).toBe(true);
      expect(entry?.extension_ids ?? []).toEqual([]);
      const ownHosts = new Set(crm.matches.map((m) => parsePattern(m).host));
      expect(entry?.matches?.length ?? 0).toBeGreaterThan(0);
      for (const pattern of entry?.matches ?? []) {
        expect(pattern).not.toBe('<all_urls>');
        const { scheme, host } = parsePattern(pattern);
        expect(scheme, pattern).toBe('https');
        expect(host, pattern).not.toMatch(/^\*?$/);
        expect(ownHosts.has(host), `${pattern} is not a host ${crm.id}'s content script runs on`).toBe(true);
      }
    }
  });

  it('lets no other extension and no web page connect', () => {
    expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
  });

  it('keeps the key that pins the extension id, and ships the policy schema where the manifest points', () => {
    const source = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as BuiltManifest;
    expect(manifest.key).toBe(source.key);
    const schema = manifest.storage?.managed_schema ?? '';
    expect(existsSync(path.join(DIST, schema)), `dist/${schema}`).toBe(true);
    expect(read(schema)).toBe(readFileSync(new URL('../../public/managed_schema.json', import.meta.url), 'utf8'));
  });
});
