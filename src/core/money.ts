/**
 * Reading numbers and amounts of money as CRM pages show them, in the page's locale.
 * Pure: no browser APIs, only `Intl`, so it runs in Node tests as is.
 *
 * The page's locale decides only what text alone cannot: whether a lone `,` or `.` is a decimal or a
 * thousands separator (`1,250` is 1250 in en-US and 1.25 in de-DE) and what a bare `$` means.
 */
import { safeLocale } from './format';
import { conventionsOf, isCommonCurrency } from './locales';
import type { Money } from './types';

interface Separators {
  decimal: string;
  group: string;
}

const separatorCache = new Map<string, Separators>();

/** The locale's decimal and group characters, from Intl; en-US's when the locale is not a valid tag. */
function separatorsOf(locale: string): Separators {
  const known = conventionsOf(locale);
  if (known) return known;
  const cached = separatorCache.get(locale);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(safeLocale(locale) ?? 'en-US').formatToParts(1234567.5);
  const separators = {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
  separatorCache.set(locale, separators);
  return separators;
}

/** Characters that only ever group digits: spaces of every kind (fr-FR uses U+202F) and apostrophes (de-CH). */
const GROUP_ONLY = /[\s\u00a0\u2007\u2009\u202f'\u2019\u02bc]/g;
const MINUS = /[-\u2212\u2012\u2013]/;
/** "USD 1,517,..." is Salesforce's truncated header amount: a prefix of a number, never the number. */
const TRUNCATED = /\.\.\.|\u2026/;

/**
 * Digits with at most `,` and `.` in them (grouping spaces already removed) → number, deciding which
 * separator is the decimal one. Null when the grouping is not a plausible one.
 */
function digitsToNumber(raw: string, locale: string): number | null {
  if (!/^[\d.,]+$/.test(raw) || !/\d/.test(raw)) return null;
  const lastComma = raw.lastIndexOf(',');
  const lastDot = raw.lastIndexOf('.');
  let decimal: string | null;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the later one is the decimal separator (1.250.000,00 / 1,250,000.00).
    decimal = lastComma > lastDot ? ',' : '.';
  } else if (lastComma < 0 && lastDot < 0) {
    decimal = null;
  } else {
    const sep = lastComma >= 0 ? ',' : '.';
    const count = raw.split(sep).length - 1;
    if (count > 1) {
      decimal = null; // 1,250,000 or 1.250.000: a separator seen twice can only group
    } else {
      const { decimal: localeDecimal, group: localeGroup } = separatorsOf(locale);
      if (sep === localeDecimal) decimal = sep;
      else if (sep === localeGroup) decimal = null;
      // The locale groups with spaces (fr-FR, ru): read "1.250" as grouped only if it looks grouped.
      else decimal = /^\d{1,3}[.,]\d{3}$/.test(raw) ? null : sep;
    }
  }
  let intPart = raw;
  let fraction = '';
  if (decimal !== null) {
    const at = raw.lastIndexOf(decimal);
    intPart = raw.slice(0, at);
    fraction = raw.slice(at + 1);
    if (!/^\d+$/.test(fraction)) return null;
    if (intPart === '') intPart = '0';
  }
  const group = decimal === ',' ? '.' : decimal === '.' ? ',' : raw.includes('.') ? '.' : ',';
  if (decimal !== null && intPart.includes(decimal)) return null;
  if (intPart.includes(group)) {
    // Groups of three, or Indian lakh/crore grouping (12,50,000): the last group has three digits.
    if (!/^\d{1,3}(?:[.,]\d{2,3})*[.,]\d{3}$/.test(intPart)) return null;
    intPart = intPart.split(group).join('');
  }
  if (!/^\d+$/.test(intPart)) return null;
  const value = Number(fraction ? `${intPart}.${fraction}` : intPart);
  return Number.isFinite(value) ? value : null;
}

/**
 * Strip sign markers: a leading or trailing minus, or accounting parentheses `(500.00)`.
 * Returns the unsigned text and whether it was negative, or null when the markers do not balance.
 */
function splitSign(text: string): { body: string; negative: boolean } | null {
  let body = text.trim();
  let negative = false;
  if (body.startsWith('(') || body.endsWith(')')) {
    if (!(body.startsWith('(') && body.endsWith(')'))) return null;
    body = body.slice(1, -1).trim();
    negative = true;
  }
  if (MINUS.test(body.charAt(0))) {
    body = body.slice(1).trim();
    negative = !negative;
  } else if (body.length > 1 && MINUS.test(body.charAt(body.length - 1))) {
    body = body.slice(0, -1).trim();
    negative = !negative;
  }
  return { body, negative };
}

/** A number with no currency: optional sign, parentheses and percent sign. */
function plainNumber(text: string, locale: string): number | null {
  if (TRUNCATED.test(text)) return null;
  let t = text.trim();
  if (t === '') return null;
  t = t.replace(/^%\s*|\s*%$/g, '');
  const signed = splitSign(t);
  if (!signed) return null;
  const value = digitsToNumber(signed.body.replace(GROUP_ONLY, ''), locale);
  if (value === null) return null;
  return signed.negative && value !== 0 ? -value : value;
}

/**
 * A number as a page shows it: `1,250.5`, `1.250,5` (by locale), `1 250,5`, `1'250.5`, `-3`, `(3)`,
 * percentages `20%` / `20 %` (→ 20), and the amount of a money text (`USD 50,000.00` → 50000), so number rules
 * work on custom currency fields. Null for empty, truncated or non-numeric text.
 */
export function parseNumber(text: string, locale: string): number | null {
  return plainNumber(text, locale) ?? parseMoney(text, locale)?.amount ?? null;
}

/** Symbols that name one currency whatever the locale. Longest first when matched. */
const SYMBOLS: Record<string, string> = {
  'US$': 'USD',
  'CA$': 'CAD',
  C$: 'CAD',
  'A$': 'AUD',
  'AU$': 'AUD',
  'NZ$': 'NZD',
  'HK$': 'HKD',
  'S$': 'SGD',
  'MX$': 'MXN',
  'R$': 'BRL',
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
  '₱': 'PHP',
  '฿': 'THB',
  '₴': 'UAH',
  zł: 'PLN',
  Kč: 'CZK',
  Ft: 'HUF',
  'Fr.': 'CHF',
};

/** Which dollar a bare `$` is, by the locale's region; USD elsewhere. */
const DOLLAR_BY_REGION: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  MX: 'MXN',
  SG: 'SGD',
  HK: 'HKD',
  AR: 'ARS',
  CL: 'CLP',
  CO: 'COP',
  TW: 'TWD',
};

/** Which krona/krone `kr` is, by language. */
const KRONA_BY_LANGUAGE: Record<string, string> = { sv: 'SEK', nb: 'NOK', no: 'NOK', nn: 'NOK', da: 'DKK', is: 'ISK' };

/** An explicit region subtag of a canonical tag: `en-CA`, `zh-Hant-TW`, `es-419`. */
const REGION_SUBTAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-([A-Z]{2}|\d{3})(?:-|$)/;

function regionOf(locale: string): string | null {
  const explicit = REGION_SUBTAG.exec(locale)?.[1] ?? conventionsOf(locale)?.region;
  if (explicit) return explicit;
  try {
    return new Intl.Locale(locale).maximize().region ?? null;
  } catch {
    return null;
  }
}

function languageOf(locale: string): string {
  // The language subtag leads every well-formed tag; only odd ones need Intl's parser.
  const language = /^([a-z]{2,3})(?:-|$)/i.exec(locale)?.[1];
  if (language) return language.toLowerCase();
  try {
    return new Intl.Locale(locale).language;
  } catch {
    return locale.slice(0, 2).toLowerCase();
  }
}

let isoCodes: Set<string> | null = null;

/** ISO 4217 codes Intl knows; a made-up three-letter word next to a number is not a currency. */
function isIsoCode(word: string): boolean {
  if (isCommonCurrency(word)) return true;
  if (!isoCodes) {
    isoCodes = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);
  }
  return isoCodes.size === 0 ? /^[A-Z]{3}$/.test(word) : isoCodes.has(word);
}

interface CurrencyMatch {
  code: string;
  /** The text with the currency marker cut out. */
  rest: string;
}

/** Currency `code`, marked in `text` by the `length` characters at `at`: the rest is the amount's text. */
function currencyAt(code: string, text: string, at: number, length: number): CurrencyMatch {
  return { code, rest: text.slice(0, at) + text.slice(at + length) };
}

const SORTED_SYMBOLS = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length);

function findCurrency(text: string, locale: string): CurrencyMatch | null {
  const iso = /(?:^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(text);
  if (iso?.[1] && isIsoCode(iso[1])) {
    return currencyAt(iso[1], text, iso.index + iso[0].indexOf(iso[1]), 3);
  }
  for (const symbol of SORTED_SYMBOLS) {
    const at = text.indexOf(symbol);
    if (at >= 0) return currencyAt(SYMBOLS[symbol] ?? symbol, text, at, symbol.length);
  }
  const yen = /[¥￥]/.exec(text);
  if (yen) {
    // ¥ is the yuan in Chinese locales, the yen everywhere else.
    return currencyAt(languageOf(locale) === 'zh' ? 'CNY' : 'JPY', text, yen.index, 1);
  }
  const dollar = text.indexOf('$');
  if (dollar >= 0) {
    return currencyAt(DOLLAR_BY_REGION[regionOf(locale) ?? 'US'] ?? 'USD', text, dollar, 1);
  }
  const krona = /(?:^|[\s\d])(kr\.?)(?=$|[\s\d])/i.exec(text);
  if (krona?.[1]) {
    return currencyAt(KRONA_BY_LANGUAGE[languageOf(locale)] ?? 'SEK', text, krona.index + krona[0].indexOf(krona[1]), krona[1].length);
  }
  return null;
}

/** The ISO 4217 code a text names by code or symbol (`EUR`, `€`, `R$`, a bare `$` by locale), else null. */
export function currencyFromText(text: string, locale: string): string | null {
  return findCurrency(text, locale)?.code ?? null;
}

/**
 * An amount as a page shows it: `$1,250,000.00`, `USD 1,517,250.00`, `EUR 1.250.000,00`,
 * `1 250 000,00 €`, `1'250'000.00 CHF`, `R$ 1.250,00`, `-$500.00`, `(500.00)`.
 * Multi-currency orgs add the converted amount in parentheses (`EUR 1,000.00 (USD 1,100.00)`): the first,
 * the record's own currency, is read. Null for empty, truncated (`USD 1,517,...`) or non-numeric text.
 */
export function parseMoney(text: string, locale: string): Money | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '' || TRUNCATED.test(t)) return null;
  const converted = /^(.*?\d.*?)\s*\(([^()]*\d[^()]*)\)$/.exec(t);
  if (converted?.[1] && findCurrency(converted[1], locale) && findCurrency(converted[2] ?? '', locale)) {
    return parseMoney(converted[1], locale);
  }
  const found = findCurrency(t, locale);
  const body = found ? found.rest : t;
  // "$-500", "- $500", "-500 €", "(€500)": take the currency out first, then the sign.
  const amount = plainNumber(body.replace(/\s+/g, ' ').trim(), locale);
  if (amount === null || body.includes('%')) return null;
  return { amount, currency: found?.code ?? null };
}
