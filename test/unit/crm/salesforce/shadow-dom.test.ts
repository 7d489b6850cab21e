// @vitest-environment happy-dom
/**
 * Issue 7 part 2: the Salesforce adapter reads the same deal whether Lightning renders its components with synthetic
 * shadow (today), native shadow roots (where Salesforce is moving) or a mix, on the mock Lightning app in each mode
 * (test/fixtures/salesforce/lightning-app.js). Native mode also drops the hooks the page objects never use
 * (`data-output-element-id`, the Path's `slds-is-current`), so these tests fail if the reader leans on them.
 */
import type { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../src/core/calendar';
import type { DealSnapshot } from '../../../../src/core/types';
import { composedContains, openShadowRoot, seeShadowRootsWith, shadowRoots } from '../../../../src/crm/dom';
import { adapter as salesforce } from '../../../../src/crm/salesforce';
import type { ReadResult } from '../../../../src/crm/types';
import { closeMockApps, openMockApp, type MockApi, type ShadowMode } from '../../mock-lightning';

const ORG = 'https://acme.lightning.force.com';
const ACME = '006Hs00001AbCdEIAV';
const GLOBEX = '006Hs00001gLoBxIAK';

afterEach(async () => {
  seeShadowRootsWith(openShadowRoot);
  await closeMockApps();
});

interface App {
  window: Window;
  doc: Document;
  api: MockApi;
  read(): ReadResult;
  signature(): string | null;
  /** Clicks the first element matching `selector` in the page or any shadow root (the app listens in each). */
  click(selector: string): void;
  /** Every element matching `selector`, in the page and its shadow roots (closed ones through the app). */
  find(selector: string): Element[];
}

async function start(mode: ShadowMode, id = ACME): Promise<App> {
  const { window, doc, api } = openMockApp(`${ORG}/lightning/r/Opportunity/${id}/view`, 5, mode);
  await api.whenIdle();
  const url = (): URL => new URL(window.location.href);
  const find = (selector: string): Element[] =>
    [doc, ...shadowRoots(doc, (host) => api.shadowRootOf(host))].flatMap((tree) => [...tree.querySelectorAll(selector)]);
  return {
    window,
    doc,
    api,
    find,
    read: () => salesforce.read(doc, url()),
    signature: () => salesforce.signature(doc, url()),
    click(selector) {
      const el = find(selector).find((found) => found.closest('[aria-hidden="true"]') === null) as HTMLElement | undefined;
      if (!el) throw new Error(`Nothing to click at ${selector}`);
      el.click();
    },
  };
}

function deal(result: ReadResult): DealSnapshot {
  if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
  return result.deal;
}

const ACME_DEAL = () => ({
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

describe.each(['synthetic', 'native', 'mixed'] as const)('salesforce in %s shadow DOM', (mode) => {
  it('renders in that mode', async () => {
    const app = await start(mode);
    expect(app.api.shadowMode()).toBe(mode);
    const roots = shadowRoots(app.doc).length;
    if (mode === 'synthetic') expect(roots).toBe(0);
    else expect(roots).toBeGreaterThan(mode === 'native' ? 40 : 20);
    // Native mode leaves no hook of today's synthetic Lightning behind: the reader must do without them.
    if (mode !== 'synthetic') expect(app.find('[data-output-element-id], li.slds-is-current')).toEqual([]);
  });

  it('reads every part of the deal, and the fields by their labels', async () => {
    const app = await start(mode);
    const result = app.read();
    expect(result.ok && result.warnings).toEqual([]);
    const d = deal(result);
    expect(d).toMatchObject(ACME_DEAL());
    expect(d.fields).toMatchObject({ Stage: 'Needs Analysis', Amount: 'USD 1,517,250.00', 'Opportunity Owner': 'Pat Seller' });
    expect(Object.keys(d.fields)).toHaveLength(12);
  });

  it('reads the current stage, not the Path item the rep clicked, and follows "Mark Stage as Complete"', async () => {
    const app = await start(mode);
    const before = app.signature();
    app.click('li[data-name="Proposal/Price Quote"] .slds-path__link');
    expect(deal(app.read()).stage).toEqual({ label: 'Needs Analysis', value: 'Needs Analysis' });
    app.click('button.slds-path__mark-complete');
    expect(app.signature()).not.toBe(before);
    const d = deal(app.read());
    expect(d.stage).toEqual({ label: 'Proposal/Price Quote', value: 'Proposal/Price Quote' });
    expect(d.probability).toBe(75);
  });

  it('reads the next deal after in-app navigation, never the hidden cached one', async () => {
    const app = await start(mode);
    app.api.navigate(`/lightning/r/Opportunity/${GLOBEX}/view`);
    await app.api.whenIdle();
    expect(deal(app.read())).toMatchObject({ name: 'Globex - Platform Renewal', stage: { label: 'Prospecting' }, amount: { amount: 250000, currency: 'EUR' } });
    app.window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.api.whenIdle();
    expect(deal(app.read())).toMatchObject(ACME_DEAL());
  });

  it('watches elements that contain the stage, wherever its shadow root is', async () => {
    const app = await start(mode);
    const watched = salesforce.watched(app.doc);
    const stageOutput = app.find('sfa-output-stage-name, [data-target-selection-name$=".StageName"]').find((el) => el.closest('[aria-hidden="true"]') === null);
    const currentTab = app.find('span.current').find((el) => el.closest('[aria-hidden="true"]') === null);
    if (!stageOutput || !currentTab) throw new Error('the mock app shows no stage');
    expect(watched.some((el) => composedContains(el, stageOutput))).toBe(true);
    expect(watched.some((el) => composedContains(el, currentTab))).toBe(true);
    expect(salesforce.keepClear(app.doc)?.classList.contains('runtime_sales_pathassistantPathAssistant')).toBe(true);
  });
});

describe('salesforce in closed shadow roots', () => {
  it('sees nothing in closed roots on its own, and the whole deal through the browser’s opener', async () => {
    const app = await start('closed');
    expect(shadowRoots(app.doc)).toEqual([]);
    // Without the opener the page looks rendered (title, no spinner) but holds no stage it can see.
    const blind = app.read();
    expect(blind.ok).toBe(false);
    seeShadowRootsWith((host) => app.api.shadowRootOf(host));
    expect(deal(app.read())).toMatchObject(ACME_DEAL());
  });
});

describe('salesforce standard fields in any language', () => {
  it('finds the Stage, Owner and Forecast Category by their output components when only translated labels remain', async () => {
    const app = await start('native');
    // A German page whose rows lost the API-name hook: only the translated field-label is left beside each value.
    for (const row of app.find('[data-target-selection-name]')) row.removeAttribute('data-target-selection-name');
    const german: Record<string, string> = { Stage: 'Phase', 'Opportunity Owner': 'Opportunity-Inhaber', 'Forecast Category': 'Prognosekategorie' };
    for (const item of app.find('records-record-layout-item[field-label]')) {
      const label = item.getAttribute('field-label') ?? '';
      if (german[label]) item.setAttribute('field-label', german[label]);
    }
    const d = deal(app.read());
    expect(d).toMatchObject({ stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, owner: 'Pat Seller', forecastCategory: 'Pipeline' });
    expect(d.fields).toMatchObject({ Phase: 'Needs Analysis', 'Opportunity-Inhaber': 'Pat Seller', Prognosekategorie: 'Pipeline' });
  });
});
