/** A playbook's `sites`: plain data, read back as written, and every mistake named with its path. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybook, parsePlaybookText } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';

const SITE = {
  id: 'acme-crm',
  name: 'Acme CRM',
  dealPages: 'https://crm.acme.example/deals/*',
  locale: 'de-DE',
  selectors: { name: 'h1', stage: '[data-field=stage]', amount: '#amount', closeDate: '#close-date' },
};

const problems = (sites: unknown) => {
  const result = parsePlaybook({ ...DEFAULT_PLAYBOOK, sites });
  return result.ok ? [] : result.problems;
};

describe('sites in a playbook', () => {
  it('are optional, and a playbook with sites exports and imports unchanged', () => {
    expect(parsePlaybook(DEFAULT_PLAYBOOK).ok).toBe(true);
    const result = parsePlaybook({ ...DEFAULT_PLAYBOOK, sites: [SITE] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.playbook.sites).toEqual([SITE]);
    const again = parsePlaybookText(serializePlaybook(result.playbook));
    expect(again).toEqual({ ok: true, playbook: result.playbook });
  });

  it('name every problem of a site with its path, in words', () => {
    expect(
      problems([
        { id: 'Acme', name: '', dealPages: 'http://crm.acme.example/deals/*', locale: 'not a locale!', selectors: { stage: '' }, colour: 'red' },
      ]),
    ).toEqual(
      expect.arrayContaining([
        { path: 'sites[0]', message: "unknown key 'colour'" },
        { path: 'sites[0].id', message: expect.stringContaining('lowercase letters, digits and dashes') },
        { path: 'sites[0].name', message: 'must not be empty' },
        { path: 'sites[0].dealPages', message: expect.stringContaining('Stagecoach works on https:// pages only') },
        { path: 'sites[0].locale', message: 'must be a language tag such as "en-US" or "de-DE" (got "not a locale!")' },
        { path: 'sites[0].selectors.name', message: 'missing: give a CSS selector for the deal\'s name, e.g. "h1"' },
        { path: 'sites[0].selectors.stage', message: 'must not be empty' },
      ]),
    );
  });

  it('need a deal-page pattern with the deal id in it, and selectors for at least name and stage', () => {
    expect(problems([{ id: 'a', name: 'A', dealPages: 'https://crm.acme.example/deals/42', selectors: { name: 'h1', stage: 'p' } }])).toEqual([
      { path: 'sites[0].dealPages', message: expect.stringContaining("put * where the deal's id is") },
    ]);
    expect(problems([{ id: 'a', name: 'A', dealPages: 'https://crm.acme.example/deals/*' }])).toEqual([
      { path: 'sites[0].selectors', message: "missing: give CSS selectors for at least the deal's name and stage" },
    ]);
  });

  it('have ids unique in the playbook: deals are stored under them', () => {
    expect(problems([SITE, { ...SITE, name: 'Acme again' }])).toEqual([
      { path: 'sites[1].id', message: "duplicate id 'acme-crm' (also used by sites[0]): ids must be unique" },
    ]);
  });
});
