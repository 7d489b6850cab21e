/** The address pattern of a configured site's deal pages: what an admin may type, and what each refusal says. */
import { describe, expect, it } from 'vitest';
import { parseSitePattern, type SitePattern } from '../../../src/core/site-pattern';

function pattern(input: string): SitePattern {
  const parsed = parseSitePattern(input);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.pattern;
}
const problem = (input: string) => {
  const parsed = parseSitePattern(input);
  return parsed.ok ? null : parsed.problem;
};

describe('reading a site pattern', () => {
  it('takes a match pattern, or an address with * without https://, and asks for its origin alone', () => {
    for (const input of ['https://crm.example.com/deals/*', 'crm.example.com/deals/*', '  HTTPS://CRM.Example.com/deals/*  ']) {
      const p = pattern(input);
      expect(p.origins).toBe('https://crm.example.com/*');
      expect(p.host).toBe('crm.example.com');
    }
    expect(pattern('crm.example.com/deals/*').source).toBe('https://crm.example.com/deals/*');
  });

  it('gives the deal id the * stands for, the same across the deal’s tabs and query strings', () => {
    const p = pattern('https://crm.example.com/deals/*');
    expect(p.dealId(new URL('https://crm.example.com/deals/42'))).toBe('42');
    expect(p.dealId(new URL('https://crm.example.com/deals/42/notes?tab=1#x'))).toBe('42');
    expect(p.dealId(new URL('https://crm.example.com/deals/acme%20co'))).toBe('acme co');
  });

  it('joins several * into one id', () => {
    const p = pattern('https://crm.example.com/*/opportunities/*');
    expect(p.dealId(new URL('https://crm.example.com/acme/opportunities/7'))).toBe('acme/7');
  });

  it('is no deal page: the list, another path, another host, http, another port', () => {
    const p = pattern('https://crm.example.com/deals/*');
    for (const url of [
      'https://crm.example.com/deals',
      'https://crm.example.com/deals/',
      'https://crm.example.com/contacts/42',
      'https://crm.example.com.evil.test/deals/42',
      'https://evilcrm.example.com/deals/42',
      'http://crm.example.com/deals/42',
      'https://crm.example.com:8443/deals/42',
    ]) {
      expect(p.dealId(new URL(url)), url).toBeNull();
    }
  });

  it('reaches subdomains with *. and keeps them apart by host', () => {
    const p = pattern('https://*.example-crm.com/deal/*');
    expect(p.origins).toBe('https://*.example-crm.com/*');
    expect(p.dealId(new URL('https://acme.example-crm.com/deal/9'))).toBe('9');
    expect(p.dealId(new URL('https://example-crm.com.attacker.test/deal/9'))).toBeNull();
  });

  it('refuses what it cannot use, saying what to write instead', () => {
    expect(problem('')).toMatch(/^Give the address of the site's deal pages/);
    expect(problem('http://crm.example.com/deals/*')).toContain('Stagecoach works on https:// pages only');
    expect(problem('*://crm.example.com/deals/*')).toContain('https:// pages only');
    expect(problem('https://crm.example.com/deals/42')).toContain("put * where the deal's id is");
    expect(problem('https://crm.example.com/deals/id-*')).toContain('a * must stand for a whole part of the address');
    expect(problem('https://crm.example.com/deal?id=*')).toContain('finds the deal\'s id in the path only');
    expect(problem('https://*/deals/*')).toContain('the host must be one site');
    expect(problem('https://*.com/deals/*')).toContain('would reach every site under .com');
    expect(problem('https://crm.example.com:8443/deals/*')).toContain('names a port');
    expect(problem('https://user@crm.example.com/deals/*')).toContain('user name');
    expect(problem('https://crm example.com/deals/*')).toContain('contains spaces');
    expect(problem('https://crm_example!.com/deals/*')).toContain('is not a host name');
  });
});
