/**
 * The playbook editor in the built extension, as an admin uses it: a criterion edited and saved reaches the deal page
 * a rep has open, without a reload; stages and criteria reordered by keyboard and by drag; a wrong value caught beside
 * its field before anything is saved; Undo; a template opened and saved as the active playbook.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { TEMPLATES } from '../../src/core/templates';
import { dealUrl, launchExtension, type Ext } from './harness';
import { criterion, panel } from './overlay-locators';

/** A Salesforce opportunity in Needs Analysis: the built-in playbook's stage 2, Qualification. */
const ACME = dealUrl('006Hs00001AbCdEIAV');

let ext: Ext;
let options: Page;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  await ext?.close();
});

const activePlaybook = () => options.getByRole('region', { name: 'Active playbook', exact: true });
const editorRegion = () => options.getByRole('region', { name: 'Edit playbook', exact: true });
const stageHeadings = () => activePlaybook().getByRole('heading', { level: 3 }).allInnerTexts();
const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
const stageGroup = (scope: Locator, number: number, name: string) => scope.getByRole('group', { name: `Stage ${number}: ${name}`, exact: true });
const criterionGroup = (scope: Locator, number: number, label: string) =>
  scope.getByRole('group', { name: `Criterion ${number}: ${label}`, exact: true });
/** The drag handle of a stage's or criterion's own header (not of the criteria inside a stage). */
const handleOf = (group: Locator) => group.locator(':scope > .ed-item-head > .ed-handle');

async function openOptions(): Promise<void> {
  options = await ext.openOptions();
  await activePlaybook().waitFor();
}

async function openEditor(): Promise<Locator> {
  await options.getByRole('button', { name: 'Edit playbook' }).click();
  await editorRegion().waitFor();
  return editorRegion();
}

/** Save, and wait for the page to say so: the editor closes and the read-only playbook is back. */
async function save(): Promise<string> {
  await editorRegion().getByRole('button', { name: 'Save playbook' }).click();
  await editorRegion().waitFor({ state: 'detached', timeout: 10_000 });
  return squash(await activePlaybook().getByRole('status').first().textContent());
}

/**
 * Drag `handle` with the mouse onto the top half of `target`, as a person does: press, move in small steps (the
 * browser starts a drag only once the pointer has moved), release. The target's top is put in view first.
 */
async function dragOnto(handle: Locator, target: Locator): Promise<void> {
  await target.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('the handle and the target must be on screen');
  await options.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await options.mouse.down();
  await options.mouse.move(to.x + 60, to.y + 12, { steps: 10 });
  await options.mouse.up();
}

async function focusedName(): Promise<string | null> {
  return options.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? null);
}

const [DISCOVERY, QUALIFICATION] = DEFAULT_PLAYBOOK.stages;
if (!DISCOVERY || !QUALIFICATION) throw new Error('the built-in playbook starts with Discovery and Qualification');
const PAIN = QUALIFICATION.criteria[0]?.label ?? '';

describe('the playbook editor', () => {
  it('saves an edited criterion, and the deal page a rep has open shows it without a reload', async () => {
    const deal = await ext.openDeal(ACME);
    await criterion(deal, PAIN).waitFor();

    await openOptions();
    const editor = await openEditor();
    const label = criterionGroup(stageGroup(editor, 2, 'Qualification'), 1, PAIN).getByLabel('Criterion label', { exact: true });
    await label.fill('Pain and critical event confirmed in the buyer’s words');
    expect(await save()).toMatch(/^Saved “Stagecoach B2B playbook” as revision \d+\.$/);
    expect(squash(await activePlaybook().innerText())).toContain('Pain and critical event confirmed in the buyer’s words');

    await deal.bringToFront();
    await criterion(deal, 'Pain and critical event confirmed in the buyer’s words').waitFor({ timeout: 10_000 });
    expect(await criterion(deal, PAIN).count()).toBe(0);
    // Same criterion id, so the deal keeps its place in the checklist: still the stage's first criterion.
    expect(squash(await panel(deal).innerText())).toContain('Stage 2 of 6');
  });

  it('reorders stages and criteria by keyboard and by drag, and the saved order is the one shown', async () => {
    await openOptions();
    const editor = await openEditor();
    const down = editor.getByRole('button', { name: 'Move stage Discovery down', exact: true });
    await down.focus();
    await options.keyboard.press('Enter');
    await stageGroup(editor, 1, 'Qualification').waitFor();
    // The keyboard stays on the moved stage's button, to move it again.
    expect(await focusedName()).toBe('Move stage Discovery down');
    await options.keyboard.press('Enter');
    await stageGroup(editor, 3, 'Discovery').waitFor();

    // Qualification's second criterion, dragged by its handle onto the top half of the first, lands first.
    const qualification = stageGroup(editor, 1, 'Qualification');
    const [first, second] = QUALIFICATION.criteria;
    if (!first || !second) throw new Error('Qualification has criteria');
    await dragOnto(handleOf(criterionGroup(qualification, 2, second.label)), criterionGroup(qualification, 1, first.label));
    await criterionGroup(qualification, 1, second.label).waitFor();
    await criterionGroup(qualification, 2, first.label).waitFor();

    // And a stage: Closed Lost onto the top half of Closed Won goes before it.
    await dragOnto(handleOf(stageGroup(editor, 8, 'Closed Lost')), stageGroup(editor, 7, 'Closed Won'));
    await stageGroup(editor, 7, 'Closed Lost').waitFor();

    expect(await save()).toMatch(/as revision \d+\.$/);
    const order = ['Qualification', 'Solution Validation', 'Discovery', 'Proposal', 'Negotiation', 'Awaiting Signature', 'Closed Lost', 'Closed Won'];
    expect(await stageHeadings()).toEqual(order);
    const criteria = await activePlaybook()
      .locator('li.stage')
      .filter({ has: options.getByRole('heading', { name: 'Qualification', exact: true }) })
      .locator('.criterion-label > span:first-child')
      .allInnerTexts();
    expect(criteria.slice(0, 2)).toEqual([second.label, first.label]);

    // It is the stored playbook, not only what the page shows.
    await options.reload();
    await expect.poll(() => stageHeadings(), { timeout: 10_000 }).toEqual(order);
  });

  it('shows a wrong value beside its field with Save off, and Undo puts the value back', async () => {
    await openOptions();
    const editor = await openEditor();
    const probability = stageGroup(editor, 2, 'Qualification').getByLabel('Probability (%)', { exact: true });
    const before = await probability.inputValue();
    await probability.fill('140');
    await expect.poll(() => probability.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await probability.getAttribute('aria-describedby')) ?? '';
    expect(squash(await options.locator(`[id="${describedBy}"]`).textContent())).toBe('must be a number from 0 to 100 (got 140)');
    const saveButton = editor.getByRole('button', { name: 'Save playbook' });
    expect(await saveButton.isDisabled()).toBe(true);
    expect(squash(await editor.locator('#ed-count').textContent())).toBe('1 problem to fix before saving');

    await editor.getByRole('button', { name: 'Undo', exact: true }).click();
    expect(await probability.inputValue()).toBe(before);

    // A CRM stage name another stage already claims: said beside the names, in the import's words.
    const names = stageGroup(editor, 2, 'Qualification').getByLabel('CRM stage names', { exact: true });
    await names.fill('Prospecting');
    await names.press('Enter');
    await expect.poll(() => names.getAttribute('aria-invalid')).toBe('true');
    const namesProblem = (await names.getAttribute('aria-describedby'))?.split(' ').at(-1) ?? '';
    expect(squash(await options.locator(`[id="${namesProblem}"]`).textContent())).toContain(
      "CRM stage 'Prospecting' is already claimed by stages[0] (Discovery)",
    );
    await stageGroup(editor, 2, 'Qualification').getByRole('button', { name: 'Remove CRM stage name Prospecting' }).click();
    await expect.poll(() => names.getAttribute('aria-invalid')).toBe(null);
    await expect.poll(() => probability.getAttribute('aria-invalid')).toBe(null);
    expect(await saveButton.isEnabled()).toBe(true);

    // Discarding an unchanged draft asks nothing and leaves the playbook as it was.
    await editor.getByRole('button', { name: 'Discard changes' }).click();
    await editorRegion().waitFor({ state: 'detached' });
    expect(await stageHeadings()).toEqual(DEFAULT_PLAYBOOK.stages.map((s) => s.name));
  });

  it('opens a template, and once saved it is the active playbook', async () => {
    const template = TEMPLATES.find((t) => t.playbook.name !== DEFAULT_PLAYBOOK.name);
    if (!template) throw new Error('a template other than the built-in playbook');
    await openOptions();
    await options.getByRole('button', { name: 'New from template' }).click();
    await options.getByLabel('Template', { exact: true }).selectOption({ label: template.name });
    await options.getByRole('button', { name: 'Use template' }).click();
    const editor = options.getByRole('region', { name: `New playbook from “${template.name}”` });
    await editor.waitFor();
    expect(await editor.getByLabel('Playbook name', { exact: true }).inputValue()).toBe(template.playbook.name);
    await editor.getByRole('button', { name: 'Save playbook' }).click();
    await editor.waitFor({ state: 'detached', timeout: 10_000 });
    expect(squash(await activePlaybook().getByRole('status').first().textContent())).toMatch(
      new RegExp(`^Saved “${template.playbook.name}” as revision \\d+\\.$`),
    );
    await options.reload();
    await activePlaybook().waitFor();
    expect(squash(await activePlaybook().innerText())).toContain(template.playbook.name);
    expect(await stageHeadings()).toEqual(template.playbook.stages.map((s) => s.name));
  });
});
