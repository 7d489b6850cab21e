/**
 * The options page in the built extension, as an admin meets it: the active playbook read-only, importing the
 * team's playbook from a file or pasted text, a rejected file that changes nothing, export and reset.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';

const BUILTIN_NAME = 'Stagecoach B2B playbook';
const BUILTIN_STAGES = [
  'Discovery',
  'Qualification',
  'Solution Validation',
  'Proposal',
  'Negotiation',
  'Awaiting Signature',
  'Closed Won',
  'Closed Lost',
];

const ACME = {
  format: 'stagecoach.playbook/v1',
  name: 'Acme Sales Playbook',
  revision: '7',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Qualification', 'Needs Analysis'],
      probability: 20,
      forecastCategory: 'pipeline',
      staleAfterDays: 14,
      criteria: [
        { id: 'pain', label: 'Pain confirmed in the buyer’s words' },
        { id: 'amount', label: 'Amount entered', rule: { field: 'amount', op: 'present' } },
      ],
    },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
  ],
};

/** Three mistakes at once: the admin must see every one, not only the first. */
const BROKEN = {
  format: 'stagecoach.playbook/v1',
  name: 'Broken Playbook',
  stages: [
    { id: 'Bad Id', name: 'Qualify', probability: 140, forecastCategory: 'pipeline' },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'sure-thing', outcome: 'won' },
  ],
};

let ext: Ext;
let page: Page;
beforeEach(async () => {
  ext = await launchExtension();
  page = await ext.openOptions();
  await activePlaybook().waitFor();
});
afterEach(async () => {
  // Optional chaining: when launching failed (e.g. no build), report that error, not a second one here.
  await ext?.close();
});

const activePlaybook = () => page.getByRole('region', { name: 'Active playbook', exact: true });
const importRegion = () => page.getByRole('region', { name: 'Import', exact: true });
const stageHeadings = async (): Promise<string[]> =>
  activePlaybook().getByRole('heading', { level: 3 }).allInnerTexts();
const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

async function statusText(region: ReturnType<Page['getByRole']>): Promise<string> {
  return squash(await region.getByRole('status').textContent());
}

async function importFile(name: string, content: string): Promise<void> {
  await page.getByLabel('Import playbook', { exact: true }).setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(content),
  });
}

describe('the options page', () => {
  it('shows the built-in playbook, every stage with its criteria in words', async () => {
    expect(await page.title()).toBe('Stagecoach playbook');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Stagecoach playbook');
    const active = squash(await activePlaybook().innerText());
    expect(active).toContain(BUILTIN_NAME);
    expect(active).toContain('Built-in default');
    expect(await stageHeadings()).toEqual(BUILTIN_STAGES);
    expect(active).toContain('Auto: Close date is after today');
    expect(await page.getByRole('button', { name: 'Reset to built-in playbook' }).count()).toBe(0);
    expect(squash(await page.getByRole('contentinfo').innerText())).toBe(
      'Everything stays in this browser: Stagecoach has no server and sends no data anywhere.',
    );
  });

  it('imports a playbook file as soon as it is chosen, and shows it', async () => {
    await importFile('acme.json', JSON.stringify(ACME, null, 2));
    await expect
      .poll(() => statusText(importRegion()), { timeout: 10_000 })
      .toBe('Imported “Acme Sales Playbook” (2 stages). Reps see it on their next deal page.');
    expect(await stageHeadings()).toEqual(['Qualify', 'Closed Won']);
    const active = squash(await activePlaybook().innerText());
    expect(active).toMatch(/Imported from acme\.json on (\w{3} \d{1,2}, |\d{1,2} \w{3} )\d{4}/);
    expect(active).toContain('Auto: Amount is present');

    // It is the active playbook now, not just what this page shows.
    await page.reload();
    await expect.poll(() => stageHeadings(), { timeout: 10_000 }).toEqual(['Qualify', 'Closed Won']);
  });

  it('imports pasted text and clears the box', async () => {
    const box = page.getByLabel('Paste playbook', { exact: true });
    await box.fill(JSON.stringify(ACME));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => statusText(importRegion()), { timeout: 10_000 }).toContain('Imported “Acme Sales Playbook” (2 stages)');
    expect(await box.inputValue()).toBe('');
    expect(squash(await activePlaybook().innerText())).toMatch(/Imported from pasted text on (\w{3} \d{1,2}, |\d{1,2} \w{3} )\d{4}/);
  });

  it('rejects an invalid playbook, lists every problem, and keeps the active one', async () => {
    const text = JSON.stringify(BROKEN, null, 2);
    const box = page.getByLabel('Paste playbook', { exact: true });
    await box.fill(text);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const said = squash(await alert.innerText());
    expect(said).toContain('The pasted playbook was not imported.');
    expect(said).toContain(`The active playbook “${BUILTIN_NAME}” is unchanged.`);
    const problems = (await alert.getByRole('listitem').allInnerTexts()).map(squash);
    expect(problems.some((p) => p.startsWith('stages[0].id:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('stages[0].probability:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('stages[1].forecastCategory:'))).toBe(true);

    expect(await box.inputValue()).toBe(text);
    expect(await statusText(importRegion())).toBe('');
    expect(await stageHeadings()).toEqual(BUILTIN_STAGES);
    await page.reload();
    await activePlaybook().waitFor();
    expect(squash(await activePlaybook().innerText())).toContain('Built-in default');

    // A file that is not JSON at all says so too.
    await importFile('notes.json', 'stages: discovery, proposal');
    await page.getByRole('alert').waitFor();
    const notJson = squash(await page.getByRole('alert').innerText());
    expect(notJson).toContain('“notes.json” was not imported.');
    expect(notJson).toContain('(file): This is not valid JSON');
  });

  it('exports the active playbook as a JSON file named after it', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export playbook' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('stagecoach-b2b-playbook.json');
    const saved = JSON.parse(await readFile(await file.path(), 'utf8')) as { name: string; stages: unknown[] };
    expect(saved.name).toBe(BUILTIN_NAME);
    expect(saved.stages).toHaveLength(BUILTIN_STAGES.length);
  });

  it('resets to the built-in playbook after a confirmation that can be cancelled', async () => {
    await importFile('acme.json', JSON.stringify(ACME));
    await expect.poll(() => stageHeadings(), { timeout: 10_000 }).toEqual(['Qualify', 'Closed Won']);

    const reset = page.getByRole('region', { name: 'Reset', exact: true });
    await reset.getByRole('button', { name: 'Reset to built-in playbook' }).click();
    const question = reset.getByRole('group');
    expect(squash(await question.innerText())).toContain(
      'Replace “Acme Sales Playbook” with the built-in playbook? Ticks on deals are kept.',
    );
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    // What the page shows could lag behind the worker: reload and ask it, so a reset sent on Cancel would show.
    await page.reload();
    await expect.poll(() => stageHeadings(), { timeout: 10_000 }).toEqual(['Qualify', 'Closed Won']);

    await reset.getByRole('button', { name: 'Reset to built-in playbook' }).click();
    await reset.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => statusText(reset), { timeout: 10_000 }).toContain(`Back to the built-in playbook “${BUILTIN_NAME}”`);
    expect(await stageHeadings()).toEqual(BUILTIN_STAGES);
    expect(squash(await activePlaybook().innerText())).toContain('Built-in default');
  });
});
