/**
 * Storage growth: a year of a rep's daily use (test/unit/background/year-of-use.ts at full size: 2,000 synced
 * opportunities, 200 of them the rep's, 30 deal pages and 20 ticks a day, a list of 200 rows daily, two syncs a day,
 * hourly team URL checks, a revision a month), with the daily pruning pass of src/background/prune.ts. Reports the
 * bytes each store holds at the end (JSON length: the structured-clone size, approximated), the storage.local mirror,
 * and what each daily pass cost. Runs in Node on fake-indexeddb: sizes are the data's own; times are fake-indexeddb's,
 * an upper bound for Chromium's IndexedDB.
 */
import { RETENTION } from '../../src/background/prune';
import { bytesPerStore, mirrorBytes, simulateYear, YEAR } from '../unit/background/year-of-use';
import { median, ms, p95, type BenchResult } from './lib';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;

/** The whole database after a year: within 10 MB, storage.local's own quota, so no browser's share is strained. */
const BUDGET_BYTES = 10 * 2 ** 20;
/** A daily pass may take what a background task may: it runs on an alarm, in batches of its own. */
const PASS_BUDGET_MS = 1_000;

export async function benchStorage(): Promise<BenchResult[]> {
  const year = await simulateYear({ prune: true });
  const bytes = await bytesPerStore(year.store);
  const total = Object.values(bytes).reduce((sum, n) => sum + n, 0);
  const deals = (await year.store.allDeals()).length;
  const times = year.passes.map((pass) => pass.ms);
  const forgotten = year.passes.reduce((n, pass) => n + pass.pruned.deals.length, 0);
  const events = year.passes.reduce((n, pass) => n + pass.pruned.checkEvents, 0);
  const mirror = mirrorBytes(year.mirror);
  return [
    {
      id: 'storage-year',
      what: `IndexedDB after a year of daily use (${YEAR.workingDays} working days, ${YEAR.teamDeals.toLocaleString('en-US')} synced opportunities) / the storage.local mirror`,
      target: `<= ${mb(BUDGET_BYTES)}`,
      figure: `${mb(total)} / ${mb(mirror)}`,
      pass: total <= BUDGET_BYTES && mirror <= BUDGET_BYTES,
      raw: { bytes, total, mirror, deals, open: year.open.size, forgotten, events },
      note:
        `${deals.toLocaleString('en-US')} deals kept (${year.open.size.toLocaleString('en-US')} open), ${forgotten.toLocaleString('en-US')} closed deals forgotten ` +
        `(closed and unseen for ${RETENTION.closedDealDays} days), ${events} tick events past ${RETENTION.checkEventsPerDeal} per deal dropped. By store: ` +
        Object.entries(bytes)
          .filter(([, n]) => n > 0)
          .map(([name, n]) => `${name} ${mb(n)}`)
          .join(', '),
    },
    {
      id: 'storage-prune-pass',
      what: 'The daily pruning pass over that year (median / p95 / slowest, fake-indexeddb)',
      target: `<= ${ms(PASS_BUDGET_MS)}`,
      figure: `${ms(median(times))} / ${ms(p95(times))} / ${ms(Math.max(...times))}`,
      pass: Math.max(...times) <= PASS_BUDGET_MS,
      raw: { times },
      note: `${times.length} passes, each in transactions of at most 100 deals or events, with a task break between them.`,
    },
  ];
}
