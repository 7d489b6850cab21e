import { describe, expect, it } from 'vitest';
import { CRMS } from '../../../src/crm/registry';
import { crmNamesText } from '../../../src/popup/words';

describe('the supported CRMs in a sentence', () => {
  it('names one CRM alone and several as alternatives, in the rep’s language', () => {
    expect(crmNamesText(['Salesforce'], 'en-US')).toBe('Salesforce');
    expect(crmNamesText(['HubSpot', 'Pipedrive', 'Salesforce'], 'en-US')).toBe('HubSpot, Pipedrive, or Salesforce');
    expect(crmNamesText(['HubSpot', 'Salesforce'], 'de-DE')).toBe('HubSpot oder Salesforce');
    expect(crmNamesText(['HubSpot', 'Salesforce'], 'not a locale!')).toMatch(/^HubSpot\b.*\bSalesforce$/);
  });

  it('names every registered CRM', () => {
    const text = crmNamesText(CRMS.map((crm) => crm.label), 'en-US');
    for (const crm of CRMS) expect(text).toContain(crm.label);
  });
});
