// @vitest-environment happy-dom
/**
 * A fresh install on a default-configured Zoho CRM shows a checklist (issue 7, part 5): every default Zoho deal stage,
 * as the Zoho reader reads it from the mock app, is a stage of the built-in playbook, where the stage's meaning puts it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../../src/core/default-playbook';
import { adapter as zoho } from '../../../../src/crm/zoho';
import { closeMockZoho, openMockZoho } from './mock-zoho';

afterEach(closeMockZoho);

/** Zoho CRM's default deal stages (with their default probability) and the playbook stage each belongs to. */
const ZOHO_DEFAULTS: readonly (readonly [zohoStage: string, playbookStage: string])[] = [
  ['Qualification', 'Qualification'], // 10%
  ['Needs Analysis', 'Qualification'], // 20%
  ['Value Proposition', 'Solution Validation'], // 40%
  ['Identify Decision Makers', 'Solution Validation'], // 60%
  ['Proposal/Price Quote', 'Proposal'], // 75%
  ['Negotiation/Review', 'Negotiation'], // 90%
  ['Closed Won', 'Closed Won'],
  ['Closed Lost', 'Closed Lost'],
  ['Closed Lost to Competition', 'Closed Lost'],
];

describe('the built-in playbook on a default Zoho CRM', () => {
  it.each(ZOHO_DEFAULTS)('puts “%s” in its %s stage', (zohoStage, playbookStage) => {
    expect(findStage(DEFAULT_PLAYBOOK, { label: zohoStage, value: null })?.stage.name).toBe(playbookStage);
  });

  it('knows every stage a deal on the mock Zoho app can be in, as the reader reads it', async () => {
    const { window, doc, api } = openMockZoho('https://crm.zoho.com/crm/org60012345/tab/Potentials/4266643000037779027');
    await api.whenIdle();
    const url = new URL(window.location.href);
    const unmapped: string[] = [];
    for (const [zohoStage] of ZOHO_DEFAULTS) {
      api.setStage('4266643000037779027', zohoStage);
      const result = zoho.read(doc, url);
      if (!result.ok) throw new Error(`No deal read in ${zohoStage}: ${JSON.stringify(result.failure)}`);
      expect(result.deal.stage.label).toBe(zohoStage);
      if (!findStage(DEFAULT_PLAYBOOK, result.deal.stage)) unmapped.push(zohoStage);
    }
    expect(unmapped).toEqual([]);
  });
});
