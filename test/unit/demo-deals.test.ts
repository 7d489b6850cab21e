/**
 * The demo deals of the mock Lightning app (test/fixtures/salesforce/lightning-app.js) must tell the same story on
 * any day: the browser tests and `npm start` assert "2 of 5 required met" on Acme, Umbrella's passed close date and
 * Stark's closing soon in "Needs attention". Here the app runs in happy-dom under a clock the test sets, is read
 * through the real Salesforce adapter and judged by the built-in playbook, today and a year ahead.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../src/core/calendar';
import { buildChecklist, checklistSummary, findStage } from '../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { pipelineView } from '../../src/core/forecast';
import type { DealRecord, DealSnapshot } from '../../src/core/types';
import { adapter as salesforce } from '../../src/crm/salesforce';
import { yearAhead } from '../setup/year-ahead';

import { closeMockApps, openMockApp } from './mock-lightning';

const ORG = 'https://stagecoach-demo.lightning.force.com';


afterEach(async () => {
  vi.useRealTimers();
  await closeMockApps();
});

/** Every demo deal as Stagecoach reads it from the app's pages, under the test's current clock. */
async function readDemoDeals(): Promise<DealSnapshot[]> {
  const { window, doc, api } = openMockApp(`${ORG}/lightning/o/Opportunity/list`, 0);
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
    seen: { page: now, list: null, sync: null },
    createdAt: null,
    closeDates: [],
    amounts: [],
    closed: null,
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
/** No ticks yet, so every open demo deal is also not ready for its stage: the least severe reason, listed last. */
const EXPECTED: Record<string, Verdict> = {
  'Acme - 1,200 Widgets': { checklist: '2 of 5 required met', attention: ['not-ready'] },
  'Globex - Platform Renewal': { checklist: '2 of 4 required met', attention: ['not-ready'] },
  'Initech - Pilot': { checklist: '1 of 5 required met', attention: ['not-ready'] },
  'Umbrella - Expansion': { checklist: '1 of 5 required met', attention: ['overdue', 'not-ready'] },
  'Stark - Fleet Renewal': { checklist: '1 of 4 required met', attention: ['closing-not-ready', 'not-ready'] },
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
