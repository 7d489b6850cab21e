/**
 * "Your data" on the options page of the built extension, as a rep meets it: the pipeline downloaded as CSV, a
 * backup downloaded, everything cleared and the backup restored (deals, ticks and playbook back), a damaged backup
 * refused with nothing changed, one deal forgotten.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleDeals, seedDeals } from '../bench/popup';
import { launchExtension, type Ext } from './harness';

const ACME = {
  format: 'stagecoach.playbook/v1',
  name: 'Acme Sales Playbook',
  stages: [
    { id: 'qualify', name: 'Qualify', match: ['Qualification', 'Prospecting', 'Needs Analysis'], probability: 20, forecastCategory: 'pipeline', criteria: [{ id: 'pain', label: 'Pain confirmed' }] },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
  ],
};
/** A deal an attacker named so that a spreadsheet would run it. */
const EVIL = '=HYPERLINK("https://evil.example","Open")';

let ext: Ext;
let page: Page;
let names: string[];

beforeEach(async () => {
  ext = await launchExtension();
  const { deals, checks } = exampleDeals(3);
  // The attacker's deal is open, so it is in both exports; the other two are as the example made them.
  const evil = deals[0]!;
  evil.snapshot.name = EVIL;
  evil.snapshot.stage = { label: 'Qualification', value: 'Qualification' };
  evil.history = [{ stage: evil.snapshot.stage, enteredAt: evil.history[0]!.enteredAt }];
  names = deals.map((d) => d.snapshot.name ?? '');
  await seedDeals(ext, deals, checks);
  page = await ext.openOptions();
  await yourData().waitFor();
});
afterEach(async () => {
  await ext?.close();
});

const yourData = () => page.getByRole('region', { name: 'Your data', exact: true });
const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
const status = async () => squash(await yourData().getByRole('status').textContent());
/** The local day as the page names files. */
const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Click a button that downloads; the file's name, text and where it was saved. */
async function download(button: string): Promise<{ name: string; text: string; path: string }> {
  const downloaded = page.waitForEvent('download');
  await yourData().getByRole('button', { name: button, exact: true }).click();
  const file = await downloaded;
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8'), path };
}

/** What the worker holds, counted in its own database. */
async function stored(): Promise<{ deals: number; checks: number; revisions: number }> {
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('stagecoach');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (name: string) =>
      new Promise<number>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const result = { deals: await count('deals'), checks: await count('checks'), revisions: await count('revisions') };
    db.close();
    return result;
  });
}

/** The open deals the "Forget a deal" search finds for `text`. */
async function found(text: string): Promise<string[]> {
  const search = yourData().getByRole('searchbox', { name: 'Find an open deal by name' });
  await search.fill('');
  await search.fill(text);
  const matches = yourData().getByRole('list', { name: 'Matching deals' });
  const none = yourData().getByText('No open deal is named like that.');
  await matches.or(none).waitFor();
  if (await none.isVisible()) return [];
  return (await matches.getByRole('button').all()).length === 0 ? [] : (await matches.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''))).map((l) => l.replace(/^Forget /, ''));
}

async function importPlaybook(): Promise<void> {
  await page.getByLabel('Import playbook', { exact: true }).setInputFiles({ name: 'acme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ACME)) });
  await page.getByRole('region', { name: 'Active playbook', exact: true }).getByText('Acme Sales Playbook').first().waitFor();
}

describe('export pipeline (CSV)', () => {
  it('downloads the open deals with a spreadsheet’s columns, the attacker’s formula defused', async () => {
    const { name, text } = await download('Open deals');
    expect(name).toBe(`stagecoach-open-deals-${today()}.csv`);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Deal,CRM,Stage (CRM),Playbook stage,Amount,Currency,Weighted,Probability %,Forecast category,Close date,Owner,Ready,Required met,Needs attention,Days in stage,Last seen,Source,Link',
    );
    const rows = lines.slice(1, -1);
    const open = Number(/^Exported (\d+) open deals? as CSV\.$/.exec(await status())?.[1]);
    expect(open).toBeGreaterThan(0);
    expect(rows).toHaveLength(open);
    // The formula arrives as text: quoted (it holds commas and quotes) and led by an apostrophe.
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"",""Open"")"`);
    for (const row of rows) expect(row).toMatch(/,Salesforce,/);
    expect(rows.join('\n')).toMatch(/,\d+(\.\d+)?,[A-Z]{3},/); // an amount as a plain number, then its currency

    // Every deal, won and lost ones too: all three.
    const all = await download('All deals, closed too');
    expect(all.name).toBe(`stagecoach-all-deals-${today()}.csv`);
    expect(all.text.slice(1).split('\r\n').slice(1, -1)).toHaveLength(3);
    expect(await status()).toBe('Exported 3 deals as CSV.');
  });
});

describe('backup and restore', () => {
  it('backs up, clears everything, and restores the deals, ticks and playbook', async () => {
    await importPlaybook();
    const before = await stored();
    expect(before.deals).toBe(3);
    expect(before.checks).toBeGreaterThan(0);

    const backup = await download('Back up everything');
    expect(backup.name).toBe(`stagecoach-backup-${today()}.json`);
    expect(await status()).toMatch(/^Backed up 3 deals, \d+ ticks?,? and 1 playbook revision\./);

    await yourData().getByRole('button', { name: 'Clear everything…' }).click();
    const question = yourData().getByRole('group', { name: /Delete every deal/ });
    const clear = question.getByRole('button', { name: 'Clear everything', exact: true });
    // One click is not enough: the rep confirms they understand first.
    expect(await clear.isDisabled()).toBe(true);
    await question.getByRole('checkbox', { name: 'Yes, delete everything listed above' }).check();
    await clear.click();
    await yourData().getByText('Everything was cleared from this browser.').waitFor();
    expect(await stored()).toEqual({ deals: 0, checks: 0, revisions: 0 });
    expect(await found(names[1]!)).toEqual([]);
    await page.getByRole('region', { name: 'Active playbook', exact: true }).getByText('Stagecoach B2B playbook').first().waitFor();

    await yourData().getByLabel('Restore from backup…').setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
    const restore = yourData().getByRole('group', { name: /Replace everything in this browser/ });
    expect(squash(await restore.textContent())).toMatch(new RegExp(`with “${backup.name}”, made on .*\\? It holds 3 deals, ${before.checks} ticks?,? and 1 playbook revision\\.`));
    await restore.getByRole('button', { name: 'Replace everything' }).click();
    await yourData().getByText(/^Restored 3 deals/).waitFor();
    expect(await status()).toContain('The playbook is now “Acme Sales Playbook”.');
    expect(await stored()).toEqual(before);
    expect(await found(names[1]!)).toEqual([names[1]]);
    await page.getByRole('region', { name: 'Active playbook', exact: true }).getByText('Acme Sales Playbook').first().waitFor();
  });

  it('refuses a damaged backup, listing its problems, and changes nothing', async () => {
    const backup = await download('Back up everything');
    const before = await stored();
    const damaged = JSON.parse(backup.text) as { deals: { snapshot: { url: string } }[] };
    damaged.deals[2]!.snapshot.url = 'http://bench.lightning.force.com/lightning/r/Opportunity/x/view';

    await yourData().getByLabel('Restore from backup…').setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(damaged)) });
    const alert = yourData().getByRole('alert');
    await alert.waitFor();
    expect(squash(await alert.textContent())).toContain('“damaged.json” was not restored. Nothing was changed.');
    expect(await alert.getByRole('list', { name: 'Problems in the backup' }).getByRole('listitem').allInnerTexts()).toEqual(['deals[2].snapshot.url: must be an https URL']);
    expect(await yourData().getByRole('button', { name: 'Replace everything' }).count()).toBe(0);

    // A file cut short in transfer is refused the same way.
    await yourData().getByLabel('Restore from backup…').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(backup.text.slice(0, 200)) });
    await yourData().getByText('“cut.json” was not restored. Nothing was changed.').waitFor();
    expect(await stored()).toEqual(before);
    expect(await found(names[1]!)).toEqual([names[1]]);
  });
});

describe('forget a deal', () => {
  it('forgets the one deal chosen, with its ticks, after asking', async () => {
    const before = await stored();
    const target = names[1]!;
    expect(await found(target)).toEqual([target]);
    await yourData().getByRole('button', { name: `Forget ${target}` }).click();
    const question = yourData().getByRole('group', { name: new RegExp(`Forget “${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”`) });
    await question.getByRole('button', { name: 'Forget deal' }).click();
    await yourData().getByText(`“${target}” was forgotten: its ticks and history are gone from this browser.`).waitFor();
    expect(await found(target)).toEqual([]);
    expect(await found(names[2]!)).toEqual([names[2]]);
    const after = await stored();
    expect(after.deals).toBe(before.deals - 1);
    expect(after.checks).toBeLessThanOrEqual(before.checks);
  });
});
