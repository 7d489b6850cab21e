import { describe, it, expect } from 'vitest';
import { evaluateRule, fieldDisplayName } from '../../../src/core/rules';
import type { DealSnapshot, Rule, RuleResult } from '../../../src/core/types';
import { deal, plain } from '../deal-fixture';

const TODAY = '2026-11-15';

/** Evaluate with readable spaces in the reason (Intl money uses non-breaking ones). */
function check(rule: Rule, d: Partial<DealSnapshot> = {}, today = TODAY): RuleResult {
  const r = evaluateRule(rule, deal(d), today);
  return { met: r.met, reason: plain(r.reason) };
}

describe('field names in reasons', () => {
  it('uses the rep\'s words for standard fields and the label as written for detail fields', () => {
    expect(fieldDisplayName('amount')).toBe('Amount');
    expect(fieldDisplayName('closeDate')).toBe('Close date');
    expect(fieldDisplayName('nextStep')).toBe('Next step');
    expect(fieldDisplayName('forecastCategory')).toBe('Forecast category');
    expect(fieldDisplayName({ label: ' Decision Maker ' })).toBe('Decision Maker');
  });
});

describe('present and absent', () => {
  it('amount: empty is not present; a set amount shows in its currency', () => {
    expect(check({ field: 'amount', op: 'present' })).toEqual({ met: false, reason: 'Amount is empty' });
    expect(check({ field: 'amount', op: 'present' }, { amount: { amount: 1517250, currency: 'USD' }, locale: 'en-US' })).toEqual({
      met: true,
      reason: 'Amount is set (USD 1,517,250.00)',
    });
  });

  it('an amount of 0 is still present (use gt 0 to demand a real amount)', () => {
    expect(check({ field: 'amount', op: 'present' }, { amount: { amount: 0, currency: 'EUR' } }).met).toBe(true);
  });

  it('text fields: blank text counts as empty', () => {
    expect(check({ field: 'nextStep', op: 'present' }, { nextStep: '   ' })).toEqual({ met: false, reason: 'Next step is empty' });
    expect(check({ field: 'nextStep', op: 'present' }, { nextStep: 'Call the CFO' })).toEqual({
      met: true,
      reason: 'Next step is set (Call the CFO)',
    });
  });

  it('close date shows as a short date in the page locale', () => {
    expect(check({ field: 'closeDate', op: 'present' }, { closeDate: '2026-12-31' })).toEqual({
      met: true,
      reason: 'Close date is set (31 Dec 2026)',
    });
  });

  it('long text is shortened so the reason stays one line', () => {
    const r = check({ field: 'nextStep', op: 'present' }, { nextStep: 'x'.repeat(200) });
    expect(r.reason.length).toBeLessThan(80);
    expect(r.reason).toMatch(/…\)$/);
  });

  it('absent is met when empty, and says what is there when not', () => {
    expect(check({ field: 'owner', op: 'absent' })).toEqual({ met: true, reason: 'Owner is empty' });
    expect(check({ field: 'owner', op: 'absent' }, { owner: 'Dana' })).toEqual({
      met: false,
      reason: 'Owner is set (Dana): it should be empty',
    });
  });

  it('stage is present when either its label or its API value is', () => {
    expect(check({ field: 'stage', op: 'present' }, { stage: { label: '', value: 'Prospecting' } }).met).toBe(true);
  });
});

describe('equals, notEquals, contains, oneOf', () => {
  it('equals ignores case and surrounding spaces', () => {
    expect(check({ field: 'forecastCategory', op: 'equals', value: 'commit' }, { forecastCategory: '  Commit ' })).toEqual({
      met: true,
      reason: "Forecast category is 'commit'",
    });
    expect(check({ field: 'forecastCategory', op: 'equals', value: 'Commit' }, { forecastCategory: 'Pipeline' })).toEqual({
      met: false,
      reason: "Forecast category is 'Pipeline': needs to be 'Commit'",
    });
    expect(check({ field: 'forecastCategory', op: 'equals', value: 'Commit' })).toEqual({
      met: false,
      reason: "Forecast category is empty: needs to be 'Commit'",
    });
  });

  it('equals on stage matches the label or the API value', () => {
    const stage = { label: 'Verhandlung', value: 'Negotiation/Review' };
    expect(check({ field: 'stage', op: 'equals', value: 'negotiation/review' }, { stage }).met).toBe(true);
    expect(check({ field: 'stage', op: 'equals', value: 'Verhandlung' }, { stage }).met).toBe(true);
  });

  it('equals on numbers compares numbers', () => {
    expect(check({ field: 'probability', op: 'equals', value: 50 }, { probability: 50 }).met).toBe(true);
    expect(check({ field: 'probability', op: 'equals', value: '50' }, { probability: 50.0 }).met).toBe(true);
    expect(check({ field: 'probability', op: 'equals', value: 50 }, { probability: 60 }).met).toBe(false);
  });

  it('equals on the close date accepts an ISO date or today', () => {
    expect(check({ field: 'closeDate', op: 'equals', value: '2026-11-15' }, { closeDate: '2026-11-15' }).met).toBe(true);
    expect(check({ field: 'closeDate', op: 'equals', value: 'today' }, { closeDate: TODAY }).met).toBe(true);
    expect(check({ field: 'closeDate', op: 'equals', value: 'today+1' }, { closeDate: TODAY }).met).toBe(false);
  });

  it('notEquals: met when different or empty', () => {
    expect(check({ field: 'owner', op: 'notEquals', value: 'Integration User' }, { owner: 'integration user' })).toEqual({
      met: false,
      reason: "Owner is 'Integration User': needs to be something else",
    });
    expect(check({ field: 'owner', op: 'notEquals', value: 'Integration User' }, { owner: 'Dana' })).toEqual({
      met: true,
      reason: "Owner is 'Dana', not 'Integration User'",
    });
    expect(check({ field: 'owner', op: 'notEquals', value: 'Integration User' }).met).toBe(true);
  });

  it('contains looks for the text anywhere, ignoring case', () => {
    expect(check({ field: 'nextStep', op: 'contains', value: 'CFO' }, { nextStep: 'Call the cfo on Monday' })).toEqual({
      met: true,
      reason: "Next step contains 'CFO'",
    });
    expect(check({ field: 'nextStep', op: 'contains', value: 'CFO' }, { nextStep: 'Send deck' })).toEqual({
      met: false,
      reason: "Next step is 'Send deck': needs to contain 'CFO'",
    });
    expect(check({ field: 'nextStep', op: 'contains', value: 'CFO' })).toEqual({
      met: false,
      reason: "Next step is empty: needs to contain 'CFO'",
    });
  });

  it('oneOf: met when the value is any of the list', () => {
    const rule: Rule = { field: 'forecastCategory', op: 'oneOf', value: ['Commit', 'Best Case'] };
    expect(check(rule, { forecastCategory: 'best case' })).toEqual({ met: true, reason: "Forecast category is 'best case'" });
    expect(check(rule, { forecastCategory: 'Pipeline' })).toEqual({
      met: false,
      reason: "Forecast category is 'Pipeline': needs to be one of 'Commit', 'Best Case'",
    });
    expect(check(rule)).toEqual({
      met: false,
      reason: "Forecast category is empty: needs to be one of 'Commit', 'Best Case'",
    });
  });
});

describe('gt, gte, lt, lte', () => {
  const usd = (amount: number): Partial<DealSnapshot> => ({ amount: { amount, currency: 'USD' }, locale: 'en-US' });

  it('gt 0 on amount: a real amount is needed', () => {
    expect(check({ field: 'amount', op: 'gt', value: 0 }, usd(50000))).toEqual({
      met: true,
      reason: 'Amount is USD 50,000.00 (more than 0)',
    });
    expect(check({ field: 'amount', op: 'gt', value: 0 }, usd(0))).toEqual({
      met: false,
      reason: 'Amount is USD 0.00: needs to be more than 0',
    });
    expect(check({ field: 'amount', op: 'gt', value: 0 })).toEqual({ met: false, reason: 'Amount is empty: needs to be more than 0' });
  });

  it('gte, lt and lte include or exclude the limit as their names say', () => {
    expect(check({ field: 'probability', op: 'gte', value: 50 }, { probability: 50 })).toEqual({
      met: true,
      reason: 'Probability is 50% (at least 50)',
    });
    expect(check({ field: 'probability', op: 'gte', value: 50 }, { probability: 49 }).met).toBe(false);
    expect(check({ field: 'amount', op: 'lt', value: 100 }, usd(100))).toEqual({
      met: false,
      reason: 'Amount is USD 100.00: needs to be less than 100',
    });
    expect(check({ field: 'amount', op: 'lt', value: 100 }, usd(99.99)).met).toBe(true);
    expect(check({ field: 'amount', op: 'lte', value: '100' }, usd(100))).toEqual({
      met: true,
      reason: 'Amount is USD 100.00 (at most 100)',
    });
  });

  it('label fields are read as numbers in the page locale', () => {
    const rule: Rule = { field: { label: 'Seats' }, op: 'gte', value: 1000 };
    expect(check(rule, { locale: 'de-DE', fields: { Seats: '1.250,00' } })).toEqual({
      met: true,
      reason: 'Seats is 1.250,00 (at least 1.000)',
    });
    expect(check(rule, { locale: 'en-US', fields: { Seats: '999' } }).met).toBe(false);
    expect(check(rule, { locale: 'en-US', fields: { Seats: 'lots' } })).toEqual({
      met: false,
      reason: "Seats is 'lots', not a number: needs to be at least 1,000",
    });
    expect(check(rule, { fields: { Seats: '' } })).toEqual({ met: false, reason: 'Seats is empty: needs to be at least 1,000' });
  });
});

describe('before and after', () => {
  it('after today: a close date in the past says so', () => {
    expect(check({ field: 'closeDate', op: 'after', value: 'today' }, { closeDate: '2026-11-12' })).toEqual({
      met: false,
      reason: 'Close date 12 Nov 2026 is in the past: needs to be after today',
    });
    expect(check({ field: 'closeDate', op: 'after', value: 'today' }, { closeDate: TODAY })).toEqual({
      met: false,
      reason: 'Close date 15 Nov 2026 is today: needs to be after today',
    });
    expect(check({ field: 'closeDate', op: 'after', value: 'today' }, { closeDate: '2026-11-16' })).toEqual({
      met: true,
      reason: 'Close date 16 Nov 2026 is after today',
    });
    expect(check({ field: 'closeDate', op: 'after', value: 'today' })).toEqual({
      met: false,
      reason: 'Close date is empty: needs a date after today',
    });
  });

  it('today+N and today-N move with the calendar', () => {
    const within30: Rule = { field: 'closeDate', op: 'before', value: 'today+31' };
    expect(check(within30, { closeDate: '2026-12-15' }).met).toBe(true);
    expect(check(within30, { closeDate: '2026-12-16' })).toEqual({
      met: false,
      reason: 'Close date 16 Dec 2026 is too late: needs to be before 16 Dec 2026',
    });
    const recent: Rule = { field: 'closeDate', op: 'after', value: 'today-7' };
    expect(check(recent, { closeDate: '2026-11-09' }).met).toBe(true);
    expect(check(recent, { closeDate: '2026-11-08' })).toEqual({
      met: false,
      reason: 'Close date 8 Nov 2026 is in the past: needs to be after 8 Nov 2026',
    });
    expect(check(within30, { closeDate: '2026-12-15' }, '2026-11-16').met).toBe(true);
    expect(check(within30, { closeDate: '2027-01-15' }, '2026-12-16').met).toBe(true);
  });

  it('a fixed ISO date works as a limit', () => {
    const rule: Rule = { field: 'closeDate', op: 'before', value: '2026-12-31' };
    expect(check(rule, { closeDate: '2026-12-30' })).toEqual({ met: true, reason: 'Close date 30 Dec 2026 is before 31 Dec 2026' });
    expect(check(rule, { closeDate: '2026-12-31' }).met).toBe(false);
    expect(check({ field: 'closeDate', op: 'after', value: '2027-01-01' }, { closeDate: '2026-12-31' })).toEqual({
      met: false,
      reason: 'Close date 31 Dec 2026 is too early: needs to be after 1 Jan 2027',
    });
  });

  it('label fields are read as dates in the page locale', () => {
    const rule: Rule = { field: { label: 'Contract End' }, op: 'after', value: 'today' };
    expect(check(rule, { locale: 'en-US', fields: { 'Contract End': '12/31/2026' } })).toEqual({
      met: true,
      reason: 'Contract End Dec 31, 2026 is after today',
    });
    expect(check(rule, { locale: 'en-GB', fields: { 'Contract End': '01/02/2026' } }).met).toBe(false);
    expect(check(rule, { fields: { 'Contract End': 'soon' } })).toEqual({
      met: false,
      reason: "Contract End is 'soon', not a date: needs a date after today",
    });
  });
});

describe('label fields', () => {
  it('find the field ignoring case and surrounding spaces of the label', () => {
    const rule: Rule = { field: { label: 'decision maker' }, op: 'present' };
    expect(check(rule, { fields: { '  Decision Maker ': 'Jo Park (CFO)' } })).toEqual({
      met: true,
      reason: 'decision maker is set (Jo Park (CFO))',
    });
  });

  it('a field that is not on the page is not met, and says to add it to the layout', () => {
    const missing = "Field 'Decision Maker' is not on this page: add it to the page layout";
    expect(check({ field: { label: 'Decision Maker' }, op: 'present' }, { fields: { Amount: '5' } })).toEqual({
      met: false,
      reason: missing,
    });
    // Even "absent" cannot be decided for a field the page does not show.
    expect(check({ field: { label: 'Decision Maker' }, op: 'absent' })).toEqual({ met: false, reason: missing });
  });

  it('an empty field on the page is empty, not missing', () => {
    expect(check({ field: { label: 'Decision Maker' }, op: 'present' }, { fields: { 'Decision Maker': '' } })).toEqual({
      met: false,
      reason: 'Decision Maker is empty',
    });
  });

  it('equals on a label field accepts the number however the page writes it', () => {
    const rule: Rule = { field: { label: 'Seats' }, op: 'equals', value: 1000 };
    expect(check(rule, { locale: 'en-US', fields: { Seats: '1,000' } }).met).toBe(true);
    expect(check(rule, { locale: 'en-US', fields: { Seats: '100' } }).met).toBe(false);
  });
});

describe('rules that skipped validation', () => {
  it('are not met, and say to fix the playbook instead of throwing', () => {
    const r = check({ field: 'amount', op: 'gt', value: 'lots' }, { amount: { amount: 5, currency: 'USD' } });
    expect(r.met).toBe(false);
    expect(r.reason).toMatch(/ask your admin to fix the playbook/);
    expect(check({ field: 'closeDate', op: 'gt', value: 5 }, { closeDate: TODAY }).met).toBe(false);
  });
});
