/**
 * The common locales' written-out conventions (src/core/locales.ts) say exactly what Intl says, and with them a
 * deal is read, and its dates shown, without building a collator, a locale or a date format.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../../src/core/calendar';
import { parseDate } from '../../../src/core/dates';
import { knownLocales, conventionsOf, isCommonCurrency } from '../../../src/core/locales';
import { parseMoney, parseNumber } from '../../../src/core/money';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'INR', 'CNY', 'JPY'];

describe('written-out locale conventions', () => {
  for (const locale of knownLocales()) {
    it(`${locale}: separators, date order and region are Intl's`, () => {
      const c = conventionsOf(locale);
      const parts = new Intl.NumberFormat(locale).formatToParts(-1234567.5);
      expect(c?.decimal).toBe(parts.find((p) => p.type === 'decimal')?.value);
      expect(c?.group).toBe(parts.find((p) => p.type === 'group')?.value);
      const order = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
        .formatToParts(new Date(Date.UTC(2026, 11, 31)))
        .map((p) => p.type.charAt(0))
        .filter((t) => 'ymd'.includes(t))
        .join('');
      expect(c?.order).toBe(order);
      expect(c?.region).toBe(new Intl.Locale(locale).maximize().region);
    });
  }

  for (const locale of knownLocales().filter((l) => conventionsOf(l)?.shortDate)) {
    it(`${locale}: short dates are written as Intl writes them, every month`, () => {
      const intl = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 9, 10, 28]) {
          const iso = `2026-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(formatDate(iso, locale)).toBe(intl.format(new Date(Date.UTC(2026, month, day))));
        }
      }
    });
  }

  it('takes only ISO codes Intl knows as common currencies', () => {
    const known = new Set(Intl.supportedValuesOf('currency'));
    for (const currency of CURRENCIES) expect(isCommonCurrency(currency) && known.has(currency), currency).toBe(true);
  });

  it('leaves other locales to Intl', () => {
    expect(conventionsOf('hu-HU')).toBeUndefined();
    expect(formatDate('2026-12-31', 'de-DE')).toBe(
      new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 11, 31))),
    );
  });
});

describe('a deal in a common locale', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is read, and its dates shown, without building a collator, a locale or a date format', () => {
    const built = [vi.spyOn(Intl, 'DateTimeFormat'), vi.spyOn(Intl, 'Collator'), vi.spyOn(Intl, 'Locale'), vi.spyOn(Intl, 'supportedValuesOf')];
    expect(parseMoney('USD 1,517,250.00', 'en-US')).toEqual({ amount: 1517250, currency: 'USD' });
    expect(parseMoney('$1,250', 'en-CA')).toEqual({ amount: 1250, currency: 'CAD' });
    expect(parseMoney('1.250 €', 'de-DE')).toEqual({ amount: 1250, currency: 'EUR' });
    expect(parseNumber('20,5 %', 'fr-FR')).toBe(20.5);
    expect(parseDate('12/31/2026', 'en-US')).toBe('2026-12-31');
    expect(parseDate('31.12.2026', 'de-DE')).toBe('2026-12-31');
    expect(formatDate('2026-12-31', 'en-GB')).toBe('31 Dec 2026');
    for (const spy of built) expect(spy).not.toHaveBeenCalled();
  });
});
