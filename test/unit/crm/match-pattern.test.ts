import { describe, expect, it } from 'vitest';
import { parseMatchPattern } from '../../../src/crm/match-pattern';

const matches = (pattern: string, href: string) => parseMatchPattern(pattern).matches(new URL(href));

describe('Chrome match patterns', () => {
  it('matches a subdomain wildcard on the domain itself and any depth of subdomain, not look-alikes', () => {
    const p = 'https://*.lightning.force.com/lightning/*';
    expect(matches(p, 'https://acme.lightning.force.com/lightning/r/x/view')).toBe(true);
    expect(matches(p, 'https://acme--uat.sandbox.lightning.force.com/lightning/r/x/view')).toBe(true);
    expect(matches(p, 'https://lightning.force.com/lightning/')).toBe(true);
    expect(matches(p, 'https://ACME.Lightning.force.com/lightning/x')).toBe(true);
    expect(matches(p, 'https://evillightning.force.com/lightning/x')).toBe(false);
    expect(matches(p, 'https://acme.lightning.force.com.evil.example/lightning/x')).toBe(false);
  });

  it('globs the path with the query string, not the fragment', () => {
    expect(matches('https://crm.zoho.com/crm/*/tab/Potentials/*', 'https://crm.zoho.com/crm/org1/tab/Potentials/42')).toBe(true);
    expect(matches('https://x.example/main.aspx?*etn=opportunity*', 'https://x.example/main.aspx?pagetype=entityrecord&etn=opportunity&id=1')).toBe(true);
    expect(matches('https://x.example/deal/*', 'https://x.example/deals#/deal/1')).toBe(false);
    expect(matches('https://x.example/lightning/*', 'https://x.example/lightningx')).toBe(false);
  });

  it('takes a scheme of * as http or https only, and ignores ports', () => {
    expect(matches('*://x.example/*', 'http://x.example/a')).toBe(true);
    expect(matches('*://x.example/*', 'https://x.example:8443/a')).toBe(true);
    expect(matches('*://x.example/*', 'ftp://x.example/a')).toBe(false);
    expect(matches('https://x.example/*', 'http://x.example/a')).toBe(false);
    expect(matches('https://*/*', 'https://anything.example/a')).toBe(true);
  });

  it('tells the origins a pattern reaches, whatever the path', () => {
    const p = parseMatchPattern('https://*.my.salesforce.com/lightning/*');
    expect(p.coversOrigin(new URL('https://acme.my.salesforce.com/assets/app.js'))).toBe(true);
    expect(p.matches(new URL('https://acme.my.salesforce.com/assets/app.js'))).toBe(false);
    expect(p.coversOrigin(new URL('https://acme.my.site.com/'))).toBe(false);
    expect(p.matchesPath('/lightning/r/x/view?ws=1')).toBe(true);
    expect(p.matchesPath('/assets/app.js')).toBe(false);
  });

  it('refuses what Chrome refuses, saying what is expected', () => {
    for (const bad of ['acme.lightning.force.com/*', 'https://acme.*.com/*', 'https://x.example', 'https://x.example:*/', 'https:///a', 'chrome://x/*']) {
      expect(() => parseMatchPattern(bad), bad).toThrow(/match pattern|no host/);
    }
  });
});
