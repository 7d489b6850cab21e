/**
 * The playbook's `selectors` section: an admin's repairs of a CRM reader's selectors. Its shape is checked by the
 * format itself; which CRMs and parts exist, and whether CSS parses, by what the caller knows (ParseContext).
 */
import { describe, expect, it } from 'vitest';
import { parsePlaybook, parsePlaybookText, type SelectorKnowledge } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { PlaybookParseResult, PlaybookProblem } from '../../../src/core/types';

function file(selectors: unknown): Record<string, unknown> {
  return {
    format: 'stagecoach.playbook/v1',
    name: 'Acme sales',
    stages: [{ id: 'discovery', name: 'Discovery', probability: 10, forecastCategory: 'pipeline' }],
    selectors,
  };
}

function problemsOf(result: PlaybookParseResult): PlaybookProblem[] {
  if (result.ok) throw new Error('expected the playbook to be rejected, but it parsed');
  return result.problems;
}

/** What the options page knows: the registry's CRMs, Salesforce's parts, and CSS parsed by a stand-in document. */
const known: SelectorKnowledge = {
  crms: new Map([
    ['salesforce', ['stage', 'name', 'amount', 'closeDate']],
    ['hubspot', null],
  ]),
  cssProblem: (selector) => (selector.includes('[') && !selector.includes(']') ? `${JSON.stringify(selector)} does not parse` : null),
};

describe('a playbook with a selectors section', () => {
  it('parses, keeping each part’s selectors in order and trimmed, and writes them back out', () => {
    const result = parsePlaybook(file({ salesforce: { stage: [' li.is-current ', 'span.current'], amount: ['.amount'] } }), {
      selectors: known,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.playbook.selectors).toEqual({ salesforce: { stage: ['li.is-current', 'span.current'], amount: ['.amount'] } });
    expect(parsePlaybookText(serializePlaybook(result.playbook))).toEqual(result);
  });

  it('is optional: a playbook without one has no selectors', () => {
    const { selectors: _, ...without } = file(undefined);
    const result = parsePlaybook(without);
    expect(result.ok && result.playbook.selectors).toBeUndefined();
  });

  it('refuses a shape other than CRM -> part -> non-empty list of non-empty texts, with JSON paths', () => {
    const problems = problemsOf(
      parsePlaybook(
        file({
          Salesforce: { stage: ['li'] },
          salesforce: { stage: [], amount: 'span.amount', 'close-date': ['x'], name: ['  ', 42] },
          hubspot: {},
          pipedrive: ['x'],
        }),
      ),
    );
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(at('selectors.Salesforce')).toEqual([`"Salesforce" is not a CRM id: use the CRM's id in lowercase, e.g. "salesforce"`]);
    expect(at('selectors.salesforce.stage')).toEqual([
      'needs at least one CSS selector: remove the part to use the built-in selectors',
    ]);
    expect(at('selectors.salesforce.amount')).toEqual(['must be a list [ ... ] (got "span.amount")']);
    expect(at('selectors.salesforce.close-date')).toEqual([
      '"close-date" is not a part id: use a part\'s id, e.g. "stage" or "closeDate"',
    ]);
    expect(at('selectors.salesforce.name[0]')).toEqual(['must not be empty']);
    expect(at('selectors.salesforce.name[1]')).toEqual(['must be a CSS selector in quotes (got 42)']);
    expect(at('selectors.hubspot')).toEqual([
      'names no part: remove it, or add one, e.g. { "stage": ["li.path-item.is-current"] }',
    ]);
    expect(at('selectors.pipedrive')[0]).toMatch(/^must be an object of parts/);
  });

  it('refuses a section that is not an object', () => {
    expect(problemsOf(parsePlaybook(file(['salesforce']))).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'selectors: must be an object of CRMs, e.g. { "salesforce": { "stage": ["li.path-item.is-current"] } } (got a list)',
    ]);
  });

  it('bounds the selectors per part', () => {
    const problems = problemsOf(parsePlaybook(file({ salesforce: { stage: Array.from({ length: 11 }, (_, i) => `.s${i}`) } })));
    expect(problems).toEqual([{ path: 'selectors.salesforce.stage', message: 'has 11 selectors: at most 10 are allowed' }]);
  });
});

describe('what only the caller knows: CRMs, parts and CSS', () => {
  it('names a CRM Stagecoach does not have, with a did-you-mean and the ones it has', () => {
    expect(problemsOf(parsePlaybook(file({ salesfroce: { stage: ['li'] } }), { selectors: known }))).toEqual([
      {
        path: 'selectors.salesfroce',
        message: "Stagecoach has no CRM 'salesfroce' (did you mean 'salesforce'?): use one of salesforce, hubspot",
      },
    ]);
  });

  it("names a part the CRM's reader does not have, with a did-you-mean and the reader's parts", () => {
    expect(problemsOf(parsePlaybook(file({ salesforce: { stgae: ['li'] } }), { selectors: known }))).toEqual([
      {
        path: 'selectors.salesforce.stgae',
        message: "the salesforce reader has no part 'stgae' (did you mean 'stage'?): use one of stage, name, amount, closeDate",
      },
    ]);
  });

  it('does not judge the parts of a CRM whose reader is not loaded where the playbook is read', () => {
    expect(parsePlaybook(file({ hubspot: { dealStageBadge: ['.badge'] } }), { selectors: known }).ok).toBe(true);
  });

  it('names each selector that does not parse, where the caller can parse CSS', () => {
    expect(problemsOf(parsePlaybook(file({ salesforce: { stage: ['li.ok', 'li[data-name=x'] } }), { selectors: known }))).toEqual([
      { path: 'selectors.salesforce.stage[1]', message: '"li[data-name=x" does not parse' },
    ]);
  });

  it('lists these beside the problems of the rest of the file', () => {
    const input = { ...file({ salesfroce: { stage: ['li'] } }), name: '' };
    expect(problemsOf(parsePlaybook(input, { selectors: known })).map((p) => p.path)).toEqual(['name', 'selectors.salesfroce']);
  });

  it('are not checked without that knowledge (a stored playbook is read back as it was imported)', () => {
    expect(parsePlaybook(file({ salesfroce: { stgae: ['li['] } })).ok).toBe(true);
  });
});
