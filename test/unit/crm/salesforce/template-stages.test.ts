// @vitest-environment happy-dom
/**
 * The Salesforce template on a default-configured org: every default opportunity stage, as the Lightning reader reads
 * it from the Path (label and API value), is the template's stage of that name, with the probability Salesforce
 * shows on the opportunity.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { SALESFORCE_TEMPLATE } from '../../../../src/core/templates/salesforce';
import type { DealSnapshot } from '../../../../src/core/types';
import { adapter as salesforce } from '../../../../src/crm/salesforce';
import { closeMockApps, openMockApp } from '../../mock-lightning';

afterEach(closeMockApps);

const TEMPLATE = SALESFORCE_TEMPLATE.playbook;

/** Salesforce's default stages in sort order; the API value of each is its name. */
const DEFAULT_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

describe('the Salesforce template on a default org', () => {
  it.each(DEFAULT_STAGES)('maps "%s" by label and by API value to its own stage', (name) => {
    expect(findStage(TEMPLATE, { label: name, value: null })?.stage.name).toBe(name);
    expect(findStage(TEMPLATE, { label: 'Étape traduite', value: name })?.stage.name).toBe(name);
  });

  it('follows a deal through every stage on the Path, with the probability Salesforce gives each', async () => {
    // Globex's deal, in the first stage, Prospecting.
    const { window, doc, api } = openMockApp('https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001gLoBxIAK/view', 5);
    await api.whenIdle();
    const read = (): DealSnapshot => {
      const result = salesforce.read(doc, new URL(window.location.href));
      if (!result.ok) throw new Error(JSON.stringify(result.failure));
      return result.deal;
    };
    const seen: [string | undefined, number | null, number | undefined][] = [];
    // At most one click per stage, so a Path that stops advancing fails the test instead of looping.
    for (let step = 0; step < DEFAULT_STAGES.length; step += 1) {
      const deal = read();
      const stage = findStage(TEMPLATE, deal.stage)?.stage;
      seen.push([stage?.name, deal.probability, stage?.probability]);
      if (stage?.outcome !== 'open') break;
      const button = doc.querySelector<HTMLButtonElement>('button.slds-path__mark-complete');
      if (!button) throw new Error('The Path has no "Mark Stage as Complete" button');
      button.click();
    }
    expect(seen.map(([name]) => name)).toEqual(DEFAULT_STAGES.slice(0, 9));
    for (const [name, shown, template] of seen) expect(template, name).toBe(shown);
  });
});
