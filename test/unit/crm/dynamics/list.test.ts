// @vitest-environment happy-dom
/** The Dynamics 365 list reader on the mock app's opportunity view (test/fixtures/dynamics/dynamics-app.js). */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import { LIST_SAMPLE_URLS, listPage } from '../../../../src/crm/dynamics/detect';
import { lists } from '../../../../src/crm/dynamics/list';
import { ORG, closeMockApps, openMockApp } from './mock-dynamics';

const inDays = (n: number) => addDays(isoDate(new Date()), n);

afterEach(closeMockApps);

describe('Dynamics 365 list pages', () => {
  it.each(LIST_SAMPLE_URLS.lists)('%s is a list page', (href) => expect(listPage(new URL(href))).toBe(true));
  it.each(LIST_SAMPLE_URLS.notLists)('%s is not a list page', (href) => expect(listPage(new URL(href))).toBe(false));
});

describe('the Dynamics 365 opportunity grid', () => {
  it('reads each row: its form, topic, pipeline stage, revenue with currency and close date, by column header', async () => {
    const app = await openMockApp('/main.aspx?pagetype=entitylist&etn=opportunity');
    const read = lists.read(app.doc, new URL(app.window.location.href));
    expect(read?.skipped).toBe(0);
    expect(read?.rows).toHaveLength(app.api.recordIds().length);
    expect(read?.rows[0]).toEqual({
      url: `${ORG}${app.api.recordHref('3f2504e0-4f89-41d3-9a0c-0305e82c3301')}`,
      name: '25 Airpot XL Coffee-makers',
      stage: { label: 'Develop', value: null },
      amount: { amount: 30_000, currency: 'USD' },
      closeDate: inDays(30),
    });
    expect(lists.watched(app.doc)).toHaveLength(1);
  });

  it('finds columns by col-id whatever the language, and gathers a row split between pinned and scrolling columns', () => {
    const link = `/main.aspx?pagetype=entityrecord&etn=opportunity&id=3f2504e0-4f89-41d3-9a0c-0305e82c3301`;
    const doc = new DOMParser().parseFromString(
      '<html lang="de-DE"><body><div data-id="data-set-body-container">' +
        '<div role="row"><div role="columnheader" col-id="name">Thema</div><div role="columnheader" col-id="estimatedvalue">Geschätzter Umsatz</div></div>' +
        `<div class="ag-pinned-left-cols-container"><div role="row" row-index="0"><div role="gridcell" col-id="name"><a href="${link}">Kaffee</a></div></div></div>` +
        '<div class="ag-center-cols-container"><div role="row" row-index="0"><div role="gridcell" col-id="estimatedvalue">12.500,00 €</div><div role="gridcell" col-id="estimatedclosedate">31.12.2030</div></div>' +
        '<div role="row" row-index="1"><div role="gridcell" col-id="name">Kein Link</div></div></div>' +
        '</div></body></html>',
      'text/html',
    );
    expect(lists.read(doc, new URL(`${ORG}/main.aspx?pagetype=entitylist&etn=opportunity`))).toEqual({
      rows: [{ url: `${ORG}${link}`, name: 'Kaffee', amount: { amount: 12_500, currency: 'EUR' }, closeDate: '2030-12-31' }],
      skipped: 1,
      total: 2,
    });
  });
});
