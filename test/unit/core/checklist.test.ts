import { describe, it, expect } from 'vitest';
import { buildChecklist, checklistSummary, findStage } from '../../../src/core/checklist';
import { normalizeText } from '../../../src/core/text';
import { parsePlaybook } from '../../../src/core/playbook';
import type { Playbook } from '../../../src/core/types';
import { deal } from '../deal-fixture';

const TODAY = '2026-11-15';

function playbook(): Playbook {
  const result = parsePlaybook({
    format: 'stagecoach.playbook/v1',
    name: 'Test',
    stages: [
      {
        id: 'discovery',
        name: 'Discovery',
        match: ['Prospecting', 'appointmentscheduled'],
        probability: 10,
        forecastCategory: 'pipeline',
        criteria: [
          { id: 'pain', label: 'Pain in the buyer\'s words' },
          { id: 'recap', label: 'Recap sent', required: false },
          { id: 'amount', label: 'Amount entered', rule: { field: 'amount', op: 'present' } },
        ],
      },
      {
        id: 'proposal',
        name: 'Proposal',
        match: ['Proposal/Price Quote'],
        probability: 60,
        forecastCategory: 'best_case',
        criteria: [{ id: 'quote', label: 'Quote delivered', required: false }],
      },
      { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
      { id: 'lost', name: 'Closed Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.playbook;
}

describe('normalizeText', () => {
  it('ignores case, surrounding spaces and runs of inner whitespace', () => {
    expect(normalizeText('  Closed   Won\n')).toBe('closed won');
    expect(normalizeText('Proposal/Price Quote')).toBe('proposal/price quote');
  });
});

describe('findStage', () => {
  const p = playbook();

  it('matches the stage name or a match entry, ignoring case and spaces', () => {
    expect(findStage(p, { label: ' discovery ', value: null })?.stage.id).toBe('discovery');
    expect(findStage(p, { label: 'PROSPECTING', value: null })).toEqual({ stage: p.stages[0], index: 0 });
    expect(findStage(p, { label: 'Closed Lost', value: null })?.index).toBe(3);
  });

  it('tries the API value first, since labels may be translated', () => {
    // A German Salesforce user: the label is translated, the API value stays English.
    expect(findStage(p, { label: 'Angebot', value: 'Proposal/Price Quote' })?.stage.id).toBe('proposal');
    // Value and label point at different stages: the value wins.
    expect(findStage(p, { label: 'Discovery', value: 'Proposal/Price Quote' })?.stage.id).toBe('proposal');
  });

  it('falls back to the label when the value matches nothing', () => {
    expect(findStage(p, { label: 'Appointment scheduled', value: 'appointmentscheduled' })?.stage.id).toBe('discovery');
    expect(findStage(p, { label: 'Discovery', value: '1234567' })?.stage.id).toBe('discovery');
  });

  it('returns null for a stage the playbook does not know, and for empty stages', () => {
    expect(findStage(p, { label: 'Perception Analysis', value: null })).toBeNull();
    expect(findStage(p, { label: '', value: '' })).toBeNull();
  });
});

describe('buildChecklist', () => {
  const p = playbook();
  const discovery = p.stages[0];
  if (discovery === undefined) throw new Error('no discovery stage');

  it('manual criteria are met when ticked and carry when', () => {
    const c = buildChecklist(p, discovery, deal(), { pain: { checkedAt: '2026-11-14T10:00:00.000Z' } }, TODAY);
    expect(c.items.map((i) => [i.criterion.id, i.kind, i.met])).toEqual([
      ['pain', 'manual', true],
      ['recap', 'manual', false],
      ['amount', 'rule', false],
    ]);
    expect(c.items[0]?.checkedAt).toBe('2026-11-14T10:00:00.000Z');
    expect(c.items[2]?.reason).toBe('Amount is empty');
  });

  it('rule criteria follow the deal, and a stray tick on one is ignored', () => {
    const ticked = { amount: { checkedAt: '2026-11-14T10:00:00.000Z' } };
    expect(buildChecklist(p, discovery, deal(), ticked, TODAY).items[2]).toMatchObject({ kind: 'rule', met: false });
    const withAmount = deal({ amount: { amount: 5000, currency: 'EUR' } });
    expect(buildChecklist(p, discovery, withAmount, {}, TODAY).items[2]).toMatchObject({ kind: 'rule', met: true });
  });

  it('ready when every required criterion is met; optional ones do not count', () => {
    const notReady = buildChecklist(p, discovery, deal(), { pain: { checkedAt: 'x' } }, TODAY);
    expect([notReady.requiredMet, notReady.requiredTotal, notReady.ready]).toEqual([1, 2, false]);
    expect(checklistSummary(notReady)).toBe('1 of 2 required met');

    const ready = buildChecklist(p, discovery, deal({ amount: { amount: 1, currency: null } }), { pain: { checkedAt: 'x' } }, TODAY);
    expect([ready.requiredMet, ready.requiredTotal, ready.ready]).toEqual([2, 2, true]);
    expect(checklistSummary(ready)).toBe('Ready to advance');
  });

  it('a stage with no required criteria is ready', () => {
    const proposal = p.stages[1];
    if (proposal === undefined) throw new Error('no proposal stage');
    const c = buildChecklist(p, proposal, deal(), {}, TODAY);
    expect([c.requiredMet, c.requiredTotal, c.ready]).toEqual([0, 0, true]);
    expect(checklistSummary(c)).toBe('Ready to advance');
  });

  it('position counts open stages only, 1-based; won and lost stages have none', () => {
    const positions = p.stages.map((s) => buildChecklist(p, s, deal(), {}, TODAY).position);
    expect(positions).toEqual([1, 2, null, null]);
    expect(buildChecklist(p, discovery, deal(), {}, TODAY).openStageCount).toBe(2);
  });

  it('ignores checks for criteria not in the stage, including prototype names', () => {
    const checks = { constructor: { checkedAt: 'x' }, 'other-stage': { checkedAt: 'x' } };
    const c = buildChecklist(p, discovery, deal(), checks, TODAY);
    expect(c.requiredMet).toBe(0);
  });
});
