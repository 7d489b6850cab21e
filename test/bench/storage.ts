/**
 * Storage growth: two years of a rep's daily use (test/unit/background/year-of-use.ts at full size: 2,000 synced
 * opportunities, 200 of them the rep's, 30 deal pages and 20 ticks a day, a list of 200 rows daily, two syncs a day,
 * hourly team URL checks, a revision a month), with the daily pruning pass of src/background/prune.ts. Reports the
 * bytes each store holds after the first year and after the second (JSON length: the structured-clone size,
 * approximated), the storage.local mirror, and what each daily pass cost. Runs in Node on fake-indexeddb: sizes are
 * the data's own; times are fake-indexeddb's, an upper bound for Chromium's IndexedDB.
 *
 * The limit is the retention rule's, not a byte count: IndexedDB has no quota of its own for an extension (it shares
 * the browser's, a share of the disk), so what must hold is that the database stops growing once the rule applies,
 * while the team's pipeline stays the same size. The second year must end within 10 % of the first. The mirror lives
 * in storage.local, whose quota is 10 MB without the unlimitedStorage permission: it must stay within a tenth of it.
 */
import { RETENTION } from '../../src/background/prune';
import { bytesPerStore, mirrorBytes, simulateYear, YEAR } from '../unit/background/year-of-use';
import { median, ms, p95, type BenchResult } from './lib';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const sum = (bytes: Record<string, number>): number => Object.values(bytes).reduce((total, n) => total + n, 0);

/** The second year's database may be this much larger than the first's: the rule holds it steady. */
const STEADY_GROWTH = 0.1;
/** storage.local's quota without unlimitedStorage (chrome.storage.local.QUOTA_BYTES), and the mirror's share of it. */
const LOCAL_QUOTA_BYTES = 10 * 2 ** 20;
const MIRROR_BUDGET_BYTES = LOCAL_QUOTA_BYTES / 10;
/** A daily pass may take what a background task may: it runs on an alarm, in batches of its own. */
const PASS_BUDGET_MS = 1_000;

export async function benchStorage(): Promise<BenchResult[]> {
  let firstYear: Record<string, number> = {};
  let firstYearDeals = 0;
  const years = await simulateYear({
    prune: true,
    workingDays: 2 * YEAR.workingDays,
    afterDay: async (day, store) => {
      if (day !== YEAR.workingDays - 1) return;
      firstYear = await bytesPerStore(store);
      firstYearDeals = (await store.allDeals()).length;
    },
  });
  const bytes = await bytesPerStore(years.store);
  const [one, two] = [sum(firstYear), sum(bytes)];
  const deals = (await years.store.allDeals()).length;
  const times = years.passes.map((pass) => pass.ms);
  const forgotten = years.passes.reduce((n, pass) => n + pass.pruned.deals.length, 0);
  const events = years.passes.reduce((n, pass) => n + pass.pruned.checkEvents, 0);
  const mirror = mirrorBytes(years.mirror);
  const byStore = (sizes: Record<string, number>) =>
    Object.entries(sizes)
      .filter(([, n]) => n > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `${name} ${mb(n)}`)
      .join(', ');
  return [
    {
      id: 'storage-year',
      what: `IndexedDB after one year / two years of daily use (${YEAR.workingDays} working days a year, ${YEAR.teamDeals.toLocaleString('en-US')} synced opportunities)`,
      target: `year 2 <= year 1 + ${STEADY_GROWTH * 100} %`,
      figure: `${mb(one)} / ${mb(two)}`,
      pass: two <= one * (1 + STEADY_GROWTH),
      raw: { firstYear, bytes, firstYearDeals, deals, open: years.open.size, forgotten, events },
      note:
        `${firstYearDeals.toLocaleString('en-US')} / ${deals.toLocaleString('en-US')} deals kept (${years.open.size.toLocaleString('en-US')} open at the end), ` +
        `${forgotten.toLocaleString('en-US')} closed deals forgotten over the two years (closed and unseen for ${RETENTION.closedDealDays} days), ` +
        `${events} tick events past ${RETENTION.checkEventsPerDeal} per deal dropped. After two years, by store: ${byStore(bytes)}.`,
    },
    {
      id: 'storage-mirror',
      what: 'The storage.local mirror (the playbook, and each deal\'s ticks and stage pick, for the overlay\'s first paint) after two years',
      target: `<= ${mb(MIRROR_BUDGET_BYTES)}`,
      figure: mb(mirror),
      pass: mirror <= MIRROR_BUDGET_BYTES,
      raw: { mirror },
      note: `A tenth of storage.local's ${mb(LOCAL_QUOTA_BYTES)} quota (no unlimitedStorage permission). Forgotten deals leave it with their ticks.`,
    },
    {
      id: 'storage-prune-pass',
      what: 'The daily pruning pass over those two years (median / p95 / slowest, fake-indexeddb)',
      target: `<= ${ms(PASS_BUDGET_MS)}`,
      figure: `${ms(median(times))} / ${ms(p95(times))} / ${ms(Math.max(...times))}`,
      pass: Math.max(...times) <= PASS_BUDGET_MS,
      raw: { times },
      note: `${times.length} passes, each in transactions of at most 100 deals or events, with a task break between them.`,
    },
  ];
}
