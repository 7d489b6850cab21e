import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SALESFORCE_MATCHES } from '../../src/crm/salesforce/detect';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  manifest_version: number;
  permissions: string[];
  host_permissions?: string[];
  content_scripts: { matches: string[]; all_frames?: boolean }[];
  content_security_policy: { extension_pages: string };
  externally_connectable?: { ids?: string[]; matches?: string[]; accepts_tls_channel_id?: boolean };
};

describe('the manifest', () => {
  it('is Manifest V3 with the least permissions: storage only, no host permissions', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.host_permissions).toBeUndefined();
  });

  it('injects the content script only on the CRM pages the adapters know, top frame only, https only', () => {
    const matches = manifest.content_scripts.flatMap((c) => c.matches);
    expect(matches.sort()).toEqual([...SALESFORCE_MATCHES].sort());
    expect(matches.every((m) => m.startsWith('https://'))).toBe(true);
    expect(manifest.content_scripts.every((c) => !c.all_frames)).toBe(true);
  });

  it('lets no other extension and no web page connect to the extension', () => {
    // Left out, the key would let every other extension message the worker.
    expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
  });

  it('allows only the extension’s own scripts on its pages', () => {
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'self'");
  });
});
