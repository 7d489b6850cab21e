/**
 * A rep opens their CRM's list view or board, with the built extension in Chromium and each CRM's mock app served
 * at its real URLs: the deals the list shows are recorded (the popup's deal list, as the worker answers it, holds
 * them with their stage, amount and close date), rows the list adds as it scrolls are recorded too, what the deal's
 * page reported later is not overwritten by an older list, and a page cannot record another org's deals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DealListItem } from '../../src/core/forecast';
import type { Reply } from '../../src/messages';
import { DEMO_ORIGIN, dealUrl, launchExtension, openWithContentScriptWorlds, type Ext } from './harness';

let ext: Ext;
let popup: Page;
beforeEach(async () => {
  ext = await launchExtension();
  popup = await ext.openPopup();
});
afterEach(async () => {
  await ext.close();
});

/** Sends a message to the worker from an extension page, as the popup does. */
async function ask<T>(type: string, payload: object, from: Page = popup): Promise<Reply<T>> {
  return from.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const) as Promise<Reply<T>>;
}

/** The deals the popup's deal list shows, by name. */
async function listedDeals(): Promise<Map<string, DealListItem>> {
  const reply = await ask<{ deals: DealListItem[] }>('pipeline/deals', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return new Map(reply.data.deals.map((deal) => [deal.name, deal]));
}

const inDays = (days: number): string => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('Salesforce opportunities list view and Kanban', () => {
  const LIST = `${DEMO_ORIGIN}/lightning/o/Opportunity/list?filterName=Recent`;

  it('records every opportunity the list view shows, with stage, amount and close date, and the rows added as it scrolls', async () => {
    const page = await ext.openDeal(`${LIST}&mockRows=120`);
    // The table's first 50 rows; the popup lists open deals, so Hooli (Closed Won) is not among them.
    await expect.poll(async () => (await listedDeals()).size, { timeout: 15_000 }).toBe(49);
    expect((await listedDeals()).has('Hooli - Annual Licence')).toBe(false);
    const deals = await listedDeals();
    expect(deals.get('Acme - 1,200 Widgets')).toMatchObject({
      crmStage: 'Needs Analysis',
      amount: { amount: 1_517_250, currency: 'USD' },
      closeDate: inDays(30),
      key: 'salesforce:stagecoach-demo:006Hs00001AbCdEIAV',
    });
    expect(deals.get('Initech - Pilot')).toMatchObject({ crmStage: 'Qualification', amount: null });

    // The rep scrolls to the table's bottom: the datatable loads the next 50 rows, and they are recorded too.
    await page.locator('lightning-datatable .slds-scrollable_y').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(async () => (await listedDeals()).size, { timeout: 15_000 }).toBe(99);
    expect((await listedDeals()).get('Listed Deal 00099')).toMatchObject({ crmStage: expect.any(String), amount: { amount: 100_000, currency: 'EUR' } });
  });

  it('records the cards of the Kanban with the stage of their column', async () => {
    await ext.openDeal(`${LIST}&mockDisplay=kanban`);
    // Six cards; the popup lists the five open ones.
    await expect.poll(async () => (await listedDeals()).size, { timeout: 15_000 }).toBe(5);
    expect((await listedDeals()).get('Stark - Fleet Renewal')).toMatchObject({
      crmStage: 'Negotiation/Review',
      amount: { amount: 1_250_000, currency: 'EUR' },
      closeDate: inDays(12),
    });
  });

  it('keeps what the deal page read after the list: the list shows the deal as the page later changed it, not older', async () => {
    // The list first: Acme at USD 1,517,250.
    const list = await ext.openDeal(LIST);
    await expect.poll(async () => (await listedDeals()).get('Acme - 1,200 Widgets')?.amount?.amount, { timeout: 15_000 }).toBe(1_517_250);
    await list.close();
    // Then the deal's page, where the rep edits the amount: the page reports USD 50,000.
    const deal = await ext.openDeal(dealUrl('006Hs00001AbCdEIAV'));
    await deal.getByRole('button', { name: 'Edit Amount' }).click();
    await deal.locator('input[name="Amount"]').fill('50000');
    await deal.locator('button[name="SaveEdit"]').click();
    await expect.poll(async () => (await listedDeals()).get('Acme - 1,200 Widgets')?.amount?.amount, { timeout: 15_000 }).toBe(50_000);
    // The list read before the edit is not sent again, so nothing older overwrites the page's amount.
    await deal.waitForTimeout(1_000);
    expect((await listedDeals()).get('Acme - 1,200 Widgets')?.amount).toEqual({ amount: 50_000, currency: 'USD' });
  });

  it('refuses rows of another org sent from a list page, recording none of them', async () => {
    // Sent from the content script's own world (what a page that subverted it could send): its org's deal beside
    // another org's.
    const { session, worlds } = await openWithContentScriptWorlds(ext.context, `${DEMO_ORIGIN}/lightning/page/home`);
    expect(worlds).toHaveLength(1);
    const rows = [
      { url: dealUrl('006Hs00001AbCdEIAV'), name: 'Ours', stage: { label: 'Prospecting', value: null } },
      { url: dealUrl('006Hs00001gLoBxIAK', 'https://globex.lightning.force.com'), name: 'Theirs', stage: { label: 'Prospecting', value: null } },
    ];
    const { result } = (await session.send('Runtime.evaluate', {
      contextId: worlds[0],
      expression: `chrome.runtime.sendMessage({ type: 'deals/listed', payload: { rows: ${JSON.stringify(rows)} } })`,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: Reply<unknown> } };
    expect(result.value).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await listedDeals()).toEqual(new Map());
    await session.detach();
  });
});

/** Polls the popup's deal list until `name` is there, then gives its entry. */
async function listedDeal(name: string): Promise<DealListItem | undefined> {
  await expect.poll(async () => (await listedDeals()).has(name), { timeout: 15_000 }).toBe(true);
  return (await listedDeals()).get(name);
}

describe('every other CRM\'s list view or board', () => {
  it('HubSpot deals board and index', async () => {
    const portal = 'https://app.hubspot.com/contacts/4471120';
    const board = await ext.openDeal(`${portal}/objects/0-3/views/all/board`);
    expect(await listedDeal('Acme - 1,200 Widgets')).toMatchObject({
      crmStage: 'Appointment scheduled',
      amount: { amount: 1_517_250, currency: 'USD' },
      closeDate: inDays(30),
      key: 'hubspot:4471120:15820011001',
    });
    await board.close();
    // The index shows the owner, which the board's cards do not.
    await ext.openDeal(`${portal}/objects/0-3/views/all/list`);
    await expect.poll(async () => (await listedDeals()).get('Globex - Platform Renewal')?.owner, { timeout: 15_000 }).toBe('Pat Seller');
  });

  it('Pipedrive pipeline board', async () => {
    await ext.openDeal('https://stagecoach-demo.pipedrive.com/pipeline/1');
    expect(await listedDeal('Acme - Fleet Tracking')).toMatchObject({
      crmStage: 'Demo Scheduled',
      amount: { amount: 15_000, currency: 'EUR' },
      key: 'pipedrive:stagecoach-demo:42',
    });
  });

  it('Dynamics 365 opportunity view', async () => {
    const origin = 'https://stagecoach-demo.crm.dynamics.com';
    await ext.openDeal(`${origin}/main.aspx?pagetype=entitylist&etn=opportunity&viewid=00000000-0000-0000-00aa-000010003000&viewType=1039`);
    expect(await listedDeal('Fabrikam - Cloud Migration')).toMatchObject({
      crmStage: 'Qualify',
      amount: { amount: 250_000, currency: 'EUR' },
      closeDate: inDays(100),
      key: 'dynamics:stagecoach-demo:9b2c4d6e-8f10-4a2b-bc3d-4e5f6a7b8c9d',
    });
  });

  it('Zoho CRM deals list and kanban', async () => {
    const view = 'https://crm.zoho.com/crm/org60012345/tab/Potentials/custom-view/4266643000000087501';
    const list = await ext.openDeal(`${view}/list`);
    expect(await listedDeal('Northwind - Analytics Suite')).toMatchObject({
      crmStage: 'Needs Analysis',
      amount: { amount: 48_000, currency: 'USD' },
      closeDate: inDays(30),
      owner: 'Riya Shah',
      key: 'zoho:org60012345:4266643000037779027',
    });
    await list.close();
    await ext.openDeal(`${view}/kanban`);
    expect(await listedDeal('Contoso - Renewal')).toMatchObject({ crmStage: 'Negotiation/Review', closeDate: inDays(45) });
  });
});
