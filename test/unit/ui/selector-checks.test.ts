// @vitest-environment happy-dom
/**
 * The options page's checks of a playbook's `selectors` section, which the worker cannot make: the parts of each
 * named CRM's reader (loaded here) and the CSS this browser cannot parse.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkSelectors } from '../../../src/options/selector-checks';
import { CRMS, type CrmEntry } from '../../../src/crm/registry';

const file = (selectors: unknown) => JSON.stringify({ format: 'stagecoach.playbook/v1', name: 'x', stages: [], selectors });

describe('checking a playbook’s selectors on the options page', () => {
  it('lists the parts of each named CRM’s reader and the selectors that do not parse', async () => {
    const checks = await checkSelectors(file({ salesforce: { stage: [' li[data-name="x" ', 'li.ok'], amount: ['li[data-name="x"'] }, nocrm: { stage: ['a'] } }));
    const salesforce = await CRMS.find((crm) => crm.id === 'salesforce')?.load();
    expect(checks).toEqual({ parts: { salesforce: Object.keys(salesforce?.parts ?? {}) }, invalidCss: ['li[data-name="x"'] });
    expect(checks?.parts.salesforce).toContain('stage');
  });

  it('has nothing to check without a selectors section, or in text that is no JSON (the worker says why)', async () => {
    expect(await checkSelectors(JSON.stringify({ format: 'stagecoach.playbook/v1' }))).toBeNull();
    expect(await checkSelectors('{ "selectors": ')).toBeNull();
  });

  it('leaves a CRM unchecked when its reader cannot be loaded, and says so in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const broken: CrmEntry = { ...CRMS[0]!, load: () => Promise.reject(new Error('chunk missing')) };
    expect(await checkSelectors(file({ [broken.id]: { stage: ['li'] } }), [broken])).toEqual({ parts: {}, invalidCss: [] });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not load the'), expect.any(Error));
    warn.mockRestore();
  });
});
