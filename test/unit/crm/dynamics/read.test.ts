// @vitest-environment happy-dom
/**
 * The Dynamics 365 reader against the mock Unified Interface app (test/fixtures/dynamics), the same app the browser
 * tests and the demo serve: the deal as a rep sees it, the traps the evidence names (the stage flyout, header values
 * before their labels, "---" for empty), in-app navigation, and repairs by selector override.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as dynamics } from '../../../../src/crm/dynamics';
import { UNREADABLE_MESSAGE } from '../../../../src/crm/dynamics/read';
import { recogniseDeal } from '../../../../src/crm/registry';
import type { ReadResult } from '../../../../src/crm/types';
import { ORG, closeMockApps, openMockApp, type MockApp } from './mock-dynamics';

const APP = 'appid=5a1e5b0c-0d1a-4c5e-9a3b-7d2f6c8e4b10';
const COFFEE = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const FABRIKAM = '9b2c4d6e-8f10-4a2b-bc3d-4e5f6a7b8c9d';
const LITWARE = 'd00dfeed-aaaa-4bbb-8ccc-dddddddddddd';
const QUALIFY = '6b9ce798-221a-4260-90b2-2a95ed51a5bc';
const DEVELOP = '650e06b4-789b-46c1-822b-0da76bedb1ed';
const PROPOSE = 'd3ca8878-8d7b-47b9-852d-fcd838790cfd';
const BUTTON = 'button[id^="MscrmControls.Containers.ProcessBreadCrumb-processHeaderStageButton_"]';

const recordPath = (id: string): string => `/main.aspx?${APP}&pagetype=entityrecord&etn=opportunity&id=${id}`;
const today = (): string => isoDate(new Date());

afterEach(closeMockApps);

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

function failure(result: ReadResult) {
  if (result.ok) throw new Error(`Expected a failure, got the deal ${JSON.stringify(result.deal.stage)}`);
  return result.failure;
}

function remove(app: MockApp, selector: string): void {
  const found = app.doc.querySelectorAll(selector);
  if (found.length === 0) throw new Error(`The mock app shows nothing at ${selector}`);
  for (const el of found) el.remove();
}

describe('dynamics adapter: identity', () => {
  it('is the Dynamics 365 adapter, and every URL form of a record gives one deal key', () => {
    expect({ id: dynamics.id, label: dynamics.label }).toEqual({ id: 'dynamics', label: 'Dynamics 365' });
    const key = `dynamics:stagecoach-demo:${COFFEE}`;
    for (const id of [COFFEE, `{${COFFEE}}`, `%7B${COFFEE.toUpperCase()}%7D`]) {
      expect(recogniseDeal(new URL(ORG + recordPath(id)))?.key).toBe(key);
    }
  });

  it('names every part a playbook can repair, each with selectors and words a rep understands', () => {
    const parts = dynamics.parts ?? {};
    expect(Object.keys(parts).sort()).toEqual(['amount', 'closeDate', 'fields', 'forecastCategory', 'name', 'owner', 'probability', 'stage']);
    for (const part of Object.values(parts)) {
      expect(part.selectors.length).toBeGreaterThan(0);
      expect(part.label).toMatch(/^the /);
    }
  });
});

describe('dynamics read: an opportunity form', () => {
  it('reads the deal a rep sees: active stage with its GUID, header and body fields', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const result = app.read();
    expect(result.ok && result.warnings).toEqual([]);
    expect(deal(result)).toEqual({
      crm: 'dynamics',
      key: `dynamics:stagecoach-demo:${COFFEE}`,
      recordId: COFFEE,
      url: ORG + recordPath(COFFEE),
      locale: 'en-US',
      name: '25 Airpot XL Coffee-makers',
      stage: { label: 'Develop', value: DEVELOP },
      amount: { amount: 30000, currency: 'USD' },
      closeDate: addDays(today(), 30),
      probability: 40,
      nextStep: null,
      owner: 'Pat Seller',
      forecastCategory: 'Pipeline',
      fields: {
        Topic: '25 Airpot XL Coffee-makers',
        Account: 'Coho Winery',
        'Est. Revenue': '$30,000.00',
        'Est. Close Date': expect.stringMatching(/^\d{1,2}\/\d{1,2}\/\d{4}$/) as unknown as string,
        Probability: '40',
        'Pipeline Phase': '2-Develop',
        'Forecast Category': 'Pipeline',
        Rating: 'Warm',
        Status: 'Open',
        Owner: 'Pat Seller',
        Description: 'Coffee makers for the tasting rooms.',
        // Only in the header, whose value div comes before its label div.
        'Status Reason': 'In Progress',
      },
    });
  });

  it('reads the currency each deal is in', async () => {
    const app = await openMockApp(recordPath(FABRIKAM));
    const read = deal(app.read());
    expect({ stage: read.stage, amount: read.amount }).toEqual({ stage: { label: 'Qualify', value: QUALIFY }, amount: { amount: 250000, currency: 'EUR' } });
  });

  it('reads a won opportunity as Won, though its finished process still shows its last stage', async () => {
    const app = await openMockApp(recordPath(LITWARE));
    expect(deal(app.read()).stage).toEqual({ label: 'Won', value: null });
  });

  it('says a form that is still loading is not ready, never unreadable', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    app.api.navigate(recordPath(FABRIKAM));
    expect(failure(app.read())).toEqual({ kind: 'not-ready', missing: ['stage', 'name'] });
    await app.api.whenIdle();
    expect(deal(app.read()).name).toBe('Fabrikam - Cloud Migration');
  });
});

describe('dynamics read: the stage flyout trap', () => {
  it('keeps the active stage when the rep opens another stage’s flyout, and leaves the flyout’s fields out', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const before = deal(app.read());
    const signature = app.signature();
    app.click(`${BUTTON}[aria-label^="Propose"]`);
    // The flyout is open on Propose: its header names it, its button is expanded, its fields are on the page.
    expect(app.doc.querySelector('[data-id^="MscrmControls.Containers.ProcessStageControl-processHeaderStageFlyoutContainer"]')?.textContent).toContain('Propose');
    expect(app.doc.querySelector(`${BUTTON}[aria-expanded="true"]`)?.getAttribute('aria-label')).toBe('Propose');
    expect(app.doc.querySelector('[data-id="header_process_identifycompetitors-FieldSectionItemContainer"]')).not.toBeNull();

    const during = deal(app.read());
    expect(during.stage).toEqual({ label: 'Develop', value: DEVELOP });
    expect(during).toEqual(before);
    expect(app.signature(), 'opening a flyout changes nothing a rep would see in the deal').toBe(signature);
  });

  it('follows the process when the rep moves it on with Next Stage', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    app.click(`${BUTTON}[aria-label^="Develop"]`);
    app.click('[data-action="next-stage"]');
    const moved = deal(app.read());
    expect({ stage: moved.stage, probability: moved.probability, phase: moved.fields['Pipeline Phase'] }).toEqual({
      stage: { label: 'Propose', value: PROPOSE },
      probability: 60,
      phase: '3-Propose',
    });
  });
});

describe('dynamics read: fields', () => {
  it('reads header values, which come before their labels, when the body does not show the field', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    remove(app, 'section[data-id="Summary_section_1"]');
    const read = deal(app.read());
    expect({ amount: read.amount, closeDate: read.closeDate, owner: read.owner }).toEqual({
      amount: { amount: 30000, currency: 'USD' },
      closeDate: addDays(today(), 30),
      owner: 'Pat Seller',
    });
    expect(read.fields['Est. Revenue']).toBe('$30,000.00');
  });

  it('reads a header field the rep opened in the header’s flyout, its value before its label there too', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    remove(app, 'section[data-id="Summary_section_1"]');
    const item = app.doc.querySelector('[data-id="header_estimatedvalue"]');
    if (!item) throw new Error('no Est. Revenue header field');
    const flyout = app.doc.createElement('div');
    flyout.id = 'headerFieldsFlyout';
    flyout.append(item);
    app.doc.querySelector('[data-id="form-header"]')?.append(flyout);
    const read = deal(app.read());
    expect(read.amount).toEqual({ amount: 30000, currency: 'USD' });
    expect(read.fields['Est. Revenue']).toBe('$30,000.00');
  });

  it('reads Unified Interface’s "---" and empty inputs as empty', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const input = app.doc.querySelector<HTMLInputElement>('input[data-id="estimatedvalue.fieldControl-currency-text-input"]');
    if (!input) throw new Error('no Est. Revenue input');
    input.value = '';
    const header = app.doc.querySelector('[data-id="header_estimatedvalue"] > div');
    if (!header) throw new Error('no Est. Revenue header value');
    header.textContent = '---';
    const read = deal(app.read());
    expect(read.amount).toBeNull();
    expect(read.fields['Est. Revenue']).toBe('');
  });

  it('saves an edited field the way the form does and reads the new value', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const input = app.doc.querySelector<HTMLInputElement>('input[data-id="closeprobability.fieldControl-whole-number-text-input"]');
    if (!input) throw new Error('no Probability input');
    input.value = '55';
    input.dispatchEvent(new app.window.Event('change', { bubbles: true }) as unknown as Event);
    expect(deal(app.read()).probability).toBe(55);
  });
});

describe('dynamics read: forms without a readable process bar', () => {
  it('falls back to the Pipeline Phase field, with a warning, on a form without a process bar', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    remove(app, '#bpfContainer');
    const result = app.read();
    expect(deal(result).stage).toEqual({ label: 'Develop', value: null });
    expect(result.ok && result.warnings).toEqual(['No business process flow on this form: the stage "Develop" comes from the Pipeline Phase field.']);
  });

  it('says which part it could not find when the markup no longer matches', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    remove(app, '#bpfContainer');
    remove(app, '[data-id="stepname-FieldSectionItemContainer"]');
    expect(failure(app.read())).toEqual({ kind: 'unreadable', message: UNREADABLE_MESSAGE, missing: ['stage'] });
  });

  it('is repaired by a selector override when a release renames the active-stage marker', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    // A release that marks the active stage differently: every built-in stage selector misses it.
    for (const item of app.doc.querySelectorAll('li[data-selected-stage]')) {
      item.setAttribute('data-active-stage', item.getAttribute('data-selected-stage') ?? '');
      item.removeAttribute('data-selected-stage');
    }
    remove(app, '[data-id="stepname-FieldSectionItemContainer"]');
    expect(failure(app.read()).kind).toBe('unreadable');
    const repaired = dynamics.withSelectors?.({ stage: ['li[data-active-stage="true"]'] });
    if (!repaired) throw new Error('the Dynamics adapter has no withSelectors');
    expect(deal(app.read(repaired)).stage).toEqual({ label: 'Develop', value: DEVELOP });
    expect(repaired.parts).toBe(dynamics.parts);
  });

  it('reads an overridden field from the element the override points at', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const repaired = dynamics.withSelectors?.({ amount: ['input[data-id="estimatedvalue.fieldControl-currency-text-input"]'], unknownPart: ['x'] });
    if (!repaired) throw new Error('the Dynamics adapter has no withSelectors');
    expect(deal(app.read(repaired)).amount).toEqual({ amount: 30000, currency: 'USD' });
  });
});

describe('dynamics read: in-app navigation', () => {
  it('follows record to list to record, and back, without a reload', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    expect(deal(app.read()).name).toBe('25 Airpot XL Coffee-makers');

    app.api.navigate(app.api.listHref());
    await app.api.whenIdle();
    expect(failure(app.read())).toEqual({ kind: 'not-deal' });
    expect(app.signature()).toBeNull();

    app.click(`a[href*="id=${FABRIKAM}"]`);
    await app.api.whenIdle();
    const fabrikam = deal(app.read());
    expect({ key: fabrikam.key, stage: fabrikam.stage.label }).toEqual({ key: `dynamics:stagecoach-demo:${FABRIKAM}`, stage: 'Qualify' });

    app.window.history.back();
    await new Promise((resolve) => app.window.setTimeout(resolve, 20));
    await app.api.whenIdle();
    expect(failure(app.read())).toEqual({ kind: 'not-deal' });
    app.window.history.back();
    await new Promise((resolve) => app.window.setTimeout(resolve, 20));
    await app.api.whenIdle();
    expect(deal(app.read()).key).toBe(`dynamics:stagecoach-demo:${COFFEE}`);
  });

  it('watches only the form: the header, the process bar and the field sections', async () => {
    const app = await openMockApp(recordPath(COFFEE));
    const watched = dynamics.watched(app.doc);
    expect(watched.some((el) => el.id === 'bpfContainer')).toBe(true);
    expect(watched.some((el) => el.getAttribute('data-id') === 'form-header')).toBe(true);
    expect(watched.every((el) => app.doc.querySelector('[data-id="editFormRoot"]')?.contains(el))).toBe(true);
    expect(dynamics.observeRoot(app.doc)?.getAttribute('role')).toBe('main');
    expect(dynamics.keepClear(app.doc)?.id).toBe('bpfContainer');
  });
});
