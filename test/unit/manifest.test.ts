import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS } from '../../src/background/policy';
import { EXTENSION_ID } from '../extension-id';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  manifest_version: number;
  permissions: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy: { extension_pages: string };
  externally_connectable?: { ids?: string[]; matches?: string[]; accepts_tls_channel_id?: boolean };
  key?: string;
  storage?: { managed_schema?: string };
};

/** Chrome's policy schema dialect, as far as public/managed_schema.json uses it. */
interface ManagedSchema {
  type: string;
  properties: Record<string, { type: string; title?: string; description?: string }>;
}

/**
 * The id Chromium derives from a manifest key: the SHA-256 of the public key's DER bytes, its first 32 hex digits
 * spelled with the letters a-p instead of 0-f.
 */
function extensionIdOf(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + Number.parseInt(digit, 16))).join('');
}

describe('the manifest', () => {
  it('is Manifest V3 with the least permissions: storage, scripting for configured sites, alarms for the team URL, no host permissions', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage', 'scripting', 'alarms']);
    expect(manifest.host_permissions).toBeUndefined();
    // A configured site's host, or the team URL's, is asked for when an admin adds it, never at install; plain http
    // only for a team URL on this computer (a playbook served locally while it is written).
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    // CRM sync reads the Salesforce session cookie of an org the rep switched sync on for, asked in that click.
    expect(manifest.optional_permissions).toEqual(['cookies']);
  });

  it('leaves content scripts to the build, which writes them from the CRM registry (test/build/content-scripts.test.ts)', () => {
    expect(manifest).not.toHaveProperty('content_scripts');
  });

  it('lets no other extension and no web page connect to the extension', () => {
    // Left out, the key would let every other extension message the worker.
    expect(manifest.externally_connectable).toEqual({ ids: [], matches: [] });
  });

  it('allows only the extension’s own scripts on its pages, no plugins, no <base>, no form posts and no framing', () => {
    const directives = new Map(
      manifest.content_security_policy.extension_pages.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values];
      }),
    );
    // Scripts only from the package: no inline script, no eval, no remote host.
    expect(directives.get('script-src')).toEqual(["'self'"]);
    // The pages use no <object> or <embed>.
    expect(directives.get('object-src')).toEqual(["'none'"]);
    // An injected <base href> cannot send the pages' relative script and asset URLs elsewhere.
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // The options page's forms are handled in script (submit is prevented): a form can never post the team URL or a
    // site's selectors to an address, even if its handler failed.
    expect(directives.get('form-action')).toEqual(["'none'"]);
    // No web page may frame the popup or the options page to trick a click (the options page opens in its own tab).
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // connect-src stays open on purpose: the worker fetches the team URL and the CRM APIs the admin and rep chose.
    expect([...directives.keys()].sort()).toEqual(['base-uri', 'form-action', 'frame-ancestors', 'object-src', 'script-src']);
  });

  it('pins the extension id with a public key, so policy files can name the extension: the id the docs give', () => {
    expect(manifest.key).toBeDefined();
    const key = manifest.key ?? '';
    // Only the public half belongs in the manifest: a private key here would let anyone sign a package as Stagecoach.
    const publicKey = createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyType).toBe('rsa');
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(extensionIdOf(key)).toBe(EXTENSION_ID);
    expect(readFileSync(new URL('../../docs/admin.md', import.meta.url), 'utf8')).toContain(EXTENSION_ID);
  });

  it('declares the policies an admin can set: exactly the ones the worker reads, each typed, titled and described', () => {
    expect(manifest.storage).toEqual({ managed_schema: 'managed_schema.json' });
    // Vite copies public/ to the root of dist/, where the manifest's path points.
    const file = new URL('../../public/managed_schema.json', import.meta.url);
    expect(existsSync(file)).toBe(true);
    const schema = JSON.parse(readFileSync(file, 'utf8')) as ManagedSchema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual([...POLICY_KEYS].sort());
    expect(Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, property.type]))).toEqual({
      teamPlaybookUrl: 'string',
      playbook: 'string',
      lockPlaybook: 'boolean',
      refreshIntervalMinutes: 'integer',
    });
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(property.title, key).toMatch(/\S/);
      expect(property.description, key).toMatch(/\S/);
    }
  });
});
