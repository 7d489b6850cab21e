// @vitest-environment happy-dom
/**
 * The options page's checks of a playbook's `selectors` section, which the worker cannot make: the parts of each
 * named CRM's reader (loaded here) and the CSS this browser cannot parse.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkSelectors, type PartIdsOf } from '../../../src/options/selector-checks';
import { CRMS } from '../../../src/crm/registry';

/** Each CRM's adapter from the registry, as the deal-page module the options page loads hands its part ids over. */
const partIdsOf: PartIdsOf = async (crm) => Object.keys((await crm.load()).parts);

const file = (selectors: unknown) => JSON.stringify({ format: 'stagecoach.playbook/v1', name: 'x', stages: [], selectors });

describe('checking a playbook’s selectors on the options page', () => {
  it('lists the parts of each named CRM’s reader and the selectors that do not parse', async () => {
    const checks = await checkSelectors(file({ salesforce: { stage: [' li..current ', 'li.ok'], amount: ['li..current'] }, nocrm: { stage: ['a'] } }), partIdsOf);
    const salesforce = await CRMS.find((crm) => crm.id === 'salesforce')?.load();
    expect(checks).toEqual({ parts: { salesforce: Object.keys(salesforce?.parts ?? {}) }, invalidCss: ['li..current'] });
    expect(checks?.parts.salesforce).toContain('stage');
  });

  it('has nothing to check without a selectors section, or in text that is no JSON (the worker says why)', async () => {
    expect(await checkSelectors(JSON.stringify({ format: 'stagecoach.playbook/v1' }), partIdsOf)).toBeNull();
    expect(await checkSelectors('{ "selectors": ', partIdsOf)).toBeNull();
  });

  it('leaves a CRM unchecked when its reader cannot be loaded, and says so in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const missing: PartIdsOf = () => Promise.reject(new Error('chunk missing'));
    expect(await checkSelectors(file({ salesforce: { stage: ['li'] } }), missing)).toEqual({ parts: {}, invalidCss: [] });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not load the'), expect.any(Error));
    warn.mockRestore();
  });
});
