/**
 * The popup with a big pipeline: 10,000 recorded deals, each with the ~20 detail fields a real Salesforce page
 * gives. Measures, inside the popup page, (1) navigation start -> the "Pipeline by stage" table painted, over fresh
 * popups, with the worker awake and with the worker just started (stopped before each open, as the browser stops it
 * after 30 s idle), beside the platform's floor (an empty extension page, and waking an empty worker), and (2) one
 * filter keystroke: input event -> the next frame after the filtered list is in the DOM.
 *
 * Run alone: STAGECOACH_DIST=/tmp/dist-popup npx tsx test/bench/popup-cli.mts (or through `npm run bench`).
 */
import type { Page } from 'playwright-core';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { summaryOf } from '../../src/core/deal-summary';
import { playbookFingerprint } from '../../src/background/pipeline';
import { isoDate } from '../../src/core/calendar';
import { readinessOf, stageLookup } from '../../src/core/forecast';
import type { DealChecks, DealRecord, DealSummary } from '../../src/core/types';
import { launchExtension, type Ext } from '../e2e/harness';
import { platformFloor } from './floor';
import { median, ms, newPage, p95, sleep, type BenchResult } from './lib';

export const DEAL_COUNT = 10_000;
const POPUP_OPENS = 15;
/** Each one stops the worker first, so fewer: a cold start costs seconds while the index is not in use. */
const COLD_OPENS = 8;
/** Typed one character at a time, then partly deleted: what a rep looking for a deal does. */
const QUERY = 'globex negotiation';
const DELETES = 8;
const SUMMARY_TARGET_MS = 100;
/** The "the first popup after the worker starts must not read every full deal record" (about 2 s before). */
const COLD_TARGET_MS = 500;
const FILTER_TARGET_MS = 50;

const ACCOUNTS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Soylent', 'Vandelay',
  'Wonka', 'Tyrell', 'Cyberdyne', 'Pied Piper', 'Massive Dynamic', 'Aperture', 'Nakatomi', 'Oceanic', 'Gringotts',
  'Société Générale de Test', 'Müller & Söhne', 'Høgskolen Data', 'Ñandú Logística',
];
const PRODUCTS = ['Renewal', 'Expansion', '1,200 Widgets', 'Platform', 'Pilot', 'Enterprise licence', 'Services', 'Upsell'];
const OWNERS = ['Ana Souza', 'José Álvarez', 'Zoë Martin', 'Priya Natarajan', 'Tom Becker', 'Chen Wei'];
/** Salesforce's default stages, one "On Hold" the playbook does not know, and closed ones left out of the pipeline. */
const STAGES = [
  'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
  'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'On Hold',
];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'GBP'];

/** Deterministic: the same pipeline on every run, so figures compare across commits. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export interface SeedCheck {
  dealKey: string;
  criterionId: string;
  checkedAt: string;
}

/** `count` realistic deal records and some ticks, as the worker would have stored them. */
export function exampleDeals(count: number, now = new Date()): { deals: DealRecord[]; checks: SeedCheck[] } {
  const rnd = random(20261115);
  const manualCriteria = new Map(
    DEFAULT_PLAYBOOK.stages.map((s) => [s.id, s.criteria.filter((c) => c.rule === undefined).map((c) => c.id)]),
  );
  const stageIdOf = (label: string) =>
    DEFAULT_PLAYBOOK.stages.find((s) => [s.name, ...s.match].some((m) => m.toLowerCase() === label.toLowerCase()))?.id;
  const deals: DealRecord[] = [];
  const checks: SeedCheck[] = [];
  for (let i = 0; i < count; i++) {
    const recordId = `006Hs0000${String(i).padStart(6, '0')}AAA`;
    const key = `salesforce:bench:${recordId}`;
    const account = pick(rnd, ACCOUNTS);
    const name = `${account} - ${pick(rnd, PRODUCTS)} ${i}`;
    const stage = pick(rnd, STAGES);
    const currency = pick(rnd, CURRENCIES);
    const amount = rnd() < 0.08 ? null : Math.round(5_000 + rnd() * 2_000_000);
    const closeDate = rnd() < 0.05 ? null : isoDay(new Date(now.getTime() + Math.round((rnd() * 200 - 40) * 86_400_000)));
    const owner = pick(rnd, OWNERS);
    const enteredAt = new Date(now.getTime() - Math.round(rnd() * 90 * 86_400_000)).toISOString();
    const firstSeen = new Date(Date.parse(enteredAt) - Math.round(rnd() * 60 * 86_400_000)).toISOString();
    const amountText = amount === null ? '' : `${currency} ${amount.toLocaleString('en-US')}.00`;
    const fields: Record<string, string> = {
      'Opportunity Name': name,
      'Account Name': account,
      'Opportunity Owner': owner,
      Type: pick(rnd, ['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Replacement']),
      'Lead Source': pick(rnd, ['Web', 'Partner Referral', 'Phone Inquiry', 'Trade Show']),
      Amount: amountText,
      'Expected Revenue': amountText,
      'Close Date': closeDate ?? '',
      'Next Step': rnd() < 0.3 ? '' : 'Send the mutual close plan and confirm the signatory',
      Stage: stage,
      'Probability (%)': `${Math.round(rnd() * 100)}%`,
      'Forecast Category': pick(rnd, ['Pipeline', 'Best Case', 'Commit', 'Omitted']),
      'Primary Campaign Source': 'Q4 Partner Webinar Series',
      'Order Number': String(100_000 + i),
      'Main Competitor(s)': pick(rnd, ['Initrode', 'Globo-Chem', '']),
      'Current Generator(s)': 'Legacy on-premises install, 3 sites',
      'Delivery/Installation Status': pick(rnd, ['Not started', 'In progress', 'Completed']),
      'Tracking Number': `TRK-${i}`,
      Description: `${account} wants to consolidate three regional tools before their fiscal year ends; procurement needs two quotes.`,
      'Created By': `${pick(rnd, OWNERS)}, 3/14/2026, 9:12 AM`,
      'Last Modified By': `${owner}, 11/2/2026, 4:40 PM`,
    };
    deals.push({
      key,
      snapshot: {
        crm: 'salesforce',
        key,
        recordId,
        url: `https://bench.lightning.force.com/lightning/r/Opportunity/${recordId}/view`,
        locale: 'en-US',
        name,
        stage: { label: stage, value: stage },
        amount: amount === null ? null : { amount, currency },
        closeDate,
        probability: Math.round(rnd() * 100),
        nextStep: fields['Next Step'] || null,
        owner,
        forecastCategory: fields['Forecast Category'] ?? null,
        fields,
      },
      firstSeen,
      lastSeen: now.toISOString(),
      history: [
        { stage: { label: 'Prospecting', value: 'Prospecting' }, enteredAt: firstSeen },
        { stage: { label: stage, value: stage }, enteredAt },
      ],
      seen: { page: now.toISOString(), list: null, sync: null },
      createdAt: null,
      closeDates: [],
      amounts: [],
      closed: null,
    });
    const stageId = stageIdOf(stage);
    for (const criterionId of (stageId && manualCriteria.get(stageId)) || []) {
      if (rnd() < 0.45) checks.push({ dealKey: key, criterionId, checkedAt: enteredAt });
    }
  }
  return { deals, checks };
}

/**
 * The index rows the worker would have written with these deals: each with its readiness under the built-in playbook
 * today, as after the worker evaluated it, so a worker that starts reads these rows and no full record.
 */
async function indexRows(deals: DealRecord[], checks: SeedCheck[]): Promise<DealSummary[]> {
  const fingerprint = await playbookFingerprint(DEFAULT_PLAYBOOK);
  const lookup = stageLookup(DEFAULT_PLAYBOOK);
  const today = isoDate(new Date());
  const ticks = new Map<string, DealChecks>();
  for (const check of checks) ticks.set(check.dealKey, { ...ticks.get(check.dealKey), [check.criterionId]: { checkedAt: check.checkedAt } });
  return deals.map((deal) =>
    summaryOf(deal, { ...readinessOf(DEFAULT_PLAYBOOK, lookup, deal, ticks.get(deal.key) ?? {}, today), playbook: fingerprint, day: today }),
  );
}

/**
 * Writes deals, their index rows (`summaries`, evaluated as the worker writes them with each deal) and ticks straight
 * into the extension's IndexedDB from its worker, as if it had recorded them, then stops the worker: it keeps the
 * pipeline it computed in memory (its badge computes one at start, while the seeding runs) and only hears of its own
 * writes, so the next message starts a worker that reads what was seeded.
 */
export async function seedDeals(ext: Ext, deals: DealRecord[], checks: SeedCheck[]): Promise<void> {
  const rows = await indexRows(deals, checks);
  const worker = await ext.worker();
  // The worker creates the database on install; opening it here first, without a version, would create an empty one.
  await worker.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      if ((await indexedDB.databases()).some((d) => d.name === 'stagecoach')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the Stagecoach worker did not create its database within 10 s');
  });
  const CHUNK = 2_000;
  for (let i = 0; i < Math.max(deals.length, checks.length); i += CHUNK) {
    await worker.evaluate(
      async (json) => {
        const { deals: d, summaries: r, checks: c } = JSON.parse(json) as { deals: DealRecord[]; summaries: DealSummary[]; checks: SeedCheck[] };
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('stagecoach');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['deals', 'summaries', 'checks'], 'readwrite');
          for (const record of d) tx.objectStore('deals').put(record);
          for (const row of r) tx.objectStore('summaries').put(row);
          for (const check of c) tx.objectStore('checks').put(check);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      // As one JSON string: Playwright serializes an object argument value by value, which took ~10 s per 2,000 deals.
      JSON.stringify({ deals: deals.slice(i, i + CHUNK), summaries: rows.slice(i, i + CHUNK), checks: checks.slice(i, i + CHUNK) }),
    );
  }
  // The worker counted the (empty) pipeline for the badge when it started, and keeps it: a new worker reads the seed.
  await ext.stopWorker();
}

/** Waits until the popup's deal list has arrived (on the All deals tab), or the popup says there are no deals. */
async function dealListIn(page: Page): Promise<void> {
  const empty = page.getByText('No deals yet.');
  await page.getByRole('tab', { name: 'All deals' }).or(empty).first().click();
  await page.getByRole('list', { name: 'Open deals' }).or(empty).waitFor({ timeout: 60_000 });
}


/** Opens the popup once and waits until it has shown the pipeline (or the first-run message). */
export async function openPopupReady(ext: Ext): Promise<Page> {
  const popup = await ext.openPopup();
  await popup.getByRole('table', { name: 'Pipeline by stage' }).or(popup.getByText('No deals yet.')).waitFor();
  return popup;
}

/**
 * Installed before the popup's own scripts: notes when the stage table first appears, then waits for the next
 * frame and a task after it (the frame has been produced by then). Times are from navigation start.
 */
const SUMMARY_PROBE = `
  window.__summaryPainted = new Promise((resolve) => {
    const seen = () => [...document.querySelectorAll('table caption')].some((c) => c.textContent.trim() === 'Pipeline by stage');
    const done = () => requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(null);
    });
    new MutationObserver((_, observer) => {
      if (seen()) { observer.disconnect(); done(); }
    }).observe(document, { childList: true, subtree: true });
  });
`;

/**
 * Per keystroke: from the input event's timestamp (it includes any wait for a busy main thread) to a task after the
 * next frame. The popup filters synchronously on input (no debounce), so that frame shows the filtered list; the
 * count text seen then is kept so the run can check it matches the final state.
 */
const FILTER_PROBE = `
  window.__keystrokes = [];
  addEventListener('input', (event) => {
    const started = event.timeStamp;
    const value = event.target.value;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const count = document.querySelector('[data-deal-count]');
        window.__keystrokes.push({ value, ms: performance.now() - started, count: count ? count.textContent : null });
      };
      ch.port2.postMessage(null);
    });
  }, true);
`;

interface Keystroke {
  value: string;
  ms: number;
  count: string | null;
}

/** `count` other than 10,000 is for finding the floor (e.g. 0 deals: the cost of the page itself). */
export async function benchPopup(count = DEAL_COUNT): Promise<BenchResult[]> {
  const ext = await launchExtension({ serve: false });
  try {
    const { deals, checks } = exampleDeals(count);
    await seedDeals(ext, deals, checks);

    const summary: number[] = [];
    for (let i = 0; i < POPUP_OPENS; i++) {
      const page = await newPage(ext.context);
      await page.addInitScript(SUMMARY_PROBE);
      await page.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
      summary.push(await page.evaluate(() => (window as unknown as { __summaryPainted: Promise<number> }).__summaryPainted));
      // Closed once the deal list is in, as a rep would: closing earlier leaves the worker sending a list nobody reads
      // while the next popup waits.
      await dealListIn(page);
      await page.close();
    }

    const cold: number[] = [];
    for (let i = 0; i < COLD_OPENS; i++) {
      // The worker counted the (empty) pipeline for the badge when it started, and keeps it: a new worker reads the seed.
  await ext.stopWorker();
      const page = await newPage(ext.context);
      await page.addInitScript(SUMMARY_PROBE);
      await page.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
      cold.push(await page.evaluate(() => (window as unknown as { __summaryPainted: Promise<number> }).__summaryPainted));
      await dealListIn(page);
      await page.close();
    }

    const page = await newPage(ext.context);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.addInitScript(FILTER_PROBE);
    await page.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
    let keystrokes: Keystroke[] = [];
    let filterProblem: string | null = null;
    try {
      await dealListIn(page);
      const search = page.getByRole('searchbox', { name: 'Find a deal' });
      await search.click();
      // A person's pace: each keystroke has its frame before the next one.
      for (const char of QUERY) {
        await page.keyboard.type(char);
        await sleep(120);
      }
      for (let i = 0; i < DELETES; i++) {
        await page.keyboard.press('Backspace');
        await sleep(120);
      }
      await sleep(200);
      keystrokes = await page.evaluate(() => (window as unknown as { __keystrokes: Keystroke[] }).__keystrokes);
      const settled = await page.locator('[data-deal-count]').textContent();
      if (keystrokes.at(-1)?.count !== settled) {
        filterProblem = `the last measured frame showed "${keystrokes.at(-1)?.count}", the settled list "${settled}"`;
      }
    } catch (error) {
      filterProblem = `no search box: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    await page.close();

    const floor = await platformFloor(POPUP_OPENS);
    const filter = keystrokes.map((k) => k.ms);
    const summaryMedian = median(summary);
    const coldMedian = median(cold);
    const coldFloor = floor.pagePaint + floor.workerWake;
    const filterMedian = median(filter);
    return [
      {
        id: 'popup-summary-10k',
        what: `Popup with ${count.toLocaleString('en-US')} recorded deals: navigation start to the "Pipeline by stage" table painted (worker awake)`,
        target: `<= ${SUMMARY_TARGET_MS} ms`,
        figure: ms(summaryMedian),
        pass: summaryMedian <= SUMMARY_TARGET_MS,
        raw: { samples: summary, median: summaryMedian, p95: p95(summary), opens: POPUP_OPENS },
        note: `median of ${POPUP_OPENS} fresh popups; p95 ${ms(p95(summary))}; first open ${ms(summary[0] ?? Number.NaN)}. The floor here, an extension page that paints one line of text, measured the same way: ${ms(floor.pagePaint)}`,
      },
      {
        id: 'popup-summary-10k-cold',
        what: `Popup with ${count.toLocaleString('en-US')} recorded deals, the worker just started: navigation start to the "Pipeline by stage" table painted`,
        target: `<= ${COLD_TARGET_MS} ms`,
        figure: ms(coldMedian),
        pass: coldMedian <= COLD_TARGET_MS,
        raw: { samples: cold, median: coldMedian, p95: p95(cold), opens: COLD_OPENS, floor: coldFloor },
        note: `median of ${COLD_OPENS} popups, the worker stopped before each; p95 ${ms(p95(cold))}. The floor, an empty extension page painting a line plus waking an empty worker: ${ms(coldFloor)} (${ms(floor.pagePaint)} + ${ms(floor.workerWake)})`,
      },
      {
        id: 'popup-filter-10k',
        what: `Popup with ${count.toLocaleString('en-US')} deals: one keystroke in "Find a deal" to the filtered list painted`,
        target: `<= ${FILTER_TARGET_MS} ms`,
        figure: filterProblem === null ? ms(filterMedian) : 'n/a',
        pass: filterProblem === null && filterMedian <= FILTER_TARGET_MS,
        raw: { samples: filter, median: filterMedian, p95: p95(filter), keystrokes },
        note: filterProblem ?? `median of ${filter.length} keystrokes ("${QUERY}", then ${DELETES} deletes); p95 ${ms(p95(filter))}`,
      },
    ];
  } finally {
    await ext.close();
  }
}
