import { describe, it, expect } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { findStage } from '../../../src/core/checklist';
import { DEFAULT_PLAYBOOK, DEFAULT_PLAYBOOK_SOURCES } from '../../../src/core/default-playbook';
import { parsePlaybook } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';

const schemaText = readFileSync(new URL('../../../docs/playbook.v1.schema.json', import.meta.url), 'utf8');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(schemaText) as object);

/** Every default stage of the CRMs Stagecoach supports, as a fresh CRM shows it (labels and API values). */
const CRM_DEFAULT_STAGES: Record<string, string[]> = {
  Salesforce: [
    'Prospecting',
    'Qualification',
    'Needs Analysis',
    'Value Proposition',
    'Id. Decision Makers',
    'Perception Analysis',
    'Proposal/Price Quote',
    'Negotiation/Review',
    'Closed Won',
    'Closed Lost',
  ],
  HubSpot: [
    'Appointment Scheduled',
    'Qualified To Buy',
    'Presentation Scheduled',
    'Decision Maker Bought-In',
    'Contract Sent',
    'Closed Won',
    'Closed Lost',
    'appointmentscheduled',
    'qualifiedtobuy',
    'presentationscheduled',
    'decisionmakerboughtin',
    'contractsent',
    'closedwon',
    'closedlost',
  ],
  Pipedrive: ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
  'Dynamics 365': ['Qualify', 'Develop', 'Propose', 'Close'],
  Zoho: [
    'Qualification',
    'Needs Analysis',
    'Value Proposition',
    'Identify Decision Makers',
    'Proposal/Price Quote',
    'Negotiation/Review',
    'Closed Won',
    'Closed Lost',
    'Closed Lost to Competition',
  ],
};

describe('the default playbook', () => {
  it('passes parsePlaybook unchanged (it is already normalized)', () => {
    const result = parsePlaybook(DEFAULT_PLAYBOOK);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.playbook).toEqual(DEFAULT_PLAYBOOK);
  });

  it('passes the published JSON schema, as written by serializePlaybook', () => {
    const valid = validate(JSON.parse(serializePlaybook(DEFAULT_PLAYBOOK)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has the researched stages, probabilities, forecast categories and outcomes, in order', () => {
    expect(DEFAULT_PLAYBOOK.name).toBe('Stagecoach B2B playbook');
    expect(DEFAULT_PLAYBOOK.revision).toBeTruthy();
    expect(DEFAULT_PLAYBOOK.stages.map((s) => [s.name, s.probability, s.forecastCategory, s.outcome])).toEqual([
      ['Discovery', 10, 'pipeline', 'open'],
      ['Qualification', 20, 'pipeline', 'open'],
      ['Solution Validation', 40, 'pipeline', 'open'],
      ['Proposal', 60, 'best_case', 'open'],
      ['Negotiation', 80, 'best_case', 'open'],
      ['Awaiting Signature', 90, 'commit', 'open'],
      ['Closed Won', 100, 'closed', 'won'],
      ['Closed Lost', 0, 'omitted', 'lost'],
    ]);
  });

  it('keeps open stages to 3-6 criteria, each with help, and gives every stage guidance', () => {
    for (const stage of DEFAULT_PLAYBOOK.stages) {
      expect(stage.guidance, stage.name).toBeTruthy();
      for (const c of stage.criteria) expect(c.help, `${stage.name}: ${c.label}`).toBeTruthy();
      if (stage.outcome !== 'open') continue;
      expect(stage.criteria.length, stage.name).toBeGreaterThanOrEqual(3);
      expect(stage.criteria.length, stage.name).toBeLessThanOrEqual(6);
      expect(stage.criteria.some((c) => c.required && c.rule === undefined), `${stage.name} has a manual required criterion`).toBe(true);
    }
  });

  it('warns about stale deals after 21 days in early stages and 14 in later ones', () => {
    const open = DEFAULT_PLAYBOOK.stages.filter((s) => s.outcome === 'open');
    expect(open.map((s) => s.staleAfterDays)).toEqual([21, 21, 21, 14, 14, 14]);
  });

  it('only uses rules a deal page can decide, on standard fields', () => {
    const rules = DEFAULT_PLAYBOOK.stages.flatMap((s) => s.criteria.flatMap((c) => (c.rule ? [c.rule] : [])));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(['amount', 'closeDate', 'nextStep']).toContain(rule.field);
  });

  it('links only to https sources', () => {
    const urls = [
      ...DEFAULT_PLAYBOOK_SOURCES.map((s) => s.url),
      ...DEFAULT_PLAYBOOK.stages.flatMap((s) => s.criteria.flatMap((c) => c.links.map((l) => l.url))),
    ];
    expect(urls.length).toBeGreaterThan(DEFAULT_PLAYBOOK_SOURCES.length);
    for (const url of urls) expect(new URL(url).protocol).toBe('https:');
  });

  describe.each(Object.entries(CRM_DEFAULT_STAGES))('maps every default stage of %s', (_crm, names) => {
    it.each(names)('%s', (name) => {
      const claimed = DEFAULT_PLAYBOOK.stages.filter((s) =>
        [s.name, ...s.match].some((m) => m.trim().toLowerCase() === name.toLowerCase()),
      );
      expect(claimed.map((s) => s.name)).toHaveLength(1);
      expect(findStage(DEFAULT_PLAYBOOK, { label: name, value: null })?.stage).toBe(claimed[0]);
    });
  });

  it('maps the closing stages of every CRM to won and lost stages', () => {
    const outcome = (label: string): string | undefined =>
      findStage(DEFAULT_PLAYBOOK, { label, value: null })?.stage.outcome;
    expect(['Closed Won', 'closedwon'].map(outcome)).toEqual(['won', 'won']);
    expect(['Closed Lost', 'closedlost', 'Closed Lost to Competition'].map(outcome)).toEqual(['lost', 'lost', 'lost']);
  });
});

describe('the published JSON schema', () => {
  const base = (): Record<string, unknown> => JSON.parse(serializePlaybook(DEFAULT_PLAYBOOK)) as Record<string, unknown>;
  const firstStage = (file: Record<string, unknown>): Record<string, unknown> => {
    const s = (file.stages as Record<string, unknown>[])[0];
    if (s === undefined) throw new Error('the default playbook has no first stage');
    return s;
  };
  const firstCriterion = (file: Record<string, unknown>): Record<string, unknown> => {
    const c = (firstStage(file).criteria as Record<string, unknown>[])[0];
    if (c === undefined) throw new Error('the default playbook has no first criterion');
    return c;
  };

  it('is draft 2020-12 and closes every object with additionalProperties: false', () => {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
      const o = node as Record<string, unknown>;
      // A map whose keys the file names (the selectors section's CRM and part ids) is closed by its key pattern.
      const keysClosed = o.additionalProperties === false || (typeof o.propertyNames === 'object' && o.propertyNames !== null);
      if (o.type === 'object' && !keysClosed) open.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    walk(schema, '$');
    expect(open).toEqual([]);
  });

  it('accepts every file parsePlaybook accepts, e.g. one using every op and optional field', () => {
    const file = {
      format: 'stagecoach.playbook/v1',
      name: ' Every feature ',
      revision: 'r1',
      stages: [
        {
          id: 'one',
          name: 'One',
          match: ['Uno', ' Eins '],
          probability: 12.5,
          forecastCategory: 'pipeline',
          outcome: 'open',
          staleAfterDays: 9,
          guidance: 'Go.',
          criteria: [
            { id: 'a', label: 'A', required: false, help: 'h', links: [{ title: 'T', url: ' https://example.com/x?y=1 ' }] },
            { id: 'b', label: 'B', rule: { field: 'amount', op: 'present' } },
            { id: 'c', label: 'C', rule: { field: 'owner', op: 'notEquals', value: 'Bot' } },
            { id: 'd', label: 'D', rule: { field: { label: 'Seats' }, op: 'equals', value: 10 } },
            { id: 'e', label: 'E', rule: { field: 'nextStep', op: 'contains', value: 'call' } },
            { id: 'f', label: 'F', rule: { field: 'stage', op: 'oneOf', value: ['x', 'y'] } },
            { id: 'g', label: 'G', rule: { field: 'probability', op: 'gte', value: ' 50 ' } },
            { id: 'h', label: 'H', rule: { field: 'amount', op: 'lte', value: -1.5 } },
            { id: 'i', label: 'I', rule: { field: 'closeDate', op: 'before', value: 'today+31' } },
            { id: 'j', label: 'J', rule: { field: { label: 'Renewal' }, op: 'after', value: '2028-02-29' } },
            { id: 'k', label: 'K', rule: { field: 'name', op: 'absent' } },
          ],
        },
      ],
      selectors: { salesforce: { stage: [' li.path-step.is-now '], closeDate: ['.close-date', '[data-field="CloseDate"]'] } },
    };
    expect(parsePlaybook(file).ok).toBe(true);
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a minimal file with defaults left out', () => {
    const minimal = {
      format: 'stagecoach.playbook/v1',
      name: 'Minimal',
      stages: [{ id: 'only', name: 'Only', probability: 50, forecastCategory: 'pipeline' }],
    };
    expect(validate(minimal)).toBe(true);
    expect(parsePlaybook(minimal).ok).toBe(true);
  });

  it.each([
    ['a wrong format', (f: Record<string, unknown>) => void (f.format = 'stagecoach.playbook/v2')],
    ['an unknown top-level key', (f: Record<string, unknown>) => void (f.author = 'me')],
    ['no stages', (f: Record<string, unknown>) => void (f.stages = [])],
    ['a misspelled criterion key', (f: Record<string, unknown>) => void (firstCriterion(f).requried = true)],
    ['a selector repair for a CRM id in capitals', (f: Record<string, unknown>) => void (f.selectors = { Salesforce: { stage: ['li'] } })],
    ['a selector repair with no selectors', (f: Record<string, unknown>) => void (f.selectors = { salesforce: { stage: [] } })],
    ['an http link', (f: Record<string, unknown>) => void (firstCriterion(f).links = [{ title: 't', url: 'http://e.com' }])],
    ['a javascript: link', (f: Record<string, unknown>) => void (firstCriterion(f).links = [{ title: 't', url: 'javascript:alert(1)' }])],
    ['an unknown op', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'amount', op: 'greaterThan', value: 1 })],
    ['a value on present', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'amount', op: 'present', value: 1 })],
    ['a word for gt', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'amount', op: 'gt', value: 'ten' })],
    ['an empty oneOf', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'owner', op: 'oneOf', value: [] })],
    ['a non-ISO date', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'closeDate', op: 'after', value: '31/12/2026' })],
    ['an unknown field', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: 'amont', op: 'present' })],
    ['an empty label field', (f: Record<string, unknown>) => void (firstCriterion(f).rule = { field: { label: ' ' }, op: 'present' })],
    ['an upper-case id', (f: Record<string, unknown>) => void (firstCriterion(f).id = 'Pain')],
    ['a probability of 101', (f: Record<string, unknown>) => void (firstStage(f).probability = 101)],
    ['a probability as text', (f: Record<string, unknown>) => void (firstStage(f).probability = 'ten')],
  ])('rejects %s, as parsePlaybook does', (_what, change) => {
    const file = base();
    change(file);
    expect(validate(file)).toBe(false);
    expect(parsePlaybook(file).ok).toBe(false);
  });
});

describe('the default playbook as an export', () => {
  it("is written in the definition's key order, as a parsed playbook is, so its export reads like a file", () => {
    const parsed = parsePlaybook(DEFAULT_PLAYBOOK);
    if (!parsed.ok) throw new Error('the default playbook does not parse');
    expect(serializePlaybook(DEFAULT_PLAYBOOK)).toBe(serializePlaybook(parsed.playbook));
  });
});
