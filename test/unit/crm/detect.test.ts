/**
 * Deal-page detection, for every CRM in the registry: its own samples, then every other CRM's deal pages, which it
 * must never claim (refined-github's cross-detector check), and its manifest matches against its deal pages.
 */
import { describe, expect, it } from 'vitest';
import { recogniseDeal } from '../../../src/crm/registry';
import { parseMatchPattern } from '../../../src/crm/match-pattern';
import { CRMS_UNDER_TEST } from './crms';

describe.each(CRMS_UNDER_TEST.map((c) => [c.crm.id, c] as const))('%s detection', (id, { crm, samples }) => {
  it('has deal and non-deal samples', () => {
    expect(samples.deals.length).toBeGreaterThan(0);
    expect(samples.notDeals.length).toBeGreaterThan(0);
  });

  it.each(samples.deals)('%s is a deal page with key %s', (href, key) => {
    expect(crm.dealKey(new URL(href))).toBe(key);
    const prefix = crm.keyPrefix ?? id;
    expect(key.startsWith(`${prefix}:`), 'deal keys start with the CRM id (or the key prefix it declares), so two CRMs never share a key by accident').toBe(true);
    expect(recogniseDeal(new URL(href))).toEqual({ crm, key });
  });

  it('claims none of its own non-deal samples', () => {
    expect(samples.notDeals.filter((href) => crm.dealKey(new URL(href)) !== null)).toEqual([]);
  });

  it('claims no other CRM’s deal page', () => {
    const others = CRMS_UNDER_TEST.filter((other) => other.crm.id !== id).flatMap((other) => other.samples.deals.map(([href]) => href));
    expect(others.filter((href) => crm.dealKey(new URL(href)) !== null)).toEqual([]);
  });

  it('declares https-only content-script matches that reach every deal sample, and no http page', () => {
    expect(crm.matches.length).toBeGreaterThan(0);
    const patterns = crm.matches.map(parseMatchPattern);
    expect(crm.matches.filter((m) => !m.startsWith('https://'))).toEqual([]);
    for (const [href] of samples.deals) {
      const url = new URL(href);
      expect(patterns.some((p) => p.matches(url)), `${href} is outside ${crm.matches.join(', ')}`).toBe(true);
      url.protocol = 'http:';
      expect(patterns.some((p) => p.matches(url)), `${url.href} must not match`).toBe(false);
    }
  });
});
