// @vitest-environment happy-dom
/**
 * The HubSpot reader against the mock HubSpot app the browser tests serve (test/fixtures/hubspot), booted in
 * happy-dom: a deal as a rep sees it, the traps the evidence names, HubSpot's in-app navigation, and repairs by
 * selector overrides.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as hubspot } from '../../../../src/crm/hubspot';
import { recogniseDeal } from '../../../../src/crm/registry';
import type { ReadResult } from '../../../../src/crm/types';
import { closeMockHubSpots, openMockHubSpot, type MockHubSpot } from './mock-hubspot';

const PORTAL = '4471120';
const ACME = '15820011001';
const GLOBEX = '15820011002';
const INITECH = '15820011003';
const dealPage = (id: string, host = 'app.hubspot.com') => `https://${host}/contacts/${PORTAL}/record/0-3/${id}`;
const BOARD = `https://app.hubspot.com/contacts/${PORTAL}/objects/0-3/views/all/board`;

afterEach(closeMockHubSpots);

async function open(href: string, language?: 'en-US' | 'pt-BR'): Promise<MockHubSpot> {
  const app = openMockHubSpot(href, { language });
  await app.api.whenRendered();
  return app;
}

function read(app: MockHubSpot): ReadResult {
  return hubspot.read(app.doc, app.url());
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

function click(app: MockHubSpot, selector: string): void {
  const el = app.doc.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`Nothing to click at ${selector}`);
  el.click();
}

const today = () => isoDate(new Date());
/** MM/DD/YYYY, as the en-US mock shows an ISO date. */
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

describe('hubspot read: a deal record', () => {
  it('says not ready while the record loads, then reads the deal as the rep sees it', async () => {
    const app = openMockHubSpot(dealPage(ACME));
    expect(read(app)).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
    await app.api.whenRendered();
    const result = read(app);
    expect(result.ok && result.warnings).toEqual([]);
    const closeDate = addDays(today(), 30);
    expect(deal(result)).toEqual({
      crm: 'hubspot',
      key: `hubspot:${PORTAL}:${ACME}`,
      recordId: ACME,
      url: dealPage(ACME),
      locale: 'en-US',
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Appointment scheduled', value: null },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate,
      probability: 20,
      nextStep: 'Send revised quote',
      owner: 'Pat Seller',
      forecastCategory: 'Pipeline',
      fields: {
        Amount: '$1,517,250.00',
        'Close date': usDate(closeDate),
        Stage: 'Appointment scheduled',
        'Deal name': 'Acme - 1,200 Widgets',
        'Deal owner': 'Pat Seller',
        Pipeline: 'Sales Pipeline',
        'Deal stage': 'Appointment scheduled',
        'Deal probability': '20%',
        'Next step': 'Send revised quote',
        'Forecast category': 'Pipeline',
        'Deal type': 'New business',
      },
    });
  });

  it('reads the same deal, under the same key, on a regional host and at the older /deal/ URL', async () => {
    const app = await open(`https://app-eu1.hubspot.com/contacts/${PORTAL}/deal/${GLOBEX}/`);
    const d = deal(read(app));
    expect(d).toMatchObject({ key: `hubspot:${PORTAL}:${GLOBEX}`, name: 'Globex - Platform Renewal', stage: { label: 'Qualified to buy' } });
    expect(d.amount).toEqual({ amount: 250000, currency: 'EUR' });
    expect(recogniseDeal(app.url())?.key).toBe(`hubspot:${PORTAL}:${GLOBEX}`);
  });

  it('reads an empty amount and next step as empty, without warnings', async () => {
    const app = await open(dealPage(INITECH));
    const result = read(app);
    expect(result.ok && result.warnings).toEqual([]);
    expect(deal(result)).toMatchObject({ stage: { label: 'Presentation scheduled' }, amount: null, nextStep: null });
  });

  it('finds the standard properties by internal name in another UI language, and strips the label the stage carries', async () => {
    const app = await open(dealPage(ACME), 'pt-BR');
    const d = deal(read(app));
    expect(d).toMatchObject({
      locale: 'pt-BR',
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Compromisso agendado', value: null },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: addDays(today(), 30),
      probability: 20,
      owner: 'Pat Seller',
    });
    expect(d.fields['Etapa do negócio']).toBe('Compromisso agendado');
    expect(d.fields.Valor).toMatch(/^US\$\s1\.517\.250,00$/);
  });
});

describe('hubspot read: the traps', () => {
  it('never reads the properties of the records shown beside the deal (association cards, preview panel)', async () => {
    const app = await open(dealPage(ACME));
    click(app, '[data-mock-preview]');
    expect(app.doc.querySelector('[data-selenium-test="sidebar-preview-panel"] [data-selenium-test="highlightTitle"]')?.textContent).toBe('Jordan Buyer');
    const d = deal(read(app));
    expect(d.name).toBe('Acme - 1,200 Widgets');
    expect(d.owner).toBe('Pat Seller');
    expect(Object.keys(d.fields)).not.toContain('Company owner');
    expect(Object.keys(d.fields)).not.toContain('Lifecycle stage');

    // Without the sidebar to scope to, the whole page is read: still none of the other records' hooks.
    app.doc.querySelector('[data-scroll-trackable-container]')?.removeAttribute('data-scroll-trackable-container');
    const unscoped = deal(read(app));
    expect(unscoped).toMatchObject({ name: 'Acme - 1,200 Widgets', owner: 'Pat Seller', stage: { label: 'Appointment scheduled' } });
    expect(Object.values(unscoped.fields)).not.toContain('Sam Rivera');
  });

  it('takes no composite highlight item for a property', async () => {
    const app = await open(dealPage(ACME));
    const d = deal(read(app));
    expect(Object.values(d.fields).some((value) => value.includes('Pat Seller Sales Pipeline'))).toBe(false);
    expect(Object.keys(d.fields)).not.toContain('Pat Seller');
  });

  it('reads the stage from the About card, without its label, when the highlight card shows none', async () => {
    const app = await open(dealPage(ACME));
    app.doc.querySelector('[data-test-id="highlight-property-item-dealstage"]')?.remove();
    expect(deal(read(app)).stage).toEqual({ label: 'Appointment scheduled', value: null });
  });

  it('keeps the saved stage while the rep only looks through the stage list', async () => {
    const app = await open(dealPage(ACME));
    click(app, '[data-mock-stage-button]');
    expect(app.doc.querySelectorAll('[role="option"]').length).toBe(7);
    expect(deal(read(app)).stage.label).toBe('Appointment scheduled');
    click(app, '[data-mock-stage="contractsent"]');
    expect(deal(read(app))).toMatchObject({ stage: { label: 'Contract sent' }, probability: 90 });
  });
});

describe('hubspot read: in-app navigation', () => {
  it('follows the rep from a deal to the board, to another deal, and back', async () => {
    const app = await open(dealPage(ACME));
    const before = hubspot.signature(app.doc, app.url());
    expect(deal(read(app)).name).toBe('Acme - 1,200 Widgets');

    click(app, '[data-nav="board"]');
    await app.api.whenRendered();
    expect(app.url().href).toBe(BOARD);
    expect(app.doc.querySelectorAll('[data-test-id="cdbc-card"]').length).toBe(4);
    expect(read(app)).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(hubspot.signature(app.doc, app.url())).toBeNull();

    click(app, `[data-selenium-id="${GLOBEX}"] a`);
    await app.api.whenRendered();
    expect(deal(read(app))).toMatchObject({ key: `hubspot:${PORTAL}:${GLOBEX}`, stage: { label: 'Qualified to buy' } });

    app.window.history.back();
    app.window.history.back();
    await new Promise((resolve) => app.window.setTimeout(resolve, 0));
    await app.api.whenRendered();
    expect(app.url().href).toBe(dealPage(ACME));
    expect(deal(read(app)).name).toBe('Acme - 1,200 Widgets');
    expect(hubspot.signature(app.doc, app.url())).toBe(before);
  });

  it('reads nothing on a contact record, whose sidebar carries the same hooks', async () => {
    const app = await open(`https://app.hubspot.com/contacts/${PORTAL}/record/0-1/51`);
    expect(app.doc.querySelector('[data-selenium-test="highlightTitle"]')?.textContent).toBe('Jordan Buyer');
    expect(read(app)).toEqual({ ok: false, failure: { kind: 'not-deal' } });
  });

  it('changes its signature when the stage changes, and watches the record’s sidebar', async () => {
    const app = await open(dealPage(ACME));
    const before = hubspot.signature(app.doc, app.url());
    app.api.setStage('decisionmakerboughtin');
    expect(hubspot.signature(app.doc, app.url())).not.toBe(before);
    expect(hubspot.watched(app.doc)).toEqual([app.doc.querySelector('[data-scroll-trackable-container="left-sidebar"]')]);
    expect(hubspot.keepClear(app.doc)?.getAttribute('data-card-type')).toBe('OBJECT_HIGHLIGHT');
    const card = app.doc.createElement('div');
    card.innerHTML = '<div data-card-type="OBJECT_HIGHLIGHT"></div>';
    expect(hubspot.mayHoldDeal(card)).toBe(true);
    expect(hubspot.mayHoldDeal(app.doc.createElement('p'))).toBe(false);
  });
});

describe('hubspot read: when HubSpot changes its markup', () => {
  /** The deal page after a HubSpot release renamed the stage's hooks. */
  async function redesigned(): Promise<MockHubSpot> {
    const app = await open(dealPage(ACME));
    for (const el of app.doc.querySelectorAll('[data-test-id="property-input-dealstage"], [data-selenium-test="property-input-dealstage"]')) {
      el.removeAttribute('data-test-id');
      el.removeAttribute('data-selenium-test');
      el.setAttribute('data-test-id', 'deal-stage-v2');
    }
    app.doc.querySelector('[data-test-id="highlight-property-item-dealstage"]')?.setAttribute('data-test-id', 'highlight-stage-v2');
    return app;
  }

  it('says which part it could not find instead of guessing', async () => {
    const app = await redesigned();
    const result = read(app);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'unreadable', missing: ['stage'] });
    expect(result.failure.kind === 'unreadable' && result.failure.message).toContain("could not find this deal's stage");
    expect(Object.keys(hubspot.parts ?? {})).toEqual(
      expect.arrayContaining(['stage', 'name', 'amount', 'closeDate', 'owner', 'probability', 'nextStep', 'forecastCategory', 'fields']),
    );
    expect(hubspot.parts?.stage?.label).toBe('the deal stage');
  });

  it('reads again once a playbook’s selector override names the new hook, and the override does not leak', async () => {
    const app = await redesigned();
    const repaired = hubspot.withSelectors?.({ stage: ['[data-test-id="deal-stage-v2"]'] });
    if (!repaired) throw new Error('the HubSpot adapter takes selector overrides');
    expect(deal(repaired.read(app.doc, app.url())).stage).toEqual({ label: 'Appointment scheduled', value: null });
    expect(repaired.parts).toEqual(hubspot.parts);
    expect(read(app).ok).toBe(false);
  });
});
