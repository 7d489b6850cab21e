// @vitest-environment happy-dom
/**
 * The Pipedrive reader against the mock Pipedrive app (test/fixtures/pipedrive/pipedrive-app.{html,js}), run in
 * happy-dom, including each trap the evidence names: the stage's time-in-stage prefix, "-" for empty, the person's
 * and organization's own "Owner", the virtualized sidebar, a German page, and markup that no longer matches.
 */
import type { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as pipedrive } from '../../../../src/crm/pipedrive';
import { recogniseDeal } from '../../../../src/crm/registry';
import type { CrmAdapter, ReadResult } from '../../../../src/crm/types';
import { closeMockApps, openMockApp, type MockApi } from './mock-pipedrive';

const COMPANY = 'https://acme.pipedrive.com';
const GERMAN_COMPANY = 'https://acme-de.pipedrive.com';

interface App {
  window: Window;
  doc: Document;
  api: MockApi;
  read(adapter?: CrmAdapter): ReadResult;
  signature(): string | null;
  click(selector: string): void;
  /** Every element matching `selector`, or an error naming it: a test that finds nothing proves nothing. */
  all(selector: string): Element[];
}

afterEach(closeMockApps);

async function start(url: string): Promise<App> {
  const { window, doc, api } = openMockApp(url);
  await api.whenIdle();
  const here = (): URL => new URL(window.location.href);
  const all = (selector: string): Element[] => {
    const found = [...doc.querySelectorAll(selector)];
    if (found.length === 0) throw new Error(`The mock app shows nothing at ${selector}`);
    return found;
  };
  return {
    window,
    doc,
    api,
    read: (adapter = pipedrive) => adapter.read(doc, here()),
    signature: () => pipedrive.signature(doc, here()),
    click(selector) {
      (all(selector)[0] as HTMLElement).click();
    },
    all,
  };
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

const today = (): string => isoDate(new Date());

describe('pipedrive adapter: identity', () => {
  it('is the Pipedrive adapter, recognised on its deal pages', () => {
    expect({ id: pipedrive.id, label: pipedrive.label }).toEqual({ id: 'pipedrive', label: 'Pipedrive' });
    expect(recogniseDeal(new URL(`${COMPANY}/deal/42`))).toEqual({ crm: expect.objectContaining({ id: 'pipedrive' }), key: 'pipedrive:acme:42' });
  });

  it('names every part an admin can repair, with a label and selectors', () => {
    const parts = pipedrive.parts ?? {};
    expect(Object.keys(parts).sort()).toEqual(['amount', 'closeDate', 'fields', 'name', 'owner', 'probability', 'stage']);
    for (const [id, part] of Object.entries(parts)) {
      expect(part.label.trim(), id).not.toBe('');
      expect(part.selectors.length, id).toBeGreaterThan(0);
    }
  });
});

describe('pipedrive read: the mock app in English', () => {
  it('says the deal is not ready while it loads, then reads it', async () => {
    const { window, doc, api } = openMockApp(`${COMPANY}/deal/42`);
    const url = new URL(window.location.href);
    expect(pipedrive.read(doc, url)).toEqual({ ok: false, failure: { kind: 'not-ready', missing: ['stage', 'name'] } });
    await api.whenIdle();
    const result = pipedrive.read(doc, url);
    expect(result.ok && result.warnings).toEqual([]);
    expect(deal(result)).toEqual({
      crm: 'pipedrive',
      key: 'pipedrive:acme:42',
      recordId: '42',
      url: `${COMPANY}/deal/42`,
      locale: 'en-US',
      name: 'Acme - Fleet Tracking',
      // The button reads "3 days · Demo Scheduled": the time in the stage is not part of its name.
      stage: { label: 'Demo Scheduled', value: null },
      amount: { amount: 15000, currency: 'EUR' },
      closeDate: addDays(today(), 30),
      probability: 40,
      nextStep: null,
      // The person's block below says "Owner: Sam Other": that is the person's owner, not the deal's.
      owner: 'Pat Seller',
      forecastCategory: null,
      fields: {
        Value: '€15,000',
        'Expected close date': expect.stringMatching(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/) as unknown as string,
        Probability: '40%',
        Owner: 'Pat Seller',
        Label: 'Hot',
        'Source channel': 'Web',
      },
    });
  });

  it('reads "-" as empty, not as a value', async () => {
    const app = await start(`${COMPANY}/deal/44`);
    const d = deal(app.read());
    expect(d).toMatchObject({ name: 'Initech - Pilot', stage: { label: 'Qualified', value: null }, amount: null, closeDate: null, probability: null });
    expect(d.fields).toMatchObject({ Value: '', 'Expected close date': '', Label: '' });
  });

  it('takes the stage from the selected button, whatever the others say', async () => {
    const app = await start(`${COMPANY}/deal/45`);
    // Stages the deal went through carry their time too ("2 days · Qualified", ...).
    expect(app.all('button.cui5-stage-selector__stage--past')).toHaveLength(3);
    expect(deal(app.read()).stage.label).toBe('Proposal Made');
  });

  it('prefers the stage button’s aria-label, without a time prefix it may carry too', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    const [current] = app.all('button.cui5-stage-selector__stage[aria-selected="true"]');
    current?.setAttribute('aria-label', '3 days · Demo Scheduled');
    if (current) current.textContent = '3d';
    expect(deal(app.read()).stage.label).toBe('Demo Scheduled');
    current?.setAttribute('aria-label', '14 d. • Demo Scheduled');
    expect(deal(app.read()).stage.label).toBe('Demo Scheduled');
  });

  it('keeps a stage name that starts with a number', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    const [current] = app.all('button.cui5-stage-selector__stage[aria-selected="true"]');
    if (current) current.textContent = '3 days · 2nd meeting held';
    expect(deal(app.read()).stage.label).toBe('2nd meeting held');
    if (current) current.textContent = '2nd meeting held';
    expect(deal(app.read()).stage.label).toBe('2nd meeting held');
  });

  it('falls back to the --current modifier when no stage is marked selected', async () => {
    const app = await start(`${COMPANY}/deal/43`);
    for (const button of app.all('button.cui5-stage-selector__stage')) button.removeAttribute('aria-selected');
    expect(app.read().ok).toBe(false);
    app.all('button.cui5-stage-selector__stage')[1]?.classList.add('cui5-stage-selector__stage--current');
    expect(deal(app.read()).stage.label).toBe('Contact Made');
  });

  it('follows a stage move: the signature changes and the new stage is read', async () => {
    const app = await start(`${COMPANY}/deal/43`);
    const before = app.signature();
    expect(deal(app.read()).stage.label).toBe('Contact Made');
    app.click('button.cui5-stage-selector__stage[data-stage="3"]');
    expect(app.signature()).not.toBe(before);
    expect(deal(app.read()).stage.label).toBe('Proposal Made');
  });

  it('reads the value the rep just typed', async () => {
    const app = await start(`${COMPANY}/deal/44`);
    app.click('[data-edit="value"]');
    const input = app.all('input[name="value"]')[0] as HTMLInputElement;
    input.value = '48000';
    app.click('button[name="save"]');
    expect(deal(app.read()).amount).toEqual({ amount: 48000, currency: 'USD' });
  });

  it('finds the standard fields by their English labels when rows carry no field key', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    for (const row of app.all('[data-field-key]')) row.removeAttribute('data-field-key');
    expect(deal(app.read())).toMatchObject({
      amount: { amount: 15000, currency: 'EUR' },
      closeDate: addDays(today(), 30),
      probability: 40,
      owner: 'Pat Seller',
    });
  });

  it('takes the deal’s title from the page title until the header shows it', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    app.all('[data-testid="header-title"]')[0]?.remove();
    expect(app.doc.title).toBe('Acme - Fleet Tracking - Deals');
    expect(deal(app.read()).name).toBe('Acme - Fleet Tracking');
  });
});

describe('pipedrive read: the virtualized sidebar', () => {
  it('keeps fields scrolled out of the DOM, and never takes the organization’s owner for the deal’s', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    // Only the items in the scroller's viewport are rendered: the organization block is not there yet.
    expect(app.doc.querySelector('[data-testid="organization-block"]')).toBeNull();
    const first = deal(app.read());

    app.api.scrollSidebar(500);
    expect(app.doc.querySelector('[data-field-key="value"]')).toBeNull();
    expect(app.doc.querySelector('[data-field-key="user_id"]')).toBeNull();
    expect(app.all('[data-testid="organization-block"] [data-testid="field-name"]').map((el) => el.textContent)).toContain('Owner');
    const scrolled = deal(app.read());
    expect(scrolled).toMatchObject({ amount: first.amount, closeDate: first.closeDate, owner: 'Pat Seller', probability: 40 });
    expect(scrolled.fields).toEqual(first.fields);
  });

  it('forgets one deal’s fields on the next deal', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    deal(app.read());
    app.api.navigate('/deal/44');
    await app.api.whenIdle();
    app.api.scrollSidebar(500);
    const initech = deal(app.read());
    expect(initech).toMatchObject({ name: 'Initech - Pilot', amount: null, closeDate: null, owner: null });
    expect(JSON.stringify(initech)).not.toContain('15,000');
  });
});

describe('pipedrive read: a German page', () => {
  it('reads the stage without its German time prefix, and amounts and dates in de-DE', async () => {
    const app = await start(`${GERMAN_COMPANY}/deal/42`);
    expect(app.all('button.cui5-stage-selector__stage[aria-selected="true"]')[0]?.textContent).toBe('3 T · Demo geplant');
    const result = app.read();
    expect(result.ok && result.warnings).toEqual([]);
    expect(deal(result)).toMatchObject({
      key: 'pipedrive:acme-de:42',
      locale: 'de-DE',
      name: 'Acme - Fleet Tracking',
      stage: { label: 'Demo geplant', value: null },
      amount: { amount: 15000, currency: 'EUR' },
      closeDate: addDays(today(), 30),
      probability: 40,
      owner: 'Pat Seller',
    });
    expect(deal(result).fields).toMatchObject({ Wert: '15.000\u00a0€', Inhaber: 'Pat Seller' });
  });
});

describe('pipedrive read: pages that are not a readable deal', () => {
  it('reads nothing on the board or the list, and the deal after in-app navigation and back/forward', async () => {
    const app = await start(`${COMPANY}/pipeline/1`);
    expect(app.all('[data-test="pipeline-deal-tile"]')).toHaveLength(4);
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    expect(app.signature()).toBeNull();

    app.click('[data-test-deal-id="43"] a');
    await app.api.whenIdle();
    expect(app.window.location.pathname).toBe('/deal/43');
    expect(deal(app.read()).name).toBe('Globex - Platform Renewal');

    app.click('a[href="/deals"]');
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
    app.click('a[href="/deal/45"]');
    await app.api.whenIdle();
    expect(deal(app.read()).stage.label).toBe('Proposal Made');

    app.window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.window.location.pathname).toBe('/deals');
    app.window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.api.whenIdle();
    expect(deal(app.read())).toMatchObject({ key: 'pipedrive:acme:43', name: 'Globex - Platform Renewal', stage: { label: 'Contact Made' } });
    app.window.history.forward();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.read()).toEqual({ ok: false, failure: { kind: 'not-deal' } });
  });

  it('says which part it could not find once the deal has rendered without a readable stage', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    // A redesign renames the design system's classes, as cui4 → cui5 did.
    for (const button of app.all('button.cui5-stage-selector__stage')) button.className = 'cui6-stage-selector__stage';
    const result = app.read();
    expect(result.ok).toBe(false);
    if (result.ok || result.failure.kind !== 'unreadable') throw new Error(`Expected unreadable, got ${JSON.stringify(result)}`);
    expect(result.failure.missing).toEqual(['stage']);
    expect(result.failure.message).toContain("could not find the deal's stage on this Pipedrive page");
    expect(Object.keys(pipedrive.parts ?? {})).toEqual(expect.arrayContaining(result.failure.missing));
  });

  it('is repaired by a selector override, without a release', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    for (const button of app.all('button.cui5-stage-selector__stage')) button.className = 'cui6-stage-selector__stage';
    if (!pipedrive.withSelectors) throw new Error('the Pipedrive adapter takes no selector overrides');
    const repaired = pipedrive.withSelectors({ stage: ['button.cui6-stage-selector__stage[aria-selected="true"]'], unknownPart: ['p'] });
    expect(deal(app.read(repaired)).stage.label).toBe('Demo Scheduled');
    // `parts` stay the adapter's own selectors, which the override goes in front of; the built-in adapter is unchanged.
    expect(repaired.parts).toEqual(pipedrive.parts);
    expect(app.read().ok).toBe(false);
  });

  it('reads a standard field from an admin’s selector when its row is found no other way', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    const row = app.all('[data-field-key="value"]')[0];
    row?.removeAttribute('data-field-key');
    row?.setAttribute('data-testid', 'money-row');
    const label = row?.querySelector('[data-testid="field-name"]');
    if (label) label.textContent = 'Deal worth';
    expect(deal(app.read()).amount).toBeNull();
    const repaired = pipedrive.withSelectors?.({ amount: ['[data-testid="money-row"]'] });
    if (!repaired) throw new Error('the Pipedrive adapter takes no selector overrides');
    expect(deal(app.read(repaired)).amount).toEqual({ amount: 15000, currency: 'EUR' });
  });
});

describe('pipedrive adapter: what the deal page observes', () => {
  it('keeps the overlay below the stage bar and watches the bar, the title and the sidebar', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    const bar = app.all('.cui5-stage-selector')[0];
    expect(pipedrive.keepClear(app.doc)).toBe(bar);
    const watched = pipedrive.watched(app.doc);
    expect(watched).toContain(bar);
    expect(watched.some((el) => el.matches('[data-testid="header-title"]'))).toBe(true);
    expect(watched.some((el) => el.querySelector('[data-field-key="value"]'))).toBe(true);
    expect(pipedrive.watchedAttributes).toContain('aria-selected');
  });

  it('takes a new sidebar item or stage bar for a possible deal part, and a toast for none', async () => {
    const app = await start(`${COMPANY}/deal/42`);
    const toast = app.doc.createElement('div');
    toast.textContent = 'Deal saved';
    expect(pipedrive.mayHoldDeal(toast)).toBe(false);
    expect(pipedrive.mayHoldDeal(app.all('[data-index="0"]')[0] as Element)).toBe(true);
    expect(pipedrive.mayHoldDeal(app.all('.cui5-stage-selector')[0] as Element)).toBe(true);
  });
});
