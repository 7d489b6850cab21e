/**
 * Numbers and amounts formatted without Intl in the common locales. A renderer's first `Intl.NumberFormat` loads ICU
 * data: measured at 30-190 ms of the CRM page's main thread in a fresh Chromium renderer, and the overlay's first
 * checklist shows an amount ("Amount is USD 1,517,250.00"). Each locale's rules here are held to Intl by
 * test/unit/core/written-numbers.test.ts over many values; anything else returns null and goes to Intl.
 */
import { conventionsOf, isCommonCurrency } from './locales';

/**
 * Where the ISO code goes: before the number ("USD 1,517,250.00") in every written-out locale but these, which put it
 * after ("1.517.250,00 USD"); and nl-NL puts a negative amount's minus inside the code ("USD -1,00").
 */
const CODE_AFTER = new Set(['de-DE', 'de', 'fr-FR', 'fr', 'es-ES', 'es', 'it-IT']);
const SIGN_INSIDE = 'nl-NL';

/** Locales that leave a four-digit integer ungrouped ("1234,5" but "12.345,5"): CLDR's minimum grouping digits 2. */
const MIN_GROUPING_TWO = new Set(['es-ES', 'es', 'it-IT']);

/** The common currency without minor units; the others show two decimals in Intl too. */
const NO_DECIMALS = new Set(['JPY']);

/**
 * The digits of |n| rounded to at most `maxFraction` decimals (half away from zero, on the shortest decimal form
 * of the double, as ICU rounds), with trailing zeros dropped down to `minFraction`. null for numbers JavaScript
 * writes in exponent form: those go to Intl.
 */
function digits(n: number, minFraction: number, maxFraction: number): { integer: string; fraction: string } | null {
  const text = String(Math.abs(n));
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
  const [whole = '0', frac = ''] = text.split('.');
  let scaled = BigInt(whole + frac.slice(0, maxFraction).padEnd(maxFraction, '0'));
  if ((frac.charCodeAt(maxFraction) || 48) >= 53) scaled += 1n;
  const all = scaled.toString().padStart(maxFraction + 1, '0');
  let fraction = all.slice(all.length - maxFraction);
  while (fraction.length > minFraction && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return { integer: all.slice(0, all.length - maxFraction), fraction };
}

/** `n` in `locale` with the given fraction digits, no Intl; null when the locale or the number needs Intl. */
function written(n: number, locale: string, minFraction: number, maxFraction: number): { text: string; negative: boolean } | null {
  const conventions = conventionsOf(locale);
  const parts = conventions && Number.isFinite(n) ? digits(n, minFraction, maxFraction) : null;
  if (!conventions || !parts) return null;
  const negative = n < 0;
  // Intl writes "-0" for a negative number that rounds to zero: rare enough to leave to it.
  if (negative && /^0*$/.test(parts.integer + parts.fraction)) return null;
  const { integer, fraction } = parts;
  const grouped =
    integer.length < (MIN_GROUPING_TWO.has(locale) ? 5 : 4) ? integer : integer.replace(/\B(?=(\d{3})+$)/g, conventions.group);
  return { text: fraction ? `${grouped}${conventions.decimal}${fraction}` : grouped, negative };
}

/** A plain number with at most two decimals, as `Intl.NumberFormat(locale, { maximumFractionDigits: 2 })` writes it. */
export function writtenNumber(n: number, locale: string): string | null {
  const w = written(n, locale, 0, 2);
  return w && (w.negative ? `-${w.text}` : w.text);
}

/**
 * An amount with its ISO code, as `Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' })`
 * writes it, for the common currencies.
 */
export function writtenMoney(amount: number, currency: string, locale: string): string | null {
  if (!isCommonCurrency(currency)) return null;
  const minor = NO_DECIMALS.has(currency) ? 0 : 2;
  const w = written(amount, locale, minor, minor);
  if (!w) return null;
  const sign = w.negative ? '-' : '';
  if (CODE_AFTER.has(locale)) return `${sign}${w.text}\u00a0${currency}`;
  return locale === SIGN_INSIDE ? `${currency}\u00a0${sign}${w.text}` : `${sign}${currency}\u00a0${w.text}`;
}
