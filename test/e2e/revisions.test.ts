/**
 * A new revision of the team's playbook reaching a rep with a deal page open, in the built extension: the open
 * overlay shows the new checklist and, once, what changed, without a reload; the popup shows the same notice; "Got
 * it" anywhere dismisses it everywhere. Ticks follow criteria by id across revisions, and a stopped worker shows
 * neither a dismissed notice again nor a notice twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dealUrl, launchExtension, type Ext } from './harness';
import { criterion, panel, panelText } from './overlay-locators';

const ACME = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis
const GLOBEX = dealUrl('006Hs00001gLoBxIAK'); // Prospecting: not a stage of these playbooks

const WON = { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' };

/** Revision A: the Qualify stage (Salesforce's Needs Analysis) with three criteria, the champion optional. */
const A = {
  format: 'stagecoach.playbook/v1',
  name: 'Acme Sales Playbook',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Needs Analysis'],
      probability: 20,
      forecastCategory: 'pipeline',
      criteria: [
        { id: 'budget', label: 'Budget discussed' },
        { id: 'champion', label: 'Champion named', required: false },
        { id: 'pain', label: 'Pain confirmed' },
      ],
    },
    WON,
  ],
};

/** Revision B: a criterion of the deal's stage renamed, another made required, a stage added. */
const B_QUALIFY = {
  ...A.stages[0],
  criteria: [
    { id: 'budget', label: 'Budget confirmed' },
    { id: 'champion', label: 'Champion named', required: true },
    { id: 'pain', label: 'Pain confirmed' },
  ],
};
const SECURITY = {
  id: 'security',
  name: 'Security Review',
  match: ['Value Proposition'],
  probability: 40,
  forecastCategory: 'pipeline',
  criteria: [{ id: 'questionnaire', label: 'Security questionnaire returned' }],
};
const B = { ...A, stages: [B_QUALIFY, SECURITY, WON] };
const B_LINES = [
  'Renamed “Budget discussed” to “Budget confirmed” in Qualify',
  '“Champion named” is now required in Qualify',
  'Added stage “Security Review”',
];

/** Revision C: B without “Pain confirmed”. */
const C = { ...B, stages: [{ ...B_QUALIFY, criteria: B_QUALIFY.criteria.filter((c) => c.id !== 'pain') }, SECURITY, WON] };

let ext: Ext;
let options: Page;
beforeEach(async () => {
  ext = await launchExtension();
  options = await ext.openOptions();
});
afterEach(async () => {
  // Optional chaining: when launching failed (e.g. no build), report that error, not a second one here.
  await ext?.close();
});

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Paste a playbook into the options page and import it, as an admin does; resolves once it is active. */
async function importPlaybook(playbook: object): Promise<void> {
  await options.getByLabel('Paste playbook', { exact: true }).fill(JSON.stringify(playbook));
  await options.getByRole('button', { name: 'Import', exact: true }).click();
  const said = options.getByRole('region', { name: 'Import', exact: true }).getByRole('status');
  await expect.poll(async () => squash(await said.textContent()), { timeout: 10_000 }).toContain('Imported “Acme Sales Playbook”');
  // The next import must not mistake this one's message for its own.
  await options.reload();
}

/** The "what changed" notice as a rep finds it: a region named by its heading. */
const changes = (page: Page) => page.getByRole('region', { name: 'Playbook updated' });
const overlayChanges = (page: Page) => panel(page).getByRole('region', { name: 'Playbook updated' });
/** The popup has loaded the worker's answer: its header says where the playbook comes from. */
const popupLoaded = (popup: Page) => popup.getByText('Imported in this browser', { exact: true }).waitFor();

async function changeLines(page: Page): Promise<string[]> {
  return (await changes(page).getByRole('listitem').allInnerTexts()).map(squash);
}

async function openDeal(url: string): Promise<Page> {
  const page = await ext.openDeal(url);
  await panel(page).waitFor();
  return page;
}

/** Until the worker has saved every tick (the overlay marks criteria busy while a save is on its way). */
async function saved(page: Page): Promise<void> {
  await expect.poll(() => panel(page).locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
}

describe('a new revision of the playbook', () => {
  it('reaches the open deal page with what changed, shown once in the overlay and the popup', async () => {
    await importPlaybook(A);
    const deal = await openDeal(ACME);
    const other = await openDeal(GLOBEX);
    await criterion(deal, 'Budget discussed').waitFor();
    expect(await panelText(deal)).toContain('Champion named (optional)');
    // The change from the built-in playbook to A is news too; read, it is gone in every tab.
    await overlayChanges(deal).waitFor();
    await overlayChanges(other).waitFor();
    // From the keyboard: focus stays in the panel when the button goes.
    await overlayChanges(deal).getByRole('button', { name: 'Got it' }).press('Enter');
    await overlayChanges(deal).waitFor({ state: 'detached' });
    const collapse = panel(deal).getByRole('button', { name: 'Collapse stage checklist' });
    expect(await collapse.evaluate((button) => (button.getRootNode() as ShadowRoot).activeElement === button)).toBe(true);
    await overlayChanges(other).waitFor({ state: 'detached' });

    await importPlaybook(B);
    // No reload: the open page repaints with B's checklist and says what changed.
    await criterion(deal, 'Budget confirmed').waitFor({ timeout: 10_000 });
    expect(await criterion(deal, 'Budget discussed').count()).toBe(0);
    expect(await panelText(deal)).not.toContain('(optional)');
    await overlayChanges(deal).waitFor();
    expect(squash(await overlayChanges(deal).innerText())).toContain('“Acme Sales Playbook” changed:');
    expect(await changeLines(deal)).toEqual(B_LINES);
    // Above the checklist: the notice comes before its status line.
    const panelOrder = squash(await panel(deal).innerText());
    expect(panelOrder.indexOf('Playbook updated')).toBeGreaterThanOrEqual(0);
    expect(panelOrder.indexOf('Playbook updated')).toBeLessThan(panelOrder.indexOf('0 of 3 required met'));

    const popup = await ext.openPopup();
    await changes(popup).waitFor();
    expect(squash(await changes(popup).innerText())).toContain('“Acme Sales Playbook” changed:');
    expect(await changeLines(popup)).toEqual(B_LINES);

    // Read on the deal page: gone there, in the other tab and in the open popup, and not shown by a new popup.
    await overlayChanges(deal).getByRole('button', { name: 'Got it' }).click();
    await overlayChanges(deal).waitFor({ state: 'detached' });
    await overlayChanges(other).waitFor({ state: 'detached' });
    await changes(popup).waitFor({ state: 'detached' });
    await popup.reload();
    await popupLoaded(popup);
    expect(await changes(popup).count()).toBe(0);
    await deal.reload();
    await criterion(deal, 'Budget confirmed').waitFor();
    expect(await changes(deal).count()).toBe(0);
  });

  it('is dismissed from the popup for every deal page', async () => {
    const deal = await openDeal(ACME);
    await importPlaybook(A);
    await overlayChanges(deal).waitFor({ timeout: 10_000 });
    const popup = await ext.openPopup();
    await changes(popup).getByRole('button', { name: 'Got it' }).click();
    await changes(popup).waitFor({ state: 'detached' });
    await overlayChanges(deal).waitFor({ state: 'detached' });
    await deal.reload();
    await criterion(deal, 'Budget discussed').waitFor();
    expect(await changes(deal).count()).toBe(0);
  });

  it('keeps ticks by criterion: a criterion removed and restored comes back ticked', async () => {
    await importPlaybook(A);
    const deal = await openDeal(ACME);
    await criterion(deal, 'Pain confirmed').check();
    await saved(deal);

    await importPlaybook(C);
    await criterion(deal, 'Budget confirmed').waitFor({ timeout: 10_000 });
    expect(await criterion(deal, 'Pain confirmed').count()).toBe(0);
    expect(await changeLines(deal)).toContain('Removed “Pain confirmed” from Qualify');

    await importPlaybook(A);
    await criterion(deal, 'Pain confirmed').waitFor({ timeout: 10_000 });
    expect(await criterion(deal, 'Pain confirmed').isChecked()).toBe(true);
    expect(await criterion(deal, 'Budget discussed').isChecked()).toBe(false);
  });

  it('is shown once across a worker restart, and not again after “Got it”', async () => {
    await importPlaybook(A);
    await ext.stopWorker();

    // Painted from the storage mirror while the worker is stopped.
    const deal = await openDeal(ACME);
    await overlayChanges(deal).waitFor();
    // The worker woken by the deal page settles the same revision: the notice is not made again.
    const popup = await ext.openPopup();
    await changes(popup).waitFor();
    expect(await changeLines(popup)).toEqual(await changeLines(deal));
    await overlayChanges(deal).getByRole('button', { name: 'Got it' }).click();
    await changes(popup).waitFor({ state: 'detached' });

    await ext.stopWorker();
    await deal.reload();
    await criterion(deal, 'Budget discussed').waitFor();
    await popup.reload();
    await popupLoaded(popup);
    expect(await changes(popup).count()).toBe(0);
    expect(await changes(deal).count()).toBe(0);
  });
});
