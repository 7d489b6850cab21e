/**
 * The "what changed" notice reps see once when their team's playbook changes: stages and criteria are followed by
 * id, as ticks are, and each change is one short line.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { changeLines, playbookChanges } from '../../../src/core/playbook/diff';
import type { Criterion, Playbook, Stage } from '../../../src/core/types';

const criterion = (id: string, label: string, required = true): Criterion => ({ id, label, required, links: [] });

const stage = (id: string, name: string, criteria: Criterion[]): Stage => ({
  id,
  name,
  match: [],
  probability: 10,
  forecastCategory: 'pipeline',
  outcome: 'open',
  criteria,
});

const playbook = (...stages: Stage[]): Playbook => ({ format: 'stagecoach.playbook/v1', name: 'Team', stages });

const BEFORE = playbook(
  stage('discovery', 'Discovery', [criterion('pain', 'Pain stated'), criterion('budget-known', 'Budget known')]),
  stage('qualification', 'Qualification', [criterion('budget', 'Budget'), criterion('champion', 'Champion named', false)]),
  stage('demo', 'Demo', [criterion('demo-held', 'Demo held')]),
  stage('proposal', 'Proposal', [criterion('quote', 'Quote sent')]),
);

/** BEFORE with `change` applied to a deep copy. */
function edited(change: (p: Playbook) => void): Playbook {
  const copy = structuredClone(BEFORE);
  change(copy);
  return copy;
}

function stageOf(p: Playbook, id: string): Stage {
  const found = p.stages.find((s) => s.id === id);
  if (!found) throw new Error(`no stage ${id}`);
  return found;
}

function criterionOf(p: Playbook, stageId: string, id: string): Criterion {
  const found = stageOf(p, stageId).criteria.find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id} in ${stageId}`);
  return found;
}

const linesBetween = (before: Playbook, after: Playbook): string[] => changeLines(playbookChanges(before, after));

describe('playbookChanges', () => {
  it('finds nothing between a playbook and itself, or an equal copy', () => {
    expect(playbookChanges(BEFORE, BEFORE)).toEqual([]);
    expect(playbookChanges(DEFAULT_PLAYBOOK, structuredClone(DEFAULT_PLAYBOOK))).toEqual([]);
  });

  it('finds nothing when stages and criteria are only reordered', () => {
    const after = edited((p) => {
      p.stages.reverse();
      stageOf(p, 'discovery').criteria.reverse();
    });
    expect(playbookChanges(BEFORE, after)).toEqual([]);
  });

  it('ignores what a rep does not read in the checklist as a change: help, rules, probability, spaces around names', () => {
    const after = edited((p) => {
      const discovery = stageOf(p, 'discovery');
      discovery.probability = 15;
      discovery.name = ' Discovery ';
      discovery.guidance = 'Listen first.';
      const pain = criterionOf(p, 'discovery', 'pain');
      pain.help = 'In their words.';
      pain.label = 'Pain stated  ';
      criterionOf(p, 'qualification', 'budget').rule = { field: 'amount', op: 'gt', value: 0 };
    });
    expect(playbookChanges(BEFORE, after)).toEqual([]);
  });

  it('tells stages added, removed and renamed, following them by id', () => {
    const after = edited((p) => {
      p.stages.splice(2, 1);
      p.stages.splice(2, 0, stage('security-review', 'Security Review', [criterion('questionnaire', 'Questionnaire answered')]));
      stageOf(p, 'proposal').name = 'Quote';
    });
    expect(playbookChanges(BEFORE, after)).toEqual([
      { kind: 'stage-added', stage: 'Security Review' },
      { kind: 'stage-renamed', stage: 'Quote', from: 'Proposal', to: 'Quote' },
      { kind: 'stage-removed', stage: 'Demo' },
    ]);
    expect(linesBetween(BEFORE, after)).toEqual([
      'Added stage “Security Review”',
      'Renamed stage “Proposal” to “Quote”',
      'Removed stage “Demo”',
    ]);
  });

  it('tells a stage renamed and given a new id as one removed and one added: ticks do not follow it', () => {
    const after = edited((p) => {
      stageOf(p, 'demo').id = 'evaluation';
    });
    expect(linesBetween(BEFORE, after)).toEqual(['Added stage “Demo”', 'Removed stage “Demo”']);
  });

  it('tells criteria added, removed and renamed, and required flipped both ways, under the stage’s new name', () => {
    const after = edited((p) => {
      const qualification = stageOf(p, 'qualification');
      qualification.name = 'Qualify';
      qualification.criteria.push(criterion('timing', 'Timing known', false));
      criterionOf(p, 'qualification', 'budget').label = 'Budget confirmed';
      criterionOf(p, 'qualification', 'champion').required = true;
      criterionOf(p, 'discovery', 'pain').required = false;
      stageOf(p, 'discovery').criteria.splice(1, 1);
    });
    expect(playbookChanges(BEFORE, after)).toEqual([
      { kind: 'criterion-optional', stage: 'Discovery', criterion: 'Pain stated' },
      { kind: 'criterion-removed', stage: 'Discovery', criterion: 'Budget known' },
      { kind: 'stage-renamed', stage: 'Qualify', from: 'Qualification', to: 'Qualify' },
      { kind: 'criterion-renamed', stage: 'Qualify', criterion: 'Budget confirmed', from: 'Budget', to: 'Budget confirmed' },
      { kind: 'criterion-required', stage: 'Qualify', criterion: 'Champion named' },
      { kind: 'criterion-added', stage: 'Qualify', criterion: 'Timing known' },
    ]);
    expect(changeLines(playbookChanges(BEFORE, after))).toEqual([
      '“Pain stated” is now optional in Discovery',
      'Removed “Budget known” from Discovery',
      'Renamed stage “Qualification” to “Qualify”',
      'Renamed “Budget” to “Budget confirmed” in Qualify',
      '“Champion named” is now required in Qualify',
      'Added “Timing known” to Qualify',
    ]);
  });

  it('isolates names from the playbook in each line, so a right-to-left name or an override cannot turn the words around it', () => {
    const RLO = '\u202e';
    const after = edited((p) => {
      stageOf(p, 'qualification').name = 'הסמכה';
      stageOf(p, 'qualification').criteria.push(criterion('timing', `Timing${RLO} known`, false));
    });
    expect(linesBetween(BEFORE, after)).toEqual([
      'Renamed stage “Qualification” to “\u2068הסמכה\u2069”',
      'Added “\u2068Timing\u202e known\u2069” to \u2068הסמכה\u2069',
    ]);
  });

  it('tells a criterion renamed and made required as two lines, the second with its new label', () => {
    const after = edited((p) => {
      const champion = criterionOf(p, 'qualification', 'champion');
      champion.label = 'Champion named and tested';
      champion.required = true;
    });
    expect(linesBetween(BEFORE, after)).toEqual([
      'Renamed “Champion named” to “Champion named and tested” in Qualification',
      '“Champion named and tested” is now required in Qualification',
    ]);
  });

  it('tells a criterion moved to another stage as removed from one and added to the other', () => {
    const after = edited((p) => {
      const [budget] = stageOf(p, 'discovery').criteria.splice(1, 1);
      if (!budget) throw new Error('Discovery has no second criterion');
      stageOf(p, 'qualification').criteria.unshift(budget);
    });
    expect(linesBetween(BEFORE, after)).toEqual([
      'Removed “Budget known” from Discovery',
      'Added “Budget known” to Qualification',
    ]);
  });

  it('tells a stage added or removed as one line, not one more per criterion in it', () => {
    const after = edited((p) => {
      p.stages = p.stages.filter((s) => s.id !== 'qualification');
      p.stages.push(stage('negotiation', 'Negotiation', [criterion('terms', 'Terms agreed'), criterion('legal', 'Legal done')]));
    });
    expect(linesBetween(BEFORE, after)).toEqual(['Added stage “Negotiation”', 'Removed stage “Qualification”']);
  });

  it('lists removed stages in the order they had before, after every other change', () => {
    const after = playbook(stage('closing', 'Closing', []), stageOf(BEFORE, 'discovery'));
    expect(linesBetween(BEFORE, after)).toEqual([
      'Added stage “Closing”',
      'Removed stage “Qualification”',
      'Removed stage “Demo”',
      'Removed stage “Proposal”',
    ]);
  });

  it('reads an edited copy of the built-in playbook the way a rep would', () => {
    const after = structuredClone(DEFAULT_PLAYBOOK);
    const negotiation = stageOf(after, 'negotiation');
    negotiation.criteria = negotiation.criteria.filter((c) => c.id !== 'critical-event');
    criterionOf(after, 'discovery', 'recap-sent').required = true;
    expect(linesBetween(DEFAULT_PLAYBOOK, after)).toEqual([
      '“Buyer has a written recap of the meeting” is now required in Discovery',
      "Removed “Close date tied to the buyer's critical event” from Negotiation",
    ]);
  });
});
