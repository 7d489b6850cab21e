/**
 * The convention that makes a CRM one folder plus one registry line, checked rather than remembered: every folder
 * under src/crm/ is registered under its own name and has the four files an adapter is made of, and the registry
 * names no CRM without a folder.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMatchPattern } from '../../../src/crm/match-pattern';
import { CRMS, contentScriptMatches } from '../../../src/crm/registry';
import { crmFixtures } from '../../e2e/harness';

const CRM_DIR = join(process.cwd(), 'src/crm');
/** What every CRM folder holds: URL detection, every selector, the reader, and the adapter object. */
const ADAPTER_FILES = ['detect.ts', 'selectors.ts', 'read.ts', 'index.ts'];

const folders = readdirSync(CRM_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('one folder per CRM', () => {
  it('finds the CRM folders', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it('registers every folder under src/crm/ once, by its folder name, and nothing else', () => {
    const ids = CRMS.map((crm) => crm.id);
    expect(new Set(ids).size, `duplicate registry ids: ${ids.join(', ')}`).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders);
  });

  it.each(folders)('%s has detect.ts, selectors.ts, read.ts and index.ts', (folder) => {
    expect(ADAPTER_FILES.filter((file) => !existsSync(join(CRM_DIR, folder, file)))).toEqual([]);
  });

  it.each(folders)('%s exports its detector and an adapter that agrees with it', async (folder) => {
    const detect = (await import(`../../../src/crm/${folder}/detect.ts`)) as Record<string, unknown>;
    expect(detect.detector, `src/crm/${folder}/detect.ts exports no detector`).toBeDefined();
    expect(detect.SAMPLE_URLS, `src/crm/${folder}/detect.ts exports no SAMPLE_URLS`).toBeDefined();
    const entry = CRMS.find((crm) => crm.id === folder);
    if (!entry) throw new Error(`src/crm/${folder} is not in src/crm/registry.ts`);
    const adapter = await entry.load();
    expect({ id: adapter.id, label: adapter.label }).toEqual({ id: entry.id, label: entry.label });
  });

  it.each(folders)('%s has a mock app for the browser tests in its test/fixtures folder', (folder) => {
    const config = join(process.cwd(), 'test/fixtures', folder, 'serve.json');
    expect(existsSync(config), `${config} is missing`).toBe(true);
    const { app } = JSON.parse(readFileSync(config, 'utf8')) as { app?: unknown };
    expect(typeof app === 'string' && existsSync(join(process.cwd(), 'test/fixtures', folder, app)), `serve.json names no HTML file: ${String(app)}`).toBe(true);
  });

  it.each(folders)('%s names demo deal pages for npm start that its detector recognises', (folder) => {
    const { demo } = crmFixtures(folder);
    const entry = CRMS.find((crm) => crm.id === folder);
    expect(demo.length, `test/fixtures/${folder}/serve.json has no "demo" deal URLs`).toBeGreaterThan(0);
    for (const url of demo) expect(entry?.dealKey(new URL(url)), `${url} is not a ${folder} deal page`).not.toBeNull();
  });

  it.each(folders)('%s has its reader tested against its fixtures (test/unit/crm/<crm>/read.test.ts)', (folder) => {
    expect(existsSync(join(process.cwd(), 'test/unit/crm', folder, 'read.test.ts'))).toBe(true);
  });

  it('gives the manifest every CRM’s matches, once each, all valid match patterns', () => {
    const matches = contentScriptMatches();
    expect(new Set(matches).size).toBe(matches.length);
    for (const crm of CRMS) expect(matches).toEqual(expect.arrayContaining([...crm.matches]));
    expect(matches.every((m) => CRMS.some((crm) => crm.matches.includes(m)))).toBe(true);
    for (const m of matches) expect(() => parseMatchPattern(m)).not.toThrow();
  });

  it('gives every CRM a label people say', () => {
    expect(CRMS.filter((crm) => crm.label.trim() === '' || crm.label !== crm.label.trim()).map((crm) => crm.id)).toEqual([]);
  });
});
