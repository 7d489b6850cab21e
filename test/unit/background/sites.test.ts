/**
 * Configured sites in the worker: saving sites validates them with the playbook and registers the site script on
 * allowed origins only; removing a site unregisters it and gives back its access; lost registrations are repaired;
 * and a content script on a site may record only that site's deals, under keys the worker derives.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { createHandlers } from '../../../src/background/handlers';
import { createMirror } from '../../../src/background/mirror';
import { Refused } from '../../../src/background/access';
import type { SenderContext } from '../../../src/background/router';
import { createSiteRegistrations } from '../../../src/background/sites';
import { createStore, type Store } from '../../../src/background/store';
import type { Site } from '../../../src/core/types';
import { deal } from '../deal-fixture';
import { fakeSiteBrowser } from './sites-fake';
import { fakeWorker } from './worker-fake';

const ORIGINS = 'https://crm.example-inhouse.test/*';
const SITE: Site = {
  id: 'acme-crm',
  name: 'Acme CRM',
  dealPages: 'https://crm.example-inhouse.test/deals/*',
  selectors: { name: 'h1', stage: '[data-field=stage]' },
};
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const onSite: SenderContext = { kind: 'content', origin: 'https://crm.example-inhouse.test', tabId: 3 };
const SCRIPT = { id: `site:${ORIGINS}`, matches: [ORIGINS], js: ['content/site.js'] };

let store: Store;
let browser: ReturnType<typeof fakeSiteBrowser>;
let log: ReturnType<typeof vi.fn<(message: string, error?: unknown) => void>>;

function handlers() {
  return fakeWorker({
    store: async () => store,
    sites: createSiteRegistrations(browser.browser, log),
    now: () => new Date('2026-11-02T10:00:00Z'),
    log,
  }).handlers;
}

beforeEach(async () => {
  log = vi.fn();
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), log);
  browser = fakeSiteBrowser([ORIGINS]);
});

describe('saving sites', () => {
  it('keeps them in the active playbook and registers the site script on their allowed origin', async () => {
    const h = handlers();
    const result = await h['sites/save']({ sites: [SITE] }, page);
    expect(result).toMatchObject({ saved: true, sites: [{ id: 'acme-crm', origins: ORIGINS, allowed: true }] });
    expect((await h['playbook/get']({}, page)).playbook.sites).toEqual([SITE]);
    expect([...browser.scripts.values()]).toEqual([SCRIPT]);
  });

  it('registers nothing for a site whose access was not given, and says so', async () => {
    browser.origins.clear();
    const result = await handlers()['sites/save']({ sites: [SITE] }, page);
    expect(result).toMatchObject({ saved: true, sites: [{ id: 'acme-crm', allowed: false }] });
    expect(browser.scripts.size).toBe(0);
  });

  it('changes nothing when a site is invalid, and lists its problems with their paths', async () => {
    const h = handlers();
    const result = await h['sites/save']({ sites: [{ ...SITE, dealPages: 'https://crm.example-inhouse.test/deals/42' }] }, page);
    expect(result).toEqual({ saved: false, problems: [{ path: 'sites[0].dealPages', message: expect.stringContaining("put * where the deal's id is") }] });
    expect((await h['playbook/get']({}, page)).source).toEqual({ kind: 'builtin' });
    expect(browser.scripts.size).toBe(0);
  });

  it('unregisters a removed site and gives back its access, keeping what another site on the host needs', async () => {
    const h = handlers();
    const other: Site = { ...SITE, id: 'acme-quotes', name: 'Acme quotes', dealPages: 'https://crm.example-inhouse.test/quotes/*' };
    await h['sites/save']({ sites: [SITE, other] }, page);
    expect(browser.scripts.size).toBe(1);
    await h['sites/save']({ sites: [other] }, page);
    expect(browser.origins.has(ORIGINS)).toBe(true);
    expect([...browser.scripts.values()]).toEqual([SCRIPT]);
    await h['sites/save']({ sites: [] }, page);
    expect(browser.origins.has(ORIGINS)).toBe(false);
    expect(browser.scripts.size).toBe(0);
  });

  it('takes a reset to the built-in playbook, which has no sites, as removing them', async () => {
    const h = handlers();
    await h['sites/save']({ sites: [SITE] }, page);
    await h['playbook/reset']({}, page);
    expect(browser.scripts.size).toBe(0);
    expect(browser.origins.size).toBe(0);
  });
});

describe('keeping registrations right', () => {
  it('registers a lost script again, replaces one that went stale and leaves other scripts alone', async () => {
    const registrations = createSiteRegistrations(browser.browser, log);
    await browser.browser.scripting.register([
      { id: `site:${ORIGINS}`, matches: ['https://crm.example-inhouse.test/old/*'], js: ['content/site.js'] },
      { id: 'someone-else', matches: ['https://x.test/*'], js: ['x.js'] },
    ]);
    expect(await registrations.sync([SITE])).toEqual([{ id: 'acme-crm', origins: ORIGINS, allowed: true }]);
    expect(browser.scripts.get(`site:${ORIGINS}`)).toEqual(SCRIPT);
    expect(browser.scripts.has('someone-else')).toBe(true);
    browser.scripts.delete(`site:${ORIGINS}`);
    await registrations.sync([SITE]);
    expect(browser.scripts.get(`site:${ORIGINS}`)).toEqual(SCRIPT);
  });

  it('runs syncs one at a time, so two at once never register one script twice', async () => {
    const registrations = createSiteRegistrations(browser.browser, log);
    await Promise.all([registrations.sync([SITE]), registrations.sync([SITE])]);
    expect([...browser.scripts.values()]).toEqual([SCRIPT]);
  });
});

describe('deals from a configured site', () => {
  const northwind = deal({
    crm: 'site:acme-crm',
    key: 'site:acme-crm:crm.example-inhouse.test:42',
    recordId: '42',
    url: 'https://crm.example-inhouse.test/deals/42',
    stage: { label: 'Qualification', value: null },
  });

  it('are recorded under the key the worker derives from the site and the URL', async () => {
    const h = handlers();
    await h['sites/save']({ sites: [SITE] }, page);
    await h['deal/seen']({ deal: northwind }, onSite);
    const { checks } = await h['check/set']({ deal: { url: `${northwind.url}/notes` }, criterionId: 'pain', checked: true }, onSite);
    expect(Object.keys(checks)).toEqual(['pain']);
    expect(Object.keys(await store.checks(northwind.key))).toEqual(['pain']);
  });

  it('are refused from another origin, under another key, or once the site is gone', async () => {
    const h = handlers();
    await h['sites/save']({ sites: [SITE] }, page);
    const elsewhere: SenderContext = { ...onSite, origin: 'https://evil.test' };
    await expect(h['deal/seen']({ deal: northwind }, elsewhere)).rejects.toThrow(Refused);
    await expect(h['deal/seen']({ deal: { ...northwind, key: 'site:acme-crm:crm.example-inhouse.test:43' } }, onSite)).rejects.toThrow(
      'The deal at https://crm.example-inhouse.test/deals/42 is site:acme-crm:crm.example-inhouse.test:42',
    );
    await h['sites/save']({ sites: [] }, page);
    await expect(h['deal/seen']({ deal: northwind }, onSite)).rejects.toThrow('is not a deal page of a CRM Stagecoach knows');
  });
});

describe('the message a site’s script sends', () => {
  it('passes payload validation with a site’s CRM id, and a key of another CRM does not', async () => {
    const { parsePayload } = await import('../../../src/background/payloads');
    const northwind = deal({ crm: 'site:acme-crm', key: 'site:acme-crm:crm.example-inhouse.test:42', url: 'https://crm.example-inhouse.test/deals/42' });
    expect(parsePayload('deal/seen', { deal: northwind }).ok).toBe(true);
    expect(parsePayload('deal/seen', { deal: { ...northwind, key: 'salesforce:acme:42' } })).toMatchObject({ ok: false });
  });
});
