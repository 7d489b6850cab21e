/**
 * Repairs without a release (issue 7 part 3), on the built extension in Chromium: a Salesforce page whose stage
 * hooks a release renamed (test/fixtures/salesforce/break-path.js) cannot be read. The overlay names the part it did
 * not find and lets the rep choose the deal's stage by hand, remembered across a reload; an imported playbook whose
 * `selectors` point at the renamed markup makes the page readable again, and the choice made by hand is dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import { adapter as salesforce } from '../../src/crm/salesforce';
import { mirrorStagePickKey } from '../../src/messages';
import { dealUrl, launchExtension, serveSalesforce, type Ext } from './harness';
import { panel } from './overlay-locators';

const ACME_ID = '006Hs00001AbCdEIAV'; // Needs Analysis (the built-in playbook's Qualification), USD 1,517,250
const ACME = dealUrl(ACME_ID);
const ACME_KEY = `salesforce:stagecoach-demo:${ACME_ID}`;
/** What break-path.js renamed the Path's current item to, as an admin finds it in the page's developer tools. */
const REPAIRED = serializePlaybook({ ...DEFAULT_PLAYBOOK, selectors: { salesforce: { stage: ['li.slds-path__step.slds-is-current-step'] } } });

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension({ serve: false });
  await serveSalesforce(ext.context, { extraScripts: ['break-path.js'] });
});
afterEach(async () => {
  await ext.close();
});

/** Pastes `text` into the options page's import box and imports it; the import region's status or alert says how it went. */
async function importPlaybook(text: string): Promise<Page> {
  const options = await ext.openOptions();
  await options.getByLabel('Paste playbook', { exact: true }).fill(text);
  await options.getByRole('button', { name: 'Import', exact: true }).click();
  return options;
}

const stagePicker = (page: Page) => panel(page).getByRole('combobox', { name: 'Choose this deal’s stage' });
const panelText = async (page: Page) => ((await panel(page).textContent()) ?? '').replace(/\s+/g, ' ');

/** The stage chosen by hand for Acme, as the worker stored it for CRM pages (undefined: none). */
async function storedPick(): Promise<unknown> {
  const worker = await ext.worker();
  const key = mirrorStagePickKey(ACME_KEY);
  return worker.evaluate(async (name) => (await chrome.storage.local.get(name))[name], key);
}

async function openBrokenDeal(): Promise<Page> {
  const page = await ext.openDeal(ACME);
  await panel(page).getByRole('alert').waitFor();
  return page;
}

async function chooseQualification(page: Page): Promise<void> {
  await stagePicker(page).selectOption({ label: 'Qualification' });
  await expect.poll(storedPick, { timeout: 10_000 }).toMatchObject({ stageId: 'qualification' });
}

describe('a Salesforce deal page whose stage markup changed', () => {
  it('says which part it cannot find, and shows no checklist until the rep chooses the stage', async () => {
    const page = await openBrokenDeal();
    expect(await panel(page).getByRole('alert').textContent()).toBe(
      `Stagecoach cannot read this deal: it did not find ${salesforce.parts.stage?.label ?? 'the stage'} on the page.`,
    );
    expect(await panelText(page)).toContain('Salesforce may have changed its page.');
    expect(await panel(page).getByRole('checkbox').count()).toBe(0);
    // The playbook's stages, none chosen: Stagecoach never guesses.
    const options = await stagePicker(page).locator('option').allTextContents();
    expect(options).toEqual(['Choose a stage…', ...DEFAULT_PLAYBOOK.stages.map((stage) => stage.name)]);
    expect(await stagePicker(page).inputValue()).toBe('');
  });

  it('shows the checklist of the stage the rep chose, as chosen by hand, and remembers it across a reload', async () => {
    const page = await openBrokenDeal();
    await chooseQualification(page);
    await expect.poll(() => panelText(page)).toContain('Chosen by hand · Stage 2 of 6');
    expect(await panel(page).getByRole('checkbox', { name: 'Situation, pain, impact and critical event captured' }).isEnabled()).toBe(true);
    expect(await panel(page).getByRole('status').textContent()).toMatch(/^\d of 5 required met$/);

    await page.reload();
    await panel(page).getByRole('alert').waitFor();
    await expect.poll(() => stagePicker(page).inputValue()).toBe('qualification');
    expect(await panelText(page)).toContain('Chosen by hand · Stage 2 of 6');
  });

  it('reads the stage again once an imported playbook repairs its selector, and drops the stage chosen by hand', async () => {
    const page = await openBrokenDeal();
    await chooseQualification(page);

    const options = await importPlaybook(REPAIRED);
    await expect
      .poll(async () => (await options.getByRole('region', { name: 'Import', exact: true }).getByRole('status').textContent()) ?? '', { timeout: 10_000 })
      .toContain('Imported “Stagecoach B2B playbook”');

    // The deal page already open reads the stage with the repaired selector: the Path's own stage, not the choice.
    await page.bringToFront();
    await expect.poll(() => panelText(page), { timeout: 10_000 }).toContain('Needs Analysis');
    expect(await panelText(page)).toContain('Stage 2 of 6');
    expect(await panelText(page)).not.toContain('Chosen by hand');
    expect(await panel(page).getByRole('alert').count()).toBe(0);
    expect(await stagePicker(page).count()).toBe(0);
    // Its fields are read again too: the amount rule is decided from the page.
    expect(await panelText(page)).toContain('Amount is USD 1,517,250.00');
    await expect.poll(storedPick, { timeout: 10_000 }).toBeUndefined();

    await page.reload();
    await expect.poll(() => panelText(page), { timeout: 10_000 }).toContain('Stage 2 of 6');
    expect(await panelText(page)).not.toContain('Chosen by hand');
  });

  it('refuses, on import, a repair naming a part the reader does not have or CSS the browser cannot read', async () => {
    const typos = serializePlaybook({ ...DEFAULT_PLAYBOOK, selectors: { salesforce: { stgae: ['li.now'], amount: ['span..amount'] } } });
    const options = await importPlaybook(typos);
    const alert = options.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const said = ((await alert.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toContain("selectors.salesforce.stgae: the salesforce reader has no part 'stgae' (did you mean 'stage'?)");
    expect(said).toContain('selectors.salesforce.amount[0]: "span..amount" is not a CSS selector the browser can read');
    // Nothing changed: the page is still unreadable, and no repair is in force.
    const page = await openBrokenDeal();
    expect(await stagePicker(page).count()).toBe(1);
  });
});
