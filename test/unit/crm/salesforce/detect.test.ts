import { describe, expect, it } from 'vitest';
import {
  SAMPLE_URLS,
  dealKey,
  isOpportunityRecord,
  opportunityId,
  orgOf,
  to18,
} from '../../../../src/crm/salesforce/detect';

describe('Salesforce opportunity record detection', () => {
  it.each(SAMPLE_URLS.deals)('%s is an opportunity record with key %s', (href, key) => {
    const url = new URL(href);
    expect(isOpportunityRecord(url)).toBe(true);
    expect(dealKey(url)).toBe(key);
    expect(opportunityId(url)).toBe(key.split(':')[2]);
  });

  it.each(SAMPLE_URLS.notDeals)('%s is not an opportunity record', (href) => {
    const url = new URL(href);
    expect(isOpportunityRecord(url)).toBe(false);
    expect(opportunityId(url)).toBeNull();
    expect(dealKey(url)).toBeNull();
  });

  it('runs every predicate over every negative sample without a false positive', () => {
    const predicates = { isOpportunityRecord, opportunityId, dealKey };
    const hits = SAMPLE_URLS.notDeals.flatMap((href) =>
      Object.entries(predicates)
        .filter(([, predicate]) => {
          const result = predicate(new URL(href));
          return result !== false && result !== null;
        })
        .map(([name]) => `${name}(${href})`),
    );
    expect(hits).toEqual([]);
  });

  it('gives both URL forms of a record (15- and 18-char id, both hosts) one key', () => {
    const keys = new Set(
      [
        'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdE/view',
        'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view',
        'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEiav/view',
        'https://acme.my.salesforce.com/lightning/r/006Hs00001AbCdE/view?ws=x',
      ].map((href) => dealKey(new URL(href))),
    );
    expect([...keys]).toEqual(['salesforce:acme:006Hs00001AbCdEIAV']);
  });

  it('keeps a sandbox apart from production: sandboxes copy record ids', () => {
    const prod = dealKey(new URL('https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdE/view'));
    const uat = dealKey(new URL('https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdE/view'));
    expect(prod).not.toBe(uat);
    expect(orgOf(new URL('https://acme--uat.sandbox.my.salesforce.com/'))).toBe('acme--uat');
    expect(orgOf(new URL('https://acme.my.salesforce.com/'))).toBe(orgOf(new URL('https://acme.lightning.force.com/')));
  });

  it('throws on a host that is no Salesforce Lightning host', () => {
    expect(() => orgOf(new URL('https://example.com/'))).toThrow(/Not a Salesforce Lightning host/);
  });

  it('computes the 18-char id checksum like Salesforce', () => {
    // The documented example pair 001A0000006Vm9r → 001A0000006Vm9rIAC.
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(to18('006aj00000F4kQz')).toBe('006aj00000F4kQzAAJ');
    expect(to18('00000000000000A')).toBe('00000000000000AAAQ');
    expect(to18('ZZZZZZZZZZZZZZZ')).toBe('ZZZZZZZZZZZZZZZ555');
  });
});
