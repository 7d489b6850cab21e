// @vitest-environment happy-dom
/**
 * The Salesforce template on Salesforce Classic: Classic shows a stage's label only (no API value on the page), so
 * every default stage must be found by its label, and so must the stage of every mock Classic deal, read through the
 * adapter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { SALESFORCE_TEMPLATE } from '../../../../src/core/templates/salesforce';
import { adapter } from '../../../../src/crm/salesforce-classic';
import { closeClassicPages, openClassicPage } from './classic-app';

afterEach(closeClassicPages);

const TEMPLATE = SALESFORCE_TEMPLATE.playbook;

/** Salesforce's default stages, the same in Classic as in Lightning, with their default probability. */
const DEFAULT_STAGES = [
  ['Prospecting', 10],
  ['Qualification', 10],
  ['Needs Analysis', 20],
  ['Value Proposition', 50],
  ['Id. Decision Makers', 60],
  ['Perception Analysis', 70],
  ['Proposal/Price Quote', 75],
  ['Negotiation/Review', 90],
  ['Closed Won', 100],
  ['Closed Lost', 0],
] as const;

describe('the Salesforce template on Salesforce Classic', () => {
  it.each(DEFAULT_STAGES)('finds "%s" by its label alone, at %i%%', (label, probability) => {
    const stage = findStage(TEMPLATE, { label, value: null })?.stage;
    expect(stage?.name).toBe(label);
    expect(stage?.probability).toBe(probability);
  });

  it('knows the stage of every mock Classic deal, as the adapter reads it', () => {
    const { window } = openClassicPage('https://acme.my.salesforce.com/006/o');
    const ids = (window as unknown as { classicApp: { recordIds(): string[] } }).classicApp.recordIds();
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) {
      const url = new URL(`https://acme.my.salesforce.com/${id}`);
      const result = adapter.read(openClassicPage(url.href).doc, url);
      if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.failure)}`);
      expect(findStage(TEMPLATE, result.deal.stage)?.stage.name, result.deal.stage.label).toBe(result.deal.stage.label);
    }
  });
});
