/**
 * The number, date and currency conventions of the locales CRM users most often have, written out so that reading
 * and showing a deal needs no `Intl` in the common case. Building the first Intl object in a renderer loads ICU
 * data: about 10 ms for a collator or `Intl.Locale#maximize`, several ms for the first date or number format, all
 * on the CRM page's main thread while it loads. Every other locale, and anything unusual, still goes to Intl.
 * test/unit/core/locales.test.ts checks each entry against Intl, so an entry cannot drift from what Intl says (it
 * is how de-AT, whose amounts group differently from its plain numbers, was left to Intl).
 */

export interface LocaleConventions {
  decimal: string;
  group: string;
  /** 2 when a four-digit number is written without grouping (`1234`, but `12.345`), as in es, it, pl. */
  minGroup: 1 | 2;
  minus: string;
  /** Order of a numeric date's parts. */
  order: 'mdy' | 'dmy' | 'ymd';
  /** The region `Intl.Locale(tag).maximize()` gives: which dollar a bare `$` is. */
  region: string;
  /** An amount with its ISO code (`¤`) as `Intl.NumberFormat` writes it, positive and negative (`#` the number). */
  money: readonly [string, string];
  /** A date with the month's short name, as `Intl.DateTimeFormat` with day numeric, month short, year numeric. */
  shortDate?: (day: number, month: number, year: number) => string;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_GB_MONTHS = EN_MONTHS.map((name) => (name === 'Sep' ? 'Sept' : name));
const EN_AU_MONTHS = EN_GB_MONTHS.map((name) => (name === 'Jun' ? 'June' : name === 'Jul' ? 'July' : name));
const DE_MONTHS = ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'];
const FR_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
/** Month (0-11) first: "Dec 31, 2026". */
const monthFirst = (names: string[]) => (day: number, month: number, year: number) => `${names[month]} ${day}, ${year}`;
/** Day first: "31 Dec 2026", or with `dot` "31. Dez. 2026". */
const dayFirst =
  (names: string[], dot = '') =>
  (day: number, month: number, year: number) =>
    `${day}${dot} ${names[month]} ${year}`;

const CODE_FIRST = ['\u00a4\u00a0#', '-\u00a4\u00a0#'] as const;
const CODE_LAST = ['#\u00a0\u00a4', '-#\u00a0\u00a4'] as const;
const CODE_LAST_MINUS = ['#\u00a0\u00a4', '\u2212#\u00a0\u00a4'] as const;

const EN = { decimal: '.', group: ',', minGroup: 1, minus: '-', money: CODE_FIRST } as const;
const DE = { decimal: ',', group: '.', minGroup: 1, minus: '-', order: 'dmy', money: CODE_LAST } as const;
const FR = { decimal: ',', group: '\u202f', minGroup: 1, minus: '-', order: 'dmy', money: CODE_LAST } as const;
const ES = { decimal: ',', group: '.', minGroup: 2, minus: '-', order: 'dmy', money: CODE_LAST } as const;
const PT_BR = { decimal: ',', group: '.', minGroup: 1, minus: '-', order: 'dmy', region: 'BR', money: CODE_FIRST } as const;
const NL = { decimal: ',', group: '.', minGroup: 1, minus: '-', order: 'dmy', region: 'NL', money: ['\u00a4\u00a0#', '\u00a4\u00a0-#'] } as const;
const JA = { ...EN, order: 'ymd', region: 'JP' } as const;

/** By canonical tag (as `Intl.getCanonicalLocales` writes it). */
const CONVENTIONS: Record<string, LocaleConventions> = {
  'en-US': { ...EN, order: 'mdy', region: 'US', shortDate: monthFirst(EN_MONTHS) },
  en: { ...EN, order: 'mdy', region: 'US', shortDate: monthFirst(EN_MONTHS) },
  'en-GB': { ...EN, order: 'dmy', region: 'GB', shortDate: dayFirst(EN_GB_MONTHS) },
  'en-CA': { ...EN, order: 'ymd', region: 'CA', shortDate: monthFirst(EN_MONTHS) },
  'en-AU': { ...EN, order: 'dmy', region: 'AU', shortDate: dayFirst(EN_AU_MONTHS) },
  'en-IE': { ...EN, order: 'dmy', region: 'IE', shortDate: dayFirst(EN_GB_MONTHS) },
  'en-NZ': { ...EN, order: 'dmy', region: 'NZ', shortDate: dayFirst(EN_GB_MONTHS) },
  'de-DE': { ...DE, region: 'DE', shortDate: dayFirst(DE_MONTHS, '.') },
  de: { ...DE, region: 'DE', shortDate: dayFirst(DE_MONTHS, '.') },
  'fr-FR': { ...FR, region: 'FR', shortDate: dayFirst(FR_MONTHS) },
  fr: { ...FR, region: 'FR', shortDate: dayFirst(FR_MONTHS) },
  'fr-CA': { ...FR, group: '\u00a0', order: 'ymd', region: 'CA' },
  'fr-BE': { ...FR, region: 'BE' },
  'es-ES': { ...ES, region: 'ES' },
  es: { ...ES, region: 'ES' },
  'es-MX': { ...EN, order: 'dmy', region: 'MX' },
  'it-IT': { ...ES, region: 'IT' },
  it: { ...ES, region: 'IT' },
  'pt-BR': PT_BR,
  pt: PT_BR,
  'pt-PT': { ...ES, group: '\u00a0', region: 'PT' },
  'nl-NL': NL,
  nl: NL,
  'sv-SE': { ...FR, group: '\u00a0', minus: '\u2212', order: 'ymd', region: 'SE', money: CODE_LAST_MINUS },
  'da-DK': { ...DE, region: 'DK' },
  'nb-NO': { ...FR, group: '\u00a0', minus: '\u2212', region: 'NO', money: CODE_LAST_MINUS },
  'fi-FI': { ...FR, group: '\u00a0', minus: '\u2212', region: 'FI', money: CODE_LAST_MINUS },
  'pl-PL': { ...ES, group: '\u00a0', region: 'PL' },
  'ja-JP': JA,
  ja: JA,
  'zh-CN': { ...JA, region: 'CN' },
  'ko-KR': { ...JA, region: 'KR' },
  'ru-RU': { ...FR, group: '\u00a0', region: 'RU' },
  'tr-TR': { ...DE, region: 'TR', money: CODE_FIRST },
  'cs-CZ': { ...FR, group: '\u00a0', region: 'CZ' },
};

/** The written-out conventions of `locale`, or undefined when Intl has to be asked. */
export function conventionsOf(locale: string): LocaleConventions | undefined {
  return Object.hasOwn(CONVENTIONS, locale) ? CONVENTIONS[locale] : undefined;
}

/** Every locale with written-out conventions, for the tests that hold them to Intl. */
export const KNOWN_LOCALES: readonly string[] = Object.keys(CONVENTIONS);

/**
 * Fraction digits Intl shows for an amount in each common currency; other currencies go to Intl.
 * Most show cents; the yen and the won have no minor unit.
 */
const CURRENCY_DIGITS: Record<string, number> = {
  ...Object.fromEntries(
    'USD EUR GBP CHF CAD AUD NZD SEK NOK DKK PLN CZK BRL MXN INR CNY HKD SGD ZAR TRY ILS RUB AED SAR THB PHP MYR TWD'
      .split(' ')
      .map((code) => [code, 2]),
  ),
  JPY: 0,
  KRW: 0,
};

export function currencyDigits(code: string): number | undefined {
  return Object.hasOwn(CURRENCY_DIGITS, code) ? CURRENCY_DIGITS[code] : undefined;
}
