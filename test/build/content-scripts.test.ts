/**
 * The built manifest's content scripts and web-accessible resources, generated from the CRM registry by
 * vite.config.ts: injected only on the pages the adapters know, and exposing only what the content script loads,
 * only to that CRM's hosts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../e2e/harness';
import { DETECTOR_FILE, dealPageFile } from '../../src/content/files';
import { CRMS } from '../../src/crm/registry';

const built = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as {
  content_scripts: { matches: string[]; js: string[]; run_at?: string; all_frames?: boolean }[];
  web_accessible_resources: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
};

describe('the built manifest', () => {
  it('injects the detector alone, as a classic script, on every CRM page the registry knows, top frame only, https only', () => {
    expect(built.content_scripts).toHaveLength(1);
    const [script] = built.content_scripts;
    expect(script?.js).toEqual([DETECTOR_FILE]);
    expect(script?.run_at).toBe('document_start');
    expect(script?.all_frames).toBe(false);
    expect([...(script?.matches ?? [])].sort()).toEqual(CRMS.flatMap((crm) => crm.matches).sort());
    expect(script?.matches.every((m) => m.startsWith('https://'))).toBe(true);
    expect(readFileSync(path.join(DIST, DETECTOR_FILE), 'utf8')).not.toMatch(/^\s*(?:import|export)\b/m);
  });

  it('exposes to each CRM only its own deal-page module, only on its hosts, at a per-session URL', () => {
    expect(built.web_accessible_resources).toEqual(
      CRMS.map((crm) => ({
        resources: [dealPageFile(crm.id)],
        matches: [...new Set(crm.matches.map((m) => `${new URL(m.replace('*.', 'x.')).origin.replace('x.', '*.')}/*`))],
        use_dynamic_url: true,
      })),
    );
  });
});
