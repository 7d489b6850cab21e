/**
 * The demo deals of the mock Lightning app (test/fixtures/salesforce/lightning-app.js) must tell the same story on
 * any day: the browser tests and `npm start` assert "2 of 5 required met" on Acme, Umbrella's passed close date and
 * Stark's closing soon in "Needs attention". Here the app runs in happy-dom under a clock the test sets, is read
 * through the real Salesforce adapter and judged by the built-in playbook, today and a year ahead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../src/core/calendar';
import { buildChecklist, checklistSummary, findStage } from '../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { pipelineView } from '../../src/core/forecast';
import type { DealRecord, DealSnapshot } from '../../src/core/types';
import { adapter as salesforce } from '../../src/crm/salesforce';
import { yearAhead } from '../setup/year-ahead';

const FIXTURES = join(process.cwd(), 'test/fixtures/salesforce');
const HTML = readFileSync(join(FIXTURES, 'lightning-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'lightning-app.js'), 'utf8');
const ORG = 'https://stagecoach-demo.lightning.force.com';

interface MockApi {
  recordIds(): string[];
  navigate(href: string): void;
  whenIdle(): Promise<void>;
}

const windows: Window[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

/** Every demo deal as Stagecoach reads it from the app's pages, under the test's current clock. */
async function readDemoDeals(): Promise<DealSnapshot[]> {
  const window = new Window({
    url: `${ORG}/lightning/o/Opportunity/list`,
    settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  windows.push(window);
  // happy-dom gives each window its own Date. In a browser the page and Stagecoach share one clock: give the app
  // the test's, so a faked clock reaches it too.
  Object.assign(window, { Date, lightningAppRenderDelayMs: 0 });
  window.document.write(HTML);
  window.eval(SCRIPT);
  const doc = window.document as unknown as Document;
  const api = (window as unknown as { lightningApp: MockApi }).lightningApp;
  const deals: DealSnapshot[] = [];
  for (const id of api.recordIds()) {
    api.navigate(`/lightning/r/Opportunity/${id}/view`);
    await api.whenIdle();
    const result = salesforce.read(doc, new URL(window.location.href));
    if (!result.ok) throw new Error(`The mock app's record ${id} did not read as a deal: ${JSON.stringify(result.failure)}`);
    deals.push(result.deal);
  }
  return deals;
}

interface Verdict {
  /** The overlay's status line, or the stage a closed deal shows. */
  checklist: string;
  /** Why the popup lists it under "Needs attention"; absent for closed deals, which the popup leaves out. */
  attention?: string[];
}

/** What a rep who has just opened each deal (no ticks yet) sees, judged against the clock's today. */
async function verdicts(): Promise<Record<string, Verdict>> {
  const today = isoDate(new Date());
  const deals = await readDemoDeals();
  const now = new Date().toISOString();
  const records: DealRecord[] = deals.map((snapshot) => ({
    key: snapshot.key,
    snapshot,
    firstSeen: now,
    lastSeen: now,
    history: [{ stage: snapshot.stage, enteredAt: now }],
  }));
  const listed = new Map(pipelineView(DEFAULT_PLAYBOOK, records, new Map(), today).deals.map((d) => [d.key, d]));
  const out: Record<string, Verdict> = {};
  for (const deal of deals) {
    const found = findStage(DEFAULT_PLAYBOOK, deal.stage);
    if (found === null) throw new Error(`The demo stage "${deal.stage.label}" is not in the built-in playbook.`);
    const checklist = buildChecklist(DEFAULT_PLAYBOOK, found.stage, deal, {}, today);
    const item = listed.get(deal.key);
    out[deal.name ?? deal.key] = {
      checklist: found.stage.outcome === 'open' ? checklistSummary(checklist) : found.stage.name,
      ...(item && { attention: item.reasons.map((r) => r.kind) }),
    };
  }
  return out;
}

/** What the browser tests and the demo rely on; the close dates behind it are days from today. */
const EXPECTED: Record<string, Verdict> = {
  'Acme - 1,200 Widgets': { checklist: '2 of 5 required met', attention: [] },
  'Globex - Platform Renewal': { checklist: '2 of 4 required met', attention: [] },
  'Initech - Pilot': { checklist: '1 of 5 required met', attention: [] },
  'Umbrella - Expansion': { checklist: '1 of 5 required met', attention: ['overdue'] },
  'Stark - Fleet Renewal': { checklist: '1 of 4 required met', attention: ['closing-not-ready'] },
  'Hooli - Annual Licence': { checklist: 'Closed Won' },
};

describe('the demo deals of the mock Lightning app', () => {
  it('give the checklists and attention the browser tests expect, under today’s clock', async () => {
    expect(await verdicts()).toEqual(EXPECTED);
  });

  it('give the same a year from now: no close date in them is a calendar date', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(yearAhead());
    expect(await verdicts()).toEqual(EXPECTED);
  });
});
