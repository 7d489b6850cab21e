/**
 * Numbers and words as a rep reads them. Shared by rule reasons and the UI so both say things the same way.
 * Amounts and numbers that need no rounding are written from the common locales' conventions (./locales.ts),
 * exactly as Intl would write them: the first paint of a deal page then builds no Intl formatter.
 */
import { conventionsOf, currencyDigits, type LocaleConventions } from './locales';

/**
 * An amount in its currency, e.g. "USD 1,517,250.00" (en-US) or "EUR 1.517.250,00" (de-DE); compact gives
 * "USD 1.5M". The ISO code, not a symbol, because "$" alone cannot tell USD from CAD or AUD when a pipeline
 * mixes currencies. An unknown currency (null) shows the plain number.
 */
export function formatMoney(amount: number, currency: string | null, locale: string, compact = false): string {
  if (!compact) {
    const fast = currency === null ? writtenOut(amount, locale, 0, 3) : writtenOutMoney(amount, currency, locale);
    if (fast !== null) return fast;
  }
  // minimumFractionDigits 0: with a currency, compact notation otherwise forces "USD 1.0M".
  const base: Intl.NumberFormatOptions = compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : {};
  if (currency === null) return numberFormat(locale, base).format(amount);
  try {
    return numberFormat(locale, { ...base, style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
  } catch {
    // Not a well-formed ISO 4217 code (a page showed something odd): still show what we have.
    return `${currency} ${numberFormat(locale, base).format(amount)}`;
  }
}

/** A plain number in the reader's locale, e.g. "1,234.5". */
export function formatNumber(n: number, locale: string): string {
  return writtenOut(n, locale, 0, 2) ?? numberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** "1 deal", "3 deals": the count and the noun in the right number. */
export function plural(n: number, one: string, other: string): string {
  return `${n} ${n === 1 || n === -1 ? one : other}`;
}

/** "1 day", "14 days". */
export function formatDays(n: number): string {
  return plural(n, 'day', 'days');
}

/** When a date is, relative to today: "today", "tomorrow", "yesterday", "in 5 days", "3 days ago". */
export function formatRelativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${formatDays(days)}` : `${formatDays(-days)} ago`;
}

/**
 * `n`'s digits in a locale's conventions, with `minFraction` to `maxFraction` fraction digits, when that needs no
 * rounding (the number has at most `maxFraction` of them); null otherwise, for Intl to round.
 */
function digitsOf(n: number, c: LocaleConventions, minFraction: number, maxFraction: number): string | null {
  const text = String(Math.abs(n));
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null; // exponent notation, NaN, Infinity
  const [whole = '', fraction = ''] = text.split('.');
  if (fraction.length > maxFraction || whole.length > 15) return null;
  const grouped = whole.length >= (c.minGroup === 2 ? 5 : 4) ? whole.replace(/\B(?=(\d{3})+$)/g, c.group) : whole;
  const digits = fraction.padEnd(minFraction, '0');
  return digits === '' ? grouped : `${grouped}${c.decimal}${digits}`;
}

function writtenOut(n: number, locale: string, minFraction: number, maxFraction: number): string | null {
  const c = conventionsOf(locale);
  // Intl writes negative zero as "-0": leave that to it.
  if (!c || Object.is(n, -0)) return null;
  const digits = digitsOf(n, c, minFraction, maxFraction);
  return digits === null ? null : n < 0 ? `${c.minus}${digits}` : digits;
}

function writtenOutMoney(amount: number, currency: string, locale: string): string | null {
  const c = conventionsOf(locale);
  const fraction = currencyDigits(currency);
  if (!c || fraction === undefined || Object.is(amount, -0)) return null;
  const digits = digitsOf(amount, c, fraction, fraction);
  if (digits === null) return null;
  return c.money[amount < 0 ? 1 : 0].replace('\u00a4', currency).replace('#', digits);
}

/** Built formatters by locale and options: constructing one costs far more than formatting, and the pipeline
 * formats rule reasons for thousands of deals in a handful of locales. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(safeLocale(locale), options);
    numberFormats.set(key, format);
  }
  return format;
}

/** The locale tag when Intl accepts it; undefined (the runtime's default) for a malformed tag read from a page. */
export function safeLocale(locale: string): string | undefined {
  try {
    Intl.getCanonicalLocales(locale);
    return locale;
  } catch {
    return undefined;
  }
}
