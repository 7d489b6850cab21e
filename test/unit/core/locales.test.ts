/**
 * The common locales' written-out conventions (src/core/locales.ts) say exactly what Intl says, and with them a
 * deal is read and shown without building any Intl object.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../../src/core/calendar';
import { parseDate } from '../../../src/core/dates';
import { formatMoney, formatNumber } from '../../../src/core/format';
import { KNOWN_LOCALES, conventionsOf, currencyDigits } from '../../../src/core/locales';
import { parseMoney, parseNumber } from '../../../src/core/money';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'SEK', 'PLN', 'BRL', 'INR', 'CNY', 'JPY', 'KRW', 'TWD', 'ZAR'];
const AMOUNTS = [0, 1, 7.5, 12, 99.99, 123, 1234, 1234.5, 12345, 123456.78, 1517250, 1234567.5, 1e12, -1, -1234.5, -1517250.25, 0.05];

describe('written-out locale conventions', () => {
  for (const locale of KNOWN_LOCALES) {
    it(`${locale}: separators, minus sign, date order and region are Intl's`, () => {
      const c = conventionsOf(locale);
      const parts = new Intl.NumberFormat(locale).formatToParts(-1234567.5);
      expect(c?.decimal).toBe(parts.find((p) => p.type === 'decimal')?.value);
      expect(c?.group).toBe(parts.find((p) => p.type === 'group')?.value);
      expect(c?.minus).toBe(parts.find((p) => p.type === 'minusSign')?.value);
      expect(c?.minGroup).toBe(new Intl.NumberFormat(locale).format(1234) === '1234' ? 2 : 1);
      const order = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
        .formatToParts(new Date(Date.UTC(2026, 11, 31)))
        .map((p) => p.type.charAt(0))
        .filter((t) => 'ymd'.includes(t))
        .join('');
      expect(c?.order).toBe(order);
      expect(c?.region).toBe(new Intl.Locale(locale).maximize().region);
    });

    it(`${locale}: amounts and numbers are written as Intl writes them`, () => {
      for (const amount of AMOUNTS) {
        for (const currency of CURRENCIES) {
          const intl = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
          expect(formatMoney(amount, currency, locale), `${amount} ${currency}`).toBe(intl);
        }
        expect(formatMoney(amount, null, locale)).toBe(new Intl.NumberFormat(locale).format(amount));
        expect(formatNumber(amount, locale)).toBe(new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount));
      }
    });
  }

  for (const locale of KNOWN_LOCALES.filter((l) => conventionsOf(l)?.shortDate)) {
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

  it('knows the fraction digits Intl shows for each common currency', () => {
    for (const currency of CURRENCIES) {
      const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
      expect(currencyDigits(currency), currency).toBe(digits);
    }
  });

  it('still rounds, and writes unknown locales, through Intl', () => {
    expect(formatNumber(1.005, 'en-US')).toBe(new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(1.005));
    expect(formatMoney(12.345, 'USD', 'de-DE')).toBe(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'USD', currencyDisplay: 'code' }).format(12.345));
    expect(formatMoney(1234.5, 'USD', 'hu-HU')).toBe(new Intl.NumberFormat('hu-HU', { style: 'currency', currency: 'USD', currencyDisplay: 'code' }).format(1234.5));
    expect(formatNumber(-0, 'en-US')).toBe(new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(-0));
  });
});

describe('a deal in a common locale', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is read and shown without building an Intl object', () => {
    const built = [
      vi.spyOn(Intl, 'NumberFormat'),
      vi.spyOn(Intl, 'DateTimeFormat'),
      vi.spyOn(Intl, 'Collator'),
      vi.spyOn(Intl, 'Locale'),
      vi.spyOn(Intl, 'supportedValuesOf'),
    ];
    expect(parseMoney('USD 1,517,250.00', 'en-US')).toEqual({ amount: 1517250, currency: 'USD' });
    expect(parseMoney('$1,250', 'en-CA')).toEqual({ amount: 1250, currency: 'CAD' });
    expect(parseMoney('1.250 €', 'de-DE')).toEqual({ amount: 1250, currency: 'EUR' });
    expect(parseNumber('20,5 %', 'fr-FR')).toBe(20.5);
    expect(parseDate('12/31/2026', 'en-US')).toBe('2026-12-31');
    expect(parseDate('31.12.2026', 'de-DE')).toBe('2026-12-31');
    expect(formatMoney(1517250, 'USD', 'en-US')).toBe('USD\u00a01,517,250.00');
    expect(formatNumber(20, 'de-DE')).toBe('20');
    expect(formatDate('2026-12-31', 'en-GB')).toBe('31 Dec 2026');
    for (const spy of built) expect(spy).not.toHaveBeenCalled();
  });
});
