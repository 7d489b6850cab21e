/**
 * The toolbar popup in the built extension, as a rep meets it: empty on a fresh profile, then the pipeline of the
 * deals they visited, by playbook stage, with the deals that need attention one click away.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CRMS } from '../../src/crm/registry';
import { dealUrl, launchExtension, type Ext } from './harness';
import { exampleDeals, seedDeals } from '../bench/popup';

// Close dates in the mock app are days from today, so what needs attention is the same on any day.
const ACME = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis (playbook: Qualification), USD 1,517,250, closes in 30 days
const STARK = dealUrl('006Hs00001StarKIAR'); // Negotiation/Review (playbook: Negotiation), EUR 1,250,000, closes in 12 days
const UMBRELLA = dealUrl('006Hs00001UMBrlIAH'); // Proposal/Price Quote (playbook: Proposal), USD 84,000, closed 2 days ago

const OPEN_STAGES = ['Discovery', 'Qualification', 'Solution Validation', 'Proposal', 'Negotiation', 'Awaiting Signature'];

let ext: Ext;
beforeEach(async () => {
  ext = await launchExtension();
});
afterEach(async () => {
  // Optional chaining: when launching failed (e.g. no build), report that error, not a second one here.
  await ext?.close();
});

/** Visit a deal the way a rep does, and wait until Stagecoach has shown (and so recorded) it. */
async function visit(url: string): Promise<void> {
  const page = await ext.openDeal(url);
  await page.getByRole('complementary', { name: 'Stage checklist' }).waitFor();
  await page.close();
}

const table = (popup: Page) => popup.getByRole('table', { name: 'Pipeline by stage' });
const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Cell texts of one row, the row header first. */
async function rowCells(popup: Page, stage: string): Promise<string[]> {
  const row = table(popup).getByRole('row').filter({ has: popup.getByRole('rowheader', { name: stage }) });
  return (await row.getByRole('cell').or(row.getByRole('rowheader')).allInnerTexts()).map(squash);
}

describe('the toolbar popup', () => {
  it('tells a new user what to do when no deal has been visited yet', async () => {
    const popup = await ext.openPopup();
    await popup.getByText('No deals yet.').waitFor();
    const said = squash(await popup.locator('main').innerText());
    expect(said).toMatch(
      /No deals yet\. Open a deal in .+ and Stagecoach will show its stage checklist there; deals you visit, or see in a list or board, appear here\./,
    );
    // Every CRM Stagecoach reads is named, as the registry grows.
    for (const crm of CRMS) expect(said).toContain(crm.label);
    expect(await table(popup).count()).toBe(0);

    const opened = ext.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Playbook settings', exact: true }).click();
    const options = await opened;
    await options.waitForLoadState();
    expect(options.url()).toBe(`chrome-extension://${ext.extensionId}/src/options/index.html`);
  });

  it('shows the visited deals by playbook stage, each currency on its own, and the deals that need attention', async () => {
    await visit(ACME);
    await visit(STARK);
    await visit(UMBRELLA);
    const popup = await ext.openPopup();
    await table(popup).waitFor();
    expect(squash(await popup.locator('header').innerText())).toContain('Stagecoach B2B playbook');

    const rowHeaders = (await table(popup).locator('tbody').getByRole('rowheader').allInnerTexts()).map(squash);
    expect(rowHeaders.map((h) => h.replace(/ \d+%$/, ''))).toEqual(OPEN_STAGES);

    expect(await rowCells(popup, 'Qualification')).toEqual(['Qualification 20%', '1', 'USD 1.5M', 'USD 303.5K']);
    expect((await rowCells(popup, 'Proposal'))[1]).toBe('1');
    expect((await rowCells(popup, 'Negotiation'))[1]).toBe('1');
    expect((await rowCells(popup, 'Negotiation'))[2]).toMatch(/^EUR 1(\.3|\.25)M$/);
    // An empty stage shows a dash, which screen readers read as "none".
    expect((await rowCells(popup, 'Discovery')).slice(1)).toEqual(['0', '— none', '— none']);
    // Compact figures keep the exact amount for the tooltip.
    const qualificationAmount = table(popup).getByRole('row', { name: /Qualification/ }).getByTitle(/1,517,250\.00/);
    expect(await qualificationAmount.count()).toBe(1);

    // The totals row lists USD and EUR separately: never one sum across currencies.
    const total = await rowCells(popup, 'Total');
    expect(total[1]).toBe('3');
    expect(total[2]).toMatch(/^USD 1\.6M EUR 1(\.3|\.25)M$/);
    expect(squash(await popup.locator('.figures').innerText())).toMatch(/Open deals 3/);
    // Where the numbers come from: every deal here was seen on its own page.
    expect(squash(await popup.getByRole('region', { name: 'Where these numbers come from' }).innerText())).toBe('3 open deals: 3 seen on their pages');

    // Umbrella's close date has passed; Stark closes within two weeks without being ready; Acme is not ready for its
    // stage, the least urgent reason.
    await popup.getByRole('tab', { name: /Attention/ }).click();
    const attention = popup.getByRole('region', { name: /Needs attention/ });
    const links = attention.getByRole('link');
    expect((await links.allInnerTexts()).map((t) => squash(t).split(' ')[0])).toEqual(['Umbrella', 'Stark', 'Acme']);
    expect(squash(await attention.getByRole('link', { name: /Acme/ }).innerText())).toMatch(/required met .*\d+ required not met$/);
    const umbrella = attention.getByRole('link', { name: /Umbrella - Expansion/ });
    expect(await umbrella.getAttribute('href')).toBe(UMBRELLA);
    expect(await umbrella.getAttribute('target')).toBe('_blank');
    expect(squash(await umbrella.innerText())).toMatch(/1 of 5 required met.*Close date passed/);
    // Why, in one line.
    expect(await umbrella.locator('.deal-why').evaluate((el) => el.getClientRects().length)).toBe(1);
    const stark = attention.getByRole('link', { name: /Stark - Fleet Renewal/ });
    expect(squash(await stark.innerText())).toMatch(/1 of 4 required met.*Closes in 12 days, not ready/);

    const opened = ext.context.waitForEvent('page');
    await umbrella.focus();
    await popup.keyboard.press('Enter');
    const deal = await opened;
    await deal.waitForURL(UMBRELLA);
  });

  it('finds a deal by typing, in a list that keeps only the rows in view in the page', async () => {
    const { deals, checks } = exampleDeals(500);
    await seedDeals(ext, deals, checks);
    const popup = await ext.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await table(popup).waitFor();
    await popup.getByRole('tab', { name: 'All deals' }).click();
    const list = popup.getByRole('list', { name: 'Open deals' });
    const count = popup.locator('[data-deal-count]');
    await list.getByRole('link').first().waitFor();
    const open = squash(await count.innerText());
    expect(open).toMatch(/^\d{3} deals$/);

    // Virtual: a few rows of hundreds are in the DOM; scrolling brings later ones.
    const rendered = await list.getByRole('link').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(30);
    const firstName = await list.getByRole('link').first().innerText();
    await list.evaluate((ul) => ul.parentElement?.scrollTo({ top: ul.scrollHeight }));
    await expect.poll(() => list.getByRole('link').first().innerText()).not.toBe(firstName);
    const last = list.getByRole('listitem').last();
    // The scroll re-renders on the next frame: wait until the window reaches the end of the list.
    await expect
      .poll(async () => (await last.getAttribute('aria-posinset')) === (await last.getAttribute('aria-setsize')))
      .toBe(true);

    // Every word must match somewhere: a name word and a CRM stage word, accents and case ignored.
    const search = popup.getByRole('searchbox', { name: 'Find a deal' });
    await search.fill('GLOBEX negotiation');
    await expect.poll(async () => squash(await count.innerText())).toMatch(new RegExp(`^\\d+ of ${open}$`));
    // Filtered while scrolled to the end: the shorter list's rows come with the next frame (the scroll is clamped).
    await expect.poll(() => list.getByRole('link').count()).toBeGreaterThan(0);
    const names = (await list.getByRole('link').allInnerTexts()).map(squash);
    for (const name of names) expect(name).toMatch(/Globex.*Negotiation/);
    await search.fill('societe generale');
    await expect.poll(async () => (await list.getByRole('link').first().innerText()).includes('Société Générale')).toBe(true);

    // Tab reaches the links in view, after the filters.
    await popup.getByRole('checkbox', { name: 'Stale only' }).focus();
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.closest('ul')?.getAttribute('aria-label'))).toBe('Open deals');
    const link = list.getByRole('link').first();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/bench\.lightning\.force\.com\/lightning\/r\/Opportunity\//);

    await search.fill('xyz');
    await popup.getByText('No deals match “xyz”.').waitFor();
    await search.fill('');
    await list.getByRole('link').first().waitFor();
  });

  it('shows 10,000 deals by stage in a chart that agrees with the table, and filters narrow the list', async () => {
    const { deals, checks } = exampleDeals(10_000);
    // Without the ~20 detail fields per deal (the popup shows none of them): seeding is then a third of the time.
    const lean = deals.map((deal) => ({ ...deal, snapshot: { ...deal.snapshot, fields: {} } }));
    await seedDeals(ext, lean, checks);
    const popup = await ext.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await table(popup).waitFor({ timeout: 30_000 });

    // The chart's accessible summary and its bars say what the table's rows say.
    const chart = popup.getByRole('img', { name: /^Open deals by stage:/ });
    const chartSays = (await chart.getAttribute('aria-label')) ?? '';
    const rows = await table(popup).locator('tbody tr').all();
    const tableSays: string[] = [];
    for (const row of rows) {
      const stage = squash(await row.locator('.stage-name').innerText());
      const count = squash(await row.locator('.count').innerText());
      tableSays.push(`${stage} ${count}`);
      expect(await chart.locator(`g[data-stage="${stage}"] .chart-count`).textContent()).toBe(count);
    }
    expect(chartSays).toBe(`Open deals by stage: ${tableSays.join(', ')}`);
    const open = squash(await popup.locator('.figure-value').first().innerText());
    expect(open).toMatch(/^\d{1,2},\d{3}$/);
    expect(squash(await popup.getByRole('region', { name: 'Where these numbers come from' }).innerText())).toBe(
      `${open} open deals: ${open} seen on their pages`,
    );

    await popup.getByRole('tab', { name: 'All deals' }).click();
    const list = popup.getByRole('list', { name: 'Open deals' });
    const count = popup.locator('[data-deal-count]');
    await list.getByRole('link').first().waitFor({ timeout: 30_000 });
    expect(squash(await count.innerText())).toBe(`${open} deals`);

    await popup.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Negotiation' });
    await expect.poll(async () => squash(await count.innerText())).toMatch(new RegExp(`^[\\d,]+ of ${open} deals$`));
    for (const row of await list.getByRole('link').allInnerTexts()) expect(row).toContain('Negotiation/Review');
    const negotiation = squash(await count.innerText());

    // Overdue narrows it further: every close date shown is before today.
    await popup.getByRole('combobox', { name: 'Closing' }).selectOption({ label: 'Overdue' });
    await expect.poll(async () => squash(await count.innerText())).not.toBe(negotiation);
    const today = new Date(new Date().toDateString());
    for (const row of await list.locator('.row-stage').allInnerTexts()) {
      const shown = row.split(' · ')[1] ?? '';
      expect(new Date(shown).getTime()).toBeLessThan(today.getTime());
    }

    // Largest first: each amount in the list's first currency is no bigger than the one above it.
    await popup.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Amount, largest first' });
    const amounts = await list.locator('.row-amount').evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
    const first = amounts.filter((a) => a.startsWith(amounts[0]?.slice(0, 3) ?? '')).map((a) => Number(a.replace(/[^\d.]/g, '')));
    expect(first.length).toBeGreaterThan(1);
    for (let i = 1; i < first.length; i++) expect(first[i]).toBeLessThanOrEqual(first[i - 1] as number);

    await popup.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => squash(await count.innerText())).toBe(`${open} deals`);
    // Seeding 10,000 deals through the worker takes a while on a shared 2-core machine.
  }, 180_000);
});
