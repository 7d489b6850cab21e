/**
 * Benchmarks of the service worker: waking from stopped to its first answer, warm IndexedDB reads, and the pipeline
 * the popup asks for first (pipeline/get) at 10,000 deals, with the worker just started and warm.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import { dealUrl, launchExtension } from '../e2e/harness';
import { seedVersion1 } from '../e2e/version1';
import { deal } from '../unit/deal-fixture';
import { platformFloor } from './floor';
import { NAME_SHIM, median, ms, p95, shimNames, sleep, type BenchResult } from './lib';
import { DEAL_COUNT, exampleDeals, seedDeals } from './popup';

const RUNS = Number(process.env.BENCH_RUNS ?? 12);

/** pipeline/get's round trip from an extension page, in ms. */
const askPipeline = (page: Page) =>
  page.evaluate(async () => {
    const start = performance.now();
    const reply = (await chrome.runtime.sendMessage({ type: 'pipeline/get', payload: {} })) as { ok: boolean };
    if (!reply.ok) throw new Error('the worker refused pipeline/get');
    return performance.now() - start;
  });

/**
 * pipeline/get at `count` deals: the first ever (index rows never evaluated, as after the upgrade to version 5), then
 * each time the worker was just stopped (Chrome stops idle workers: the popup of a morning), and warm.
 */
export async function benchPipeline(count = DEAL_COUNT): Promise<BenchResult[]> {
  const ext = await launchExtension({ serve: false });
  try {
    const { deals, checks } = exampleDeals(count);
    await seedDeals(ext, deals, checks);
    await ext.stopWorker();
    await sleep(200);
    const options = await ext.openOptions();
    const first = await askPipeline(options);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      warm.push(await askPipeline(options));
      await ext.stopWorker();
      await sleep(200);
      cold.push(await askPipeline(options));
    }
    return [
      {
        id: 'pipeline-get-10k',
        what: `pipeline/get with ${count.toLocaleString('en-US')} deals, worker just started / warm (median round trip from an extension page)`,
        target: '<= 300 ms / <= 20 ms',
        figure: `${ms(median(cold))} / ${ms(median(warm))}`,
        pass: median(cold) <= 300 && median(warm) <= 20,
        raw: { first, cold, warm },
        note: `p95 ${ms(p95(cold))} / ${ms(p95(warm))}. The very first, with no deal evaluated yet (as after the upgrade): ${ms(first)}. Before the lean index (issue 9) a just-started worker read every full record: about 2 s.`,
      },
    ];
  } finally {
    await ext.close();
  }
}

export async function benchWorker(): Promise<BenchResult[]> {
  return [...(await wakeAndReads()), ...(await benchPipeline()), ...(await benchMigration())];
}

const MIGRATION_DEALS = 10_000;
const MIGRATION_RUNS = 3;

/**
 * The one-time database upgrade after an extension update, from the first release's version 1 to the current one,
 * with 10,000 deals (each with a page's 25 detail fields and two ticks): the time from the first message after the
 * update to its answer (the upgrade runs in between), against the same message once upgraded. Meanwhile overlays
 * paint from the storage mirror; the popup and ticks wait.
 */
async function benchMigration(): Promise<BenchResult[]> {
  const ext = await launchExtension({ serve: false });
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const closeDate = daysAgo(-120).slice(0, 10);
  const fields = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`Detail field ${i + 1}`, `Value ${i + 1} of this deal`]));
  const record = {
    snapshot: deal({ name: 'Acme - 1,200 Widgets', stage: { label: 'Proposal', value: 'Proposal' }, amount: { amount: 48_000, currency: 'USD' }, closeDate, fields }),
    firstSeen: daysAgo(90),
    lastSeen: daysAgo(2),
    history: [
      { stage: { label: 'Qualification', value: 'Qualification' }, enteredAt: daysAgo(90) },
      { stage: { label: 'Discovery', value: 'Discovery' }, enteredAt: daysAgo(60) },
      { stage: { label: 'Proposal', value: 'Proposal' }, enteredAt: daysAgo(20) },
    ],
  };
  const ask = (page: Page) =>
    page.evaluate(async () => {
      const start = performance.now();
      const reply = (await chrome.runtime.sendMessage({ type: 'playbook/get', payload: {} })) as { ok: boolean };
      if (!reply.ok) throw new Error('the worker refused playbook/get');
      return performance.now() - start;
    });
  try {
    const upgrade: number[] = [];
    const after: number[] = [];
    for (let run = 0; run < MIGRATION_RUNS; run++) {
      await ext.stopWorker();
      // An extension page that sends no message of its own: it writes the old database without waking the worker.
      const raw = await ext.context.newPage();
      await raw.goto(`chrome-extension://${ext.extensionId}/icons/icon-16.png`);
      await seedVersion1(raw, { count: MIGRATION_DEALS, record, playbook: { slot: 'import', playbook: DEFAULT_PLAYBOOK, fileName: 'team.json', importedAt: daysAgo(30) }, tickedAt: daysAgo(10) });
      upgrade.push(await ask(raw));
      const version = await raw.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('stagecoach');
            open.onsuccess = () => {
              resolve(open.result.version);
              open.result.close();
            };
            open.onerror = () => reject(open.error);
          }),
      );
      if (version < 5) throw new Error(`the database is still at version ${version} after the first answer`);
      await ext.stopWorker();
      await sleep(200);
      after.push(await ask(raw));
      await raw.close();
    }
    const perDeal = (median(upgrade) - median(after)) / MIGRATION_DEALS;
    return [
      {
        id: 'migration-v1-10k',
        what: `First answer after an update that upgrades the database from version 1, ${MIGRATION_DEALS.toLocaleString('en-US')} deals and ${(2 * MIGRATION_DEALS).toLocaleString('en-US')} ticks (median), against the worker just started once upgraded`,
        target: '<= 5 s',
        figure: `${ms(median(upgrade))} / ${ms(median(after))}`,
        pass: median(upgrade) <= 5_000,
        raw: { upgrade, after },
        note: `${MIGRATION_RUNS} runs; about ${(perDeal * 1000).toFixed(0)} µs a deal. Once per update, in one transaction (a worker stopped in it leaves version 1 whole: faults.test.ts). Overlays paint from the storage mirror meanwhile. Version 2's step writing only the deals and ticks it changes (issue 10), back to back on this machine: 9.48 s before, 4.97 s after; runs here vary by ±0.5 s.`,
      },
    ];
  } finally {
    await ext.close();
  }
}

async function wakeAndReads(): Promise<BenchResult[]> {
  const ext = await launchExtension();
  try {
    await shimNames(ext.context);
    const options = await ext.openOptions();
    const ask = () =>
      options.evaluate(async () => {
        const start = performance.now();
        const reply = (await chrome.runtime.sendMessage({ type: 'playbook/get', payload: {} })) as { ok: boolean };
        if (!reply.ok) throw new Error('the worker refused playbook/get');
        return performance.now() - start;
      });
    await ask();
    const awake: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      awake.push(await ask());
      await ext.stopWorker();
      await sleep(200);
      cold.push(await ask());
    }

    // Warm IndexedDB reads, inside the worker: an imported playbook (the built-in one is in the code) and a deal.
    await options.evaluate(
      (text) => chrome.runtime.sendMessage({ type: 'playbook/import', payload: { text, fileName: 'bench.json' } }),
      serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Bench playbook' }),
    );
    const deal = await ext.openDeal(dealUrl('006Hs00001AbCdEIAV'));
    await deal.locator('stagecoach-overlay').waitFor();
    await sleep(500);
    const worker = await ext.worker();
    await worker.evaluate(NAME_SHIM);
    const reads = await worker.evaluate(async (dealKey) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('stagecoach');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const get = (store: string, key: IDBValidKey) =>
        new Promise<unknown>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const time = async (store: string, key: IDBValidKey) => {
        const samples: number[] = [];
        for (let i = 0; i < 20; i++) await get(store, key); // warm up
        for (let i = 0; i < 300; i++) {
          const start = performance.now();
          const value = await get(store, key);
          samples.push(performance.now() - start);
          if (value === undefined) throw new Error(`nothing stored at ${store}/${String(key)}`);
        }
        return samples;
      };
      // The imported playbook is the first revision (database version 4 on).
      const result = { playbook: await time('revisions', 1), deal: await time('deals', dealKey) };
      db.close();
      return result;
    }, 'salesforce:stagecoach-demo:006Hs00001AbCdEIAV');

    const floor = await platformFloor(RUNS);
    return [
      {
        id: 'worker-wake',
        what: 'Service worker stopped -> first answer (median), from an extension page',
        target: '<= 50 ms',
        figure: ms(median(cold)),
        pass: median(cold) <= 50,
        raw: { cold, awake, floor: floor.samples.wake },
        note: `p95 ${ms(p95(cold))}. The floor here, a worker that only answers one message: ${ms(floor.workerWake)}. An awake worker answers in ${ms(median(awake))}. The overlay never waits for this: it paints from the storage mirror.`,
      },
      {
        id: 'idb-reads',
        what: 'IndexedDB read of the active playbook / a deal, warm (p95)',
        target: '<= 1 ms / <= 1 ms',
        figure: `${ms(p95(reads.playbook))} / ${ms(p95(reads.deal))}`,
        pass: p95(reads.playbook) <= 1 && p95(reads.deal) <= 1,
        raw: reads,
        note: `medians ${ms(median(reads.playbook))} / ${ms(median(reads.deal))}, 300 reads each`,
      },
    ];
  } finally {
    await ext.close();
  }
}
