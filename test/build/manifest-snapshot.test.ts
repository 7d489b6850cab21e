/**
 * What the built extension may do and who may reach it, held to a reviewed snapshot: every permission and host it
 * asks for (at install or at runtime), where its content script runs, which files web pages can load, who may
 * connect, and the pages' CSP. A new permission, host or web-accessible resource is a new power over the rep's
 * browser or a new way for a page to reach or fingerprint the extension, so it fails here until someone reviews it
 * and records it in test/build/manifest-snapshot.json in the same change. Something dropped fails too, so the
 * snapshot stays the exact surface.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../e2e/harness';

const SNAPSHOT_FILE = 'test/build/manifest-snapshot.json';

interface Snapshot {
  review: string;
  surface: string[];
}

type Manifest = Record<string, unknown>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [JSON.stringify(value)]);

/**
 * The manifest's privileges as one line each, so a difference reads as the lines added or removed:
 * `permissions: storage`, `web_accessible_resources: content/zoho.js on https://crm.zoho.eu/* (dynamic URL)`.
 */
function surfaceOf(manifest: Manifest): string[] {
  const lines: string[] = [];
  // A new top-level key (sandbox, devtools_page, oauth2, declarative_net_request...) may bring powers of its own.
  for (const key of Object.keys(manifest)) lines.push(`manifest key: ${key}`);
  for (const key of ['permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions']) {
    for (const item of strings(manifest[key])) lines.push(`${key}: ${item}`);
  }
  for (const script of (manifest.content_scripts ?? []) as Record<string, unknown>[]) {
    const how = Object.entries(script)
      .filter(([key]) => !['matches', 'js', 'css'].includes(key))
      .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
      .join(', ');
    const files = [...strings(script.js), ...strings(script.css)].join(' + ');
    for (const match of strings(script.matches)) lines.push(`content_scripts: ${files} on ${match} (${how})`);
    for (const excluded of strings(script.exclude_matches)) lines.push(`content_scripts: ${files} not on ${excluded}`);
  }
  for (const entry of (manifest.web_accessible_resources ?? []) as Record<string, unknown>[]) {
    const dynamic = entry.use_dynamic_url === true ? 'dynamic URL' : 'STATIC URL';
    for (const resource of strings(entry.resources)) {
      for (const match of strings(entry.matches)) lines.push(`web_accessible_resources: ${resource} on ${match} (${dynamic})`);
      for (const id of strings(entry.extension_ids)) lines.push(`web_accessible_resources: ${resource} to extension ${id}`);
    }
  }
  const connectable = manifest.externally_connectable as Record<string, unknown> | undefined;
  if (connectable === undefined) lines.push('externally_connectable: not declared (every other extension may connect)');
  for (const [key, value] of Object.entries(connectable ?? {})) {
    const items = strings(value);
    if (items.length === 0) lines.push(`externally_connectable.${key}: none`);
    for (const item of items) lines.push(`externally_connectable.${key}: ${item}`);
  }
  const csp = (manifest.content_security_policy ?? {}) as Record<string, string>;
  for (const [page, policy] of Object.entries(csp)) {
    for (const directive of policy.split(';').map((d) => d.trim()).filter(Boolean)) lines.push(`content_security_policy.${page}: ${directive}`);
  }
  return [...new Set(lines)].sort();
}

/** Why the surface differs from the snapshot, in words that say what to do. */
function reviewMessage(built: string[], reviewed: string[]): string | null {
  const added = built.filter((line) => !reviewed.includes(line));
  const removed = reviewed.filter((line) => !built.includes(line));
  if (added.length === 0 && removed.length === 0) return null;
  const parts: string[] = [];
  if (added.length > 0) {
    parts.push(
      `The built manifest grants or exposes more than the reviewed snapshot (${SNAPSHOT_FILE}):`,
      ...added.map((line) => `  + ${line}`),
      'Review each for least privilege: is it needed at all? Can it be optional, asked for when the rep uses the feature? ' +
        'Only on the CRM hosts? At a dynamic URL? Then add the lines to the snapshot in the same change, saying why in its commit.',
    );
  }
  if (removed.length > 0) {
    parts.push(
      `The built manifest no longer has these reviewed lines (${SNAPSHOT_FILE}):`,
      ...removed.map((line) => `  - ${line}`),
      'If that is intended, remove them from the snapshot so it stays the exact surface.',
    );
  }
  return parts.join('\n');
}

const built = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as Manifest;
const snapshot = JSON.parse(readFileSync(new URL('./manifest-snapshot.json', import.meta.url), 'utf8')) as Snapshot;

describe('the built manifest’s privileges', () => {
  it('are exactly the reviewed snapshot: permissions, hosts, content-script matches, web-accessible resources, externally_connectable and CSP', () => {
    const message = reviewMessage(surfaceOf(built), snapshot.surface);
    expect(message, message ?? '').toBeNull();
  });

  it('fail on a new permission, host or web-accessible resource with a message that asks for a review', () => {
    const widened: Manifest = {
      ...built,
      permissions: [...strings(built.permissions), 'tabs'],
      optional_host_permissions: [...strings(built.optional_host_permissions), '<all_urls>'],
      web_accessible_resources: [
        ...((built.web_accessible_resources ?? []) as unknown[]),
        { resources: ['assets/index.ts.js'], matches: ['<all_urls>'] },
      ],
      sandbox: { pages: ['sandbox.html'] },
    };
    const message = reviewMessage(surfaceOf(widened), snapshot.surface) ?? '';
    expect(message).toContain('+ permissions: tabs');
    expect(message).toContain('+ optional_host_permissions: <all_urls>');
    expect(message).toContain('+ web_accessible_resources: assets/index.ts.js on <all_urls> (STATIC URL)');
    expect(message).toContain('+ manifest key: sandbox');
    expect(message).toContain('Review each for least privilege');
    const narrowed = reviewMessage(surfaceOf({ ...built, externally_connectable: undefined }), snapshot.surface) ?? '';
    expect(narrowed).toContain('+ externally_connectable: not declared (every other extension may connect)');
  });
});
