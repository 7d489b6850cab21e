// @vitest-environment happy-dom
/**
 * The Pipedrive template on a default-configured Pipedrive: every stage of the default pipeline, by the name the
 * stage bar shows (Pipedrive puts no stage key on the deal page), is the template's stage of that name, and every
 * deal of the mock app, read by the Pipedrive reader, finds its stage and a checklist there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isoDate } from '../../../../src/core/calendar';
import { buildChecklist, findStage } from '../../../../src/core/checklist';
import { PIPEDRIVE_TEMPLATE } from '../../../../src/core/templates/pipedrive';
import { adapter as pipedrive } from '../../../../src/crm/pipedrive';
import { closeMockApps, openMockApp } from './mock-pipedrive';

afterEach(closeMockApps);

const TEMPLATE = PIPEDRIVE_TEMPLATE.playbook;

/** Pipedrive's default pipeline, in order. */
const DEFAULT_PIPELINE = ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'];

describe('the Pipedrive template on a default Pipedrive pipeline', () => {
  it.each(DEFAULT_PIPELINE)('maps "%s" to its own open stage', (label) => {
    const stage = findStage(TEMPLATE, { label, value: null })?.stage;
    expect(stage?.name).toBe(label);
    expect(stage?.outcome).toBe('open');
  });

  it('keeps the default stages in pipeline order, each at least as likely to close as the one before', () => {
    const found = DEFAULT_PIPELINE.map((label) => findStage(TEMPLATE, { label, value: null }));
    expect(found.map((f) => f?.index)).toEqual([0, 1, 2, 3, 4]);
    const probabilities = found.map((f) => f?.stage.probability ?? -1);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => a - b));
  });

  it('gives every deal of the mock app its stage and a checklist', async () => {
    const { window, doc, api } = openMockApp('https://stagecoach-demo.pipedrive.com/deals', 0);
    const stages = new Set<string>();
    for (const id of api.dealIds()) {
      api.navigate(`/deal/${id}`);
      await api.whenIdle();
      const result = pipedrive.read(doc, new URL(window.location.href));
      if (!result.ok) throw new Error(`Deal ${id} did not read: ${JSON.stringify(result.failure)}`);
      const found = findStage(TEMPLATE, result.deal.stage);
      expect(found?.stage.name, `${result.deal.stage.label} is not in the template`).toBe(result.deal.stage.label);
      if (!found) continue;
      stages.add(found.stage.name);
      const checklist = buildChecklist(TEMPLATE, found.stage, result.deal, {}, isoDate(new Date()));
      expect(checklist.items.length).toBeGreaterThanOrEqual(3);
    }
    expect(stages.size).toBeGreaterThan(1);
  });
});
