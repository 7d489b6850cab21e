// @vitest-environment happy-dom
/**
 * The Salesforce list reader on the mock Lightning app's list view and Kanban (test/fixtures/salesforce/
 * lightning-app.js, shaped like crm-evidence/addendum-2026-11/NOTES-salesforce-list-kanban.md) and on hand-made
 * markup for the traps: localised column labels, rows without a link, a list not rendered yet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import { LIST_SAMPLE_URLS, listPage } from '../../../../src/crm/salesforce/detect';
import { lists } from '../../../../src/crm/salesforce/list';
import { closeMockApps, openMockApp } from '../../mock-lightning';

const ORG = 'https://acme.lightning.force.com';
const LIST = `${ORG}/lightning/o/Opportunity/list?filterName=Recent`;

afterEach(closeMockApps);

async function listApp(search: string) {
  const app = openMockApp(`${LIST}${search}`, 0);
  await app.api.whenIdle();
  return app;
}

function page(html: string, lang = 'en-US'): Document {
  return new DOMParser().parseFromString(`<html lang="${lang}"><body>${html}</body></html>`, 'text/html');
}

describe('Salesforce list pages', () => {
  it.each(LIST_SAMPLE_URLS.lists)('%s is a list page', (href) => expect(listPage(new URL(href))).toBe(true));
  it.each(LIST_SAMPLE_URLS.notLists)('%s is not a list page', (href) => expect(listPage(new URL(href))).toBe(false));
});

describe('the Salesforce list view', () => {
  it('reads every row: its record page, name, stage, amount with currency and close date', async () => {
    const app = await listApp('');
    const read = lists.read(app.doc, new URL(LIST));
    expect(read?.skipped).toBe(0);
    expect(read?.rows).toHaveLength(6);
    expect(read?.rows[0]).toEqual({
      url: `${ORG}/lightning/r/006Hs00001AbCdEIAV/view`,
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 1_517_250, currency: 'USD' },
      closeDate: addDays(isoDate(new Date()), 30),
    });
    // Initech has no amount: shown empty, so recorded as none (null), not left as it was.
    expect(read?.rows[2]).toMatchObject({ name: 'Initech - Pilot', amount: null });
  });

  it('reads the rows the table adds as the rep scrolls, and watches the table body that gets them', async () => {
    const app = await listApp('&mockRows=200');
    expect(lists.read(app.doc, new URL(LIST))?.rows).toHaveLength(50);
    expect(lists.watched(app.doc).map((el) => el.tagName)).toEqual(['TBODY']);
    // happy-dom lays nothing out, so nothing scrolls: the app adds the rows its scroll handler would.
    (app.api as typeof app.api & { loadMoreRows(): void }).loadMoreRows();
    expect(lists.read(app.doc, new URL(LIST))?.rows).toHaveLength(100);
  });

  it('reads a slice of a long list when asked (one task\'s worth), saying how many rows the page shows', async () => {
    const app = await listApp('&mockRows=200&mockPageRows=200');
    const all = lists.read(app.doc, new URL(LIST));
    const slice = lists.read(app.doc, new URL(LIST), { from: 150, to: 200 });
    expect(all?.total).toBe(200);
    expect(slice).toEqual({ rows: all?.rows.slice(150), skipped: 0, total: 200 });
  });

  it('finds columns by their label in the rep\'s language, whatever their order', () => {
    const doc = page(
      '<lightning-datatable><table role="grid"><tbody><tr data-row-key-value="006Hs00001AbCdEIAV">' +
        '<td data-label="Schlusstermin">31.12.2030</td><td data-label="Betrag">1.234,50 €</td><td data-label="Phase">Verhandlung</td>' +
        '<th data-label="Opportunity-Name"><a data-recordid="006Hs00001AbCdEIAV" href="/lightning/r/006Hs00001AbCdEIAV/view">Acme</a></th>' +
        '</tr></tbody></table></lightning-datatable>',
      'de-DE',
    );
    expect(lists.read(doc, new URL(LIST))?.rows[0]).toMatchObject({
      name: 'Acme',
      stage: { label: 'Verhandlung', value: null },
      amount: { amount: 1234.5, currency: 'EUR' },
      closeDate: '2030-12-31',
    });
  });

  it('skips and counts a row without a link to an opportunity, and leaves out a column it does not know', () => {
    const doc = page(
      '<table role="grid"><tbody>' +
        '<tr data-row-key-value="006Hs00001AbCdEIAV"><th data-label="Opportunity Name">No link</th></tr>' +
        '<tr data-row-key-value="001Hs00000XyZwVIAV"><th data-label="Opportunity Name"><a href="/lightning/r/001Hs00000XyZwVIAV/view">An account</a></th></tr>' +
        '<tr data-row-key-value="006Hs00001gLoBxIAK"><th data-label="Opportunity Name"><a data-recordid="006Hs00001gLoBxIAK" href="/lightning/r/006Hs00001gLoBxIAK/view">Globex</a></th><td data-label="Lead Source">Web</td></tr>' +
        '</tbody></table>',
    );
    expect(lists.read(doc, new URL(LIST))).toEqual({ rows: [{ url: `${ORG}/lightning/r/006Hs00001gLoBxIAK/view`, name: 'Globex' }], skipped: 2, total: 3 });
  });

  it('gives no list (null) while the table has not rendered, and watches nothing of it yet', () => {
    const doc = page('<div class="slds-spinner_container"></div>');
    expect(lists.read(doc, new URL(LIST))).toBeNull();
    expect(lists.watched(doc)).toEqual([]);
  });
});

describe('the Salesforce Kanban', () => {
  it('reads each card with its column\'s stage, without the header count', async () => {
    const app = await listApp('&mockDisplay=kanban');
    const read = lists.read(app.doc, new URL(LIST));
    expect(read?.rows).toHaveLength(6);
    expect(read?.rows.find((row) => row.name === 'Stark - Fleet Renewal')).toEqual({
      url: `${ORG}/lightning/r/006Hs00001StarKIAR/view`,
      name: 'Stark - Fleet Renewal',
      stage: { label: 'Negotiation/Review', value: null },
      amount: { amount: 1_250_000, currency: 'EUR' },
      closeDate: addDays(isoDate(new Date()), 12),
    });
  });

  it('reads only the cards each column renders (13), and watches every column\'s scroller', async () => {
    const app = await listApp('&mockDisplay=kanban&mockRows=200');
    const read = lists.read(app.doc, new URL(LIST));
    const columns = app.doc.querySelectorAll('.runtime_sales_pipelineboardPipelineViewColumn').length;
    expect(read?.rows.length).toBeGreaterThan(13 * 7);
    expect(read?.rows.length).toBeLessThanOrEqual(13 * columns);
    expect(lists.watched(app.doc)).toHaveLength(columns);
    expect(lists.watched(app.doc).every((el) => el.classList.contains('listContent'))).toBe(true);
  });
});
