// @vitest-environment happy-dom
/** The Pipedrive list reader on the mock app's pipeline board (test/fixtures/pipedrive/pipedrive-app.js). */
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_SAMPLE_URLS, listPage } from '../../../../src/crm/pipedrive/detect';
import { lists } from '../../../../src/crm/pipedrive/list';
import { closeMockApps, openMockApp } from './mock-pipedrive';

const COMPANY = 'https://acme.pipedrive.com';

afterEach(closeMockApps);

describe('Pipedrive list pages', () => {
  it.each(LIST_SAMPLE_URLS.lists)('%s is a list page', (href) => expect(listPage(new URL(href))).toBe(true));
  it.each(LIST_SAMPLE_URLS.notLists)('%s is not a list page', (href) => expect(listPage(new URL(href))).toBe(false));
});

describe('the Pipedrive pipeline board', () => {
  it('reads each tile with its column\'s stage and its value with currency', async () => {
    const app = openMockApp(`${COMPANY}/pipeline/1`);
    await app.api.whenIdle();
    const read = lists.read(app.doc, new URL(app.window.location.href));
    expect(read?.skipped).toBe(0);
    expect(read?.rows).toHaveLength(app.api.dealIds().length);
    expect(read?.rows.find((row) => row.url === `${COMPANY}/deal/42`)).toEqual({
      url: `${COMPANY}/deal/42`,
      name: 'Acme - Fleet Tracking',
      stage: { label: 'Demo Scheduled', value: null },
      amount: { amount: 15_000, currency: 'EUR' },
    });
    // Initech has no value: shown empty, recorded as none.
    expect(read?.rows.find((row) => row.url === `${COMPANY}/deal/44`)?.amount).toBeNull();
    expect(lists.watched(app.doc)).toHaveLength(1);
  });

  it('takes the deal from the tile\'s id when its title has no link, and skips a tile with neither', () => {
    const doc = new DOMParser().parseFromString(
      '<div data-test="pipeline-view"><div data-test="stage-1"><div>Lead In</div><div data-test="deals-list">' +
        '<div data-test="pipeline-deal-tile" data-test-deal-id="77"><span>No link</span><div data-test="pipeline-deal-value">$1,000</div></div>' +
        '<div data-test="pipeline-deal-tile"><span>Nothing</span></div>' +
        '</div></div></div>',
      'text/html',
    );
    expect(lists.read(doc, new URL(`${COMPANY}/pipeline/1`))).toEqual({
      rows: [{ url: `${COMPANY}/deal/77`, stage: { label: 'Lead In', value: null }, amount: { amount: 1000, currency: 'USD' } }],
      skipped: 1,
      total: 2,
    });
  });
});
