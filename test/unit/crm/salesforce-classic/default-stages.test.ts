// @vitest-environment happy-dom
/**
 * A fresh install on a default-configured Salesforce Classic org shows a checklist: every default opportunity stage,
 * as Classic shows it (its label only: the API value is not on the page), is a stage of the built-in playbook, and
 * so are the stages the mock Classic pages show, read through the adapter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../../src/core/default-playbook';
import { adapter } from '../../../../src/crm/salesforce-classic';
import { closeClassicPages, openClassicPage } from './classic-app';

/** Salesforce's default Opportunity stages, the same in Classic as in Lightning. */
const DEFAULT_STAGES = [
  ['Prospecting', 'Discovery'],
  ['Qualification', 'Qualification'],
  ['Needs Analysis', 'Qualification'],
  ['Value Proposition', 'Solution Validation'],
  ['Id. Decision Makers', 'Solution Validation'],
  ['Perception Analysis', 'Proposal'],
  ['Proposal/Price Quote', 'Proposal'],
  ['Negotiation/Review', 'Negotiation'],
  ['Closed Won', 'Closed Won'],
  ['Closed Lost', 'Closed Lost'],
] as const;

afterEach(closeClassicPages);

describe('the built-in playbook on Salesforce Classic', () => {
  it.each(DEFAULT_STAGES)('maps the default stage "%s" (label only) to %s', (label, playbookStage) => {
    expect(findStage(DEFAULT_PLAYBOOK, { label, value: null })?.stage.name).toBe(playbookStage);
  });

  it('knows the stage of every mock Classic deal, as the adapter reads it', () => {
    const { window } = openClassicPage('https://acme.my.salesforce.com/006/o');
    const ids = (window as unknown as { classicApp: { recordIds(): string[] } }).classicApp.recordIds();
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) {
      const url = new URL(`https://acme.my.salesforce.com/${id}`);
      const result = adapter.read(openClassicPage(url.href).doc, url);
      if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.failure)}`);
      expect(findStage(DEFAULT_PLAYBOOK, result.deal.stage), result.deal.stage.label).not.toBeNull();
    }
  });
});
