/**
 * `npm run bench`: every benchmark against the built extension in headless Chromium, A/B where it applies.
 * Writes BENCHMARKS.md (figures, targets, machine, how to reproduce) and BENCHMARKS.json (raw figures).
 * BENCH_ONLY=bundle,load,content,worker,popup,lists,sync,storage runs a subset; BENCH_LOAD_RUNS sets the page-load triples (default 40),
 * BENCH_RUNS the run count of the other A/B benchmarks (default 12).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { DIST, chromePath } from '../e2e/harness';
import { entryCosts } from './bundle';
import { LOAD_WINDOW_MS, benchContent, pageLoad } from './content';
import { kb, type BenchResult } from './lib';
import { benchLists } from './lists';
import { benchPopup } from './popup';
import { benchStorage } from './storage';
import { benchSync } from './sync';
import { benchWorker } from './worker';

function bundle(): BenchResult[] {
  const costs = entryCosts(DIST);
  return [
    {
      id: 'bundle-detector',
      what: 'Code injected on every matching CRM page before a deal is recognised (gzipped)',
      target: '<= 6 KB',
      figure: kb(costs.detector.gzipBytes),
      pass: costs.detector.gzipBytes <= 6 * 1024,
      raw: { ...costs.detector },
    },
    // One overlay per CRM of the registry, each loaded only on that CRM's deal pages.
    ...Object.entries(costs.overlays).map(([crm, overlay]) => ({
      id: `bundle-overlay-${crm}`,
      what: `Overlay module for ${crm} deal pages, loaded only there (gzipped)`,
      target: '<= 20 KB',
      figure: kb(overlay.gzipBytes),
      pass: overlay.gzipBytes <= 20 * 1024,
      raw: { ...overlay },
      note: `worker ${kb(costs.worker.gzipBytes)}, popup ${kb(costs.popup.gzipBytes)}, options ${kb(costs.options.gzipBytes)}`,
    })),
  ];
}

const SUITES: Record<string, () => Promise<BenchResult[]> | BenchResult[]> = {
  bundle,
  load: pageLoad,
  content: benchContent,
  worker: benchWorker,
  popup: benchPopup,
  lists: benchLists,
  sync: benchSync,
  storage: benchStorage,
};

function machine(): string {
  const chromium = execFileSync(chromePath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ${chromium} (headless)`;
}

const LOAD_WINDOW_S = LOAD_WINDOW_MS / 1000;

function markdown(results: BenchResult[], env: string, started: Date, seconds: number): string {
  const row = (r: BenchResult) => `| ${r.what} | ${r.target} | **${r.figure}** | ${r.pass ? 'met' : 'missed'} | ${r.note ?? ''} |`;
  return `# Benchmarks

What Stagecoach costs the CRM page, the worker and the popup, measured by \`npm run bench\` on the built extension in
headless Chromium.

**Page loads** are measured as interleaved triples, in three browsers launched alike: one with Stagecoach, one whose
only extension has an **empty content script on the same matches and \`run_at\`** (the platform's floor: what any
content-script extension costs a page), and one with no extension. Each load is a fresh tab on the heavy mock
Lightning page of \`test/fixtures/salesforce/heavy.js\` (490 record fields over the visible record and 6 hidden cached
views, Salesforce's SLDS stylesheet, a clock ticking every 50 ms, no \`Intl\` in the page so the extension's first use
of it is paid in full), and on the mock HubSpot app of \`test/fixtures/hubspot/\` (a deal record and the deals board,
light pages: what a second CRM's adapter costs on its own), measured over the same ${LOAD_WINDOW_S} s window from its start. The figure is **all main-thread
task time** (CDP \`Performance.getMetrics\` TaskDuration, in the main thread's CPU time so other processes on a
shared machine do not count), as the **median of paired differences**: Stagecoach − floor (the target), and
floor − none beside it. The order of the three rotates each run. Run counts are in each row's notes.

The other page figures (latency, churn, tick, navigations) run on the mock app made busy by
\`test/fixtures/salesforce/churn.js\` (1,500-item activity feed, a related list inside the record, timers mutating
them several times a second). Our own work is timed with User Timing marks that the content script records only
when the page asks for them (\`stagecoach:trace\`), so ordinary pages get none.

Last run: ${started.toISOString()} (${Math.round(seconds)} s). Machine: ${env}.
Absolute times drift on shared machines; compare figures from one run, and the A/B differences, not runs with each other.

| What | Target | Figure | | Notes |
|---|---|---|---|---|
${results.map(row).join('\n')}

Raw samples: [BENCHMARKS.json](BENCHMARKS.json).

## Reproduce

\`\`\`sh
npm ci
npm run bench                       # builds, runs every suite, rewrites BENCHMARKS.md and BENCHMARKS.json
BENCH_ONLY=load npm run bench       # one suite: bundle, load, content, worker, popup
BENCH_LOAD_RUNS=80 npm run bench    # more page-load triples for tighter medians (default 40)
BENCH_RUNS=30 npm run bench         # more runs of the other A/B benchmarks (default 12)
\`\`\`

Chromium comes from \`CHROME_PATH\` (default \`/usr/bin/chromium\`). Bundle budgets are also checked by every \`npm test\`
(\`test/build/bundle-size.test.ts\`).
`;
}

async function main(): Promise<void> {
  const started = new Date();
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const results: BenchResult[] = [];
  for (const [name, suite] of Object.entries(SUITES)) {
    if (only && !only.includes(name)) continue;
    process.stdout.write(`bench: ${name}…\n`);
    for (const result of await suite()) {
      results.push(result);
      process.stdout.write(`  ${result.pass ? 'met   ' : 'MISSED'} ${result.what}: ${result.figure} (target ${result.target})\n`);
    }
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const env = machine();
  const jsonPath = path.join(root, 'BENCHMARKS.json');
  if (only && existsSync(jsonPath)) {
    // A partial run replaces its own figures and keeps the others from the last full run, in their order.
    const previous = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { results: BenchResult[] }).results;
    const fresh = new Map(results.map((r) => [r.id, r]));
    const merged = previous.map((r) => fresh.get(r.id) ?? r);
    for (const r of results) if (!previous.some((p) => p.id === r.id)) merged.push(r);
    results.splice(0, results.length, ...merged);
  }
  writeFileSync(jsonPath, `${JSON.stringify({ started, seconds, machine: env, results }, null, 2)}\n`);
  writeFileSync(path.join(root, 'BENCHMARKS.md'), markdown(results, env, started, seconds));
  process.stdout.write(`\n${results.filter((r) => r.pass).length} of ${results.length} targets met; BENCHMARKS.md written.\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
