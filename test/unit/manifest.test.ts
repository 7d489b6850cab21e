import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  manifest_version: number;
  permissions: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy: { extension_pages: string };
  externally_connectable?: { ids?: string[]; matches?: string[]; accepts_tls_channel_id?: boolean };
};

describe('the manifest', () => {
  it('is Manifest V3 with the least permissions: storage, scripting for configured sites, alarms for the team URL, no host permissions', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage', 'scripting', 'alarms']);
    expect(manifest.host_permissions).toBeUndefined();
    // A configured site's host, or the team URL's, is asked for when an admin adds it, never at install; plain http
    // only for a team URL on this computer (a playbook served locally while it is written).
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
  });

  it('leaves content scripts to the build, which writes them from the CRM registry (test/build/content-scripts.test.ts)', () => {
    expect(manifest).not.toHaveProperty('content_scripts');
  });

  it('lets no other extension and no web page connect to the extension', () => {
    // Left out, the key would let every other extension message the worker.
    expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
  });

  it('allows only the extension’s own scripts on its pages', () => {
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'self'");
  });
});
