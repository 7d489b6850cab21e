import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_POLICY, parsePolicy, type Policy } from '../../../src/background/policy';
import { parsePlaybookText } from '../../../src/core/playbook';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { EXTENSION_ID } from '../../extension-id';

const playbookText = serializePlaybook(DEFAULT_PLAYBOOK);

describe('parsePolicy', () => {
  it('reads no policy as no policy: nothing set, not locked, the team URL checked every 6 hours', () => {
    expect(parsePolicy({})).toEqual(NO_POLICY);
    expect(NO_POLICY).toEqual({ teamUrl: null, playbook: null, locked: false, refreshMinutes: 360, problems: [] });
  });

  it('reads every value an admin can set', () => {
    expect(
      parsePolicy({ teamPlaybookUrl: 'https://playbooks.example.com/sales.json', lockPlaybook: true, refreshIntervalMinutes: 60 }),
    ).toEqual<Policy>({
      teamUrl: 'https://playbooks.example.com/sales.json',
      playbook: null,
      locked: true,
      refreshMinutes: 60,
      problems: [],
    });
  });

  describe('the inline playbook', () => {
    it('is the playbook its JSON text describes', () => {
      const policy = parsePolicy({ playbook: playbookText });
      expect(policy.playbook).toEqual(DEFAULT_PLAYBOOK);
      expect(policy.problems).toEqual([]);
    });

    it('is not used when it is not JSON, and the problem names the policy', () => {
      const policy = parsePolicy({ playbook: '{"format": "stagecoach.playbook/v1",' });
      expect(policy.playbook).toBeNull();
      expect(policy.problems).toHaveLength(1);
      expect(policy.problems[0]).toMatch(/^The playbook policy is not a valid playbook: This is not valid JSON/);
    });

    it('is not used when it is no valid playbook, with every problem and where it is', () => {
      const broken = JSON.parse(playbookText) as { stages: Record<string, unknown>[] };
      delete broken.stages[0]?.probability;
      delete broken.stages[1]?.name;
      const policy = parsePolicy({ playbook: JSON.stringify(broken) });
      expect(policy.playbook).toBeNull();
      expect(policy.problems).toEqual([
        expect.stringMatching(/^The playbook policy is not a valid playbook, at stages\[0\]\.probability: missing/),
        expect.stringMatching(/^The playbook policy is not a valid playbook, at stages\[1\]\.name: missing/),
      ]);
    });

    it('must be text: a playbook written as an object in a policy file is refused, saying so', () => {
      const policy = parsePolicy({ playbook: DEFAULT_PLAYBOOK });
      expect(policy.playbook).toBeNull();
      expect(policy.problems).toEqual([
        'The playbook policy is not used: it must be the JSON text of a playbook file as one string, not an object.',
      ]);
    });
  });

  describe('the team playbook URL', () => {
    it('is used trimmed, https or this computer over http', () => {
      expect(parsePolicy({ teamPlaybookUrl: '  https://playbooks.example.com/sales.json ' }).teamUrl).toBe(
        'https://playbooks.example.com/sales.json',
      );
      expect(parsePolicy({ teamPlaybookUrl: 'http://localhost:8080/playbook.json' }).teamUrl).toBe('http://localhost:8080/playbook.json');
    });

    it('is not used over plain http to another host, and the problem names the policy and says what to write', () => {
      const policy = parsePolicy({ teamPlaybookUrl: 'http://playbooks.example.com/sales.json' });
      expect(policy.teamUrl).toBeNull();
      expect(policy.problems).toEqual([expect.stringMatching(/^The teamPlaybookUrl policy is not used: it must start with https:\/\//)]);
    });

    it('is not used with a password in it', () => {
      const policy = parsePolicy({ teamPlaybookUrl: 'https://rep:secret@playbooks.example.com/sales.json' });
      expect(policy.teamUrl).toBeNull();
      expect(policy.problems).toEqual([expect.stringMatching(/^The teamPlaybookUrl policy is not used: .*password/)]);
    });

    it('must be text', () => {
      expect(parsePolicy({ teamPlaybookUrl: 42 }).problems).toEqual([
        'The teamPlaybookUrl policy is not used: it must be text, an https:// address, not 42.',
      ]);
    });
  });

  it('reads a blank text value as not set, as policy tools write an empty form field', () => {
    expect(parsePolicy({ teamPlaybookUrl: '', playbook: '  ' })).toEqual(NO_POLICY);
  });

  it('uses the inline playbook when both it and a team URL are set, and tells the admin to set only one', () => {
    const policy = parsePolicy({ playbook: playbookText, teamPlaybookUrl: 'https://playbooks.example.com/sales.json' });
    expect(policy.playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(policy.teamUrl).toBeNull();
    expect(policy.problems).toEqual([expect.stringMatching(/^Both playbook and teamPlaybookUrl are set: the inline playbook is used.*Set only one\.$/)]);
  });

  it('falls back to the team URL when the inline playbook beside it cannot be used', () => {
    const policy = parsePolicy({ playbook: '{}', teamPlaybookUrl: 'https://playbooks.example.com/sales.json' });
    expect(policy.playbook).toBeNull();
    expect(policy.teamUrl).toBe('https://playbooks.example.com/sales.json');
    expect(policy.problems.every((problem) => problem.startsWith('The playbook policy'))).toBe(true);
  });

  it('locks only on true: any other value leaves the playbook unlocked and says so', () => {
    expect(parsePolicy({ lockPlaybook: true }).locked).toBe(true);
    expect(parsePolicy({ lockPlaybook: false })).toEqual(NO_POLICY);
    expect(parsePolicy({ lockPlaybook: 'true' })).toEqual({
      ...NO_POLICY,
      problems: ['The lockPlaybook policy is not used: it must be true or false, not the text "true". The playbook is not locked.'],
    });
  });

  describe('the refresh interval', () => {
    it('is a whole number of minutes', () => {
      expect(parsePolicy({ refreshIntervalMinutes: 15 }).refreshMinutes).toBe(15);
      expect(parsePolicy({ refreshIntervalMinutes: 1440 }).refreshMinutes).toBe(1440);
      expect(parsePolicy({ refreshIntervalMinutes: 90.4 })).toEqual({ ...NO_POLICY, refreshMinutes: 90 });
    });

    it('is brought into 15 minutes to a day, saying what is used instead', () => {
      expect(parsePolicy({ refreshIntervalMinutes: 5 })).toEqual({
        ...NO_POLICY,
        refreshMinutes: 15,
        problems: ['The refreshIntervalMinutes policy is 5, outside 15 to 1440: the team playbook URL is checked every 15 minutes.'],
      });
      expect(parsePolicy({ refreshIntervalMinutes: 10_080 })).toMatchObject({ refreshMinutes: 1440, problems: [expect.stringContaining('every 1440 minutes')] });
    });

    it('is the default when it is not a number', () => {
      expect(parsePolicy({ refreshIntervalMinutes: '60' })).toEqual({
        ...NO_POLICY,
        problems: [
          'The refreshIntervalMinutes policy is not used: it must be a number of minutes, not the text "60". The team playbook URL is checked every 360 minutes.',
        ],
      });
    });
  });

  it('names a policy it does not know (a typo in a policy file) and still reads the others', () => {
    const policy = parsePolicy({ teamPlaybookURL: 'https://playbooks.example.com/sales.json', lockPlaybook: true });
    expect(policy.locked).toBe(true);
    expect(policy.teamUrl).toBeNull();
    expect(policy.problems).toEqual([
      'The policy “teamPlaybookURL” is not one Stagecoach knows, so it is ignored (the policies are teamPlaybookUrl, playbook, lockPlaybook, refreshIntervalMinutes).',
    ]);
  });
});

/**
 * The example policy files in docs/policy/, read the way each policy tool reads them, must set only what
 * public/managed_schema.json declares, with its types, for Stagecoach's documented id; and parsePolicy must find no
 * problem in them: an admin copies these.
 */
describe('the example policy files', () => {
  const folder = new URL('../../../docs/policy/', import.meta.url);
  const read = (name: string): string => readFileSync(new URL(name, folder), 'utf8');
  const schema = JSON.parse(readFileSync(new URL('../../../public/managed_schema.json', import.meta.url), 'utf8')) as {
    properties: Record<string, { type: 'string' | 'boolean' | 'integer' }>;
  };

  /** The values one example sets, for each browser it sets them for. */
  const examples: Record<string, () => Record<string, unknown>[]> = {
    'linux.json': () => [chromeJsonValues(read('linux.json'))],
    'linux-inline-playbook.json': () => [chromeJsonValues(read('linux-inline-playbook.json'))],
    'windows.reg': () => registryValues(read('windows.reg')),
    'macos.mobileconfig': () => [mobileconfigValues(read('macos.mobileconfig'))],
    // The Admin console names the extension by the one it is configured on: the file holds values only.
    'google-admin.json': () => [
      Object.fromEntries(Object.entries(JSON.parse(read('google-admin.json')) as Record<string, { Value: unknown }>).map(([key, { Value }]) => [key, Value])),
    ],
  };

  it('are all known here, so none goes untested', () => {
    expect(readdirSync(folder).sort()).toEqual(Object.keys(examples).sort());
  });

  for (const [name, valuesOf] of Object.entries(examples)) {
    it(`${name} sets only declared policies, of the declared types, and parses without a problem`, () => {
      const sets = valuesOf();
      expect(sets.length).toBeGreaterThan(0);
      for (const values of sets) {
        expect(Object.keys(values).length).toBeGreaterThan(0);
        for (const [key, value] of Object.entries(values)) {
          const declared = schema.properties[key]?.type;
          expect(declared, `${name} sets ${key}, which managed_schema.json does not declare`).toBeDefined();
          if (declared === 'integer') expect(Number.isInteger(value), `${name}: ${key}`).toBe(true);
          else expect(typeof value, `${name}: ${key}`).toBe(declared);
        }
        expect(parsePolicy(values).problems).toEqual([]);
      }
    });
  }

  it('the inline example holds a valid playbook, as one string', () => {
    const { playbook } = chromeJsonValues(read('linux-inline-playbook.json'));
    expect(typeof playbook).toBe('string');
    expect(parsePlaybookText(playbook as string).ok).toBe(true);
  });

  /** Chrome's JSON policy files (Linux): `{"3rdparty": {"extensions": {"<id>": {...}}}}`. */
  function chromeJsonValues(text: string): Record<string, unknown> {
    const file = JSON.parse(text) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
    expect(Object.keys(file['3rdparty'].extensions)).toEqual([EXTENSION_ID]);
    return file['3rdparty'].extensions[EXTENSION_ID] ?? {};
  }

  /**
   * A .reg file as regedit imports it: each `[...\3rdparty\extensions\<id>\policy]` key's values. Chrome reads a
   * DWORD as a boolean for a boolean policy (0 or 1) and as a number for an integer one.
   */
  function registryValues(text: string): Record<string, unknown>[] {
    const lines = text.split(/\r?\n/);
    expect(lines[0]).toBe('Windows Registry Editor Version 5.00');
    // regedit reads Windows line ends; a file saved with bare \n elsewhere is a hazard for admins copying it.
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const keys: Record<string, unknown>[] = [];
    for (const line of lines.slice(1)) {
      if (line === '' || line.startsWith(';')) continue;
      const key = /^\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\(Google\\Chrome|Microsoft\\Edge)\\3rdparty\\extensions\\([a-p]{32})\\policy\]$/.exec(line);
      if (key) {
        expect(key[2]).toBe(EXTENSION_ID);
        keys.push({});
        continue;
      }
      const values = keys.at(-1);
      expect(values, `a value before any key: ${line}`).toBeDefined();
      const entry = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
      expect(entry, `not a registry value regedit reads: ${line}`).not.toBeNull();
      const [, name = '', text_, dword] = entry ?? [];
      if (dword !== undefined) {
        const number = Number.parseInt(dword, 16);
        if (schema.properties[name]?.type === 'boolean') {
          expect([0, 1], `${name} is a boolean: dword 0 or 1`).toContain(number);
          values![name] = number === 1;
        } else values![name] = number;
      } else values![name] = (text_ ?? '').replace(/\\(.)/g, '$1');
    }
    return keys;
  }

  /** A configuration profile: the managed preferences of `com.google.Chrome.extensions.<id>`. */
  function mobileconfigValues(text: string): Record<string, unknown> {
    const profile = parsePlist(text) as { PayloadContent: { PayloadType: string; PayloadContent: Record<string, unknown> }[] };
    const payload = profile.PayloadContent.find((entry) => entry.PayloadType === 'com.apple.ManagedClient.preferences');
    expect(Object.keys(payload?.PayloadContent ?? {})).toEqual([`com.google.Chrome.extensions.${EXTENSION_ID}`]);
    const domain = payload?.PayloadContent[`com.google.Chrome.extensions.${EXTENSION_ID}`] as {
      Forced: { mcx_preference_settings: Record<string, unknown> }[];
    };
    expect(domain.Forced).toHaveLength(1);
    return domain.Forced[0]?.mcx_preference_settings ?? {};
  }
});

/** The XML property-list subset profiles use: dict, array, string, integer, true, false. Throws on anything else. */
function parsePlist(xml: string): unknown {
  const tokens = [...xml.replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>/g, '').matchAll(/<(\/?)([a-z]+)(?:\s[^>]*?)?(\/?)>|([^<]+)/g)]
    .map(([, close, tag, selfClosing, text]) => ({ close: close === '/', tag, selfClosing: selfClosing === '/', text }))
    .filter((token) => token.tag !== undefined || (token.text ?? '').trim() !== '');
  let at = 0;
  const next = () => {
    const token = tokens[at++];
    if (!token) throw new Error('the property list ends early');
    return token;
  };
  const expectClose = (tag: string) => {
    const token = next();
    if (!token.close || token.tag !== tag) throw new Error(`expected </${tag}>`);
  };
  const textOf = (tag: string): string => {
    const token = tokens[at];
    const text = token?.tag === undefined ? (next().text ?? '') : '';
    expectClose(tag);
    return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  const value = (): unknown => {
    const token = next();
    if (token.selfClosing && (token.tag === 'true' || token.tag === 'false')) return token.tag === 'true';
    switch (token.tag) {
      case 'plist': {
        const inner = value();
        expectClose('plist');
        return inner;
      }
      case 'dict': {
        const dict: Record<string, unknown> = {};
        while (!tokens[at]?.close) {
          if (next().tag !== 'key') throw new Error('a dict holds <key> then a value');
          const key = textOf('key');
          dict[key] = value();
        }
        expectClose('dict');
        return dict;
      }
      case 'array': {
        const array: unknown[] = [];
        while (!tokens[at]?.close) array.push(value());
        expectClose('array');
        return array;
      }
      case 'string':
        return textOf('string');
      case 'integer': {
        const number = Number(textOf('integer'));
        if (!Number.isInteger(number)) throw new Error('an <integer> that is not a whole number');
        return number;
      }
      default:
        throw new Error(`unexpected <${token.close ? '/' : ''}${token.tag ?? token.text}> in the property list`);
    }
  };
  return value();
}
