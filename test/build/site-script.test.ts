/**
 * Configured sites add to the built manifest only what they must: the `scripting` permission and https host access
 * that is optional (asked for one site at a time on the options page), never a host permission at install beyond the
 * CRMs' own. Their
 * script is one classic, self-contained file the worker registers at run time, and no file is opened to web pages
 * for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../e2e/harness';
import { CRMS } from '../../src/crm/registry';
import { SITE_SCRIPT_FILE } from '../../src/crm/site-keys';

interface BuiltManifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: { resources: string[] }[];
}

const manifest = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as BuiltManifest;

describe('configured sites in the built extension', () => {
  it('asks for no site at install but the CRMs’ own: host access is optional, https only but for a team URL on this computer', () => {
    // The CRMs' deal and list pages, where the detector runs (test/build/manifest.test.ts): nothing beyond them.
    expect(manifest.host_permissions).toEqual(CRMS.flatMap((crm) => crm.matches));
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'scripting', 'storage']);
  });

  it('builds the site script as one classic file that imports nothing, exposed to no web page', () => {
    const script = readFileSync(path.join(DIST, SITE_SCRIPT_FILE), 'utf8');
    expect(script).not.toMatch(/^\s*(?:import|export)\b/m);
    expect(script).not.toMatch(/\bimport\s*\(|\bfrom\s*["'`]/);
    const exposed = (manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources);
    expect(exposed).not.toContain(SITE_SCRIPT_FILE);
  });
});
