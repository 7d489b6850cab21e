/**
 * The tabs open when the extension is installed, updated or reloaded: which of its scripts each gets. The CRM tabs get
 * the manifest's detector; the tabs of a configured site get the site script once a sync has registered it again,
 * only where the site's access was allowed; nothing else is touched.
 */
import { describe, expect, it, vi } from 'vitest';
import { injectionsInto } from '../../../src/background/open-tabs';
import { createSiteRegistrations, siteScripts } from '../../../src/background/sites';
import type { Site } from '../../../src/core/types';
import { fakeSiteBrowser } from './sites-fake';

const DETECTOR = { matches: ['https://*.lightning.force.com/*', 'https://app.hubspot.com/*'], js: ['content/detector.js'] };
const INHOUSE = 'https://crm.example-inhouse.test/*';
const site = (id: string, dealPages: string): Site => ({ id, name: id, dealPages, selectors: { name: 'h1', stage: '.stage' } });
const SITES = [
  site('inhouse', 'https://crm.example-inhouse.test/deals/*'),
  // The same host as the first: one script, one permission.
  site('inhouse-leads', 'https://crm.example-inhouse.test/leads/*'),
  site('tenants', 'https://*.example-tenants.test/opportunity/*'),
  site('not-allowed', 'https://crm.example-withheld.test/deals/*'),
];

const TABS = [
  { id: 1, url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view' },
  { id: 2, url: 'https://crm.example-inhouse.test/deals/42' },
  // Not a deal page of the site: the script follows the app's navigation from any of its pages into a deal.
  { id: 3, url: 'https://crm.example-inhouse.test/deals' },
  { id: 4, url: 'https://north.example-tenants.test/opportunity/7' },
  { id: 5, url: 'https://crm.example-withheld.test/deals/9' },
  { id: 6, url: 'https://www.example.com/' },
  { id: 7, url: 'chrome://newtab/' },
];

describe('the open tabs after an install, update or reload', () => {
  it('give each CRM tab the manifest’s detector and leave every other tab alone', () => {
    expect(injectionsInto(TABS, [DETECTOR])).toEqual([{ tabId: 1, url: TABS[0]!.url, file: 'content/detector.js' }]);
  });

  it('give each tab of an allowed site the site script once the sync has registered it again, and no other tab', async () => {
    // An update lost every registration; the user allowed two of the three hosts.
    const browser = fakeSiteBrowser([INHOUSE, 'https://*.example-tenants.test/*']);
    const statuses = await createSiteRegistrations(browser.browser, vi.fn()).sync(SITES);
    expect([...browser.scripts.keys()]).toEqual([`site:${INHOUSE}`, 'site:https://*.example-tenants.test/*']);

    expect(injectionsInto(TABS, siteScripts(statuses))).toEqual([
      { tabId: 2, url: TABS[1]!.url, file: 'content/site.js' },
      { tabId: 3, url: TABS[2]!.url, file: 'content/site.js' },
      { tabId: 4, url: TABS[3]!.url, file: 'content/site.js' },
    ]);
  });

  it('inject nothing for sites when none is allowed, or the sync failed and reported none', () => {
    expect(siteScripts([{ id: 'not-allowed', origins: 'https://crm.example-withheld.test/*', allowed: false }])).toEqual([]);
    expect(siteScripts([])).toEqual([]);
  });

  it('run a file once per tab when two scripts list it, and skip an address that is no URL', () => {
    const twice = [DETECTOR, { matches: ['https://*.force.com/*'], js: ['content/detector.js'] }];
    expect(injectionsInto([...TABS, { id: 8, url: 'not a url' }], twice)).toEqual([
      { tabId: 1, url: TABS[0]!.url, file: 'content/detector.js' },
    ]);
  });
});
