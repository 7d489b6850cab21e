import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parsePlaybook, parsePlaybookText } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { PLAYBOOK_FORMAT, type Playbook, type PlaybookParseResult, type PlaybookProblem } from '../../../src/core/types';

/** The smallest valid file; tests change one thing at a time in a deep copy. */
function validFile(): Record<string, unknown> {
  return {
    format: 'stagecoach.playbook/v1',
    name: 'Acme sales',
    stages: [
      {
        id: 'discovery',
        name: 'Discovery',
        probability: 10,
        forecastCategory: 'pipeline',
        criteria: [{ id: 'pain', label: 'Pain confirmed' }],
      },
      {
        id: 'won',
        name: 'Closed Won',
        probability: 100,
        forecastCategory: 'closed',
        outcome: 'won',
        criteria: [],
      },
    ],
  };
}

type Json = Record<string, unknown>;
const stage = (file: Json, i: number): Json => (file.stages as Json[])[i] as Json;
const criterion = (file: Json, s: number, c: number): Json => (stage(file, s).criteria as Json[])[c] as Json;

function problemsOf(result: PlaybookParseResult): PlaybookProblem[] {
  if (result.ok) throw new Error('expected the playbook to be rejected, but it parsed');
  return result.problems;
}

function playbookOf(result: PlaybookParseResult): Playbook {
  if (!result.ok) throw new Error(`expected a playbook, got problems: ${JSON.stringify(result.problems)}`);
  return result.playbook;
}

/** The one problem reported at `path` (fails when there is none or several). */
function problemAt(input: unknown, path: string): string {
  const at = problemsOf(parsePlaybook(input)).filter((p) => p.path === path);
  expect(at, `problems at ${path}`).toHaveLength(1);
  return at[0]?.message ?? '';
}

/** A file with one criterion carrying `rule`. */
function withRule(rule: unknown): Json {
  const file = validFile();
  criterion(file, 0, 0).rule = rule;
  return file;
}

describe('parsePlaybook: a valid file', () => {
  it('fills defaults: required true, outcome open, match, links and criteria empty', () => {
    const file = validFile();
    delete stage(file, 1).criteria;
    const p = playbookOf(parsePlaybook(file));
    expect(p.format).toBe(PLAYBOOK_FORMAT);
    expect(p.stages[0]).toEqual({
      id: 'discovery',
      name: 'Discovery',
      match: [],
      probability: 10,
      forecastCategory: 'pipeline',
      outcome: 'open',
      criteria: [{ id: 'pain', label: 'Pain confirmed', required: true, links: [] }],
    });
    expect(p.stages[1]?.outcome).toBe('won');
    expect(p.stages[1]?.criteria).toEqual([]);
  });

  it('trims every text and keeps optional fields only when given', () => {
    const file = validFile();
    file.name = '  Acme sales  ';
    file.revision = ' 2026-03 ';
    stage(file, 0).guidance = '  Listen first. ';
    stage(file, 0).match = ['  Prospecting '];
    criterion(file, 0, 0).help = ' In their words ';
    criterion(file, 0, 0).links = [{ title: ' Guide ', url: ' https://example.com/guide ' }];
    const p = playbookOf(parsePlaybook(file));
    expect(p.name).toBe('Acme sales');
    expect(p.revision).toBe('2026-03');
    expect(p.stages[0]?.guidance).toBe('Listen first.');
    expect(p.stages[0]?.match).toEqual(['Prospecting']);
    expect(p.stages[0]?.criteria[0]?.help).toBe('In their words');
    expect(p.stages[0]?.criteria[0]?.links).toEqual([{ title: 'Guide', url: 'https://example.com/guide' }]);
    expect('staleAfterDays' in (p.stages[0] ?? {})).toBe(false);
    expect('revision' in playbookOf(parsePlaybook(validFile()))).toBe(false);
  });

  it('accepts every rule op with its value form, and reads numeric strings as numbers', () => {
    const rules = [
      { field: 'amount', op: 'present' },
      { field: 'nextStep', op: 'absent' },
      { field: 'forecastCategory', op: 'equals', value: 'Commit' },
      { field: 'owner', op: 'notEquals', value: 'Integration User' },
      { field: 'nextStep', op: 'contains', value: 'call' },
      { field: { label: 'Lead Source' }, op: 'oneOf', value: ['Web', 'Partner'] },
      { field: 'amount', op: 'gt', value: 0 },
      { field: 'probability', op: 'gte', value: '50' },
      { field: 'amount', op: 'lt', value: 1000000 },
      { field: { label: 'Seats' }, op: 'lte', value: -2.5 },
      { field: 'closeDate', op: 'before', value: '2026-12-31' },
      { field: 'closeDate', op: 'after', value: 'today' },
      { field: 'closeDate', op: 'after', value: 'today-7' },
      { field: { label: 'Contract end' }, op: 'before', value: 'today+90' },
    ];
    const file = validFile();
    stage(file, 0).criteria = rules.map((rule, i) => ({ id: `r${i}`, label: `Rule ${i}`, rule }));
    const p = playbookOf(parsePlaybook(file));
    expect(p.stages[0]?.criteria.map((c) => c.rule)).toEqual(
      rules.map((r) => (r.op === 'gte' ? { ...r, value: 50 } : r)),
    );
  });

  it('reads a stage with no required criteria as valid (it is simply always ready)', () => {
    const file = validFile();
    criterion(file, 0, 0).required = false;
    expect(parsePlaybook(file).ok).toBe(true);
  });
});

describe('parsePlaybook: the file as a whole', () => {
  it.each([
    ['null', null],
    ['a list', [validFile()]],
    ['"stagecoach.playbook/v1"', 'stagecoach.playbook/v1'],
    ['42', 42],
  ])('rejects %s with one problem on (file)', (what, input) => {
    const problems = problemsOf(parsePlaybook(input));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('(file)');
    expect(problems[0]?.message).toMatch(/A playbook must be a JSON object/);
    expect(problems[0]?.message).toContain(`(got ${what})`);
  });

  it('says which format is expected when format is missing or wrong', () => {
    const missing = validFile();
    delete missing.format;
    expect(problemAt(missing, 'format')).toBe('missing: a playbook file starts with "format": "stagecoach.playbook/v1"');

    const wrong = validFile();
    wrong.format = 'playbook';
    expect(problemAt(wrong, 'format')).toBe(
      'must be "stagecoach.playbook/v1" (got "playbook"): this version reads "format": "stagecoach.playbook/v1" files',
    );
  });

  it('tells the admin to update Stagecoach for a file from a newer version', () => {
    const newer = validFile();
    newer.format = 'stagecoach.playbook/v2';
    expect(problemAt(newer, 'format')).toMatch(/newer Stagecoach: update the extension/);
  });

  it('rejects unknown top-level keys on (file), with a hint for near misses', () => {
    const file = validFile();
    file.stagse = [];
    file.author = 'me';
    const problems = problemsOf(parsePlaybook(file)).filter((p) => p.path === '(file)');
    expect(problems.map((p) => p.message)).toEqual([
      "unknown key 'stagse' (did you mean 'stages'?)",
      "unknown key 'author'",
    ]);
  });

  it('needs a name and at least one stage', () => {
    const file = validFile();
    file.name = '   ';
    file.stages = [];
    expect(problemAt(file, 'name')).toBe('must not be empty');
    expect(problemAt(file, 'stages')).toBe('needs at least one stage');
  });

  it('reports a missing stages list, and a stages value that is not a list', () => {
    const missing = validFile();
    delete missing.stages;
    expect(problemAt(missing, 'stages')).toBe('missing: this list is required');
    const notList = validFile();
    notList.stages = { discovery: {} };
    expect(problemAt(notList, 'stages')).toBe('must be a list [ ... ] (got an object)');
  });

  it('limits names to 200 characters and stages to 50', () => {
    const file = validFile();
    file.name = 'x'.repeat(201);
    const template = stage(file, 0);
    file.stages = Array.from({ length: 51 }, (_, i) => ({ ...template, id: `s${i}`, name: `Stage ${i}` }));
    expect(problemAt(file, 'name')).toBe('is 201 characters long: at most 200 are allowed');
    expect(problemAt(file, 'stages')).toBe('has 51 stages: at most 50 are allowed');
  });
});

describe('parsePlaybook: stages', () => {
  it('reports a probability that is not a number from 0 to 100', () => {
    const cases: [unknown, string][] = [
      ['ten', 'must be a number from 0 to 100 (got "ten")'],
      ['10', 'must be a number from 0 to 100 (got "10")'],
      [101, 'must be a number from 0 to 100 (got 101)'],
      [-1, 'must be a number from 0 to 100 (got -1)'],
      [null, 'must be a number from 0 to 100 (got null)'],
    ];
    for (const [value, message] of cases) {
      const file = validFile();
      stage(file, 0).probability = value;
      expect(problemAt(file, 'stages[0].probability')).toBe(message);
    }
    const missing = validFile();
    delete stage(missing, 0).probability;
    expect(problemAt(missing, 'stages[0].probability')).toMatch(/^missing: .*from 0 to 100/);
  });

  it('accepts a fractional probability such as 12.5', () => {
    const file = validFile();
    stage(file, 0).probability = 12.5;
    expect(playbookOf(parsePlaybook(file)).stages[0]?.probability).toBe(12.5);
  });

  it('reports a forecast category or outcome outside the list, with a hint', () => {
    const file = validFile();
    stage(file, 0).forecastCategory = 'bestcase';
    stage(file, 1).outcome = 'closed';
    expect(problemAt(file, 'stages[0].forecastCategory')).toBe(
      'must be one of "pipeline", "best_case", "commit", "closed", "omitted" (got "bestcase") (did you mean \'best_case\'?)',
    );
    expect(problemAt(file, 'stages[1].outcome')).toBe('must be one of "open", "won", "lost" (got "closed")');
  });

  it('requires staleAfterDays to be a positive whole number', () => {
    for (const value of [0, -3, 2.5, '14']) {
      const file = validFile();
      stage(file, 0).staleAfterDays = value;
      expect(problemAt(file, 'stages[0].staleAfterDays')).toMatch(/^must be a whole number of days from 1 to 3650/);
    }
  });

  it('reports stage ids that are not lowercase letters, digits and dashes', () => {
    for (const id of ['Discovery', 'needs analysis', 'needs_analysis', ' discovery', '', 7, 'x'.repeat(65)]) {
      const file = validFile();
      stage(file, 0).id = id;
      expect(problemAt(file, 'stages[0].id')).toMatch(/^must be lowercase letters, digits and dashes/);
    }
  });

  it('reports a duplicate stage id at the second use, naming the first', () => {
    const file = validFile();
    stage(file, 1).id = 'discovery';
    expect(problemAt(file, 'stages[1].id')).toBe(
      "duplicate id 'discovery' (also used by stages[0]): ids must be unique",
    );
  });

  it('reports two stages claiming the same CRM stage, ignoring case and surrounding spaces', () => {
    const file = validFile();
    stage(file, 0).match = ['Qualification'];
    stage(file, 1).match = ['  qualification ', 'DISCOVERY'];
    const problems = problemsOf(parsePlaybook(file));
    expect(problems).toEqual([
      {
        path: 'stages[1].match[0]',
        message:
          "CRM stage 'qualification' is already claimed by stages[0] (Discovery): a CRM stage can mean only one playbook stage",
      },
      {
        path: 'stages[1].match[1]',
        message:
          "CRM stage 'DISCOVERY' is already claimed by stages[0] (Discovery): a CRM stage can mean only one playbook stage",
      },
    ]);
  });

  it('allows a stage to repeat its own name in match', () => {
    const file = validFile();
    stage(file, 0).match = ['discovery'];
    expect(parsePlaybook(file).ok).toBe(true);
  });

  it('reports empty and non-text match entries', () => {
    const file = validFile();
    stage(file, 0).match = ['Prospecting', ' ', 3];
    expect(problemAt(file, 'stages[0].match[1]')).toBe('must not be empty');
    expect(problemAt(file, 'stages[0].match[2]')).toBe('must be a CRM stage name in quotes (got 3)');
  });

  it('reports a stage that is not an object', () => {
    const file = validFile();
    (file.stages as unknown[]).push('Negotiation');
    expect(problemAt(file, 'stages[2]')).toMatch(/^must be a stage object .*got "Negotiation"/);
  });

  it('limits guidance to 2000 characters and criteria to 30 per stage', () => {
    const file = validFile();
    stage(file, 0).guidance = 'g'.repeat(2001);
    stage(file, 0).criteria = Array.from({ length: 31 }, (_, i) => ({ id: `c${i}`, label: `C ${i}` }));
    expect(problemAt(file, 'stages[0].guidance')).toBe('is 2001 characters long: at most 2000 are allowed');
    expect(problemAt(file, 'stages[0].criteria')).toMatch(/^has 31 criteria: at most 30 are allowed/);
  });
});

describe('parsePlaybook: criteria', () => {
  it('reports an unknown key at the criterion, suggesting the key meant', () => {
    const file = validFile();
    criterion(file, 0, 0).requried = true;
    expect(problemAt(file, 'stages[0].criteria[0]')).toBe("unknown key 'requried' (did you mean 'required'?)");
  });

  it('gives no hint when no known key is close', () => {
    const file = validFile();
    criterion(file, 0, 0).weight = 3;
    expect(problemAt(file, 'stages[0].criteria[0]')).toBe("unknown key 'weight'");
  });

  it('reports a duplicate criterion id within a stage, but allows the same id in another stage', () => {
    const file = validFile();
    stage(file, 0).criteria = [
      { id: 'pain', label: 'Pain' },
      { id: 'champion', label: 'Champion' },
      { id: 'pain', label: 'Pain again' },
    ];
    stage(file, 1).criteria = [{ id: 'pain', label: 'Pain, in a closed stage' }];
    const problems = problemsOf(parsePlaybook(file));
    expect(problems).toEqual([
      {
        path: 'stages[0].criteria[2].id',
        message: "duplicate id 'pain' (also used by stages[0].criteria[0]): ids must be unique",
      },
    ]);
  });

  it('requires a label of at most 300 characters and a boolean required', () => {
    const file = validFile();
    stage(file, 0).criteria = [
      { id: 'a' },
      { id: 'b', label: 'l'.repeat(301) },
      { id: 'c', label: 'C', required: 'yes' },
    ];
    expect(problemAt(file, 'stages[0].criteria[0].label')).toBe('missing: this text is required');
    expect(problemAt(file, 'stages[0].criteria[1].label')).toBe('is 301 characters long: at most 300 are allowed');
    expect(problemAt(file, 'stages[0].criteria[2].required')).toBe('must be true or false (got "yes")');
  });

  it('limits help text to 2000 characters', () => {
    const file = validFile();
    criterion(file, 0, 0).help = 'h'.repeat(2001);
    expect(problemAt(file, 'stages[0].criteria[0].help')).toBe('is 2001 characters long: at most 2000 are allowed');
  });
});

describe('parsePlaybook: links', () => {
  function withLink(url: unknown): Json {
    const file = validFile();
    criterion(file, 0, 0).links = [{ title: 'Guide', url }];
    return file;
  }

  it('accepts https links', () => {
    expect(parsePlaybook(withLink('https://handbook.example.com/stages#discovery')).ok).toBe(true);
  });

  it.each([
    ['http://example.com/guide', 'must start with https:// (got "http://example.com/guide")'],
    ['javascript:alert(1)', 'must start with https:// (got "javascript:alert(1)")'],
    ['data:text/html,<b>hi</b>', 'must start with https:// (got "data:text/html,<b>hi</b>")'],
    ['ftp://example.com/file', 'must start with https:// (got "ftp://example.com/file")'],
    ['example.com/guide', 'is not a web address (got "example.com/guide"): write a full address starting with https://'],
    ['HTTPS://example.com', 'must be one address starting with https://, without spaces (got "HTTPS://example.com")'],
    ['https://example.com/a guide', 'must be one address starting with https://, without spaces (got "https://example.com/a guide")'],
  ])('rejects %s', (url, message) => {
    expect(problemAt(withLink(url), 'stages[0].criteria[0].links[0].url')).toBe(message);
  });

  it('rejects links with a user name or password in them', () => {
    expect(problemAt(withLink('https://admin:secret@example.com/'), 'stages[0].criteria[0].links[0].url')).toMatch(
      /must not contain a user name or password/,
    );
  });

  it('reports a link without a title, a link that is not an object, and unknown link keys', () => {
    const file = validFile();
    criterion(file, 0, 0).links = [{ url: 'https://example.com' }, 'https://example.com', { title: 'T', url: 'https://e.com', href: 'x' }];
    expect(problemAt(file, 'stages[0].criteria[0].links[0].title')).toBe('missing: this text is required');
    expect(problemAt(file, 'stages[0].criteria[0].links[1]')).toMatch(/^must be a link object/);
    expect(problemAt(file, 'stages[0].criteria[0].links[2]')).toBe("unknown key 'href'");
  });
});

describe('parsePlaybook: rules', () => {
  const at = 'stages[0].criteria[0].rule';

  it('reports an unknown field with a hint and the list of fields', () => {
    const message = problemAt(withRule({ field: 'closedate', op: 'present' }), `${at}.field`);
    expect(message).toMatch(/^unknown field "closedate" \(did you mean 'closeDate'\?\): use one of name, stage, amount/);
    expect(message).toContain('{ "label": "Field label as the page shows it" }');
  });

  it('reports a label field with an empty label or extra keys', () => {
    expect(problemAt(withRule({ field: { label: ' ' }, op: 'present' }), `${at}.field.label`)).toBe('must not be empty');
    expect(problemAt(withRule({ field: { label: 'Seats', lable: 'x' }, op: 'present' }), `${at}.field`)).toBe(
      "unknown key 'lable' (did you mean 'label'?)",
    );
    expect(problemAt(withRule({ field: 3, op: 'present' }), `${at}.field`)).toMatch(
      /^must be a field name or \{ "label": "..." \} \(got 3\)/,
    );
  });

  it('takes field and op names exactly as documented (no stray spaces or case changes)', () => {
    expect(problemAt(withRule({ field: ' amount', op: 'present' }), `${at}.field`)).toMatch(/^unknown field " amount" \(did you mean 'amount'\?\)/);
    expect(problemAt(withRule({ field: 'amount', op: 'Present' }), `${at}.op`)).toMatch(/\(did you mean 'present'\?\)$/);
  });

  it('reports an unknown op with a hint', () => {
    expect(problemAt(withRule({ field: 'amount', op: 'greaterThan' }), `${at}.op`)).toMatch(
      /^must be one of "present", "absent", .* \(got "greaterThan"\)$/,
    );
    expect(problemAt(withRule({ field: 'amount', op: 'gtee', value: 1 }), `${at}.op`)).toMatch(
      /\(got "gtee"\) \(did you mean 'gte'\?\)$/,
    );
  });

  it('reports a value given to present or absent', () => {
    expect(problemAt(withRule({ field: 'amount', op: 'present', value: true }), `${at}.value`)).toBe(
      "'present' takes no value: remove \"value\"",
    );
    expect(problemAt(withRule({ field: 'amount', op: 'absent', value: 0 }), `${at}.value`)).toBe(
      "'absent' takes no value: remove \"value\"",
    );
  });

  it('reports a missing value for ops that need one', () => {
    expect(problemAt(withRule({ field: 'amount', op: 'gt' }), `${at}.value`)).toBe("missing: 'gt' needs a number, e.g. 0");
    expect(problemAt(withRule({ field: 'owner', op: 'equals' }), `${at}.value`)).toBe(
      "missing: 'equals' needs a text or a number",
    );
    expect(problemAt(withRule({ field: 'closeDate', op: 'before' }), `${at}.value`)).toBe(
      "missing: 'before' needs a date YYYY-MM-DD, or today, today+N, today-N",
    );
  });

  it('requires a non-empty list of texts for oneOf', () => {
    const rule = (value: unknown): Json => withRule({ field: 'forecastCategory', op: 'oneOf', value });
    expect(problemAt(rule([]), `${at}.value`)).toMatch(/^'oneOf' needs a non-empty list of texts/);
    expect(problemAt(rule('Commit'), `${at}.value`)).toMatch(/^'oneOf' needs a non-empty list .*\(got "Commit"\)$/);
    expect(problemAt(rule(['Commit', '']), `${at}.value[1]`)).toBe('must not be empty');
    expect(problemAt(rule(['Commit', 3]), `${at}.value[1]`)).toBe('must be a text in quotes (got 3)');
  });

  it('requires a number or a plain numeric string for gt, gte, lt, lte', () => {
    for (const value of ['ten', '1,000', '0x10', '', true, [1]]) {
      expect(problemAt(withRule({ field: 'amount', op: 'gte', value }), `${at}.value`)).toMatch(
        /^'gte' needs a number, e\.g\. 5000 \(got /,
      );
    }
  });

  it('requires a real calendar date or today±N for before and after', () => {
    const rule = (value: unknown): Json => withRule({ field: 'closeDate', op: 'after', value });
    expect(problemAt(rule('2026-02-30'), `${at}.value`)).toBe('"2026-02-30" is not a real calendar date');
    expect(problemAt(rule('2026-13-01'), `${at}.value`)).toBe('"2026-13-01" is not a real calendar date');
    for (const value of ['31/12/2026', 'tomorrow', 'today+', 'today + 3', 'Today', 20261231]) {
      expect(problemAt(rule(value), `${at}.value`)).toMatch(/^'after' needs a date YYYY-MM-DD, or today, today\+N, today-N/);
    }
  });

  it('requires text or a number for equals, notEquals and contains', () => {
    expect(problemAt(withRule({ field: 'owner', op: 'contains', value: ' ' }), `${at}.value`)).toBe('must not be empty');
    expect(problemAt(withRule({ field: 'owner', op: 'notEquals', value: ['a'] }), `${at}.value`)).toBe(
      "'notEquals' needs a text or a number (got a list)",
    );
  });

  it('rejects comparisons that cannot fit the standard field', () => {
    expect(problemAt(withRule({ field: 'closeDate', op: 'gt', value: 5 }), `${at}.op`)).toMatch(
      /^'gt' compares numbers, and closeDate is not a number/,
    );
    expect(problemAt(withRule({ field: 'amount', op: 'after', value: 'today' }), `${at}.op`)).toMatch(
      /^'after' compares dates, and amount is not a date/,
    );
  });

  it('reports unknown rule keys and a rule that is not an object', () => {
    expect(problemAt(withRule({ field: 'amount', op: 'present', vaule: 1 }), at)).toBe(
      "unknown key 'vaule' (did you mean 'value'?)",
    );
    expect(problemAt(withRule('amount > 0'), at)).toMatch(/^must be a rule object/);
  });
});

describe('parsePlaybook: every problem at once', () => {
  it('reports every problem in the file, each at its path, without stopping at the first', () => {
    const file = {
      format: 'stagecoach.playbook/v0',
      name: '',
      stages: [
        {
          id: 'Discovery',
          name: 'Discovery',
          probability: 'ten',
          forecastCategory: 'pipeline',
          criteria: [
            { id: 'pain', label: 'Pain', links: [{ title: 'Guide', url: 'http://example.com' }] },
            { id: 'pain', label: 'Amount', requried: true, rule: { field: 'amount', op: 'gt', value: 'lots' } },
          ],
        },
        {
          id: 'qualification',
          name: 'Qualification',
          match: ['discovery'],
          probability: 20,
          forecastCategory: 'pipeline',
          staleAfterDays: 0,
          criteria: [{ id: 'date', label: 'Date', rule: { field: 'closeDate', op: 'after', value: '2026-02-30' } }],
        },
      ],
    };
    const paths = problemsOf(parsePlaybook(file)).map((p) => p.path);
    expect(paths.sort()).toEqual(
      [
        'format',
        'name',
        'stages[0].id',
        'stages[0].probability',
        'stages[0].criteria[0].links[0].url',
        'stages[0].criteria[1]',
        'stages[0].criteria[1].rule.value',
        'stages[0].criteria[1].id',
        'stages[1].staleAfterDays',
        'stages[1].criteria[0].rule.value',
        'stages[1].match[0]',
      ].sort(),
    );
  });
});

describe('parsePlaybookText', () => {
  it('parses a valid file', () => {
    expect(parsePlaybookText(JSON.stringify(validFile())).ok).toBe(true);
  });

  it('turns a JSON syntax error into one problem on (file) with its line and column', () => {
    const text = '{\n  "format": "stagecoach.playbook/v1",\n  "name": "Acme",\n  }\n';
    const problems = problemsOf(parsePlaybookText(text));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('(file)');
    expect(problems[0]?.message).toMatch(/^This is not valid JSON: .+ at line 4, column 3$/);
    expect(problems[0]?.message).not.toMatch(/position/);
  });

  it('counts lines of a file saved with Windows line endings', () => {
    const problems = problemsOf(parsePlaybookText('{\r\n"name": "a",\r\n"x" 1}'));
    expect(problems[0]?.message).toMatch(/ at line 3, column 5$/);
  });

  it('says plainly when the file ends too early', () => {
    const problems = problemsOf(parsePlaybookText('{"format": "stagecoach.playbook/v1"'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('(file)');
    expect(problems[0]?.message).toMatch(/^This is not valid JSON: /);
  });

  it('says when the file is empty', () => {
    expect(problemsOf(parsePlaybookText('  \n'))).toEqual([
      { path: '(file)', message: 'The file is empty: a playbook is a JSON object starting with {' },
    ]);
  });

  it('ignores a byte-order mark that Windows editors write', () => {
    expect(parsePlaybookText(`\uFEFF${JSON.stringify(validFile())}`).ok).toBe(true);
  });

  it('passes valid JSON on to the format checks', () => {
    expect(problemsOf(parsePlaybookText('[]'))[0]?.message).toMatch(/A playbook must be a JSON object/);
  });
});

describe('serializePlaybook', () => {
  it('imports nothing at run time, so exporting a playbook does not load the parser or valibot', () => {
    const source = readFileSync(new URL('../../../src/core/playbook/serialize.ts', import.meta.url), 'utf8');
    const imports = source.match(/^import\b.*$/gm) ?? [];
    expect(imports.filter((line) => !line.startsWith('import type '))).toEqual([]);
  });

  it('writes every field explicitly, defaults included, and omits unset optionals', () => {
    const p = playbookOf(parsePlaybook(validFile()));
    const written = JSON.parse(serializePlaybook(p)) as Json;
    expect(written).toEqual({
      format: 'stagecoach.playbook/v1',
      name: 'Acme sales',
      stages: [
        {
          id: 'discovery',
          name: 'Discovery',
          match: [],
          probability: 10,
          forecastCategory: 'pipeline',
          outcome: 'open',
          criteria: [{ id: 'pain', label: 'Pain confirmed', required: true, links: [] }],
        },
        {
          id: 'won',
          name: 'Closed Won',
          match: [],
          probability: 100,
          forecastCategory: 'closed',
          outcome: 'won',
          criteria: [],
        },
      ],
    });
  });

  it('is pretty, ends with a newline, and keys follow the documented order', () => {
    const text = serializePlaybook(playbookOf(parsePlaybook(validFile())));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "name": "Acme sales",\n');
    expect(Object.keys(JSON.parse(text) as Json)).toEqual(['format', 'name', 'stages']);
  });

  it('round-trips: parsing the serialized playbook gives back the same playbook, text included', () => {
    const file = withRule({ field: { label: 'Decision Maker' }, op: 'oneOf', value: ['Yes', 'Named'] });
    file.revision = 'r7';
    stage(file, 0).staleAfterDays = 21;
    stage(file, 0).guidance = 'Ask "why now?"\nThen listen.';
    stage(file, 0).match = ['Prospecting', 'Ünïcödé stage'];
    criterion(file, 0, 0).links = [{ title: 'Guide', url: 'https://example.com/a?b=c&d=e' }];
    const first = playbookOf(parsePlaybook(file));
    const text = serializePlaybook(first);
    const second = playbookOf(parsePlaybookText(text));
    expect(second).toEqual(first);
    expect(serializePlaybook(second)).toBe(text);
  });
});

describe('parsePlaybook: behaviour the format keeps from its first, hand-written reader', () => {
  it('reports a blank text as empty only, however long it is', () => {
    const file = validFile();
    file.name = ' '.repeat(500);
    expect(problemsOf(parsePlaybook(file))).toEqual([{ path: 'name', message: 'must not be empty' }]);
  });

  it('counts characters as code points, as JSON Schema does', () => {
    const file = validFile();
    file.name = '🚀'.repeat(200);
    expect(parsePlaybook(file).ok).toBe(true);
    file.name = '🚀'.repeat(201);
    expect(problemAt(file, 'name')).toBe('is 201 characters long: at most 200 are allowed');
  });

  it('reports a value that breaks two checks for the same reason once', () => {
    const file = validFile();
    stage(file, 0).staleAfterDays = -2.5;
    expect(problemsOf(parsePlaybook(file))).toEqual([
      { path: 'stages[0].staleAfterDays', message: 'must be a whole number of days from 1 to 3650 (got -2.5)' },
    ]);
  });

  it('reports a list over its limit beside the problems of its items', () => {
    const file = validFile();
    stage(file, 0).criteria = Array.from({ length: 31 }, (_, i) => ({ id: `c${i}`, label: i === 3 ? '' : `C ${i}` }));
    expect(problemsOf(parsePlaybook(file)).map((p) => p.path).sort()).toEqual([
      'stages[0].criteria',
      'stages[0].criteria[3].label',
    ]);
  });

  it('reports the field and unknown keys of a rule whose op is unknown, but does not judge its value', () => {
    const problems = problemsOf(parsePlaybook(withRule({ field: 'amont', op: 'bigger', value: [], note: 1 })));
    expect(problems.map((p) => p.path).sort()).toEqual([
      'stages[0].criteria[0].rule',
      'stages[0].criteria[0].rule.field',
      'stages[0].criteria[0].rule.op',
    ]);
  });

  it('reports a bad value and an unknown field of the same rule together', () => {
    const problems = problemsOf(parsePlaybook(withRule({ field: 'amont', op: 'gt', value: 'lots' })));
    expect(problems.map((p) => p.path).sort()).toEqual([
      'stages[0].criteria[0].rule.field',
      'stages[0].criteria[0].rule.value',
    ]);
  });

  it('takes a list for no object', () => {
    const file = validFile();
    (file.stages as unknown[])[1] = [];
    expect(problemAt(file, 'stages[1]')).toBe('must be a stage object ({ "id": ..., "name": ... }), got a list');
    expect(problemAt(withRule({ field: ['amount'], op: 'present' }), 'stages[0].criteria[0].rule.field')).toMatch(
      /^must be a field name or \{ "label": "..." \} \(got a list\)/,
    );
  });

  it("treats keys named like Object.prototype's as unknown keys", () => {
    const file = JSON.parse(JSON.stringify(validFile()).replace('"name"', '"constructor": 1, "name"')) as Json;
    expect(problemAt(file, '(file)')).toBe("unknown key 'constructor'");
  });

  it('names the real calendar problem of a padded date with the date as written', () => {
    expect(problemAt(withRule({ field: 'closeDate', op: 'after', value: ' 2026-02-30 ' }), 'stages[0].criteria[0].rule.value')).toBe(
      '" 2026-02-30 " is not a real calendar date',
    );
  });

  it('trims a padded date and reads a padded numeric text as its number', () => {
    const dated = playbookOf(parsePlaybook(withRule({ field: 'closeDate', op: 'before', value: ' today+3 ' })));
    expect(dated.stages[0]?.criteria[0]?.rule).toEqual({ field: 'closeDate', op: 'before', value: 'today+3' });
    const numeric = playbookOf(parsePlaybook(withRule({ field: 'amount', op: 'lt', value: ' -2.5 ' })));
    expect(numeric.stages[0]?.criteria[0]?.rule).toEqual({ field: 'amount', op: 'lt', value: -2.5 });
  });
});
