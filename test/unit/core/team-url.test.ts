import { describe, expect, it } from 'vitest';
import { TEAM_URL_MAX_LENGTH, teamUrlOrigins, teamUrlProblem } from '../../../src/core/team-url';

describe('teamUrlProblem accepts', () => {
  it.each([
    'https://playbooks.acme.com/sales.json',
    'https://playbooks.acme.com:8443/team/sales.json?v=2',
    'https://intranet.acme.com/wiki/download/attachments/123/playbook.json#latest',
    'HTTPS://Playbooks.Acme.com/sales.json',
    '  https://playbooks.acme.com/sales.json  ',
    'http://localhost/playbook.json',
    'http://localhost:5173/playbook.json',
    'http://127.0.0.1:8080/playbook.json',
    `https://playbooks.acme.com/${'a'.repeat(TEAM_URL_MAX_LENGTH - 'https://playbooks.acme.com/'.length)}`,
  ])('%s', (url) => {
    expect(teamUrlProblem(url)).toBeNull();
  });
});

describe('teamUrlProblem refuses, saying what to write instead', () => {
  it.each([
    ['', /^is empty: give the address of the team's playbook file, e\.g\. https:\/\//],
    ['   ', /^is empty/],
    ['http://playbooks.acme.com/sales.json', /^must start with https:\/\/ \(http:\/\/ is allowed for localhost and 127\.0\.0\.1 only, for testing\)/],
    ['http://192.168.1.20/sales.json', /^must start with https:\/\//],
    ['http://localhost.acme.com/sales.json', /^must start with https:\/\//],
    ['ftp://playbooks.acme.com/sales.json', /^must start with https:\/\/, e\.g\./],
    ['file:///home/admin/sales.json', /^must start with https:\/\//],
    ['javascript:alert(1)', /^must start with https:\/\//],
    ['playbooks.acme.com/sales.json', /^must start with https:\/\//],
    ['localhost:8080/sales.json', /^must start with https:\/\//],
    ['https://', /^is not a web address: write it like https:\/\//],
    ['https://playbooks acme.com/sales.json', /^contains spaces/],
    ['https://admin:secret@playbooks.acme.com/sales.json', /^must not contain a user name or password/],
    ['https://admin@playbooks.acme.com/sales.json', /^must not contain a user name or password/],
  ])('%j', (url, reason) => {
    expect(teamUrlProblem(url)).toMatch(reason);
  });

  it(`an address longer than ${TEAM_URL_MAX_LENGTH} characters, saying how long it is`, () => {
    const url = `https://playbooks.acme.com/${'a'.repeat(TEAM_URL_MAX_LENGTH)}`;
    expect(teamUrlProblem(url)).toBe(`is ${url.length} characters long: at most 2000 are allowed`);
  });
});

describe('teamUrlOrigins', () => {
  it.each([
    ['https://playbooks.acme.com/team/sales.json?v=2', 'https://playbooks.acme.com/*'],
    ['https://Playbooks.Acme.com:8443/sales.json', 'https://playbooks.acme.com/*'],
    ['http://localhost:5173/playbook.json', 'http://localhost/*'],
    ['http://127.0.0.1:8080/playbook.json', 'http://127.0.0.1/*'],
    [' https://playbooks.acme.com/sales.json ', 'https://playbooks.acme.com/*'],
  ])('%s needs %s (match patterns have no port)', (url, origins) => {
    expect(teamUrlOrigins(url)).toBe(origins);
  });

  it('refuses an address teamUrlProblem refuses, with its reason', () => {
    expect(() => teamUrlOrigins('http://playbooks.acme.com/sales.json')).toThrow(
      /teamUrlProblem refuses: must start with https:\/\//,
    );
  });
});
