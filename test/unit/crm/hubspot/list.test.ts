// @vitest-environment happy-dom
/** The HubSpot list reader on the mock app's deals board and index (test/fixtures/hubspot/hubspot-app.js). */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import { LIST_SAMPLE_URLS, listPage } from '../../../../src/crm/hubspot/detect';
import { lists } from '../../../../src/crm/hubspot/list';
import { closeMockHubSpots, openMockHubSpot } from './mock-hubspot';

const PORTAL = 'https://app.hubspot.com/contacts/4471120';
const inDays = (n: number) => addDays(isoDate(new Date()), n);

afterEach(closeMockHubSpots);

async function open(view: 'board' | 'list', language: 'en-US' | 'pt-BR' = 'en-US') {
  const app = openMockHubSpot(`${PORTAL}/objects/0-3/views/all/${view}`, { language });
  await app.api.whenRendered();
  return { app, read: lists.read(app.doc, app.url()) };
}

describe('HubSpot list pages', () => {
  it.each(LIST_SAMPLE_URLS.lists)('%s is a list page', (href) => expect(listPage(new URL(href))).toBe(true));
  it.each(LIST_SAMPLE_URLS.notLists)('%s is not a list page', (href) => expect(listPage(new URL(href))).toBe(false));
});

describe('the HubSpot deals board', () => {
  it('reads each card with its column\'s stage and the amount and close date its properties show, by label', async () => {
    const { app, read } = await open('board');
    expect(read?.skipped).toBe(0);
    expect(read?.rows).toHaveLength(app.api.dealIds().length);
    expect(read?.rows[0]).toEqual({
      url: `${PORTAL}/record/0-3/15820011001`,
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Appointment scheduled', value: null },
      amount: { amount: 1_517_250, currency: 'USD' },
      closeDate: inDays(30),
    });
    // "--" is HubSpot's empty value: no amount, recorded as none.
    expect(read?.rows.find((row) => row.name === 'Initech - Pilot')?.amount).toBeNull();
    expect(lists.watched(app.doc).length).toBeGreaterThan(1);
  });

  it('matches card properties on their label in the portal\'s language', async () => {
    const { read } = await open('board', 'pt-BR');
    expect(read?.rows[0]).toMatchObject({ amount: { amount: 1_517_250 }, closeDate: inDays(30) });
  });

  it('skips and counts a card without a link to a deal', () => {
    const doc = new DOMParser().parseFromString(
      '<div data-test-id="cdb-column"><h6 data-test-id="cdb-column-name">Qualified</h6><div data-test-id="cdbc-card"><span data-test-id="cdbc-title">No link</span></div></div>',
      'text/html',
    );
    expect(lists.read(doc, new URL(`${PORTAL}/objects/0-3/views/all/board`))).toEqual({ rows: [], skipped: 1, total: 1 });
  });
});

describe('the HubSpot deals index', () => {
  it('reads each row\'s columns by their header: stage, amount, close date, owner', async () => {
    const { app, read } = await open('list');
    expect(read?.rows).toHaveLength(app.api.dealIds().length);
    expect(read?.rows[1]).toEqual({
      url: `${PORTAL}/record/0-3/15820011002`,
      name: 'Globex - Platform Renewal',
      stage: { label: 'Qualified to buy', value: null },
      amount: { amount: 250_000, currency: 'EUR' },
      closeDate: inDays(100),
      owner: 'Pat Seller',
    });
    expect(lists.watched(app.doc).map((el) => el.tagName)).toEqual(['TBODY']);
  });
});
