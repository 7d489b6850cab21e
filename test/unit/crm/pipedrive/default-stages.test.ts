// @vitest-environment happy-dom
/**
 * A fresh install on a default-configured Pipedrive shows a checklist (issue 7 part 5): the built-in playbook maps
 * every stage of Pipedrive's default pipeline, and a deal read from the mock app's pages finds its stage there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isoDate } from '../../../../src/core/calendar';
import { buildChecklist, findStage } from '../../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../../src/core/default-playbook';
import { adapter as pipedrive } from '../../../../src/crm/pipedrive';
import { closeMockApps, openMockApp } from './mock-pipedrive';

afterEach(closeMockApps);

/** Pipedrive's default pipeline, in order, and the playbook stage each one means (see src/core/default-playbook.ts). */
const DEFAULT_PIPELINE = [
  ['Qualified', 'Discovery'],
  ['Contact Made', 'Discovery'],
  ['Demo Scheduled', 'Solution Validation'],
  ['Proposal Made', 'Proposal'],
  ['Negotiations Started', 'Negotiation'],
] as const;

describe('the built-in playbook on a default Pipedrive pipeline', () => {
  it.each(DEFAULT_PIPELINE)('maps "%s" to %s', (crmStage, playbookStage) => {
    // Pipedrive shows no stage key on the deal page: the label is all the adapter reads.
    expect(findStage(DEFAULT_PLAYBOOK, { label: crmStage, value: null })?.stage.name).toBe(playbookStage);
  });

  it('keeps the default stages in pipeline order', () => {
    const positions = DEFAULT_PIPELINE.map(([crmStage]) => findStage(DEFAULT_PLAYBOOK, { label: crmStage, value: null })?.index ?? -1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('gives every deal of the mock app a checklist', async () => {
    const { window, doc, api } = openMockApp('https://stagecoach-demo.pipedrive.com/deals', 0);
    for (const id of api.dealIds()) {
      api.navigate(`/deal/${id}`);
      await api.whenIdle();
      const result = pipedrive.read(doc, new URL(window.location.href));
      if (!result.ok) throw new Error(`Deal ${id} did not read: ${JSON.stringify(result.failure)}`);
      const found = findStage(DEFAULT_PLAYBOOK, result.deal.stage);
      expect(found, `${result.deal.stage.label} is not in the built-in playbook`).not.toBeNull();
      if (!found) continue;
      const checklist = buildChecklist(DEFAULT_PLAYBOOK, found.stage, result.deal, {}, isoDate(new Date()));
      expect(checklist.items.length).toBeGreaterThan(0);
    }
  });
});
