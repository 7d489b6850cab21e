import { describe, expect, it } from 'vitest';
import { currencyFromText, parseMoney, parseNumber } from '../../../src/core/money';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseMoney', () => {
  const cases: [string, string, number, string | null][] = [
    // en-US
    ['$1,250,000.00', 'en-US', 1250000, 'USD'],
    ['USD 1,517,250.00', 'en-US', 1517250, 'USD'],
    ['USD 1,733,104.35', 'en-US', 1733104.35, 'USD'],
    ['$12', 'en-US', 12, 'USD'],
    ['$0.99', 'en-US', 0.99, 'USD'],
    ['1,250.00', 'en-US', 1250, null],
    ['EUR 250,000.00', 'en-US', 250000, 'EUR'],
    ['-$500.00', 'en-US', -500, 'USD'],
    ['$-500.00', 'en-US', -500, 'USD'],
    ['(500.00)', 'en-US', -500, null],
    ['($500.00)', 'en-US', -500, 'USD'],
    ['−$500.00', 'en-US', -500, 'USD'],
    ['$1,250', 'en-US', 1250, 'USD'],
    ['  USD   1,250.50  ', 'en-US', 1250.5, 'USD'],
    // de-DE
    ['EUR 1.250.000,00', 'de-DE', 1250000, 'EUR'],
    ['1.250.000,00 €', 'de-DE', 1250000, 'EUR'],
    [`1.250.000,00${NBSP}€`, 'de-DE', 1250000, 'EUR'],
    ['1,250 €', 'de-DE', 1.25, 'EUR'],
    ['1.250 €', 'de-DE', 1250, 'EUR'],
    ['-1.250,50 €', 'de-DE', -1250.5, 'EUR'],
    ['USD 1.517.250,00', 'de-DE', 1517250, 'USD'],
    // fr-FR: all three spaces
    ['1 250 000,00 €', 'fr-FR', 1250000, 'EUR'],
    [`1${NBSP}250${NBSP}000,00${NBSP}€`, 'fr-FR', 1250000, 'EUR'],
    [`1${NNBSP}250${NNBSP}000,00${NBSP}€`, 'fr-FR', 1250000, 'EUR'],
    [`1${NNBSP}250${NNBSP}000,00${NNBSP}€`, 'fr-FR', 1250000, 'EUR'],
    ['12,5 €', 'fr-FR', 12.5, 'EUR'],
    ['1.250 €', 'fr-FR', 1250, 'EUR'],
    // de-CH
    ["1'250'000.00 CHF", 'de-CH', 1250000, 'CHF'],
    ['CHF 1’250’000.00', 'de-CH', 1250000, 'CHF'],
    ["Fr. 1'250.50", 'de-CH', 1250.5, 'CHF'],
    // en-GB, en-IE
    ['£12,000', 'en-GB', 12000, 'GBP'],
    ['£12,000.50', 'en-GB', 12000.5, 'GBP'],
    ['€1,250.50', 'en-IE', 1250.5, 'EUR'],
    // ja-JP, zh-CN
    ['¥1,250,000', 'ja-JP', 1250000, 'JPY'],
    ['￥1,250,000', 'ja-JP', 1250000, 'JPY'],
    ['JPY 1,250,000', 'ja-JP', 1250000, 'JPY'],
    ['¥1,250.00', 'zh-CN', 1250, 'CNY'],
    // pt-BR, es-MX, en-CA, en-AU
    ['R$ 1.250,00', 'pt-BR', 1250, 'BRL'],
    [`R$${NBSP}1.250,00`, 'pt-BR', 1250, 'BRL'],
    ['$1,250.00', 'es-MX', 1250, 'MXN'],
    ['$1,250.00', 'en-CA', 1250, 'CAD'],
    ['$1,250.00', 'en-AU', 1250, 'AUD'],
    ['$1,250.00', 'fr-FR', 1250, 'USD'],
    ['US$1,250.00', 'en-CA', 1250, 'USD'],
    ['CA$1,250.00', 'en-US', 1250, 'CAD'],
    ['A$1,250.00', 'en-US', 1250, 'AUD'],
    // others
    ['₹12,50,000.00', 'en-IN', 1250000, 'INR'],
    ['1 250,00 kr', 'sv-SE', 1250, 'SEK'],
    ['kr 1 250,00', 'nb-NO', 1250, 'NOK'],
    ['1 250,00 zł', 'pl-PL', 1250, 'PLN'],
    // multi-currency orgs: the record's currency first, the user's in parentheses
    ['EUR 1,000.00 (USD 1,100.00)', 'en-US', 1000, 'EUR'],
    ['EUR 1.000,00 (USD 1.100,00)', 'de-DE', 1000, 'EUR'],
  ];
  it.each(cases)('%j in %s → %d %s', (text, locale, amount, currency) => {
    expect(parseMoney(text, locale)).toEqual({ amount, currency });
  });

  it.each(['', '   ', '—', '-', 'N/A', 'n/a', 'USD', '$', 'abc', '12abc', '1,2,3', '1.2.3,4,5', '20%'])(
    'returns null for %j',
    (text) => {
      expect(parseMoney(text, 'en-US')).toBeNull();
    },
  );

  it('never reads a truncated header amount as a number', () => {
    expect(parseMoney('USD 1,517,...', 'en-US')).toBeNull();
    expect(parseMoney('EUR 1,517,…', 'en-US')).toBeNull();
    expect(parseMoney('EUR 1.250....', 'de-DE')).toBeNull();
    expect(parseMoney('1 250 0...', 'fr-FR')).toBeNull();
  });

  it('decides an ambiguous separator by the locale', () => {
    expect(parseMoney('$1,250', 'en-US')?.amount).toBe(1250);
    expect(parseMoney('1,250 €', 'de-DE')?.amount).toBe(1.25);
    expect(parseMoney('$1.250', 'en-US')?.amount).toBe(1.25);
    expect(parseMoney('1.250 €', 'de-DE')?.amount).toBe(1250);
  });

  it('falls back to en-US separators for a locale Intl does not know', () => {
    expect(parseMoney('$1,250.00', 'not a locale')).toEqual({ amount: 1250, currency: 'USD' });
  });
});

describe('parseNumber', () => {
  const cases: [string, string, number][] = [
    ['20%', 'en-US', 20],
    ['20 %', 'de-DE', 20],
    [`75${NNBSP}%`, 'fr-FR', 75],
    ['12.5%', 'en-US', 12.5],
    ['12,5 %', 'de-DE', 12.5],
    ['%20', 'tr-TR', 20],
    ['1,250', 'en-US', 1250],
    ['1,250', 'de-DE', 1.25],
    ['1.250', 'en-US', 1.25],
    ['1.250', 'de-DE', 1250],
    ['1,250,000', 'de-DE', 1250000],
    ['1.250.000', 'en-US', 1250000],
    ['1,250.75', 'de-DE', 1250.75],
    ['1 250', 'fr-FR', 1250],
    ["1'250.5", 'de-CH', 1250.5],
    ['0', 'en-US', 0],
    ['.5', 'en-US', 0.5],
    ['-3', 'en-US', -3],
    ['3-', 'ar-EG', -3],
    ['(3)', 'en-US', -3],
    ['12,50,000', 'en-IN', 1250000],
    // the amount of a money text, for number rules on custom currency fields
    ['USD 50,000.00', 'en-US', 50000],
    ['1.250,50 €', 'de-DE', 1250.5],
  ];
  it.each(cases)('%j in %s → %d', (text, locale, value) => {
    expect(parseNumber(text, locale)).toBe(value);
  });

  it.each(['', '—', 'N/A', 'ten', '1,2', '12,34,5', '1..2', '(3', '3)', '1,517,...', '--3'])('returns null for %j', (text) => {
    expect(parseNumber(text, 'en-US')).toBeNull();
  });
});

describe('currencyFromText', () => {
  it('finds ISO codes and symbols', () => {
    expect(currencyFromText('USD 12', 'de-DE')).toBe('USD');
    expect(currencyFromText('12 €', 'en-US')).toBe('EUR');
    expect(currencyFromText('R$ 12', 'en-US')).toBe('BRL');
    expect(currencyFromText('$12', 'en-NZ')).toBe('NZD');
    expect(currencyFromText('$12', 'en')).toBe('USD');
    expect(currencyFromText('12', 'en-US')).toBeNull();
    expect(currencyFromText('ABC 12', 'en-US')).toBeNull();
  });
});
