/**
 * The pipeline CSV as a spreadsheet reads it: the bytes (BOM, CRLF, RFC 4180 quoting), the cell types (plain numbers,
 * ISO dates), formula injection defused, and which deals it holds (open ones as the popup lists them, closed ones
 * from the index when asked).
 */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvDeals, localDateTime, pipelineCsv, textCell, type CsvDeal } from '../../../src/core/csv';
import { summaryOf } from '../../../src/core/deal-summary';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealListItem } from '../../../src/core/forecast';
import { record } from '../deal-fixture';

const base: CsvDeal = {
  name: 'Acme renewal',
  crm: 'Salesforce',
  crmStage: 'Proposal/Price Quote',
  stageName: 'Proposal',
  amount: { amount: 48000.5, currency: 'EUR' },
  weighted: 28800.3,
  probability: 60,
  category: 'Best case',
  closeDate: '2026-03-31',
  owner: 'Dana Scully',
  ready: false,
  requiredMet: 2,
  requiredTotal: 5,
  reasons: [{ kind: 'overdue', closeDate: '2026-03-31' }, { kind: 'pushed', times: 2 }],
  daysInStage: 12,
  lastSeen: new Date(2026, 2, 1, 9, 5).toISOString(),
  source: 'sync',
  url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view',
};

/** The file's rows as a spreadsheet would split them (no quoted line breaks in these rows). */
const rowsOf = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('the CSV file', () => {
  it('starts with a UTF-8 byte order mark and the header, and ends every line with CRLF', () => {
    const csv = pipelineCsv([base]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(rowsOf(csv)[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(rowsOf(csv)).toHaveLength(3); // header, one deal, the empty string after the last CRLF
  });

  it('writes amounts as plain numbers, dates as ISO days, and reasons, readiness and source in words', () => {
    const [, row] = rowsOf(pipelineCsv([base]));
    expect(row).toBe(
      [
        'Acme renewal',
        'Salesforce',
        'Proposal/Price Quote',
        'Proposal',
        '48000.5',
        'EUR',
        '28800.3',
        '60',
        'Best case',
        '2026-03-31',
        'Dana Scully',
        'No',
        '2 of 5',
        'Close date passed (2026-03-31); Close date pushed out 2 times',
        '12',
        '2026-03-01 09:05',
        'CRM sync',
        base.url,
      ].join(','),
    );
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and keeps accents', () => {
    const csv = pipelineCsv([{ ...base, name: 'Zürich, "big" deal', owner: 'Line one\nline two' }]);
    expect(csv).toContain('"Zürich, ""big"" deal"');
    expect(csv).toContain('"Line one\nline two"');
  });

  it('leaves cells empty when a value is unknown, never "null"', () => {
    const [, row] = rowsOf(
      pipelineCsv([{ ...base, amount: null, weighted: null, probability: null, category: null, closeDate: null, owner: null, ready: null, requiredMet: null, requiredTotal: null, reasons: [], daysInStage: null, stageName: null }]),
    );
    expect(row).not.toContain('null');
    expect(row?.split(',').slice(3, 15)).toEqual(['', '', '', '', '', '', '', '', '', '', '', '']);
  });

  it('rounds money to cents without thousands separators', () => {
    const [, row] = rowsOf(pipelineCsv([{ ...base, amount: { amount: 1234567.891, currency: 'USD' }, weighted: 740740.7346 }]));
    expect(row?.split(',').slice(4, 7)).toEqual(['1234567.89', 'USD', '740740.73']);
  });
});

describe('formula injection', () => {
  it.each(['=HYPERLINK("https://evil.example","Open")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'defuses a deal named %j so a spreadsheet shows it as text',
    (name) => {
      expect(textCell(name)).toBe(`'${name}`);
      const csv = pipelineCsv([{ ...base, name }]);
      const cell = rowsOf(csv)[1]?.startsWith('"') ? `"'` : `'`;
      expect(rowsOf(csv)[1]?.startsWith(cell)).toBe(true);
    },
  );

  it('defuses owners, stages and links too, but not the numbers it writes itself', () => {
    const [, row] = rowsOf(pipelineCsv([{ ...base, owner: '=cmd', crmStage: '@x', amount: { amount: -500, currency: 'USD' }, weighted: -300 }]));
    const cells = row?.split(',') ?? [];
    expect(cells[2]).toBe("'@x");
    expect(cells[10]).toBe("'=cmd");
    expect(cells[4]).toBe('-500');
    expect(cells[6]).toBe('-300');
  });

  it('leaves ordinary names alone', () => {
    expect(textCell('Acme – 2027 renewal')).toBe('Acme – 2027 renewal');
  });
});

describe('which deals', () => {
  const item = (key: string, overrides: Partial<DealListItem> = {}): DealListItem => ({
    key,
    name: key,
    url: `https://crm.example/deal/${key}`,
    crmStage: 'Discovery',
    stageName: 'Discovery',
    owner: null,
    amount: { amount: 1000, currency: 'USD' },
    closeDate: null,
    requiredMet: 1,
    requiredTotal: 2,
    ready: false,
    reasons: [],
    crm: 'salesforce',
    stageId: 'discovery',
    category: 'pipeline',
    daysInStage: 3,
    stale: false,
    lastSeen: new Date().toISOString(),
    source: 'page',
    ...overrides,
  });
  const discovery = DEFAULT_PLAYBOOK.stages.find((s) => s.id === 'discovery');
  const won = DEFAULT_PLAYBOOK.stages.find((s) => s.outcome === 'won');
  const options = { crmName: (crm: string) => (crm === 'salesforce' ? 'Salesforce' : crm), today: '2026-06-11' };

  it('lists the open deals in the popup’s order, weighted by their playbook stage’s probability', () => {
    expect(discovery).toBeDefined();
    const rows = csvDeals(DEFAULT_PLAYBOOK, [item('b'), item('a')], [], { ...options, closed: false });
    expect(rows.map((r) => r.name)).toEqual(['b', 'a']);
    expect(rows[0]).toMatchObject({ crm: 'Salesforce', probability: discovery?.probability, weighted: (1000 * (discovery?.probability ?? 0)) / 100, category: 'Pipeline' });
  });

  it('adds won and lost deals from the index only when every deal is asked for', () => {
    expect(won).toBeDefined();
    const open = record('open', { stage: { label: 'Discovery', value: null } });
    const closed = record('closed', { stage: { label: won?.name ?? 'Closed Won', value: null }, amount: { amount: 900, currency: 'USD' } }, '2026-06-01T09:00:00.000Z');
    const summaries = [summaryOf(open), summaryOf(closed)];
    expect(csvDeals(DEFAULT_PLAYBOOK, [item('open')], summaries, { ...options, closed: false }).map((r) => r.name)).toEqual(['open']);
    const all = csvDeals(DEFAULT_PLAYBOOK, [item('open')], summaries, { ...options, closed: true });
    expect(all.map((r) => r.name)).toEqual(['open', 'closed']);
    expect(all[1]).toMatchObject({ stageName: won?.name, ready: null, reasons: [], daysInStage: 10, source: 'page', weighted: 900 * (won?.probability ?? 0) / 100 });
  });
});

describe('last seen', () => {
  it('is the local date and time, as spreadsheets read it', () => {
    expect(localDateTime(new Date(2026, 11, 24, 17, 30).toISOString())).toBe('2026-12-24 17:30');
    expect(localDateTime('not a time')).toBe('');
  });
});
