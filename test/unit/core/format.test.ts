import { describe, expect, it } from 'vitest';
import { COMPACT, formatMoney } from '../../../src/core/format';

const plain = (s: string) => s.replace(/\s/g, ' ');

describe('formatMoney', () => {
  it('writes amounts in full with the ISO code, in the reader’s locale', () => {
    expect(plain(formatMoney(1_517_250, 'USD', 'en-US'))).toBe('USD 1,517,250.00');
    expect(plain(formatMoney(1_250_000, 'EUR', 'de-DE'))).toBe('1.250.000,00 EUR');
  });

  it('shortens amounts for headline figures without a forced decimal', () => {
    expect(plain(formatMoney(1_000_000, 'USD', 'en-US', COMPACT))).toBe('USD 1M');
    expect(plain(formatMoney(1_517_250, 'USD', 'en-US', COMPACT))).toBe('USD 1.5M');
    expect(plain(formatMoney(300_000, 'EUR', 'en-US', COMPACT))).toBe('EUR 300K');
  });

  it('shows a plain number when the currency is unknown, and keeps an odd code rather than failing', () => {
    expect(formatMoney(2500, null, 'en-US')).toBe('2,500');
    expect(formatMoney(2500, 'DOLLARS', 'en-US')).toBe('DOLLARS 2,500');
  });
});
