import { afterEach, describe, expect, it, vi } from 'vitest';
import { mirroredChecks, mirroredNotice, mirroredPlaybook, mirroredSeen, mirroredStagePick } from '../../../src/content/mirror';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybook } from '../../../src/core/playbook';
import type { Playbook, Rule, RuleOp } from '../../../src/core/types';
import type { ChangeNotice } from '../../../src/messages';

/** Typed as a record, so a new operator in the format is a compile error here until it is covered. */
const OPS: Record<RuleOp, true> = {
  present: true, absent: true, equals: true, notEquals: true, contains: true, oneOf: true,
  gt: true, gte: true, lt: true, lte: true, before: true, after: true,
};
const RULE_OPS = Object.keys(OPS) as RuleOp[];

/** A valid rule for each operator, on a field that operator can compare. */
function ruleFor(op: RuleOp, i: number): Rule {
  if (op === 'before' || op === 'after') return { field: 'closeDate', op, value: 'today+7' };
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return { field: 'amount', op, value: 5000 };
  const field = i % 2 === 0 ? { label: 'Lead Source' } : 'nextStep';
  if (op === 'oneOf') return { field, op, value: ['Partner', 'Web'] };
  if (op === 'present' || op === 'absent') return { field, op };
  return { field, op, value: 'Partner' };
}

/** Every rule operator, a field by label, optional parts present and absent: what an imported playbook may hold. */
const EVERY_RULE: Playbook = {
  format: 'stagecoach.playbook/v1',
  name: 'Every rule',
  revision: '3',
  stages: [
    {
      id: 'qualify', name: 'Qualify', match: ['Qualification'], probability: 20, forecastCategory: 'pipeline', outcome: 'open',
      staleAfterDays: 14, guidance: 'Find the champion.',
      criteria: RULE_OPS.map((op, i) => ({
        id: `rule-${i}`, label: op, required: i % 2 === 0, help: 'Why it matters.', links: [{ title: 'Guide', url: 'https://example.com/guide' }],
        rule: ruleFor(op, i),
      })),
    },
  ],
};

const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
afterEach(() => warn.mockClear());

describe('the playbook the overlay reads from the mirror', () => {
  it('is every valid playbook, as the worker wrote it', () => {
    const repaired = { ...EVERY_RULE, selectors: { salesforce: { stage: ['li.is-now', 'span.current'], amount: ['.amount'] } } };
    for (const playbook of [DEFAULT_PLAYBOOK, EVERY_RULE, repaired]) {
      const parsed = parsePlaybook(JSON.parse(JSON.stringify(playbook)));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(mirroredPlaybook(structuredClone(parsed.playbook))).toEqual(parsed.playbook);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('is nothing when none is stored yet', () => {
    expect(mirroredPlaybook(undefined)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is nothing, and says so in the console, when what is stored cannot be used', () => {
    const broken: unknown[] = [
      'a playbook',
      { ...DEFAULT_PLAYBOOK, format: 'stagecoach.playbook/v9' },
      { ...DEFAULT_PLAYBOOK, stages: 'Discovery' },
      { ...DEFAULT_PLAYBOOK, stages: [{ ...DEFAULT_PLAYBOOK.stages[0], criteria: undefined }] },
      { ...EVERY_RULE, stages: [{ ...EVERY_RULE.stages[0], criteria: [{ ...EVERY_RULE.stages[0]!.criteria[0], rule: { field: 'amount', op: 'roughly' } }] }] },
      { ...EVERY_RULE, stages: [{ ...EVERY_RULE.stages[0], match: [1] }] },
      { ...EVERY_RULE, stages: [{ ...EVERY_RULE.stages[0], criteria: [{ ...EVERY_RULE.stages[0]!.criteria[0], links: null }] }] },
      { ...EVERY_RULE, selectors: { salesforce: { stage: 'li.is-now' } } },
      { ...EVERY_RULE, selectors: ['salesforce'] },
    ];
    for (const value of broken) expect(mirroredPlaybook(value)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(broken.length);
    expect(warn).toHaveBeenCalledWith('[Stagecoach] cannot read the playbook stored for CRM pages');
  });
});

describe('the ticks the overlay reads from the mirror', () => {
  it('keeps readable ticks and leaves out the rest', () => {
    expect(mirroredChecks({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } })).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
    expect(mirroredChecks({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' }, champion: true, budget: { checkedAt: 3 } })).toEqual({
      pain: { checkedAt: '2026-11-02T10:00:00.000Z' },
    });
    expect(mirroredChecks(undefined)).toEqual({});
    expect(mirroredChecks(['pain'])).toEqual({});
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('the stage chosen by hand that the overlay reads from the mirror', () => {
  it('is the stage id and when it was chosen, or nothing (said in the console) when it cannot be read', () => {
    const pick = { stageId: 'qualification', chosenAt: '2026-11-02T10:00:00.000Z' };
    expect(mirroredStagePick(structuredClone(pick))).toEqual(pick);
    expect(mirroredStagePick(undefined)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    expect(mirroredStagePick({ stageId: 3, chosenAt: pick.chosenAt })).toBeNull();
    expect(warn).toHaveBeenCalledWith('[Stagecoach] cannot read the stage chosen by hand stored for CRM pages');
  });
});

describe('the notice of what changed that the overlay reads from the mirror', () => {
  const notice: ChangeNotice = {
    id: '4@1764660000000',
    playbookName: 'Acme Sales Playbook',
    at: new Date().toISOString(),
    lines: ['Added stage “Security Review”', '“Champion named” is now required in Qualification'],
    total: 12,
  };

  it('is the notice as the worker wrote it, or nothing when there is none', () => {
    expect(mirroredNotice(structuredClone(notice))).toEqual(notice);
    expect(mirroredNotice(undefined)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is nothing, and says so in the console, when what is stored cannot be shown', () => {
    const broken: unknown[] = [
      'Playbook updated',
      { ...notice, id: 4 },
      { ...notice, playbookName: undefined },
      { ...notice, lines: 'Added stage “Security Review”' },
      { ...notice, lines: [{ text: 'Added stage “Security Review”' }] },
      { ...notice, total: '12' },
      { ...notice, total: 1.5 },
    ];
    for (const value of broken) expect(mirroredNotice(value)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(broken.length);
    expect(warn).toHaveBeenCalledWith('[Stagecoach] cannot read the notice of what changed in the playbook stored for CRM pages');
  });

  it('was dismissed when the id of the notice the rep dismissed is stored', () => {
    expect(mirroredSeen(notice.id)).toBe(notice.id);
    expect(mirroredSeen(undefined)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    expect(mirroredSeen({ id: notice.id })).toBeNull();
    expect(warn).toHaveBeenCalledWith('[Stagecoach] cannot read the dismissed notice stored for CRM pages');
  });
});
