/**
 * The backup file's definition: a good file reads back as it was written; a wrong, damaged, newer or foreign file is
 * refused with every problem and where it is, in words.
 */
import { describe, expect, it } from 'vitest';
import { BACKUP_PROBLEMS_SHOWN, parseBackup, parseBackupText, type Backup } from '../../../src/core/backup';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { BACKUP_FORMAT } from '../../../src/core/types';
import { record } from '../deal-fixture';

const AT = '2026-05-04T10:00:00.000Z';

function backup(): Backup {
  const deal = record('salesforce:acme:006000000000001AAA', {
    url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view',
    amount: { amount: 1200, currency: 'EUR' },
  });
  return {
    format: BACKUP_FORMAT,
    exportedAt: AT,
    revisions: [{ id: 3, origin: 'import', playbook: DEFAULT_PLAYBOOK, savedAt: AT, fileName: 'acme.json', url: null }],
    sources: [
      { slot: 'local', revisionId: 3 },
      { slot: 'team', url: 'https://playbooks.acme.test/sales.json' },
    ],
    deals: [deal],
    checks: [{ dealKey: deal.key, criterionId: 'budget-confirmed', checkedAt: AT }],
    checkLog: [{ dealKey: deal.key, criterionId: 'budget-confirmed', checked: true, at: AT }],
    stagePicks: [{ dealKey: deal.key, stageId: 'discovery', chosenAt: AT }],
    syncs: [{ id: 'salesforce:acme', crm: 'salesforce', org: 'acme', enabled: true }],
  };
}

/** A backup as JSON, changed by `edit` first (on a plain copy, as a hand or a bug would change the file). */
function edited(edit: (file: Record<string, unknown> & ReturnType<typeof backup>) => void): string {
  const file = JSON.parse(JSON.stringify(backup())) as Record<string, unknown> & ReturnType<typeof backup>;
  edit(file);
  return JSON.stringify(file);
}

const problemsOf = (text: string): string[] => {
  const result = parseBackupText(text);
  if (result.ok) throw new Error('expected the backup to be refused');
  return result.problems;
};

describe('a good backup', () => {
  it('reads back as it was written, also with a byte order mark', () => {
    expect(parseBackupText(JSON.stringify(backup()))).toEqual({ ok: true, backup: backup() });
    expect(parseBackupText(`\uFEFF${JSON.stringify(backup())}`).ok).toBe(true);
  });

  it('may be empty: a browser with nothing stored backs up to a file that restores', () => {
    const empty = { ...backup(), revisions: [], sources: [], deals: [], checks: [], checkLog: [], stagePicks: [], syncs: [] };
    expect(parseBackup(empty).ok).toBe(true);
  });
});

describe('a file that is no backup', () => {
  it('says so for empty text, broken JSON, a list, or a file of another format', () => {
    expect(problemsOf('')).toEqual([expect.stringMatching(/^The file is empty/)]);
    expect(problemsOf('{"format": "stagecoach.backup/v1", "deals": [')).toEqual([expect.stringMatching(/^This file is not valid JSON/)]);
    expect(problemsOf('[]')).toEqual([expect.stringMatching(/^This is not a Stagecoach backup/)]);
    expect(problemsOf('{"format": "something/else"}')).toEqual(['This is not a Stagecoach backup: its "format" is "something/else", not "stagecoach.backup/v1".']);
  });

  it('points a playbook file to the playbook import', () => {
    expect(problemsOf(JSON.stringify(DEFAULT_PLAYBOOK))).toEqual([expect.stringMatching(/playbook file, not a backup/)]);
  });

  it('refuses a newer format version, saying to update Stagecoach', () => {
    expect(problemsOf(edited((f) => ((f as Record<string, unknown>).format = 'stagecoach.backup/v2')))).toEqual([
      'This backup was made by a newer Stagecoach (format v2): update Stagecoach, then restore it.',
    ]);
  });
});

describe('a damaged backup', () => {
  it('names each problem with where it is', () => {
    const problems = problemsOf(
      edited((f) => {
        f.deals[0]!.snapshot.url = 'http://acme.example/deal/1';
        (f.deals[0] as unknown as Record<string, unknown>).lastSeen = 'yesterday';
        (f.checks[0] as unknown as Record<string, unknown>).checkedAt = 12;
        (f.syncs[0] as unknown as Record<string, unknown>).crm = 'hubspot';
        (f.stagePicks[0] as unknown as Record<string, unknown>).extra = true;
        delete (f as Record<string, unknown>).checkLog;
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'deals[0].snapshot.url: must be an https URL',
        'deals[0].lastSeen: must be a date and time like 2026-03-01T09:30:00.000Z',
        'checks[0].checkedAt: must be text, not 12',
        'syncs[0].crm: must be salesforce or dynamics, not "hubspot"',
        'stagePicks[0].extra: is not part of a Stagecoach backup',
        'checkLog: is missing',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('checks each revision’s playbook by the playbook’s own definition', () => {
    const problems = problemsOf(edited((f) => ((f.revisions[0]!.playbook as unknown as Record<string, unknown>).stages = [{ id: 'x' }])));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^revisions\[0\]\.playbook\.stages\[0\]/);
  });

  it('refuses references the file cannot keep: a source naming a missing revision, a deal twice, a key that disagrees', () => {
    const problems = problemsOf(
      edited((f) => {
        f.sources[0] = { slot: 'local', revisionId: 9 };
        f.deals.push(JSON.parse(JSON.stringify(f.deals[0])) as (typeof f.deals)[number]);
        f.deals[1]!.snapshot.key = 'salesforce:acme:other';
      }),
    );
    expect(problems).toEqual([
      'sources[0].revisionId: names revision 9, which the backup does not hold',
      'deals[1].snapshot.key: is salesforce:acme:other, but the deal is filed under salesforce:acme:006000000000001AAA',
      'deals[1].key: the deal salesforce:acme:006000000000001AAA appears twice',
    ]);
  });

  it('names a deal filed under a key of a megabyte by its first characters, not the whole key', () => {
    const problems = problemsOf(
      edited((f) => {
        f.deals[0]!.key = 'x'.repeat(1_000_000);
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^deals\[0\]\.snapshot\.key: is salesforce:acme:006000000000001AAA, but the deal is filed under x+/);
    expect(problems[0]!.length).toBeLessThan(300);
  });

  it('never carries the policy’s row: a file with one is refused', () => {
    const problems = problemsOf(edited((f) => (f.sources as unknown[]).push({ slot: 'policy', revisionId: 3 })));
    expect(problems).toEqual([
      'sources[2].slot: must be local, team or teamState (the policy’s and the active playbook’s rows are never backed up), not "policy"',
    ]);
  });

  it('lists the first problems and how many more, not thousands', () => {
    const problems = problemsOf(
      edited((f) => {
        f.checks = Array.from({ length: 50 }, (_, i) => ({ dealKey: `d${i}`, criterionId: 'c', checkedAt: 'soon' }));
      }),
    );
    expect(problems).toHaveLength(BACKUP_PROBLEMS_SHOWN + 1);
    expect(problems.at(-1)).toBe('…and 30 more problems.');
  });
});
