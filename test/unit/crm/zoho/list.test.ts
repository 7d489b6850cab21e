// @vitest-environment happy-dom
/** The Zoho CRM list reader on the mock app's deals list and kanban (test/fixtures/zoho/zoho-app.js). */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import { LIST_SAMPLE_URLS, listPage } from '../../../../src/crm/zoho/detect';
import { lists } from '../../../../src/crm/zoho/list';
import { closeMockZoho, openMockZoho } from './mock-zoho';

const ORG = 'https://crm.zoho.com/crm/org60012345/tab/Potentials/';
const VIEW = `${ORG}custom-view/4266643000000087501/`;
const inDays = (n: number) => addDays(isoDate(new Date()), n);

afterEach(closeMockZoho);

async function read(view: 'list' | 'kanban') {
  const app = openMockZoho(VIEW + view);
  await app.api.whenIdle();
  return { app, read: lists.read(app.doc, new URL(app.window.location.href)) };
}

describe('Zoho list pages', () => {
  it.each(LIST_SAMPLE_URLS.lists)('%s is a list page', (href) => expect(listPage(new URL(href))).toBe(true));
  it.each(LIST_SAMPLE_URLS.notLists)('%s is not a list page', (href) => expect(listPage(new URL(href))).toBe(false));
});

describe('the Zoho deals list', () => {
  it('reads each row\'s columns by their header: name, stage, amount, owner, closing date', async () => {
    const { app, read: list } = await read('list');
    expect(list?.rows).toHaveLength(app.api.recordIds().length);
    expect(list?.rows[0]).toEqual({
      url: `${ORG}4266643000037779027`,
      name: 'Northwind - Analytics Suite',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 48_000, currency: 'USD' },
      owner: 'Riya Shah',
      closeDate: inDays(30),
    });
    expect(list?.rows.find((row) => row.name === 'Fabrikam - Pilot')?.amount).toBeNull();
  });
});

describe('the Zoho deals kanban', () => {
  it('reads each card with the stage of its column and the card\'s amount, owner and closing date', async () => {
    const { app, read: board } = await read('kanban');
    expect(board?.skipped).toBe(0);
    expect(board?.rows.find((row) => row.name === 'Contoso - Renewal')).toEqual({
      url: `${ORG}4266643000037779101`,
      name: 'Contoso - Renewal',
      stage: { label: 'Negotiation/Review', value: null },
      amount: { amount: 125_000, currency: 'USD' },
      owner: 'Riya Shah',
      closeDate: inDays(45),
    });
    expect(lists.watched(app.doc).length).toBeGreaterThan(1);
  });
});
