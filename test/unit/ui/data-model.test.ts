/**
 * The "Your data" card's model with a fake worker: files named by the day, a backup read before the rep is asked (a
 * bad file refused with its problems, no message sent), clear only after the deliberate tick, forget by name.
 */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Backup } from '../../../src/core/backup';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealListItem } from '../../../src/core/forecast';
import { BACKUP_FORMAT } from '../../../src/core/types';
import type { ActivePlaybook } from '../../../src/messages';
import { countsText, createDataModel } from '../../../src/options/data-model';
import { record } from '../deal-fixture';
import { activeOf, fakeClient, type FakeHandlers } from './fake-client';

const DAY = new Date(2026, 4, 4, 15, 0);
const backup: Backup = {
  format: BACKUP_FORMAT,
  exportedAt: DAY.toISOString(),
  revisions: [],
  sources: [],
  deals: [record('a', {}), record('b', {})],
  checks: [{ dealKey: 'a', criterionId: 'x', checkedAt: DAY.toISOString() }],
  checkLog: [],
  stagePicks: [],
  syncs: [],
};

function model(handlers: FakeHandlers = {}) {
  const fake = fakeClient(handlers);
  const active = signal<ActivePlaybook | null>(activeOf(DEFAULT_PLAYBOOK));
  const changed: ActivePlaybook[] = [];
  const m = createDataModel(fake.client, active, (a) => changed.push(a), { locale: 'en-GB', now: () => DAY });
  return { m, fake, changed };
}

const file = (name: string, text: string) => ({ name, text: async () => text });

describe('downloads', () => {
  it('names the CSV and the backup after the day, the CSV as text/csv', async () => {
    const { m } = model({
      'data/csv': ({ open }) => ({ csv: '\uFEFFDeal\r\n', rows: open ? 4 : 9 }),
      'data/backup': () => ({ backup, counts: { deals: 2, checks: 1, revisions: 0, stagePicks: 0 } }),
    });
    expect(await m.exportCsv(true)).toEqual({ fileName: 'stagecoach-open-deals-2026-05-04.csv', text: '\uFEFFDeal\r\n', type: 'text/csv;charset=utf-8' });
    expect(m.outcome.value).toEqual({ kind: 'done', message: 'Exported 4 open deals as CSV.' });
    expect((await m.exportCsv(false))?.fileName).toBe('stagecoach-all-deals-2026-05-04.csv');
    const saved = await m.backup();
    expect(saved?.fileName).toBe('stagecoach-backup-2026-05-04.json');
    expect(JSON.parse(saved?.text ?? '')).toEqual(backup);
    expect(m.outcome.value).toMatchObject({ message: expect.stringMatching(/^Backed up 2 deals, 1 tick, and 0 playbook revisions\./) });
  });
});

describe('restore', () => {
  it('says what the file holds before asking, then restores it', async () => {
    const { m, fake, changed } = model({
      'data/restore': () => ({ restored: true, counts: { deals: 2, checks: 1, revisions: 0, stagePicks: 0 }, active: activeOf(DEFAULT_PLAYBOOK) }),
    });
    await m.chooseBackup(file('b.json', JSON.stringify(backup)));
    expect(m.restore.value).toMatchObject({ kind: 'confirming', fileName: 'b.json', counts: { deals: 2, checks: 1, revisions: 0 } });
    expect(m.madeOn(backup.exportedAt)).toBe('4 May 2026');
    expect(fake.calls).toEqual([]);
    await m.confirmRestore();
    expect(fake.calls.map((c) => c.type)).toEqual(['data/restore']);
    expect(changed).toHaveLength(1);
    expect(m.outcome.value).toMatchObject({ kind: 'done', message: expect.stringMatching(/^Restored 2 deals, 1 tick, and 0 playbook revisions from “b.json”\./) });
  });

  it('refuses a bad file with its problems and sends nothing', async () => {
    const { m, fake } = model();
    await m.chooseBackup(file('notes.txt', 'hello'));
    expect(m.restore.value).toMatchObject({ kind: 'rejected', fileName: 'notes.txt', problems: [expect.stringMatching(/^This file is not valid JSON/)] });
    await m.confirmRestore();
    expect(fake.calls).toEqual([]);
  });
});

describe('clear everything', () => {
  it('does nothing until the rep ticks that they understand', async () => {
    const { m, fake } = model({ 'data/clear': () => ({ active: activeOf(DEFAULT_PLAYBOOK) }) });
    m.askClear();
    await m.confirmClear();
    expect(fake.calls).toEqual([]);
    m.clearUnderstood.value = true;
    await m.confirmClear();
    expect(fake.calls.map((c) => c.type)).toEqual(['data/clear']);
    expect(m.confirmingClear.value).toBe(false);
  });
});

describe('forget a deal', () => {
  it('finds deals by name and forgets the one confirmed', async () => {
    const item = (key: string, name: string, crmStage: string): DealListItem => ({
      key,
      name,
      url: `https://crm.example/deal/${key}`,
      crmStage,
      stageName: crmStage,
      owner: null,
      amount: null,
      closeDate: null,
      requiredMet: 0,
      requiredTotal: 1,
      ready: false,
      reasons: [],
      crm: 'salesforce',
      stageId: null,
      category: null,
      daysInStage: null,
      stale: false,
      lastSeen: DAY.toISOString(),
      source: 'page',
    });
    const deals = [item('k1', 'Acme renewal', 'Proposal'), item('k2', 'Globex expansion', 'Discovery')];
    const { m, fake } = model({
      'pipeline/deals': () => ({ deals }),
      'deal/forget': () => null,
    });
    await m.loadDeals();
    m.forgetQuery.value = 'acme';
    expect(m.forgetMatches.value.map((d) => d.name)).toEqual(['Acme renewal']);
    m.askForget('k1');
    await m.confirmForget();
    expect(fake.calls.at(-1)).toEqual({ type: 'deal/forget', payload: { key: 'k1' } });
    expect(m.forgetMatches.value).toEqual([]);
    expect(m.outcome.value).toMatchObject({ message: '“Acme renewal” was forgotten: its ticks and history are gone from this browser.' });
  });
});

describe('counts in words', () => {
  it('names stages chosen by hand only when there are some', () => {
    expect(countsText({ deals: 1, checks: 0, revisions: 2, stagePicks: 0 })).toBe('1 deal, 0 ticks, and 2 playbook revisions');
    expect(countsText({ deals: 1, checks: 1, revisions: 1, stagePicks: 1 })).toBe('1 deal, 1 tick, 1 playbook revision, and 1 stage chosen by hand');
  });
});
