// @vitest-environment happy-dom
/**
 * The Salesforce Classic reader against the mock Classic pages (test/fixtures/salesforce-classic), including the traps
 * they carry: related lists and a sidebar that name other stages and deals, a hidden inline-edit dialog with another
 * stage selected, a help bubble's script inside the Stage label, "[Change]" beside the owner, empty cells.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import { adapter } from '../../../../src/crm/salesforce-classic';
import { dealKey as lightningDealKey } from '../../../../src/crm/salesforce/detect';
import { recogniseDeal } from '../../../../src/crm/registry';
import type { ReadResult } from '../../../../src/crm/types';
import { closeClassicPages, openClassicPage } from './classic-app';

const ORG = 'https://acme.my.salesforce.com';
const ACME = '006Hs00001AbCdE';
const ACME_18 = '006Hs00001AbCdEIAV';
const ACME_URL = `${ORG}/${ACME}`;

afterEach(closeClassicPages);

function page(url = ACME_URL): { doc: Document; url: URL } {
  return { doc: openClassicPage(url).doc, url: new URL(url) };
}

function deal(result: ReadResult) {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

/** The label cell of a detail row, by its label. */
function labelCell(doc: Document, label: string): Element {
  const cell = [...doc.querySelectorAll('#ep td.labelCol')].find((el) => el.textContent.trim().startsWith(label));
  if (!cell) throw new Error(`The page has no "${label}" row`);
  return cell;
}

const inDays = (days: number): string => addDays(isoDate(new Date()), days);

describe('salesforce-classic adapter: identity', () => {
  it('is the Salesforce Classic adapter, and gives a deal the key Lightning gives it', () => {
    expect({ id: adapter.id, label: adapter.label }).toEqual({ id: 'salesforce-classic', label: 'Salesforce Classic' });
    const lightning = lightningDealKey(new URL(`https://acme.lightning.force.com/lightning/r/Opportunity/${ACME_18}/view`));
    expect(lightning).toBe(`salesforce:acme:${ACME_18}`);
    expect(recogniseDeal(new URL(ACME_URL))).toEqual({ crm: expect.objectContaining({ id: 'salesforce-classic' }), key: lightning });
  });

  it('names every part a failure can name, and every part has selectors or the detail tables to read it by label', () => {
    const parts = adapter.parts ?? {};
    expect(Object.keys(parts).sort()).toEqual(
      ['amount', 'closeDate', 'fields', 'forecastCategory', 'name', 'nextStep', 'owner', 'probability', 'stage', 'title'].sort(),
    );
    for (const [id, part] of Object.entries(parts)) expect(part.label, id).not.toBe('');
    expect(parts.stage?.selectors).toEqual(['#opp11_ileinner']);
  });
});

describe('salesforce-classic read: a detail page', () => {
  it('reads the deal as the page shows it', () => {
    const { doc, url } = page();
    const result = adapter.read(doc, url);
    expect(result.ok && result.warnings).toEqual([]);
    expect(deal(result)).toEqual({
      crm: 'salesforce',
      key: `salesforce:acme:${ACME_18}`,
      recordId: ACME_18,
      url: ACME_URL,
      locale: 'en-US',
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: inDays(45),
      probability: 20,
      nextStep: 'Send revised quote',
      owner: 'Pat Seller',
      forecastCategory: 'Pipeline',
      fields: expect.objectContaining({
        'Opportunity Owner': 'Pat Seller',
        'Opportunity Name': 'Acme - 1,200 Widgets',
        'Account Name': 'Acme',
        Amount: 'USD 1,517,250.00',
        Stage: 'Needs Analysis',
        'Probability (%)': '20%',
        Type: 'New Customer',
        'Lead Source': 'Web',
        Private: 'false',
        'Discount Approved': 'false',
        'Primary Campaign Source': '',
        Description: 'Widgets for the Springfield plant, delivered in three batches.',
      }),
    });
  });

  it('reads the same deal, under the same key, from the 18-character URL with a search-result query', () => {
    const { doc, url } = page(`${ORG}/${ACME_18}?srPos=0&srKp=006`);
    const read = deal(adapter.read(doc, url));
    expect(read.key).toBe(`salesforce:acme:${ACME_18}`);
    expect(read.stage.label).toBe('Needs Analysis');
  });

  it('reads a closed deal, and an empty next step as none', () => {
    const { doc, url } = page(`${ORG}/006Hs00001InTcH`);
    const read = deal(adapter.read(doc, url));
    expect(read).toMatchObject({ name: 'Initech - Expansion', stage: { label: 'Closed Won' }, probability: 100, nextStep: null });
    expect(read.closeDate).toBe(inDays(-3));
    expect(read.fields['Discount Approved']).toBe('false');
  });

  it('reads a checked checkbox as true', () => {
    const { doc, url } = page(`${ORG}/006Hs00001GlBxA`);
    expect(deal(adapter.read(doc, url)).fields['Discount Approved']).toBe('true');
  });
});

describe('salesforce-classic read: the traps around the record', () => {
  it('never takes the inline-edit dialog’s selected stage or the Stage History’s earlier stages', () => {
    const { doc, url } = page();
    expect(doc.querySelector('#InlineEditDialog select#opp11 option[selected]')?.textContent).toBe('Closed Lost');
    expect(doc.body.textContent).toContain('Qualification');
    const read = deal(adapter.read(doc, url));
    expect(read.stage.label).toBe('Needs Analysis');
    expect(Object.values(read.fields)).not.toContain('Closed Lost');
    expect(Object.values(read.fields)).not.toContain('Qualification');
  });

  it('leaves the help bubble’s script out of the Stage label, "[Change]" out of the owner and the sidebar out of the name', () => {
    const { doc, url } = page();
    expect(labelCell(doc, 'Stage').textContent).toContain('sfdcHelp');
    const read = deal(adapter.read(doc, url));
    expect(Object.keys(read.fields).filter((label) => label.includes('Stage'))).toEqual(['Stage']);
    expect(read.owner).toBe('Pat Seller');
    expect(read.fields['Opportunity Owner']).toBe('Pat Seller');
    expect(doc.querySelector('#sidebarCell')?.textContent).toContain('Globex - Renewal');
    expect(read.name).toBe('Acme - 1,200 Widgets');
  });

  it('skips the layout’s blank cells', () => {
    const { doc, url } = page();
    expect(doc.querySelector('#ep td.labelCol.empty')).not.toBeNull();
    expect(Object.keys(deal(adapter.read(doc, url)).fields).filter((label) => label.trim() === '')).toEqual([]);
  });
});

describe('salesforce-classic read: when the markup differs', () => {
  it('reads the standard fields by their labels when the value ids are gone', () => {
    const { doc, url } = page();
    for (const el of doc.querySelectorAll('[id$="_ileinner"]')) el.removeAttribute('id');
    const read = deal(adapter.read(doc, url));
    expect(read).toMatchObject({
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: inDays(45),
      probability: 20,
      nextStep: 'Send revised quote',
      owner: 'Pat Seller',
    });
  });

  it('reads the standard fields by their ids when the labels are in another language', () => {
    const { doc, url } = page();
    labelCell(doc, 'Stage').textContent = 'Phase';
    labelCell(doc, 'Amount').textContent = 'Betrag';
    labelCell(doc, 'Close Date').textContent = 'Schlusstermin';
    const read = deal(adapter.read(doc, url));
    expect(read.stage.label).toBe('Needs Analysis');
    expect(read.amount).toEqual({ amount: 1517250, currency: 'USD' });
    expect(read.closeDate).toBe(inDays(45));
    expect(read.fields.Phase).toBe('Needs Analysis');
  });

  it('takes the name from the page title when the layout has no Opportunity Name field', () => {
    const { doc, url } = page();
    labelCell(doc, 'Opportunity Name').parentElement?.remove();
    expect(deal(adapter.read(doc, url)).name).toBe('Acme - 1,200 Widgets');
  });

  it('says the stage is missing, and what to do, when a rendered page has no stage', () => {
    const { doc, url } = page();
    doc.querySelector('#opp11_ileinner')?.removeAttribute('id');
    labelCell(doc, 'Stage').textContent = 'Phase';
    const result = adapter.read(doc, url);
    expect(result).toEqual({
      ok: false,
      failure: { kind: 'unreadable', message: expect.stringContaining('tell your Stagecoach admin'), missing: ['stage'] },
    });
  });

  it('says a page still loading is not ready', () => {
    const doc = new DOMParser().parseFromString('<!doctype html><html><head><title>Salesforce</title></head><body></body></html>', 'text/html');
    expect(adapter.read(doc, new URL(ACME_URL))).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
  });

  it('reads an amount it cannot parse as empty, with a warning', () => {
    const { doc, url } = page();
    const amount = doc.querySelector('#opp7_ileinner');
    if (amount) amount.textContent = 'a lot';
    const result = adapter.read(doc, url);
    expect(deal(result).amount).toBeNull();
    expect(result.ok && result.warnings).toEqual(['Could not read the amount "a lot" (en-US).']);
  });
});

describe('salesforce-classic read: selector overrides', () => {
  it('repairs a stage the page moved, with an admin’s selector tried first', () => {
    const { doc, url } = page();
    const stage = doc.querySelector('#opp11_ileinner');
    stage?.setAttribute('id', 'opp11_output');
    labelCell(doc, 'Stage').textContent = 'Sales Stage';
    expect(adapter.read(doc, url)).toMatchObject({ ok: false, failure: { kind: 'unreadable', missing: ['stage'] } });
    const repaired = adapter.withSelectors?.({ stage: ['#opp11_output'], unknownPart: ['.x'] });
    if (!repaired) throw new Error('The adapter has no withSelectors');
    expect(deal(repaired.read(doc, url)).stage.label).toBe('Needs Analysis');
    // The override does not leak into the adapter it came from.
    expect(adapter.read(doc, url).ok).toBe(false);
  });

  it('puts an override in front of the built-in selectors, which still work behind it', () => {
    const { doc, url } = page();
    const repaired = adapter.withSelectors?.({ stage: ['#nothing-here'] });
    expect(repaired && deal(repaired.read(doc, url)).stage.label).toBe('Needs Analysis');
  });
});

describe('salesforce-classic: which pages and changes matter', () => {
  it('reads nothing on the Opportunities tab, the edit page or a record that is not there', () => {
    for (const href of [`${ORG}/006/o`, `${ORG}/${ACME}/e`]) {
      const { doc, url } = page(href);
      expect(adapter.read(doc, url), href).toEqual({ ok: false, failure: { kind: 'not-deal' } });
      expect(adapter.signature(doc, url), href).toBeNull();
    }
    const { doc, url } = page(`${ORG}/006Hs00001ZzZzZ`);
    expect(doc.title).toContain('Data Not Available');
    // A deleted record: nothing to read, and nothing the layout is to blame for.
    expect(adapter.read(doc, url)).toMatchObject({ ok: false, failure: { kind: 'not-ready' } });
  });

  it('changes its signature when a value is edited inline, not when the sidebar changes', () => {
    const { doc, url } = page();
    const before = adapter.signature(doc, url);
    doc.querySelector('#sidebarCell ul')?.append(doc.createElement('li'));
    expect(adapter.signature(doc, url)).toBe(before);
    const stage = doc.querySelector('#opp11_ileinner');
    if (stage) stage.textContent = 'Value Proposition';
    expect(adapter.signature(doc, url)).not.toBe(before);
    expect(deal(adapter.read(doc, url)).stage.label).toBe('Value Proposition');
  });

  it('watches the title block and the detail section, and observes the body cell only', () => {
    const { doc } = page();
    const watched = adapter.watched(doc);
    expect(watched).toContain(doc.querySelector('#ep'));
    expect(watched).toContain(doc.querySelector('h2.pageDescription'));
    expect(watched.some((el) => el.closest('#sidebarCell') || el.closest('.bRelatedList'))).toBe(false);
    expect(adapter.observeRoot(doc)).toBe(doc.querySelector('#bodyCell'));
    expect(adapter.keepClear(doc)).toBe(doc.querySelector('.bPageTitle'));
    expect(adapter.mayHoldDeal(doc.querySelector('#ep') as Element)).toBe(true);
    expect(adapter.mayHoldDeal(doc.querySelector('#sidebarCell') as Element)).toBe(false);
  });
});
