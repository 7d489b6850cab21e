// @vitest-environment happy-dom
/**
 * The Zoho CRM template on a default-configured Zoho CRM: a deal of the mock app moved through every default deal
 * stage, read by the Zoho reader, is in the template's stage of that name, with Zoho's default probability.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { ZOHO_TEMPLATE } from '../../../../src/core/templates/zoho';
import { adapter as zoho } from '../../../../src/crm/zoho';
import { closeMockZoho, openMockZoho } from './mock-zoho';

afterEach(closeMockZoho);

const TEMPLATE = ZOHO_TEMPLATE.playbook;

/** Zoho CRM's default deal stages with their default probability, in order. */
const ZOHO_DEFAULTS = [
  ['Qualification', 10],
  ['Needs Analysis', 20],
  ['Value Proposition', 40],
  ['Identify Decision Makers', 60],
  ['Proposal/Price Quote', 75],
  ['Negotiation/Review', 90],
  ['Closed Won', 100],
  ['Closed Lost', 0],
  ['Closed Lost to Competition', 0],
] as const;

describe('the Zoho CRM template on a default Zoho CRM', () => {
  it.each(ZOHO_DEFAULTS)('puts “%s” in its own stage, at %i%%', (label, probability) => {
    const found = findStage(TEMPLATE, { label, value: null });
    expect(found?.stage.name).toBe(label);
    expect(found?.stage.probability).toBe(probability);
  });

  it('finds the stage of a mock Zoho deal in every default stage, as the reader reads it', async () => {
    const deal = '4266643000037779027';
    const { window, doc, api } = openMockZoho(`https://crm.zoho.com/crm/org60012345/tab/Potentials/${deal}`);
    await api.whenIdle();
    const url = new URL(window.location.href);
    const found: (string | undefined)[] = [];
    for (const [label] of ZOHO_DEFAULTS) {
      api.setStage(deal, label);
      const result = zoho.read(doc, url);
      if (!result.ok) throw new Error(`No deal read in ${label}: ${JSON.stringify(result.failure)}`);
      found.push(findStage(TEMPLATE, result.deal.stage)?.stage.name);
    }
    expect(found).toEqual(ZOHO_DEFAULTS.map(([label]) => label));
  });
});
