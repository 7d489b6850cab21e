// @vitest-environment happy-dom
/**
 * The Zoho CRM reader against the mock Zoho app (test/fixtures/zoho), in its old and new UI: what a rep sees on a
 * deal, the traps the evidence names (fields with few stable hooks, labels repeated in related lists and hidden
 * editors), translated labels, a redesign repaired by selector overrides, and the app's in-page navigation.
 */
import type { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { recogniseDeal } from '../../../../src/crm/registry';
import { adapter as zoho } from '../../../../src/crm/zoho';
import type { CrmAdapter, ReadResult } from '../../../../src/crm/types';
import { closeMockZoho, openMockZoho, type MockZohoApi } from './mock-zoho';

const NEW_UI = 'https://crm.zoho.com/crm/org60012345/tab/Potentials/';
const OLD_UI = 'https://crm.zoho.eu/crm/org20098765/tab/Potentials/';
const NORTHWIND = '4266643000037779027'; // Needs Analysis, 48,000, closes in 30 days
const CONTOSO = '4266643000037779101'; // Negotiation/Review, 125,000, closes in 45 days
const FABRIKAM = '4266643000037779202'; // Qualification, no amount, no next step

interface App {
  window: Window;
  doc: Document;
  api: MockZohoApi;
  url(): URL;
  read(adapter?: CrmAdapter): ReadResult;
}

afterEach(closeMockZoho);

async function open(href: string): Promise<App> {
  const { window, doc, api } = openMockZoho(href);
  await api.whenIdle();
  const url = (): URL => new URL(window.location.href);
  return { window, doc, api, url, read: (adapter = zoho) => adapter.read(doc, url()) };
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

const inDays = (days: number): string => addDays(isoDate(new Date()), days);

/** Every element of the page matching `selector`, which must be there. */
function all(doc: Document, selector: string): Element[] {
  const found = [...doc.querySelectorAll(selector)];
  if (found.length === 0) throw new Error(`The mock page has no ${selector}`);
  return found;
}

/** Renames the shown labels, as a translated UI shows them, leaving every hook in place. */
function translate(doc: Document, words: Record<string, string>): void {
  for (const el of doc.querySelectorAll('.cxDvFieldLabel, td.dvLabel')) {
    const word = words[el.textContent.trim()];
    if (word) el.textContent = word;
  }
}

const GERMAN = { Stage: 'Phase', Amount: 'Betrag', 'Closing Date': 'Abschlussdatum', 'Deal Owner': 'Abschlussinhaber', 'Deal Name': 'Abschlussname', 'Next Step': 'Nächster Schritt', 'Probability (%)': 'Wahrscheinlichkeit (%)' };

describe('zoho adapter: identity', () => {
  it('is the Zoho CRM adapter, registered for deal pages', () => {
    expect({ id: zoho.id, label: zoho.label }).toEqual({ id: 'zoho', label: 'Zoho CRM' });
    expect(recogniseDeal(new URL(NEW_UI + NORTHWIND))).toEqual({ crm: expect.objectContaining({ id: 'zoho' }), key: `zoho:org60012345:${NORTHWIND}` });
  });

  it('lists every part it finds by selector, each said in a rep’s words', () => {
    const parts = zoho.parts ?? {};
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining(['stage', 'name', 'amount', 'closeDate', 'owner', 'probability', 'nextStep', 'forecastCategory', 'fields']),
    );
    expect(parts.stage?.selectors).toEqual(['#subvalue_STAGE', '#titlecard_STAGE', '[data-zcqa="rec_Stage"]']);
    for (const part of Object.values(parts)) expect(part.label).toMatch(/^the /);
  });
});

describe('zoho read: the new UI', () => {
  it('is not ready while the page loads, then reads the deal as shown', async () => {
    const { window, doc, api } = openMockZoho(NEW_UI + NORTHWIND);
    expect(zoho.read(doc, new URL(window.location.href))).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
    await api.whenIdle();
    const result = zoho.read(doc, new URL(window.location.href));
    expect(result.ok && result.warnings).toEqual([]);
    const d = deal(result);
    expect(d).toEqual({
      crm: 'zoho',
      key: `zoho:org60012345:${NORTHWIND}`,
      recordId: NORTHWIND,
      url: NEW_UI + NORTHWIND,
      locale: 'en-US',
      name: 'Northwind - Analytics Suite',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 48000, currency: 'USD' },
      closeDate: inDays(30),
      probability: 20,
      nextStep: 'Demo for the finance team',
      owner: 'Riya Shah',
      forecastCategory: 'Pipeline',
      fields: expect.objectContaining({ 'Account Name': 'Northwind Traders', 'Contact Name': 'Ana Trujillo', 'Expected Revenue': '$ 9,600.00', Stage: 'Needs Analysis' }) as Record<string, string>,
    });
    expect(Object.keys(d.fields)).toHaveLength(12);
  });

  it('is not ready while the detail view is an empty shell', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    all(app.doc, 'crm-detail-view')[0]!.innerHTML = '<div class="mock-loading">Loading…</div>';
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
  });

  it('reads empty fields as empty: no amount, no next step', async () => {
    const app = await open(NEW_UI + FABRIKAM);
    const d = deal(app.read());
    expect(d).toMatchObject({ stage: { label: 'Qualification' }, amount: null, nextStep: null, closeDate: inDays(60) });
    expect(d.fields).toMatchObject({ Amount: '', 'Next Step': '' });
  });

  it('reads the URL without an org segment, keyed by its data centre', async () => {
    const app = await open(`https://crm.zoho.in/crm/tab/Potentials/${CONTOSO}`);
    expect(deal(app.read())).toMatchObject({ key: `zoho:in:${CONTOSO}`, stage: { label: 'Negotiation/Review' } });
  });
});

describe('zoho read: the old UI', () => {
  it('reads the deal from its label cells, its lookups and its own currency and date format', async () => {
    const app = await open(OLD_UI + CONTOSO);
    const result = app.read();
    expect(result.ok && result.warnings).toEqual([]);
    const d = deal(result);
    expect(d).toMatchObject({
      key: `zoho:org20098765:${CONTOSO}`,
      name: 'Contoso - Renewal',
      stage: { label: 'Negotiation/Review', value: null },
      amount: { amount: 125000, currency: 'EUR' },
      closeDate: inDays(45),
      probability: 90,
      nextStep: 'Send the order form',
      owner: 'Riya Shah',
      // Not on this layout.
      forecastCategory: null,
    });
    expect(d.fields).toMatchObject({ 'Deal Name': 'Contoso - Renewal', 'Contact Name': 'Kim Abercrombie', Stage: 'Negotiation/Review' });
    expect(Object.keys(d.fields)).toHaveLength(12);
  });
});

describe.each([
  ['new UI', NEW_UI, '[data-zcqa="rec_Stage"]'],
  ['old UI', OLD_UI, 'tr:has(#subvalue_STAGE) > td'],
])('zoho read, %s: the traps', (_ui, base, stageRow) => {
  it('never takes the stage from the Stage History list or the hidden inline editor', async () => {
    const app = await open(base + NORTHWIND);
    expect(deal(app.read()).stage.label).toBe('Needs Analysis');
    // Both traps say "Stage" and name other stages; once the Stage field is gone, nothing is left to read it from.
    expect(all(app.doc, 'select[name="Stage"] option[selected]')[0]?.textContent).not.toBe('Needs Analysis');
    for (const el of all(app.doc, stageRow)) el.remove();
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'unreadable', message: expect.stringContaining('Zoho CRM') as string, missing: ['stage'] } });
  });

  it('reads a translated layout through the hooks when no label is in English', async () => {
    const app = await open(base + NORTHWIND);
    translate(app.doc, GERMAN);
    expect(deal(app.read())).toMatchObject({
      name: 'Northwind - Analytics Suite',
      stage: { label: 'Needs Analysis' },
      amount: { amount: 48000 },
      closeDate: inDays(30),
      probability: 20,
      nextStep: 'Demo for the finance team',
      owner: 'Riya Shah',
    });
    expect(deal(app.read()).fields).toMatchObject({ Phase: 'Needs Analysis', Betrag: expect.stringContaining('48,000.00') as string });
  });

  it('reads by the visible labels alone when none of the inferred hooks is there', async () => {
    const app = await open(base + NORTHWIND);
    for (const el of app.doc.querySelectorAll('[id^="subvalue_"], [id^="titlecard_"], [data-zcqa^="rec_"]')) {
      el.removeAttribute('id');
      el.removeAttribute('data-zcqa');
    }
    expect(deal(app.read())).toMatchObject({
      stage: { label: 'Needs Analysis' },
      amount: { amount: 48000 },
      closeDate: inDays(30),
      probability: 20,
      nextStep: 'Demo for the finance team',
      owner: 'Riya Shah',
    });
  });

  it('says which parts a redesign lost, and a selector override repairs them', async () => {
    const app = await open(base + NORTHWIND);
    translate(app.doc, GERMAN);
    for (const el of app.doc.querySelectorAll('#subvalue_STAGE, [data-zcqa="rec_Stage"]')) {
      el.removeAttribute('id');
      el.setAttribute('data-zcqa', 'field_Stage_v2');
    }
    const broken = app.read();
    expect(broken.ok ? 'read' : broken.failure).toEqual({ kind: 'unreadable', message: expect.any(String) as string, missing: ['stage'] });

    const repaired = zoho.withSelectors?.({ stage: ['[data-zcqa="field_Stage_v2"] .cxDvFieldValue', 'span[data-zcqa="field_Stage_v2"]'] });
    if (!repaired) throw new Error('The Zoho adapter has no withSelectors');
    expect(deal(app.read(repaired)).stage.label).toBe('Needs Analysis');
    // The repaired adapter is a new one: the built-in adapter stays as it was.
    expect(app.read().ok).toBe(false);
  });
});

describe('zoho read: selector overrides', () => {
  it('win over the visible label', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    const custom = zoho.withSelectors?.({ nextStep: ['[data-zcqa="rec_Type"] .cxDvFieldValue'], unknownPart: ['.x'] });
    if (!custom) throw new Error('The Zoho adapter has no withSelectors');
    expect(deal(app.read(custom)).nextStep).toBe('New Business');
  });

  it('warns, and leaves the value empty, when an amount or date cannot be read', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    all(app.doc, '[data-zcqa="rec_Amount"] .cxDvFieldValue')[0]!.textContent = 'forty-eight thousand-ish';
    all(app.doc, '[data-zcqa="rec_Closing_Date"] .cxDvFieldValue')[0]!.textContent = 'soon';
    const result = app.read();
    expect(deal(result)).toMatchObject({ amount: null, closeDate: null });
    expect(result.ok && result.warnings).toEqual([
      'Could not read the amount "forty-eight thousand-ish" (en-US).',
      'Could not read the closing date "soon" (en-US).',
    ]);
  });
});

describe('zoho single-page navigation', () => {
  it('follows record to record, record to list and kanban, and back/forward, in one document', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    const marker = app.doc.createElement('meta');
    marker.id = 'same-document';
    app.doc.head.append(marker);
    expect(deal(app.read()).name).toBe('Northwind - Analytics Suite');

    (app.doc.querySelector('a[href$="/tab/Potentials"]') as HTMLElement).click();
    await app.api.whenIdle();
    expect(app.url().pathname).toBe('/crm/org60012345/tab/Potentials/custom-view/4266643000000087501/list');
    expect(recogniseDeal(app.url())).toBeNull();
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(zoho.signature(app.doc, app.url())).toBeNull();

    (app.doc.querySelector('a[href$="/kanban"]') as HTMLElement).click();
    await app.api.whenIdle();
    expect(app.doc.querySelectorAll('lyte-board[data-zcqa^="kanbanHeader_"]').length).toBeGreaterThan(0);
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });

    (app.doc.querySelector(`a.crm-kv-header-link[href$="/${CONTOSO}"]`) as HTMLElement).click();
    await app.api.whenIdle();
    expect(deal(app.read())).toMatchObject({ key: `zoho:org60012345:${CONTOSO}`, name: 'Contoso - Renewal', stage: { label: 'Negotiation/Review' } });

    app.window.history.back();
    await new Promise((resolve) => app.window.setTimeout(resolve, 0));
    await app.api.whenIdle();
    expect(app.url().pathname).toMatch(/\/kanban$/);
    app.window.history.go(-2);
    await new Promise((resolve) => app.window.setTimeout(resolve, 0));
    await app.api.whenIdle();
    expect(deal(app.read()).name).toBe('Northwind - Analytics Suite');
    app.window.history.forward();
    await new Promise((resolve) => app.window.setTimeout(resolve, 0));
    await app.api.whenIdle();
    expect(app.url().pathname).toMatch(/\/list$/);
    expect(app.doc.getElementById('same-document')).not.toBeNull();
  });
});

describe('zoho signature', () => {
  it('is stable for the same page and changes when the stage changes', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    const before = zoho.signature(app.doc, app.url());
    expect(zoho.signature(app.doc, app.url())).toBe(before);
    app.api.setStage(NORTHWIND, 'Value Proposition');
    expect(zoho.signature(app.doc, app.url())).not.toBe(before);
    expect(deal(app.read()).stage.label).toBe('Value Proposition');
  });

  it('differs between loading and loaded, so the end of loading triggers a read', async () => {
    const { window, doc, api } = openMockZoho(OLD_UI + NORTHWIND);
    const url = new URL(window.location.href);
    const loading = zoho.signature(doc, url);
    await api.whenIdle();
    expect(zoho.signature(doc, url)).not.toBe(loading);
  });
});

describe('zoho page hooks for the overlay', () => {
  it('keeps clear of the record’s action bar (new UI) or header row (old UI)', async () => {
    const fresh = await open(NEW_UI + NORTHWIND);
    expect(zoho.keepClear(fresh.doc)?.localName).toBe('crm-detailview-actions');
    const classic = await open(OLD_UI + NORTHWIND);
    expect(zoho.keepClear(classic.doc)?.id).toBe('detailViewButtonLayerMainTableRow');
  });

  it('watches the detail view (new UI) or the tables holding the fields (old UI)', async () => {
    const fresh = await open(NEW_UI + NORTHWIND);
    expect(zoho.watched(fresh.doc).map((el) => el.localName)).toEqual(['crm-detail-view']);
    expect(zoho.observeRoot(fresh.doc)?.id).toBe('mock-main');
    const classic = await open(OLD_UI + NORTHWIND);
    const watched = zoho.watched(classic.doc);
    expect(watched.map((el) => el.localName)).toEqual(['table', 'table']);
    expect(watched.some((el) => el.querySelector('#subvalue_STAGE'))).toBe(true);
    expect(zoho.observeRoot(classic.doc)).toBeNull();
  });

  it('watches the fields it read by label in the old UI, even with none of the inferred hooks there', async () => {
    const classic = await open(OLD_UI + NORTHWIND);
    for (const el of classic.doc.querySelectorAll('[id^="subvalue_"]')) el.removeAttribute('id');
    const fields = all(classic.doc, 'table.dvFields')[0];
    expect(zoho.watched(classic.doc)).toContain(fields);
  });

  it('looks at added elements only when they hold a detail view or a field', async () => {
    const app = await open(NEW_UI + NORTHWIND);
    const make = (html: string): Element => {
      const el = app.doc.createElement('div');
      el.innerHTML = html;
      return el;
    };
    expect(zoho.mayHoldDeal(make('<crm-detail-view></crm-detail-view>'))).toBe(true);
    expect(zoho.mayHoldDeal(make('<span id="subvalue_STAGE">Qualification</span>'))).toBe(true);
    expect(zoho.mayHoldDeal(make('<div data-zcqa="rec_Amount"></div>'))).toBe(true);
    expect(zoho.mayHoldDeal(make('<div class="toast">Saved</div>'))).toBe(false);
  });
});
