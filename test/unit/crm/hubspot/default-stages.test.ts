/**
 * A fresh install on a default-configured HubSpot shows a checklist (issue 7 part 5): every stage of HubSpot's
 * default sales pipeline, as its UI writes it today (sentence case), as older UIs and the docs write it (title
 * case) and by internal id, is a stage of the built-in playbook, in the playbook stage the pipeline means.
 */
import { describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../../src/core/default-playbook';

/** HubSpot's default pipeline: [label as the record page shows it, internal id, the built-in playbook's stage]. */
const HUBSPOT_DEFAULTS = [
  ['Appointment scheduled', 'appointmentscheduled', 'discovery'],
  ['Qualified to buy', 'qualifiedtobuy', 'qualification'],
  ['Presentation scheduled', 'presentationscheduled', 'solution-validation'],
  ['Decision maker bought-in', 'decisionmakerboughtin', 'negotiation'],
  ['Contract sent', 'contractsent', 'awaiting-signature'],
  ['Closed won', 'closedwon', 'closed-won'],
  ['Closed lost', 'closedlost', 'closed-lost'],
] as const;

const titleCase = (label: string) => label.replace(/(^|[\s-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());

describe('the built-in playbook on a default HubSpot pipeline', () => {
  it.each(HUBSPOT_DEFAULTS)('maps "%s" (%s) to %s', (label, id, stage) => {
    expect(findStage(DEFAULT_PLAYBOOK, { label, value: null })?.stage.id).toBe(stage);
    expect(findStage(DEFAULT_PLAYBOOK, { label: titleCase(label), value: null })?.stage.id).toBe(stage);
    expect(findStage(DEFAULT_PLAYBOOK, { label: id, value: id })?.stage.id).toBe(stage);
  });

  it('walks the pipeline forward: each default stage sits later in the playbook than the one before', () => {
    const open = HUBSPOT_DEFAULTS.slice(0, 5).map(([label]) => findStage(DEFAULT_PLAYBOOK, { label, value: null })?.index ?? -1);
    expect(open).toEqual([...open].sort((a, b) => a - b));
    expect(new Set(open).size).toBe(open.length);
  });
});
