// @vitest-environment happy-dom
/**
 * The HubSpot template on a default-configured HubSpot: every stage of the default sales pipeline, as HubSpot's UI
 * writes it today (sentence case), as older UIs and the docs write it (title case) and by internal id, is the
 * template's stage of that name; and a deal moved through the mock app's pipeline, read by the HubSpot reader, lands
 * in each of them with the probability HubSpot shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { HUBSPOT_TEMPLATE } from '../../../../src/core/templates/hubspot';
import { adapter as hubspot } from '../../../../src/crm/hubspot';
import { closeMockHubSpots, openMockHubSpot } from './mock-hubspot';

afterEach(closeMockHubSpots);

const TEMPLATE = HUBSPOT_TEMPLATE.playbook;

/** HubSpot's default pipeline: [label as the record page shows it, internal id, the template's stage]. */
const HUBSPOT_DEFAULTS = [
  ['Appointment scheduled', 'appointmentscheduled', 'Appointment Scheduled'],
  ['Qualified to buy', 'qualifiedtobuy', 'Qualified To Buy'],
  ['Presentation scheduled', 'presentationscheduled', 'Presentation Scheduled'],
  ['Decision maker bought-in', 'decisionmakerboughtin', 'Decision Maker Bought-In'],
  ['Contract sent', 'contractsent', 'Contract Sent'],
  ['Closed won', 'closedwon', 'Closed Won'],
  ['Closed lost', 'closedlost', 'Closed Lost'],
] as const;

describe('the HubSpot template on a default HubSpot pipeline', () => {
  it.each(HUBSPOT_DEFAULTS)('maps "%s" (%s) to %s', (label, id, stage) => {
    expect(findStage(TEMPLATE, { label, value: null })?.stage.name).toBe(stage);
    expect(findStage(TEMPLATE, { label: stage, value: null })?.stage.name).toBe(stage);
    expect(findStage(TEMPLATE, { label: id, value: id })?.stage.name).toBe(stage);
  });

  it('follows a deal of the mock app through every stage, with the probability HubSpot shows', async () => {
    const app = openMockHubSpot('https://app.hubspot.com/contacts/4471120/record/0-3/15820011001');
    await app.api.whenRendered();
    for (const [label, id, stage] of HUBSPOT_DEFAULTS) {
      app.api.setStage(id);
      const result = hubspot.read(app.doc, app.url());
      if (!result.ok) throw new Error(`${label}: ${JSON.stringify(result.failure)}`);
      const found = findStage(TEMPLATE, result.deal.stage)?.stage;
      expect(found?.name, result.deal.stage.label).toBe(stage);
      expect(found?.probability, stage).toBe(result.deal.probability);
    }
  });
});
