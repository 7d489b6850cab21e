/**
 * The readers of files and values from outside (a playbook import, a backup restore, the policy an organization
 * sets, the team URL) fuzzed with fast-check: whatever they are given, they answer with their own result or their
 * own problems, never an exception; every problem says where and what in a sentence; no key written in a file
 * reaches Object.prototype or Array.prototype; and a valid playbook survives an import and an export unchanged.
 * The generators are in test/arbitraries/playbook.ts. A failure prints the smallest input that breaks.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/background/policy';
import { parseBackup, parseBackupText } from '../../../src/core/backup';
import { parsePlaybook, parsePlaybookText, type SelectorKnowledge } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { teamUrlProblem } from '../../../src/core/team-url';
import type { PlaybookParseResult } from '../../../src/core/types';
import { canonicalPlaybook, CRM_IDS, deeplyNestedText, fileText, fileValue, hostileValues, looseText, mutated, RESERVED_KEYS, validBackup } from '../../arbitraries/playbook';

/** What the worker knows when it imports (the registry's CRMs, parts not judged), so its checks run too. */
const WORKER_KNOWLEDGE: SelectorKnowledge = { crms: new Map(CRM_IDS.map((id) => [id, null])) };

/** Hundreds of generated inputs per property, some of them megabytes: seconds on a shared machine. */
const FUZZ_TIMEOUT = 30_000;

/** Longer than this, a problem is no longer a sentence a person reads (a 1 MB key must not come back whole). */
const READABLE = 600;

/** Words of valibot's own messages, which mean a check forgot to word its problem for an admin. */
const UNWORDED = /Invalid (type|key|length|value|format)|Expected .* but received|\[object \w+\]/;

const prototypes = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  function: Object.getOwnPropertyNames(Function.prototype).sort(),
});
let before: ReturnType<typeof prototypes>;

beforeEach(() => {
  before = prototypes();
});

/** No file may have changed a prototype: checked after every property, and by a canary inside each. */
afterEach(() => {
  expect(prototypes()).toEqual(before);
});

function expectPrototypesUntouched(): void {
  const canary: Record<string, unknown> = {};
  expect(canary.polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(canary.constructor).toBe(Object);
  expect(Object.getPrototypeOf(canary)).toBe(Object.prototype);
}

/** Every object in `value` is a plain object or a list, owns no reserved key, and inherits nothing unexpected. */
function expectPlainData(value: unknown, path = 'playbook'): void {
  if (value === null || typeof value !== 'object') return;
  const proto: unknown = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} has an unexpected prototype`).toBe(true);
  for (const key of RESERVED_KEYS) expect(Object.hasOwn(value, key), `${path} owns '${key}'`).toBe(false);
  expect('polluted' in value, `${path} inherits "polluted"`).toBe(false);
  for (const [key, item] of Object.entries(value)) expectPlainData(item, `${path}.${key}`);
}

function expectOwnAnswer(result: PlaybookParseResult): void {
  expectPrototypesUntouched();
  if (result.ok) {
    expectPlainData(result.playbook);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(Object.keys(problem).sort()).toEqual(['message', 'path']);
    expect(problem.path).toMatch(/\S/);
    expect(problem.message).toMatch(/\S/);
    expect(problem.path.length + problem.message.length, `${problem.path.slice(0, 80)}: ${problem.message.slice(0, 80)}`).toBeLessThan(READABLE);
    expect(problem.message).not.toMatch(UNWORDED);
  }
}

/** A valid playbook as a plain JSON value, to put hostile values into. */
const validJson = canonicalPlaybook.map((playbook) => JSON.parse(JSON.stringify(playbook)) as unknown);

describe('parsePlaybookText and parsePlaybook on any input', { timeout: FUZZ_TIMEOUT }, () => {
  it('answer any text with their own result or problems: never throw, every problem a short located sentence', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      // A valid file cut short or with a character changed: the edits a broken download or a typo make.
      fc.tuple(canonicalPlaybook, fc.nat(), fc.string({ maxLength: 3 })).map(([playbook, at, insert]) => {
        const full = serializePlaybook(playbook);
        const cut = at % (full.length + 1);
        return at % 2 === 0 ? full.slice(0, cut) : `${full.slice(0, cut)}${insert}${full.slice(cut + 1)}`;
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expectOwnAnswer(parsePlaybookText(text));
        expectOwnAnswer(parsePlaybookText(text, { selectors: WORKER_KNOWLEDGE }));
      }),
    );
  });

  it('answer a valid file with one hostile value or key anywhere (10,000-deep JSON, 1 MB texts, __proto__, constructor, prototype) with their own problems, prototypes untouched', () => {
    fc.assert(
      fc.property(mutated(validJson), (input) => {
        const text = fileText(input);
        // Through JSON.parse, as an import reads it: "__proto__" becomes an own key of the parsed object.
        expectOwnAnswer(parsePlaybookText(text, { selectors: WORKER_KNOWLEDGE }));
        expectOwnAnswer(parsePlaybook(JSON.parse(text)));
      }),
      { numRuns: 60 },
    );
  });

  it('answer any JSON value at the top level, hostile ones included, with one problem about the whole file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileValues), (input) => {
        const result = parsePlaybook(fileValue(input));
        expectOwnAnswer(result);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('refuse "__proto__", "constructor" and "prototype" as CRM and part names in selectors (once silently dropped), and keep prototypes clean', () => {
    const file = (selectors: string) =>
      `{"format": "stagecoach.playbook/v1", "name": "Acme", "stages": [{"id": "a", "name": "A", "probability": 10, "forecastCategory": "pipeline"}], "selectors": ${selectors}}`;
    for (const key of RESERVED_KEYS) {
      for (const [selectors, path] of [
        [`{"${key}": {"stage": ["li.current"]}}`, `selectors.${key}`],
        [`{"salesforce": {"${key}": ["li.current"]}}`, `selectors.salesforce.${key}`],
      ] as const) {
        const result = parsePlaybookText(file(selectors));
        expectOwnAnswer(result);
        expect(result, selectors).toEqual({
          ok: false,
          problems: expect.arrayContaining([{ path, message: `'${key}' is not a name Stagecoach can read here: no CRM and no part is called that` }]),
        });
      }
    }
  });
});

describe('export(import(x)) for every valid playbook x', { timeout: FUZZ_TIMEOUT }, () => {
  it('is byte for byte x: serializePlaybook of the imported canonical file is the file, and the playbook equals x', () => {
    fc.assert(
      fc.property(canonicalPlaybook, (playbook) => {
        const file = serializePlaybook(playbook);
        const imported = parsePlaybookText(file, { selectors: WORKER_KNOWLEDGE });
        if (!imported.ok) throw new Error(`a valid playbook was refused: ${JSON.stringify(imported.problems)}`);
        expect(imported.playbook).toEqual(playbook);
        expect(serializePlaybook(imported.playbook)).toBe(file);
      }),
      { numRuns: 100 },
    );
  });

  it('is canonical for a loosely written x (spaces, defaults left out, numbers as text, any key order): parse(serialize(parse(x))) deep-equals parse(x), which is the canonical playbook', () => {
    fc.assert(
      fc.property(looseText, ({ playbook, text }) => {
        const imported = parsePlaybookText(text);
        if (!imported.ok) throw new Error(`a valid playbook was refused: ${JSON.stringify(imported.problems)}`);
        expect(imported.playbook).toEqual(playbook);
        const again = parsePlaybookText(serializePlaybook(imported.playbook));
        expect(again).toEqual(imported);
        if (again.ok) expect(serializePlaybook(again.playbook)).toBe(serializePlaybook(playbook));
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseBackup and parseBackupText on any input', { timeout: FUZZ_TIMEOUT }, () => {
  it('read a valid backup of any valid playbook, the playbook canonical (the base the hostile cases start from)', () => {
    fc.assert(
      fc.property(canonicalPlaybook, (playbook) => {
        const result = parseBackupText(JSON.stringify(validBackup(playbook)));
        if (!result.ok) throw new Error(result.problems.join('\n'));
        expect(result.backup.revisions[0]?.playbook).toEqual(playbook);
        expectPlainData(result.backup, 'backup');
      }),
      { numRuns: 50 },
    );
  });

  it('answer a valid backup with one hostile value or key anywhere with their own problems: never throw, each a short located sentence, prototypes untouched', () => {
    fc.assert(
      fc.property(mutated(canonicalPlaybook.map(validBackup)), (input) => {
        const text = fileText(input);
        for (const result of [parseBackupText(text), parseBackup(JSON.parse(text))]) {
          expectPrototypesUntouched();
          if (result.ok) {
            expectPlainData(result.backup, 'backup');
            continue;
          }
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(problem).toMatch(/\S/);
            expect(problem.length, problem.slice(0, 120)).toBeLessThan(READABLE);
            expect(problem).not.toMatch(UNWORDED);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('answer any text or JSON value with their own problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 })), hostileValues, (text, value) => {
        for (const result of [parseBackupText(text), parseBackup(fileValue(value))]) {
          expectPrototypesUntouched();
          expect(result.ok).toBe(false);
          if (!result.ok) for (const problem of result.problems) expect(problem.length).toBeLessThan(READABLE);
        }
      }),
    );
  });
});

describe('the policy and the team URL on any input', { timeout: FUZZ_TIMEOUT }, () => {
  it('parsePolicy reads any values an organization could set (playbooks hostile or not) without throwing, using only what is valid', () => {
    const hostile = hostileValues.map(fileValue);
    const values = fc.record(
      {
        teamPlaybookUrl: fc.oneof(fc.string(), hostile),
        playbook: fc.oneof(mutated(validJson).map(fileText), canonicalPlaybook.map(serializePlaybook), hostile),
        lockPlaybook: fc.oneof(fc.boolean(), hostile),
        refreshIntervalMinutes: fc.oneof(fc.integer(), hostile),
        unknownPolicy: hostile,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(values, (set) => {
        const policy = parsePolicy(set);
        expectPrototypesUntouched();
        expect(Object.keys(policy).sort()).toEqual(['locked', 'playbook', 'problems', 'refreshMinutes', 'teamUrl']);
        if (policy.playbook) expectPlainData(policy.playbook);
        expect(typeof policy.locked).toBe('boolean');
        expect(Number.isInteger(policy.refreshMinutes)).toBe(true);
        for (const problem of policy.problems) {
          expect(problem).toMatch(/^(The|Both) /);
          expect(problem.length, problem.slice(0, 120)).toBeLessThan(READABLE);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('teamUrlProblem judges any text (1 MB ones included) with null or a sentence, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl(), fc.constantFrom('x'.repeat(1 << 20), 'https://' + 'a'.repeat(1 << 20))), (url) => {
        const problem = teamUrlProblem(url);
        if (problem !== null) {
          expect(problem).toMatch(/\S/);
          expect(problem.length).toBeLessThan(READABLE);
        }
      }),
    );
  });

  it('reads a 10,000-deep playbook in a policy as a problem, not a crash', () => {
    const policy = parsePolicy({ playbook: deeplyNestedText(10_000, 'object') });
    expect(policy.playbook).toBeNull();
    expect(policy.problems.length).toBeGreaterThan(0);
  });
});
