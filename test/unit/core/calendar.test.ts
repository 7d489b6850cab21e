import { describe, it, expect } from 'vitest';
import { addDays, daysBetween, formatDate, isIsoDate, isoDate, resolveDateValue } from '../../../src/core/calendar';
import { COMPACT, formatDays, formatMoney, formatRelativeDays, plural } from '../../../src/core/format';
import { plain } from '../deal-fixture';

describe('calendar', () => {
  it('isoDate gives the local calendar day', () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(isoDate(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it('isIsoDate accepts only real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('0099-01-01')).toBe(true);
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(() => addDays('31/12/2026', 1)).toThrow(/Not an ISO date/);
  });

  it('daysBetween counts whole days, negative when going back', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-15', '2026-11-01')).toBe(-14);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });

  it('resolveDateValue reads ISO dates and today, today+N, today-N', () => {
    expect(resolveDateValue('2026-12-31', '2026-11-15')).toBe('2026-12-31');
    expect(resolveDateValue('today', '2026-11-15')).toBe('2026-11-15');
    expect(resolveDateValue('today+30', '2026-11-15')).toBe('2026-12-15');
    expect(resolveDateValue('today-15', '2026-11-15')).toBe('2026-10-31');
    expect(resolveDateValue(' today+1 ', '2026-12-31')).toBe('2027-01-01');
    expect(resolveDateValue('2026-02-30', '2026-11-15')).toBeNull();
    expect(resolveDateValue('tomorrow', '2026-11-15')).toBeNull();
  });

  it('formatDate spells the month in the reader\'s locale', () => {
    expect(formatDate('2026-12-31', 'en-GB')).toBe('31 Dec 2026');
    expect(formatDate('2026-12-31', 'en-US')).toBe('Dec 31, 2026');
    expect(formatDate('2026-12-31', 'not a locale!')).toMatch(/2026/);
  });
});

describe('format', () => {
  it('formatMoney shows the currency code, in the locale', () => {
    expect(plain(formatMoney(1517250, 'USD', 'en-US'))).toBe('USD 1,517,250.00');
    expect(plain(formatMoney(1517250, 'EUR', 'de-DE'))).toBe('1.517.250,00 EUR');
    expect(plain(formatMoney(1517250, 'USD', 'en-US', COMPACT))).toBe('USD 1.5M');
  });

  it('formatMoney shows the plain number when the currency is unknown or malformed', () => {
    expect(formatMoney(1517250, null, 'en-US')).toBe('1,517,250');
    expect(formatMoney(1234, 'US$', 'en-US')).toBe('US$ 1,234');
  });

  it('plural and day helpers', () => {
    expect(plural(1, 'deal', 'deals')).toBe('1 deal');
    expect(plural(0, 'deal', 'deals')).toBe('0 deals');
    expect(formatDays(14)).toBe('14 days');
    expect(formatDays(1)).toBe('1 day');
    expect(formatRelativeDays(0)).toBe('today');
    expect(formatRelativeDays(1)).toBe('tomorrow');
    expect(formatRelativeDays(-1)).toBe('yesterday');
    expect(formatRelativeDays(5)).toBe('in 5 days');
    expect(formatRelativeDays(-3)).toBe('3 days ago');
  });
});
