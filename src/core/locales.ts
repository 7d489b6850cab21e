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
  /** Order of a numeric date's parts. */
  order: 'mdy' | 'dmy' | 'ymd';
  /** The region `Intl.Locale(tag).maximize()` gives: which dollar a bare `$` is. */
  region: string;
  /** A date with the month's short name, as `Intl.DateTimeFormat` with day numeric, month short, year numeric. */
  shortDate?: (day: number, month: number, year: number) => string;
}

const EN_MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const EN_GB_MONTHS = EN_MONTHS.map((name) => (name === 'Sep' ? 'Sept' : name));
/** Month (0-11) first: "Dec 31, 2026". */
const monthFirst = (names: string[]) => (day: number, month: number, year: number) => `${names[month]} ${day}, ${year}`;
/** Day first: "31 Dec 2026". */
const dayFirst = (names: string[]) => (day: number, month: number, year: number) => `${day} ${names[month]} ${year}`;

const EN = { decimal: '.', group: ',' } as const;
const DE = { decimal: ',', group: '.', order: 'dmy' } as const;
const FR = { decimal: ',', group: '\u202f', order: 'dmy' } as const;
const ES = { decimal: ',', group: '.', order: 'dmy' } as const;
const PT_BR = { decimal: ',', group: '.', order: 'dmy', region: 'BR' } as const;
const NL = { decimal: ',', group: '.', order: 'dmy', region: 'NL' } as const;
const JA = { ...EN, order: 'ymd', region: 'JP' } as const;

/** By canonical tag (as `Intl.getCanonicalLocales` writes it). */
const CONVENTIONS: Record<string, LocaleConventions> = {
  'en-US': { ...EN, order: 'mdy', region: 'US', shortDate: monthFirst(EN_MONTHS) },
  en: { ...EN, order: 'mdy', region: 'US', shortDate: monthFirst(EN_MONTHS) },
  'en-GB': { ...EN, order: 'dmy', region: 'GB', shortDate: dayFirst(EN_GB_MONTHS) },
  'en-CA': { ...EN, order: 'ymd', region: 'CA', shortDate: monthFirst(EN_MONTHS) },
  'en-AU': { ...EN, order: 'dmy', region: 'AU' },
  'de-DE': { ...DE, region: 'DE' },
  de: { ...DE, region: 'DE' },
  'fr-FR': { ...FR, region: 'FR' },
  fr: { ...FR, region: 'FR' },
  'es-ES': { ...ES, region: 'ES' },
  es: { ...ES, region: 'ES' },
  'it-IT': { ...ES, region: 'IT' },
  'pt-BR': PT_BR,
  'nl-NL': NL,
  'ja-JP': JA,
  'zh-CN': { ...JA, region: 'CN' },
};

/** The written-out conventions of `locale`, or undefined when Intl has to be asked. */
export function conventionsOf(locale: string): LocaleConventions | undefined {
  return Object.hasOwn(CONVENTIONS, locale) ? CONVENTIONS[locale] : undefined;
}

/**
 * Every locale with written-out conventions, for the tests that hold them to Intl. A function, not a constant: a
 * top-level `Object.keys` call is kept by the bundler (it cannot prove the call pure) in every module that imports
 * this file.
 */
export function knownLocales(): string[] {
  return Object.keys(CONVENTIONS);
}

/** ISO 4217 codes of the currencies CRM amounts are most often in: recognised without asking Intl for its list. */
const COMMON_CURRENCIES = new Set(
  'USD EUR GBP CHF CAD AUD NZD SEK NOK DKK PLN BRL MXN INR CNY JPY'.split(' '),
);

export function isCommonCurrency(code: string): boolean {
  return COMMON_CURRENCIES.has(code);
}
