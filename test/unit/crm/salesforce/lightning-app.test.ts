// @vitest-environment happy-dom
/**
 * The demo / e2e mock Lightning app (test/fixtures/salesforce/lightning-app.{html,js}) run in happy-dom and read
 * through the real adapter, so the app and the adapter provably agree.
 */
import type { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as salesforce } from '../../../../src/crm/salesforce';
import type { ReadResult } from '../../../../src/crm/types';
import { closeMockApps, openMockApp, type MockApi } from '../../mock-lightning';

const ORG = 'https://acme.lightning.force.com';
const ACME = '006Hs00001AbCdEIAV';
const INITECH = '006Hs00001iNiTcIAK';
const GLOBEX = '006Hs00001gLoBxIAK';

interface App {
  window: Window;
  doc: Document;
  api: MockApi;
  read(): ReadResult;
  signature(): string | null;
  click(selector: string): void;
}

afterEach(closeMockApps);

async function start(path: string): Promise<App> {
  const { window, doc, api } = openMockApp(ORG + path, 5);
  const url = (): URL => new URL(window.location.href);
  return {
    window,
    doc,
    api,
    read: () => salesforce.read(doc, url()),
    signature: () => salesforce.signature(doc, url()),
    click(selector) {
      const el = doc.querySelector<HTMLElement>(selector);
      if (!el) throw new Error(`Nothing to click at ${selector}`);
      el.click();
    },
  };
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

describe('mock Lightning app', () => {
  it('renders the default record after a spinner, as Lightning does', async () => {
    const app = await start(`/lightning/r/Opportunity/${ACME}/view`);
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
    await app.api.whenIdle();
    const result = app.read();
    expect(result.ok && result.warnings).toEqual([]);
    const d = deal(result);
    expect(d).toMatchObject({
      key: `salesforce:acme:${ACME}`,
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: 'Needs Analysis' },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: addDays(isoDate(new Date()), 30),
      probability: 20,
      nextStep: 'Send revised quote',
      owner: 'Pat Seller',
      forecastCategory: 'Pipeline',
    });
    expect(Object.keys(d.fields)).toHaveLength(12);
    expect(app.doc.title).toBe('Acme - 1,200 Widgets | Opportunity | Salesforce');
  });

  it('navigates with pushState and back/forward without reloading, keeping hidden cached views', async () => {
    const app = await start('/lightning/page/home');
    await app.api.whenIdle();
    const marker = app.doc.createElement('meta');
    marker.id = 'same-document';
    app.doc.head.append(marker);

    app.click('a[title="Opportunities"]');
    await app.api.whenIdle();
    expect(app.window.location.pathname).toBe('/lightning/o/Opportunity/list');
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(app.doc.querySelectorAll('tbody tr[data-row-key-value]')).toHaveLength(6);

    app.click(`a[data-recordid="${ACME}"]`);
    await app.api.whenIdle();
    expect(deal(app.read()).name).toBe('Acme - 1,200 Widgets');

    app.click('a[title="Opportunities"]');
    await app.api.whenIdle();
    app.click(`a[data-recordid="${GLOBEX}"]`);
    expect(app.read().ok).toBe(false);
    await app.api.whenIdle();
    const globex = app.read();
    expect(deal(globex)).toMatchObject({ name: 'Globex - Platform Renewal', amount: { amount: 250000, currency: 'EUR' } });
    expect(JSON.stringify(globex)).not.toContain('Acme');
    const hidden = app.doc.querySelectorAll('.windowViewMode-normal:not(.active)');
    expect(hidden.length).toBeGreaterThan(0);
    for (const view of hidden) expect(view.getAttribute('style')).toContain('display: none');

    app.window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.window.location.pathname).toBe('/lightning/o/Opportunity/list');
    app.window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.api.whenIdle();
    expect(deal(app.read()).name).toBe('Acme - 1,200 Widgets');
    expect(app.doc.getElementById('same-document')).not.toBeNull();
  });

  it('clicking a Path item only selects it; "Mark Stage as Complete" advances the stage', async () => {
    const app = await start(`/lightning/r/Opportunity/${ACME}/view`);
    await app.api.whenIdle();
    const before = app.signature();

    app.click('li[data-name="Proposal/Price Quote"] a.slds-path__link');
    const selected = app.doc.querySelector('li.slds-is-active');
    expect(selected?.getAttribute('data-name')).toBe('Proposal/Price Quote');
    expect(selected?.querySelector('a')?.getAttribute('aria-selected')).toBe('true');
    expect(deal(app.read()).stage.value).toBe('Needs Analysis');

    app.click(`li[data-name="Needs Analysis"] a.slds-path__link`);
    app.click('button.slds-path__mark-complete');
    const advanced = deal(app.read());
    expect(advanced.stage).toEqual({ label: 'Value Proposition', value: 'Value Proposition' });
    expect(advanced.probability).toBe(50);
    expect(app.signature()).not.toBe(before);

    app.click('li[data-name="Negotiation/Review"] a.slds-path__link');
    expect(app.doc.querySelector('button.slds-path__mark-complete')?.textContent).toBe('Mark as Current Stage');
    app.click('button.slds-path__mark-complete');
    expect(deal(app.read()).stage.value).toBe('Negotiation/Review');
    app.click('button.slds-path__mark-complete');
    const won = deal(app.read());
    expect(won.stage).toEqual({ label: 'Closed Won', value: 'Closed Won' });
    expect(won.forecastCategory).toBe('Closed');
  });

  it('inline edit sets Amount and Next Step on a deal that had none', async () => {
    const app = await start(`/lightning/r/Opportunity/${INITECH}/view`);
    await app.api.whenIdle();
    expect(deal(app.read())).toMatchObject({ amount: null, nextStep: null });

    app.click('button.test-id__inline-edit-trigger[title="Edit Amount"]');
    const amount = app.doc.querySelector<HTMLInputElement>('input[name="Amount"]');
    if (!amount) throw new Error('no amount input');
    amount.value = 'lots';
    app.click('button[name="SaveEdit"]');
    expect(app.doc.querySelector('.slds-form-element__help')?.textContent).toBe('Enter a valid number.');
    amount.value = '50,000';
    app.click('button[name="SaveEdit"]');
    expect(app.doc.querySelector('input[name="Amount"]')).toBeNull();

    app.click('button.test-id__inline-edit-trigger[title="Edit Next Step"]');
    const nextStep = app.doc.querySelector<HTMLInputElement>('input[name="NextStep"]');
    if (!nextStep) throw new Error('no next step input');
    nextStep.value = 'Book the security review';
    app.click('button[name="SaveEdit"]');

    const d = deal(app.read());
    expect(d.amount).toEqual({ amount: 50000, currency: 'USD' });
    expect(d.nextStep).toBe('Book the security review');
    expect(d.fields['Amount']).toBe('USD 50,000.00');
  });

  it('every record reads through the adapter as the app holds it', async () => {
    const app = await start('/lightning/o/Opportunity/list');
    await app.api.whenIdle();
    const ids = app.api.recordIds();
    expect(ids).toHaveLength(6);
    expect(ids[0]).toBe(ACME);
    for (const id of ids) {
      app.api.navigate(`/lightning/r/Opportunity/${id.slice(0, 15)}/view`);
      await app.api.whenIdle();
      const result = app.read();
      const d = deal(result);
      expect(result.ok && result.warnings, id).toEqual([]);
      expect(d.recordId).toBe(id);
      expect(app.doc.title).toBe(`${d.name ?? ''} | Opportunity | Salesforce`);
      expect(d.stage.label).toBe(d.fields['Stage']);
    }
  });
});
