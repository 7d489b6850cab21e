// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as salesforce } from '../../../../src/crm/salesforce';
import { recogniseDeal } from '../../../../src/crm/registry';
import type { ReadResult } from '../../../../src/crm/types';

// Under happy-dom, `URL` is the DOM's, which node:fs does not take: resolve paths from the project root.
const FIXTURES = join(process.cwd(), 'test/fixtures/salesforce');
const ORG = 'https://acme.lightning.force.com';
const ACME = '006Hs00001AbCdEIAV';
const OPPORTUNITY_URL = new URL(`${ORG}/lightning/r/Opportunity/${ACME}/view`);

/** A fixture as a Document. The SLDS link is dropped: happy-dom would try (and fail) to fetch it. */
function load(name: string): Document {
  const html = readFileSync(join(FIXTURES, name), 'utf8').replace(/<link rel="stylesheet"[^>]*>/g, '');
  return new DOMParser().parseFromString(html, 'text/html');
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

function warnings(result: ReadResult): string[] {
  return result.ok ? result.warnings : [];
}

function read(doc: Document, url = OPPORTUNITY_URL): ReadResult {
  return salesforce.read(doc, url);
}

/** The visible view's element for a field row, by API name. */
function row(doc: Document, api: string): Element {
  const el = doc.querySelector(`.active [data-target-selection-name="sfdc:RecordField.Opportunity.${api}"]`);
  if (!el) throw new Error(`Fixture has no visible ${api} row`);
  return el;
}

describe('salesforce adapter: identity', () => {
  it('is the Salesforce adapter', () => {
    expect(salesforce.id).toBe('salesforce');
    expect(salesforce.label).toBe('Salesforce');
    expect(recogniseDeal(OPPORTUNITY_URL)).toEqual({ crm: expect.objectContaining({ id: 'salesforce' }), key: `salesforce:acme:${ACME}` });
  });
});

describe('salesforce read: the reconstructed en-US record', () => {
  it('reads the visible deal', () => {
    const result = read(load('opportunity-en-US.html'));
    expect(warnings(result)).toEqual([]);
    expect(deal(result)).toEqual({
      crm: 'salesforce',
      key: `salesforce:acme:${ACME}`,
      recordId: ACME,
      url: OPPORTUNITY_URL.href,
      locale: 'en',
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: 'Needs Analysis' },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: '2026-12-31',
      probability: 20,
      nextStep: 'Send revised quote',
      owner: 'Pat Seller',
      forecastCategory: 'Pipeline',
      fields: {
        'Opportunity Name': 'Acme - 1,200 Widgets',
        'Opportunity Owner': 'Pat Seller',
        'Account Name': 'Acme',
        'Close Date': '12/31/2026',
        Amount: 'USD 1,517,250.00',
        Stage: 'Needs Analysis',
        'Probability (%)': '20%',
        'Next Step': 'Send revised quote',
        'Forecast Category': 'Pipeline',
      },
    });
  });

  it('never leaks the hidden cached "Globex" deal, whichever way the cache is hidden', () => {
    const hiders: ((el: HTMLElement) => void)[] = [
      () => undefined,
      (el) => {
        el.removeAttribute('aria-hidden');
      },
      (el) => {
        el.removeAttribute('style');
      },
      (el) => {
        el.removeAttribute('style');
        el.removeAttribute('aria-hidden');
        el.hidden = true;
      },
    ];
    for (const hide of hiders) {
      const doc = load('opportunity-en-US.html');
      const cached = doc.querySelector<HTMLElement>('.windowViewMode-normal:not(.active)');
      if (!cached) throw new Error('Fixture lost its cached view');
      hide(cached);
      // Put the cached view after the visible one too: order must not matter.
      cached.parentElement?.append(cached);
      const result = read(doc);
      expect(deal(result).name).toBe('Acme - 1,200 Widgets');
      expect(JSON.stringify(result)).not.toContain('Globex');
    }
  });

  it('still skips the hidden view when no view is marked active (document fallback)', () => {
    const doc = load('opportunity-en-US.html');
    doc.querySelector('.windowViewMode-normal.active')?.classList.remove('active');
    const result = read(doc);
    expect(deal(result).stage.label).toBe('Needs Analysis');
    expect(JSON.stringify(result)).not.toContain('Globex');
  });

  it('reads a console workspace tab and a maximised view', () => {
    for (const cls of ['tabContent active oneConsoleTab', 'windowViewMode-maximized active lafPageHost']) {
      const doc = load('opportunity-en-US.html');
      const view = doc.querySelector('.windowViewMode-normal.active');
      if (!view) throw new Error('no view');
      view.className = cls;
      expect(deal(read(doc)).name).toBe('Acme - 1,200 Widgets');
    }
  });

  it('trusts the Stage field when it disagrees with the Path, and says so', () => {
    const doc = load('opportunity-en-US.html');
    const value = row(doc, 'StageName').querySelector('[data-output-element-id="output-field"]');
    if (!value) throw new Error('no stage value');
    value.textContent = 'Value Proposition';
    const result = read(doc);
    expect(deal(result).stage).toEqual({ label: 'Value Proposition', value: 'Value Proposition' });
    expect(warnings(result)).toEqual([
      'The Path shows "Needs Analysis", the Stage field "Value Proposition": using the Stage field.',
    ]);
  });

  it('uses the Stage field alone when the layout has no Path', () => {
    const doc = load('opportunity-en-US.html');
    doc.querySelector('.active .runtime_sales_pathassistantPathAssistant')?.remove();
    expect(deal(read(doc)).stage).toEqual({ label: 'Needs Analysis', value: null });
  });

  it('uses the Path alone when the layout has no Stage field', () => {
    const doc = load('opportunity-en-US.html');
    row(doc, 'StageName').closest('records-record-layout-item')?.remove();
    const result = read(doc);
    expect(deal(result).stage).toEqual({ label: 'Needs Analysis', value: 'Needs Analysis' });
    expect(deal(result).fields).not.toHaveProperty('Stage');
  });

  it('reads a Path outside the pathAssistant wrapper (plain SLDS path)', () => {
    const doc = load('opportunity-en-US.html');
    const wrapper = doc.querySelector('.active .runtime_sales_pathassistantPathAssistant');
    if (!wrapper) throw new Error('no path');
    wrapper.className = 'some-future-path';
    row(doc, 'StageName').closest('records-record-layout-item')?.remove();
    expect(deal(read(doc)).stage.value).toBe('Needs Analysis');
  });

  it('falls back for the name: header, then the Name field, then the page title', () => {
    const doc = load('opportunity-en-US.html');
    doc.querySelector('.active records-highlights2')?.remove();
    row(doc, 'Name').querySelector('[data-output-element-id]')!.textContent = 'From the Name field';
    expect(deal(read(doc)).name).toBe('From the Name field');
    row(doc, 'Name').closest('records-record-layout-item')?.remove();
    expect(deal(read(doc)).name).toBe('Acme - 1,200 Widgets');
  });

  it('reads an owner rendered into a native open shadow root', () => {
    const doc = load('opportunity-en-US.html');
    const host = row(doc, 'OwnerId').querySelector('force-lookup');
    if (!host) throw new Error('no owner lookup');
    host.replaceChildren();
    host.attachShadow({ mode: 'open' }).innerHTML = '<a href="/lightning/r/005/view">Sam Shadow</a>';
    const result = deal(read(doc));
    expect(result.owner).toBe('Sam Shadow');
    expect(result.fields['Opportunity Owner']).toBe('Sam Shadow');
  });

  it('warns, and leaves the value empty, when an amount or date cannot be read', () => {
    const doc = load('opportunity-en-US.html');
    row(doc, 'Amount').querySelector('[data-output-element-id]')!.textContent = 'lots';
    row(doc, 'CloseDate').querySelector('[data-output-element-id]')!.textContent = 'soon';
    const result = read(doc);
    expect(deal(result).amount).toBeNull();
    expect(deal(result).closeDate).toBeNull();
    expect(warnings(result)).toEqual([
      'Could not read the amount "lots" (en).',
      'Could not read the close date "soon" (en).',
    ]);
  });

  it('reads the page locale from <html lang>, en-US when missing', () => {
    const doc = load('opportunity-en-US.html');
    doc.documentElement.removeAttribute('lang');
    expect(deal(read(doc)).locale).toBe('en-US');
  });
});

describe('salesforce read: other fixtures', () => {
  it('German UI: translated labels, English API values, German numbers and dates', () => {
    const result = read(load('opportunity-de-DE.html'));
    expect(warnings(result)).toEqual([]);
    const d = deal(result);
    expect(d.locale).toBe('de-DE');
    expect(d.name).toBe('Acme - 1.200 Widgets');
    expect(d.stage).toEqual({ label: 'Bedarfsanalyse', value: 'Needs Analysis' });
    expect(d.amount).toEqual({ amount: 1250000, currency: 'EUR' });
    expect(d.closeDate).toBe('2026-12-31');
    expect(d.probability).toBe(20);
    expect(d.owner).toBe('Petra Verkauf');
    expect(d.nextStep).toBe('Überarbeitetes Angebot senden');
    expect(d.forecastCategory).toBe('Pipeline');
    expect(d.fields).toEqual({
      'Opportunity-Name': 'Acme - 1.200 Widgets',
      'Opportunity-Inhaber': 'Petra Verkauf',
      Accountname: 'Acme',
      Schlusstermin: '31.12.2026',
      Betrag: 'EUR 1.250.000,00',
      Phase: 'Bedarfsanalyse',
      'Wahrscheinlichkeit (%)': '20 %',
      'Nächster Schritt': 'Überarbeitetes Angebot senden',
      Prognosekategorie: 'Pipeline',
      Privat: 'false',
    });
    expect(JSON.stringify(result)).not.toContain('Globex');
  });

  it('French UI: narrow no-break spaces in the amount, day-first date', () => {
    const d = deal(read(load('opportunity-fr-FR.html')));
    expect(d.stage).toEqual({ label: 'Proposition/Devis', value: 'Proposal/Price Quote' });
    expect(d.amount).toEqual({ amount: 1250000, currency: 'EUR' });
    expect(d.closeDate).toBe('2026-12-31');
    expect(d.probability).toBe(75);
    expect(d.fields['Montant']).toBe('1\u202f250\u202f000,00\u00a0€');
  });

  it('reads the current stage, not the stage the rep clicked', () => {
    const doc = load('opportunity-selected-stage.html');
    expect(doc.querySelector('li.slds-is-active')?.getAttribute('data-name')).toBe('Proposal/Price Quote');
    const result = read(doc);
    expect(deal(result).stage).toEqual({ label: 'Value Proposition', value: 'Value Proposition' });
    expect(warnings(result)).toEqual([]);
  });

  it('Closed Won: the generic "Closed" Path item yields to the Stage field, without a warning', () => {
    const result = read(load('opportunity-closed-won.html'));
    expect(warnings(result)).toEqual([]);
    const d = deal(result);
    expect(d.stage).toEqual({ label: 'Closed Won', value: null });
    expect(d.probability).toBe(100);
    expect(d.forecastCategory).toBe('Closed');
    expect(d.nextStep).toBeNull();
  });

  it('missing fields: empty amount and close date, no Next Step on the layout', () => {
    const result = read(load('opportunity-missing-fields.html'));
    expect(warnings(result)).toEqual([]);
    const d = deal(result);
    expect(d.stage.value).toBe('Qualification');
    expect(d.amount).toBeNull();
    expect(d.closeDate).toBeNull();
    expect(d.nextStep).toBeNull();
    expect(d.fields['Amount']).toBe('');
    expect(d.fields['Close Date']).toBe('');
    expect(d.fields['Description']).toBe('');
    expect(d.fields['Type']).toBe('Existing Customer - Upgrade');
    expect(d.fields).not.toHaveProperty('Next Step');
  });

  it('loading: not ready yet, and nothing from the cached deal', () => {
    const result = read(load('opportunity-loading.html'));
    expect(result).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
  });

  it('a rendered page without any stage hook is unreadable, with a message a person understands', () => {
    const result = read(load('opportunity-unrecognised.html'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.kind).toBe('unreadable');
    if (result.failure.kind !== 'unreadable') return;
    expect(result.failure.message).toMatch(/^Stagecoach could not find this opportunity's stage on the page: Salesforce may have changed its layout\./);
  });

  it('when only the stage is gone, says so and hands over the rest of the deal for a stage chosen by hand', () => {
    const doc = load('opportunity-en-US.html');
    // A release that changes only the stage's markup: every element the stage is read from disappears.
    for (const el of doc.querySelectorAll(salesforce.parts.stage?.selectors.join(',') ?? 'no-stage-part')) el.remove();
    for (const el of doc.querySelectorAll('[data-target-selection-name$=".StageName"], .slds-path')) el.remove();
    const result = read(doc);
    if (result.ok || result.failure.kind !== 'unreadable') throw new Error(`expected unreadable, got ${JSON.stringify(result)}`);
    expect(result.failure.missing).toEqual(['stage']);
    // The rules of the stage the rep picks are then decided on what the page does show.
    expect(result.failure.read).toMatchObject({ name: 'Acme - 1,200 Widgets', amount: { amount: 1517250, currency: 'USD' }, nextStep: 'Send revised quote' });
  });

  it('an Account record is not a deal', () => {
    const url = new URL(`${ORG}/lightning/r/Account/001Hs00000XyZwVIAV/view`);
    expect(recogniseDeal(url)).toBeNull();
    expect(salesforce.read(load('account-record.html'), url)).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(salesforce.signature(load('account-record.html'), url)).toBeNull();
  });

  it('the list view is not a deal', () => {
    const url = new URL(`${ORG}/lightning/o/Opportunity/list?filterName=Recent`);
    expect(salesforce.read(load('opportunity-list.html'), url)).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(salesforce.signature(load('opportunity-list.html'), url)).toBeNull();
  });
});

describe('salesforce signature', () => {
  function moveCurrent(doc: Document, to: string): void {
    const items = [...doc.querySelectorAll('.active li.slds-path__item')];
    for (const item of items) {
      item.classList.remove('slds-is-current', 'slds-is-active');
      if (item.getAttribute('data-name') === to) item.classList.add('slds-is-current', 'slds-is-active');
    }
  }

  it('is stable for the same page', () => {
    expect(salesforce.signature(load('opportunity-en-US.html'), OPPORTUNITY_URL)).toBe(
      salesforce.signature(load('opportunity-en-US.html'), OPPORTUNITY_URL),
    );
  });

  it('changes when the stage changes', () => {
    const doc = load('opportunity-en-US.html');
    const before = salesforce.signature(doc, OPPORTUNITY_URL);
    moveCurrent(doc, 'Value Proposition');
    expect(salesforce.signature(doc, OPPORTUNITY_URL)).not.toBe(before);
  });

  it('changes when the amount, close date or next step changes, or a field appears', () => {
    for (const api of ['Amount', 'CloseDate', 'NextStep', 'StageName']) {
      const doc = load('opportunity-en-US.html');
      const before = salesforce.signature(doc, OPPORTUNITY_URL);
      row(doc, api).querySelector('[data-output-element-id]')!.textContent = 'changed';
      expect(salesforce.signature(doc, OPPORTUNITY_URL), api).not.toBe(before);
    }
    const doc = load('opportunity-en-US.html');
    const before = salesforce.signature(doc, OPPORTUNITY_URL);
    const item = doc.querySelector('.active records-record-layout-item');
    item?.parentElement?.append(item.cloneNode(true));
    expect(salesforce.signature(doc, OPPORTUNITY_URL)).not.toBe(before);
  });

  it('stays equal when unrelated DOM changes, including the hidden cached view', () => {
    const doc = load('opportunity-en-US.html');
    const before = salesforce.signature(doc, OPPORTUNITY_URL);
    doc.body.append(doc.createElement('div'));
    doc.querySelector('.active records-highlights-details-item')?.setAttribute('data-x', '1');
    const cached = doc.querySelector('.windowViewMode-normal:not(.active)');
    cached?.querySelector('li.slds-path__item')?.setAttribute('data-name', 'Closed Won');
    cached?.querySelector('[data-output-element-id]')?.replaceChildren('Closed Won');
    expect(salesforce.signature(doc, OPPORTUNITY_URL)).toBe(before);
  });

  it('differs between loading and loaded, so the end of loading triggers a read', () => {
    const loading = salesforce.signature(load('opportunity-loading.html'), OPPORTUNITY_URL);
    expect(loading).not.toBeNull();
    expect(loading).not.toBe(salesforce.signature(load('opportunity-en-US.html'), OPPORTUNITY_URL));
  });

  it('queries far less than a read', () => {
    const doc = load('opportunity-de-DE.html');
    const count = (fn: () => unknown): number => {
      let calls = 0;
      const qs = Element.prototype.querySelector;
      const qsa = Element.prototype.querySelectorAll;
      const dqs = Document.prototype.querySelectorAll;
      Element.prototype.querySelector = function (this: Element, s: string) {
        calls++;
        return qs.call(this, s);
      } as typeof qs;
      Element.prototype.querySelectorAll = function (this: Element, s: string) {
        calls++;
        return qsa.call(this, s);
      } as typeof qsa;
      Document.prototype.querySelectorAll = function (this: Document, s: string) {
        calls++;
        return dqs.call(this, s);
      } as typeof dqs;
      try {
        fn();
      } finally {
        Element.prototype.querySelector = qs;
        Element.prototype.querySelectorAll = qsa;
        Document.prototype.querySelectorAll = dqs;
      }
      return calls;
    };
    const signatureCalls = count(() => salesforce.signature(doc, OPPORTUNITY_URL));
    const readCalls = count(() => salesforce.read(doc, OPPORTUNITY_URL));
    expect(signatureCalls).toBeLessThanOrEqual(15);
    expect(signatureCalls * 2).toBeLessThan(readCalls);
  });
});

describe('salesforce keepClear: the controls the overlay must not cover', () => {
  it('is the visible record’s Path (with its Mark Stage as Complete button), never a hidden cached view’s', () => {
    const doc = load('opportunity-en-US.html');
    const element = salesforce.keepClear(doc);
    expect(element?.classList.contains('runtime_sales_pathassistantPathAssistant')).toBe(true);
    expect(element?.closest('[aria-hidden="true"]')).toBeNull();
    expect(element?.textContent).toContain('Mark Stage as Complete');
  });

  it('falls back to the record header when a page has no Path, and is null where there is neither', () => {
    const doc = load('opportunity-en-US.html');
    for (const path of doc.querySelectorAll('.runtime_sales_pathassistantPathAssistant, .slds-path')) path.remove();
    expect(salesforce.keepClear(doc)?.tagName.toLowerCase()).toBe('records-highlights2');
    expect(salesforce.keepClear(load('opportunity-unrecognised.html'))).toBeNull();
  });
});

describe('salesforce watched: where a change can alter the deal', () => {
  it('is the visible record’s Path, header and field lists, nothing from the hidden cached view', () => {
    const doc = load('opportunity-en-US.html');
    const elements = salesforce.watched(doc);
    expect(elements.length).toBeGreaterThanOrEqual(3);
    expect(elements.every((el) => el.closest('[aria-hidden="true"]') === null)).toBe(true);
    const stageField = row(doc, 'StageName');
    expect(elements.some((el) => el.contains(stageField))).toBe(true);
    expect(elements.some((el) => el.contains(doc.querySelector('.active li.slds-is-current')))).toBe(true);
  });

  it('looks at added elements only when they hold a stage bar, a field or a record header', () => {
    const doc = load('opportunity-en-US.html');
    const feedItem = doc.createElement('li');
    feedItem.innerHTML = '<span class="slds-text-body_small">Pat logged a call</span>';
    expect(salesforce.mayHoldDeal(feedItem)).toBe(false);
    const view = doc.createElement('div');
    view.innerHTML = '<records-record-layout-item field-label="Amount"></records-record-layout-item>';
    expect(salesforce.mayHoldDeal(view)).toBe(true);
    expect(salesforce.mayHoldDeal(doc.createElement('records-highlights2'))).toBe(true);
  });
});
