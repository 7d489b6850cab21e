/**
 * The templates a team starts a playbook from: each is a valid v1 playbook as a parsed file is, the CRM templates
 * carry the CRM's default stages with their default probabilities and forecast categories (the tables below are
 * written from the CRMs' public documentation, see each template's sources), and the framework templates' criteria
 * are the framework's elements.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findStage } from '../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybook, parsePlaybookText } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { TEMPLATES, type PlaybookTemplate } from '../../../src/core/templates';
import type { Criterion, StandardField } from '../../../src/core/types';

const schema = JSON.parse(readFileSync(new URL('../../../docs/playbook.v1.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function template(id: string): PlaybookTemplate {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`No template "${id}"`);
  return found;
}

type Row = [name: string, match: string[], probability: number, forecastCategory: string, outcome: string];

const rows = (id: string): Row[] =>
  template(id).playbook.stages.map((s) => [s.name, s.match, s.probability, s.forecastCategory, s.outcome]);

/**
 * Each CRM's default stages, in order: name, other names it goes by, default probability, forecast category and
 * outcome. Salesforce: OpportunityStage's defaults, categories included. HubSpot and Zoho: their default
 * probabilities; they ship no categories, so below 70% is pipeline, 70-89% best case, 90% and up commit (the bands
 * Salesforce's defaults follow). Pipedrive and Dynamics ship no usable probabilities (Pipedrive: 100% for every stage
 * until set; Dynamics: none per stage): the built-in playbook's for the stage each means.
 */
const CRM_TABLES: Record<string, Row[]> = {
  salesforce: [
    ['Prospecting', [], 10, 'pipeline', 'open'],
    ['Qualification', [], 10, 'pipeline', 'open'],
    ['Needs Analysis', [], 20, 'pipeline', 'open'],
    ['Value Proposition', [], 50, 'pipeline', 'open'],
    ['Id. Decision Makers', [], 60, 'pipeline', 'open'],
    ['Perception Analysis', [], 70, 'best_case', 'open'],
    ['Proposal/Price Quote', [], 75, 'best_case', 'open'],
    ['Negotiation/Review', [], 90, 'commit', 'open'],
    ['Closed Won', [], 100, 'closed', 'won'],
    ['Closed Lost', [], 0, 'omitted', 'lost'],
  ],
  hubspot: [
    ['Appointment Scheduled', ['appointmentscheduled'], 20, 'pipeline', 'open'],
    ['Qualified To Buy', ['qualifiedtobuy'], 40, 'pipeline', 'open'],
    ['Presentation Scheduled', ['presentationscheduled'], 60, 'pipeline', 'open'],
    ['Decision Maker Bought-In', ['decisionmakerboughtin'], 80, 'best_case', 'open'],
    ['Contract Sent', ['contractsent'], 90, 'commit', 'open'],
    ['Closed Won', ['closedwon'], 100, 'closed', 'won'],
    ['Closed Lost', ['closedlost'], 0, 'omitted', 'lost'],
  ],
  pipedrive: [
    ['Qualified', [], 10, 'pipeline', 'open'],
    ['Contact Made', [], 10, 'pipeline', 'open'],
    ['Demo Scheduled', [], 40, 'pipeline', 'open'],
    ['Proposal Made', [], 60, 'pipeline', 'open'],
    ['Negotiations Started', [], 80, 'best_case', 'open'],
    ['Won', [], 100, 'closed', 'won'],
    ['Lost', [], 0, 'omitted', 'lost'],
  ],
  dynamics: [
    ['Qualify', ['6b9ce798-221a-4260-90b2-2a95ed51a5bc'], 20, 'pipeline', 'open'],
    ['Develop', ['650e06b4-789b-46c1-822b-0da76bedb1ed'], 40, 'pipeline', 'open'],
    ['Propose', ['d3ca8878-8d7b-47b9-852d-fcd838790cfd'], 60, 'pipeline', 'open'],
    ['Close', ['bb7e830a-61bd-441b-b1fd-6bb104ffa027'], 80, 'best_case', 'open'],
    ['Won', [], 100, 'closed', 'won'],
    ['Lost', [], 0, 'omitted', 'lost'],
  ],
  zoho: [
    ['Qualification', [], 10, 'pipeline', 'open'],
    ['Needs Analysis', [], 20, 'pipeline', 'open'],
    ['Value Proposition', [], 40, 'pipeline', 'open'],
    ['Identify Decision Makers', [], 60, 'pipeline', 'open'],
    ['Proposal/Price Quote', [], 75, 'best_case', 'open'],
    ['Negotiation/Review', [], 90, 'commit', 'open'],
    ['Closed Won', [], 100, 'closed', 'won'],
    ['Closed Lost', [], 0, 'omitted', 'lost'],
    ['Closed Lost to Competition', [], 0, 'omitted', 'lost'],
  ],
};

/** The framework templates and their elements, as each criterion label starts ("Metrics: ..."). */
const FRAMEWORKS: Record<string, string[]> = {
  meddpicc: [
    'Metrics',
    'Economic buyer',
    'Decision criteria',
    'Decision process',
    'Paper process',
    'Identify pain',
    'Champion',
    'Competition',
  ],
  bant: ['Budget', 'Authority', 'Need', 'Timing'],
  spiced: ['Situation', 'Pain', 'Impact', 'Critical event', 'Decision'],
};

/** The standard fields each CRM's reader fills: a template's rules read nothing else (Pipedrive has no next step). */
const READ_FIELDS: Record<string, StandardField[]> = {
  salesforce: ['amount', 'closeDate', 'nextStep'],
  hubspot: ['amount', 'closeDate', 'nextStep'],
  pipedrive: ['amount', 'closeDate'],
  dynamics: ['amount', 'closeDate'],
  zoho: ['amount', 'closeDate', 'nextStep'],
};

/** Every default stage of the supported CRMs, as in the built-in playbook's test. */
const CRM_DEFAULT_STAGES = [
  ...['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers'],
  ...['Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
  ...['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent'],
  ...['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'],
  ...['closedwon', 'closedlost', 'Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
  ...['Qualify', 'Develop', 'Propose', 'Close', 'Identify Decision Makers', 'Closed Lost to Competition'],
];

const criteriaOf = (t: PlaybookTemplate): Criterion[] => t.playbook.stages.flatMap((s) => s.criteria);

describe('the templates', () => {
  it('are listed in order: the built-in playbook, the frameworks, then the CRMs', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'b2b',
      'meddpicc',
      'bant',
      'spiced',
      'salesforce',
      'hubspot',
      'pipedrive',
      'dynamics',
      'zoho',
    ]);
  });

  it('start with the built-in playbook itself', () => {
    expect(template('b2b').playbook).toBe(DEFAULT_PLAYBOOK);
  });

  it('have unique ids and names, and a summary and playbook name each', () => {
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    expect(new Set(TEMPLATES.map((t) => t.name)).size).toBe(TEMPLATES.length);
    for (const t of TEMPLATES) {
      expect(t.summary.length, t.id).toBeGreaterThan(20);
      expect(t.playbook.name, t.id).toBeTruthy();
    }
  });

  it('cite public https sources', () => {
    for (const t of TEMPLATES) {
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      for (const url of t.sources) expect(new URL(url).protocol, `${t.id}: ${url}`).toBe('https:');
    }
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
    it('passes parsePlaybook unchanged, as a parsed file is', () => {
      const result = parsePlaybook(t.playbook);
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(result.ok && result.playbook).toEqual(t.playbook);
    });

    it('exports to a file that reads back as the same playbook, and the same file again', () => {
      const file = serializePlaybook(t.playbook);
      const back = parsePlaybookText(file);
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      expect(back.playbook).toEqual(t.playbook);
      expect(serializePlaybook(back.playbook)).toBe(file);
    });

    it('passes the published JSON schema', () => {
      expect(validate(JSON.parse(serializePlaybook(t.playbook))), JSON.stringify(validate.errors)).toBe(true);
    });

    it('gives every stage guidance and every criterion help', () => {
      for (const stage of t.playbook.stages) {
        expect(stage.guidance, stage.name).toBeTruthy();
        for (const c of stage.criteria) expect(c.help, `${stage.name}: ${c.label}`).toBeTruthy();
      }
    });

    it('gives each ticked criterion its own id, so a tick in one stage never ticks another', () => {
      // Ticks are kept per deal by criterion id. Rule criteria are never ticked, so they may repeat.
      const manual = criteriaOf(t).filter((c) => c.rule === undefined).map((c) => c.id);
      expect(manual.filter((id, i) => manual.indexOf(id) !== i)).toEqual([]);
    });

    it('asks for something ticked in every open stage, and rules only on fields a deal page gives', () => {
      for (const stage of t.playbook.stages.filter((s) => s.outcome === 'open')) {
        expect(stage.criteria.some((c) => c.required && c.rule === undefined), stage.name).toBe(true);
      }
      const fields = criteriaOf(t).flatMap((c) => (c.rule ? [c.rule.field] : []));
      for (const field of fields) expect(['amount', 'closeDate', 'nextStep']).toContain(field);
    });

    it('warns about stale deals after 21 days in pipeline stages and 14 later, never for closed deals', () => {
      for (const stage of t.playbook.stages) {
        const expected = stage.outcome !== 'open' ? undefined : stage.forecastCategory === 'pipeline' ? 21 : 14;
        expect(stage.staleAfterDays, stage.name).toBe(expected);
      }
    });
  });
});

describe.each(Object.entries(CRM_TABLES))('the %s template', (id, table) => {
  it('has the CRM’s default stages, names, probabilities, forecast categories and outcomes, in order', () => {
    expect(rows(id)).toEqual(table);
  });

  it('keeps open stages to 3-5 meaningful criteria', () => {
    for (const stage of template(id).playbook.stages.filter((s) => s.outcome === 'open')) {
      expect(stage.criteria.length, stage.name).toBeGreaterThanOrEqual(3);
      expect(stage.criteria.length, stage.name).toBeLessThanOrEqual(5);
    }
  });

  it('checks the deal’s own amount and close date somewhere, with rules only on fields the CRM’s reader fills', () => {
    const fields = criteriaOf(template(id)).flatMap((c) => (c.rule ? [c.rule.field] : []));
    expect(fields).toContain('amount');
    expect(fields).toContain('closeDate');
    for (const field of fields) expect(READ_FIELDS[id]).toContain(field);
  });

  it('has a won and a lost stage for the forecast', () => {
    const outcomes = template(id).playbook.stages.map((s) => s.outcome);
    expect(outcomes).toContain('won');
    expect(outcomes).toContain('lost');
  });
});

describe('the Salesforce template', () => {
  it('puts stages in the forecast categories Salesforce gives them', () => {
    const byCategory = (category: string): string[] =>
      template('salesforce').playbook.stages.filter((s) => s.forecastCategory === category).map((s) => s.name);
    expect(byCategory('pipeline')).toEqual([
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
    ]);
    expect(byCategory('best_case')).toEqual(['Perception Analysis', 'Proposal/Price Quote']);
    expect(byCategory('commit')).toEqual(['Negotiation/Review']);
    expect(byCategory('closed')).toEqual(['Closed Won']);
    expect(byCategory('omitted')).toEqual(['Closed Lost']);
  });
});

describe('the Pipedrive and Dynamics 365 templates', () => {
  it.each([
    ['pipedrive', ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started']],
    ['dynamics', ['Qualify', 'Develop', 'Propose', 'Close']],
  ])('take for %s’s stages the probability of the built-in stage each means', (id, names) => {
    const builtIn = names.map((label) => findStage(DEFAULT_PLAYBOOK, { label, value: null })?.stage.probability);
    const own = names.map((label) => findStage(template(id).playbook, { label, value: null })?.stage.probability);
    expect(own).toEqual(builtIn);
  });
});

describe.each(Object.entries(FRAMEWORKS))('the %s template', (id, elements) => {
  const t = template(id);
  const open = t.playbook.stages.filter((s) => s.outcome === 'open');

  it('keeps the built-in playbook’s stages, so it works on every CRM’s default stages', () => {
    const skeleton = (stages: typeof DEFAULT_PLAYBOOK.stages) =>
      stages.map(({ id: stageId, name, match, probability, forecastCategory, outcome, staleAfterDays }) => ({
        stageId,
        name,
        match,
        probability,
        forecastCategory,
        outcome,
        staleAfterDays,
      }));
    expect(skeleton(t.playbook.stages)).toEqual(skeleton(DEFAULT_PLAYBOOK.stages));
    for (const name of CRM_DEFAULT_STAGES) expect(findStage(t.playbook, { label: name, value: null }), name).not.toBeNull();
  });

  it('asks in each open stage only for the framework’s elements, each named first in its criterion', () => {
    for (const stage of open) {
      expect(stage.criteria.length, stage.name).toBeGreaterThanOrEqual(2);
      for (const c of stage.criteria) {
        const element = elements.find((e) => c.label.startsWith(`${e}: `));
        expect(element, `${stage.name}: ${c.label}`).toBeDefined();
      }
    }
  });

  it('asks for every element somewhere in the pipeline', () => {
    const labels = open.flatMap((s) => s.criteria.map((c) => c.label));
    for (const element of elements) expect(labels.some((l) => l.startsWith(`${element}: `)), element).toBe(true);
  });

  it('asks for a loss reason when a deal is lost', () => {
    const lost = t.playbook.stages.find((s) => s.outcome === 'lost');
    expect(lost?.criteria.some((c) => c.required)).toBe(true);
  });
});
