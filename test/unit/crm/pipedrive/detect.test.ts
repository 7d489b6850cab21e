/**
 * Pipedrive deal detection beyond the shared samples (test/unit/crm/detect.test.ts runs those for every CRM): one
 * key per deal whatever the URL's form, and a deal of one company never taken for another's.
 */
import { describe, expect, it } from 'vitest';
import { dealId, dealKey } from '../../../../src/crm/pipedrive/detect';

describe('pipedrive deal keys', () => {
  it('gives one key to every form of a deal’s URL', () => {
    const forms = ['https://acme.pipedrive.com/deal/42', 'https://Acme.Pipedrive.com/deal/42/', 'https://acme.pipedrive.com/deal/42?tab=files#x'];
    expect(new Set(forms.map((href) => dealKey(new URL(href))))).toEqual(new Set(['pipedrive:acme:42']));
  });

  it('keeps the same deal id of two companies apart', () => {
    expect(dealKey(new URL('https://acme.pipedrive.com/deal/42'))).not.toBe(dealKey(new URL('https://globex.pipedrive.com/deal/42')));
  });

  it('gives the record id as the URL shows it, and none off a company host', () => {
    expect(dealId(new URL('https://acme.pipedrive.com/deal/1234567'))).toBe('1234567');
    expect(dealId(new URL('https://app.pipedrive.com/deal/42'))).toBeNull();
  });
});
