/**
 * Guard: no calendar date written where Stagecoach compares it with the real clock, in the code that runs against
 * that clock without the unit-year-ahead project's check: the browser tests, the benchmarks, the demo and the
 * fixture pages they serve. There a written date passes one day and every "N of 5 required met" or attention
 * reason built on it turns over (issue 6); count days from today instead.
 *
 * Precise on purpose: Stagecoach compares a deal's close date (rules, overdue, closing soon) and the time it
 * entered its stage (stale) with today, nothing else. So a date is flagged only as one of those (near a
 * closeDate / Close Date / enteredAt / firstSeen key on the same line) or anywhere in a served fixture page, which
 * Stagecoach reads as a deal. A date that is only parsed or formatted ("Created By: 3/14/2026") is left alone, and
 * so are the static fixture pages only the unit tests parse (their fixed dates test the parser, not the clock).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const FIXTURES = join(ROOT, 'test/fixtures');
/** Code that runs against the real clock: the unit tests have the year-ahead project instead. */
const CLOCK_BOUND = ['test/e2e', 'test/bench', 'scripts'];

/** A calendar date as code or a page writes it: 2026-12-31, 12/31/2026, 31.12.2026, 31/12/2026. */
const DATE = String.raw`(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})`;
/** A date given to what Stagecoach compares with today, on the same line and before any statement ends. */
const CLOCK_COMPARED = new RegExp(String.raw`\b(?:closeDate|CloseDate|Close Date|enteredAt|firstSeen)\b[^;\n]{0,80}?${DATE}`, 'g');
const ANY_DATE = new RegExp(DATE, 'g');

interface Finding {
  file: string;
  line: number;
  text: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Dates in source code that Stagecoach would compare with the clock. */
function clockComparedDates(file: string, text: string): Finding[] {
  return [...text.matchAll(CLOCK_COMPARED)].map((m) => ({ file, line: lineOf(text, m.index), text: m[0] }));
}

/** Every date in a page served to the extension, outside HTML and script comments. */
function datesInServedPage(file: string, text: string): Finding[] {
  const blanked = text.replace(/<!--[\s\S]*?-->|\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return [...blanked.matchAll(ANY_DATE)].map((m) => ({ file, line: lineOf(blanked, m.index), text: m[0] }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const clockBoundSources = CLOCK_BOUND.flatMap((dir) => filesUnder(join(ROOT, dir))).filter((f) => /\.(ts|js|mjs)$/.test(f));
const fixtureFiles = filesUnder(FIXTURES);

/**
 * The fixture files the browser tests, benchmarks and demo serve: each CRM's mock app (named by its folder's
 * serve.json, which the harness reads), those their code names, and the assets those pages load (the harness serves
 * /assets/<name> from the fixtures folder).
 */
function servedFixtures(): string[] {
  const named = (text: string) => fixtureFiles.filter((f) => text.includes(f.slice(f.lastIndexOf('/') + 1)));
  const served = new Set(clockBoundSources.flatMap((f) => named(readFileSync(f, 'utf8'))));
  for (const config of fixtureFiles.filter((f) => f.endsWith('/serve.json'))) {
    const { app } = JSON.parse(readFileSync(config, 'utf8')) as { app: string };
    served.add(join(dirname(config), app));
  }
  for (const page of [...served].filter((f) => f.endsWith('.html'))) {
    for (const m of readFileSync(page, 'utf8').matchAll(/\/assets\/([\w.-]+)/g)) {
      const asset = fixtureFiles.find((f) => f.endsWith(`/${m[1]}`));
      if (asset) served.add(asset);
    }
  }
  return [...served].filter((f) => /\.(html|js)$/.test(f));
}

describe('dates the calendar will overtake', () => {
  it('finds a close date or stage entry written as a date, and only those', () => {
    expect(clockComparedDates('x.ts', "{ closeDate: '2026-12-31', name: 'Acme' }")).toHaveLength(1);
    expect(clockComparedDates('x.ts', "record.closeDate = '2027-03-15';")).toHaveLength(1);
    expect(clockComparedDates('x.ts', `page.locator('input[name="CloseDate"]').fill('12/31/2026')`)).toHaveLength(1);
    expect(clockComparedDates('x.ts', "'Close Date': '31.12.2026',")).toHaveLength(1);
    expect(clockComparedDates('x.ts', "history: [{ stage, enteredAt: '2026-06-01T09:00:00Z' }]")).toHaveLength(1);
    expect(clockComparedDates('x.ts', "rule: { field: 'closeDate', op: 'before', value: '2027-01-01' }")).toHaveLength(1);

    expect(clockComparedDates('x.ts', "'Created By': `${owner}, 3/14/2026, 9:12 AM`,")).toEqual([]);
    expect(clockComparedDates('x.ts', "closeDate: daysFromToday(30),\nnote: '2026-12-31'")).toEqual([]);
    expect(clockComparedDates('x.ts', "const closeDate = isoDay(now); log('2026-12-31');")).toEqual([]);
  });

  it('finds any date in a served page, outside comments', () => {
    expect(datesInServedPage('p.html', '<td data-label="Close Date"><span>12/31/2026</span></td>')).toHaveLength(1);
    expect(datesInServedPage('p.html', '<!-- captured 2026-11-02 -->\n<p>Pipeline</p>')).toEqual([]);
    expect(datesInServedPage('p.js', "/* as of 2026-11-02 */ var due = '2026-12-31';")).toEqual([
      { file: 'p.js', line: 1, text: '2026-12-31' },
    ]);
  });

  it('serves the mock Lightning app, whose deals are the ones the browser tests and the demo judge', () => {
    const served = servedFixtures().map((f) => relative(ROOT, f));
    expect(served).toContain('test/fixtures/salesforce/lightning-app.html');
    expect(served).toContain('test/fixtures/salesforce/lightning-app.js');
  });

  it('has none in the browser tests, benchmarks, demo and the fixtures they serve', () => {
    const findings = [
      ...clockBoundSources.flatMap((f) => clockComparedDates(relative(ROOT, f), readFileSync(f, 'utf8'))),
      ...servedFixtures().flatMap((f) => datesInServedPage(relative(ROOT, f), readFileSync(f, 'utf8'))),
    ];
    expect(findings, 'write these as days from today (the mock app has daysFromToday)').toEqual([]);
  });
});
