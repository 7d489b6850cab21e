// @vitest-environment happy-dom
/**
 * The repair hook of issue 7: the Salesforce adapter names the parts it finds by selector, and an admin's selectors
 * for a part are tried before its own, so a page whose markup Salesforce changed can be read again without a release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapter as salesforce } from '../../../../src/crm/salesforce';
import type { ReadResult } from '../../../../src/crm/types';

const FIXTURES = join(process.cwd(), 'test/fixtures/salesforce');
const URL_ACME = new URL('https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view');

function load(name: string): Document {
  const html = readFileSync(join(FIXTURES, name), 'utf8').replace(/<link rel="stylesheet"[^>]*>/g, '');
  return new DOMParser().parseFromString(html, 'text/html');
}

function failure(result: ReadResult) {
  if (result.ok) throw new Error(`Expected a failure, got the deal ${JSON.stringify(result.deal)}`);
  return result.failure;
}

/** The overrides that repair test/fixtures/salesforce/opportunity-unrecognised.html, a redesign with none of our hooks. */
const REDESIGN = {
  stage: ['.stage-track__step--now'],
  name: ['.record-header__title'],
  amount: ['[data-field-api-name="Amount"] .field-cell__value'],
};

describe('salesforce parts', () => {
  it('names every part it finds by selector with the ids every CRM shares, each with its own selectors', () => {
    expect(Object.keys(salesforce.parts).sort()).toEqual(
      ['amount', 'closeDate', 'fields', 'forecastCategory', 'name', 'nextStep', 'owner', 'probability', 'stage'].sort(),
    );
    for (const part of Object.values(salesforce.parts)) {
      expect(part.label).not.toBe('');
      expect(part.selectors.length).toBeGreaterThan(0);
      // Every built-in selector parses: an admin copying one into a playbook copies valid CSS.
      for (const selector of part.selectors) expect(() => document.querySelector(selector)).not.toThrow();
    }
  });

  it('names in a failure only parts it has', () => {
    const result = failure(salesforce.read(load('opportunity-unrecognised.html'), URL_ACME));
    expect(result.kind).toBe('unreadable');
    if (result.kind !== 'unreadable') return;
    expect(result.missing).toEqual(['stage']);
    for (const id of result.missing) expect(salesforce.parts).toHaveProperty(id);
  });
});

describe('salesforce withSelectors', () => {
  it('reads a page the built-in selectors cannot, with the overrides an admin wrote for it', () => {
    const doc = load('opportunity-unrecognised.html');
    const result = salesforce.withSelectors(REDESIGN).read(doc, URL_ACME);
    if (!result.ok) throw new Error(`Expected a deal, got ${JSON.stringify(result.failure)}`);
    expect(result.deal).toMatchObject({
      name: 'Acme - 1,200 Widgets',
      stage: { label: 'Needs Analysis', value: null },
      amount: { amount: 1517250, currency: 'USD' },
      closeDate: null,
    });
  });

  it('leaves the adapter it came from as it was', () => {
    salesforce.withSelectors(REDESIGN);
    expect(failure(salesforce.read(load('opportunity-unrecognised.html'), URL_ACME)).kind).toBe('unreadable');
  });

  it('tries the overrides first: an override that finds something wins over the built-in selectors', () => {
    const doc = load('opportunity-en-US.html');
    const repaired = salesforce.withSelectors({ nextStep: ['.active [data-target-selection-name$=".Name"] .test-id__field-value'] });
    const result = repaired.read(doc, URL_ACME);
    expect(result.ok && result.deal.nextStep).toBe('Acme - 1,200 Widgets');
  });

  it('falls back to its own selectors when an override finds nothing, and ignores parts it does not have', () => {
    const doc = load('opportunity-en-US.html');
    const repaired = salesforce.withSelectors({ stage: ['.no-such-stage-bar'], dealSize: ['.amount'] });
    const result = repaired.read(doc, URL_ACME);
    expect(result.ok && result.deal.stage).toEqual({ label: 'Needs Analysis', value: 'Needs Analysis' });
  });

  it('changes the signature when an overridden part changes, so the overlay follows it', () => {
    const doc = load('opportunity-unrecognised.html');
    const repaired = salesforce.withSelectors(REDESIGN);
    const before = repaired.signature(doc, URL_ACME);
    const now = doc.querySelector('.stage-track__step--now');
    now?.classList.remove('stage-track__step--now');
    now?.nextElementSibling?.classList.add('stage-track__step--now');
    expect(repaired.signature(doc, URL_ACME)).not.toBe(before);
    const result = repaired.read(doc, URL_ACME);
    expect(result.ok && result.deal.stage.label).toBe('Value Proposition');
    expect(repaired.watched(doc).some((el) => el.contains(doc.querySelector('.stage-track__step--now')))).toBe(true);
  });
});
