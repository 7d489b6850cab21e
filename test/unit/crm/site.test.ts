/**
 * The configured-site reader against the mock in-house CRM (test/fixtures/site-inhouse/), booted in happy-dom: the
 * deal read with an admin's selectors, the fixture's traps (a hidden cached view of the previous deal, the stage
 * inside a status line, a stage changed in place), deal keys, and a failure that names the part not found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../src/core/calendar';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { Site } from '../../../src/core/types';
import { siteAdapter, stageFromText, stageNamesOf } from '../../../src/crm/site';
import { knownSites, recogniseSiteDeal } from '../../../src/crm/site-keys';

const FIXTURES = join(process.cwd(), 'test/fixtures/site-inhouse');
const HTML = readFileSync(join(FIXTURES, 'inhouse-crm.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'inhouse-crm.js'), 'utf8');

const SITE: Site = {
  id: 'acme-crm',
  name: 'Acme CRM',
  dealPages: 'https://crm.example-inhouse.test/deals/*',
  selectors: { name: 'h1.deal-title', stage: '[data-field=stage]', amount: '#deal-amount', closeDate: '#deal-close' },
};
const STAGES = stageNamesOf(DEFAULT_PLAYBOOK.stages);

const windows: Window[] = [];
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

/** The mock CRM at `url`, rendered; it dates its deals from the test's clock. */
function openCrm(url: string) {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  windows.push(window);
  Object.assign(window, { Date });
  window.document.write(HTML.replace(/<script src="[^"]+"><\/script>/, ''));
  window.eval(SCRIPT);
  const doc = window.document as unknown as Document;
  const api = (window as unknown as { inhouseCrm: { navigate(href: string): void } }).inhouseCrm;
  return { window, doc, api, read: (site = SITE) => siteAdapter(site, STAGES).read(doc, new URL(window.location.href)) };
}

describe('reading a deal on a configured site', () => {
  it('reads name, stage (found in its status line), amount with currency and close date', () => {
    const { read } = openCrm('https://crm.example-inhouse.test/deals/42');
    const result = read();
    if (!result.ok) throw new Error(JSON.stringify(result.failure));
    expect(result.deal).toEqual({
      crm: 'site:acme-crm',
      key: 'site:acme-crm:crm.example-inhouse.test:42',
      recordId: '42',
      url: 'https://crm.example-inhouse.test/deals/42',
      locale: 'en-US',
      name: 'Northwind renewal',
      stage: { label: 'Qualification', value: null },
      amount: { amount: 48000, currency: 'USD' },
      closeDate: addDays(isoDate(new Date()), 30),
      probability: null,
      nextStep: null,
      owner: null,
      forecastCategory: null,
      fields: {},
    });
    expect(result.warnings).toEqual([]);
  });

  it('reads the deal on screen, not the previous one the app keeps hidden before it', () => {
    const { api, read } = openCrm('https://crm.example-inhouse.test/deals/42');
    api.navigate('/deals/43');
    const result = read({ ...SITE, selectors: { name: '.deal-title', stage: '.deal-status', amount: '.amount' } });
    if (!result.ok) throw new Error(JSON.stringify(result.failure));
    expect(result.deal).toMatchObject({ key: 'site:acme-crm:crm.example-inhouse.test:43', name: 'Contoso expansion', stage: { label: 'Negotiation' } });
    expect(result.deal.amount).toEqual({ amount: 12500, currency: 'USD' });
  });

  it('sees a stage changed in place, through a new signature', () => {
    const { doc, window, read } = openCrm('https://crm.example-inhouse.test/deals/42');
    const adapter = siteAdapter(SITE, STAGES);
    const url = new URL(window.location.href);
    const before = adapter.signature(doc, url);
    (doc.querySelector('.deal-view:not([hidden]) .advance') as HTMLButtonElement).click();
    expect(adapter.signature(doc, url)).not.toBe(before);
    expect(read()).toMatchObject({ ok: true, deal: { stage: { label: 'Proposal' } } });
  });

  it('is no deal on the list page', () => {
    const { read } = openCrm('https://crm.example-inhouse.test/deals');
    expect(read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
  });

  it('names the part it cannot find, and a selector that is not CSS, once the page has loaded', async () => {
    const { read, doc, window } = openCrm('https://crm.example-inhouse.test/deals/42');
    // Still loading, a missing part may yet render: wait rather than complain.
    expect(doc.readyState).not.toBe('complete');
    expect(read({ ...SITE, selectors: { name: 'h1.deal-title', stage: '.no-such-stage' } })).toEqual({
      ok: false,
      failure: { kind: 'not-ready', missing: ['stage'] },
    });
    window.document.close();
    await window.happyDOM.waitUntilComplete();
    expect(doc.readyState).toBe('complete');
    const result = read({ ...SITE, selectors: { name: 'h1.deal-title', stage: '.no-such-stage' } });
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'unreadable',
        missing: ['stage'],
        message: expect.stringContaining("could not find the deal's stage on this Acme CRM page"),
      },
    });
    const broken = read({ ...SITE, selectors: { name: 'h1[[', stage: '[data-field=stage]' } });
    expect(broken.ok ? null : broken.failure).toMatchObject({ missing: ['name'], message: expect.stringContaining('These selectors are not valid CSS: h1[[') });
  });

  it('tries an admin’s selector overrides before the site’s own', () => {
    const { doc, window } = openCrm('https://crm.example-inhouse.test/deals/42');
    const adapter = siteAdapter({ ...SITE, selectors: { name: '.gone', stage: '[data-field=stage]' } }, STAGES);
    expect(adapter.parts?.name).toEqual({ label: "the deal's name", selectors: ['.gone'] });
    const repaired = adapter.withSelectors?.({ name: ['h1.deal-title'] });
    expect(repaired?.read(doc, new URL(window.location.href))).toMatchObject({ ok: true, deal: { name: 'Northwind renewal' } });
  });

  it('reads amounts and dates the way the site’s locale writes them', () => {
    const { doc, window } = openCrm('https://crm.example-inhouse.test/deals/42');
    const view = doc.querySelector('.deal-view:not([hidden])') as Element;
    (view.querySelector('#deal-amount') as Element).textContent = '12.500,00 €';
    (view.querySelector('#deal-close') as Element).textContent = '31.12.2030';
    const result = siteAdapter({ ...SITE, locale: 'de-DE' }, STAGES).read(doc, new URL(window.location.href));
    expect(result).toMatchObject({ ok: true, deal: { locale: 'de-DE', amount: { amount: 12500, currency: 'EUR' }, closeDate: '2030-12-31' } });
  });
});

describe('stage text', () => {
  it('is the playbook stage it contains, longest first and as whole words', () => {
    expect(stageFromText('Qualification', STAGES)).toBe('Qualification');
    expect(stageFromText('Stage: Closed Won', STAGES)).toBe('Closed Won');
    expect(stageFromText('Wonderful', STAGES)).toBe('Wonderful');
    expect(stageFromText('Custom stage', STAGES)).toBe('Custom stage');
  });
});

describe('deal keys of configured sites', () => {
  const sites = knownSites([SITE, { ...SITE, id: 'tenants', dealPages: 'https://*.example-crm.com/deal/*' }]);
  it('come from the site and its URL, stable across the deal’s tabs, and apart by host', () => {
    const key = (href: string) => recogniseSiteDeal(sites, new URL(href))?.key ?? null;
    expect(key('https://crm.example-inhouse.test/deals/42')).toBe('site:acme-crm:crm.example-inhouse.test:42');
    expect(key('https://crm.example-inhouse.test/deals/42/notes?x=1')).toBe('site:acme-crm:crm.example-inhouse.test:42');
    expect(key('https://a.example-crm.com/deal/7')).toBe('site:tenants:a.example-crm.com:7');
    expect(key('https://b.example-crm.com/deal/7')).toBe('site:tenants:b.example-crm.com:7');
    expect(key('https://crm.example-inhouse.test/deals')).toBeNull();
    expect(key('https://lookalike-example-inhouse.test/deals/42')).toBeNull();
  });
});
