/**
 * Numbers and words as a rep reads them. Shared by rule reasons and the UI so both say things the same way.
 */
import type { AttentionReason } from './types';
import { writtenMoney, writtenNumber } from './written-numbers';

/**
 * An amount in its currency, e.g. "USD 1,517,250.00" (en-US) or "EUR 1.517.250,00" (de-DE); with `COMPACT`
 * "USD 1.5M". The ISO code, not a symbol, because "$" alone cannot tell USD from CAD or AUD when a pipeline
 * mixes currencies. An unknown currency (null) shows the plain number.
 */
export function formatMoney(amount: number, currency: string | null, locale: string, base: Intl.NumberFormatOptions = {}): string {
  // The overlay's first checklist shows an amount: written out (the plain form only), it needs no Intl on the CRM
  // page's first paint.
  const written = currency === null || Object.keys(base).length > 0 ? null : writtenMoney(amount, currency, locale);
  if (written !== null) return written;
  if (currency === null) return numberFormat(locale, base).format(amount);
  try {
    return numberFormat(locale, { ...base, style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
  } catch {
    // Not a well-formed ISO 4217 code (a page showed something odd): still show what we have.
    return `${currency} ${numberFormat(locale, base).format(amount)}`;
  }
}

/**
 * Short amounts for lists, "USD 1.5M". minimumFractionDigits 0: with a currency, compact notation otherwise forces
 * "USD 1.0M". Only the popup uses it: an option object, not a flag, keeps it out of the deal page's module.
 */
export const COMPACT: Intl.NumberFormatOptions = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 };

/** A plain number in the reader's locale, e.g. "1,234.5". */
export function formatNumber(n: number, locale: string): string {
  return writtenNumber(n, locale) ?? numberFormat(locale, { maximumFractionDigits: 2 }).format(n);
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

/**
 * How a reason writes its dates and day counts: the popup in the rep's locale ("Nov 27, 2026", "in 3 days"), the CSV
 * in ISO dates and plain counts, which every spreadsheet locale reads alike.
 */
export interface ReasonStyle {
  date(iso: string): string;
  /** "34 days" */
  days(n: number): string;
  /** "in 3 days", "tomorrow" */
  within(days: number): string;
}

/** Why a deal needs attention, one reason in words; the one wording the popup and the CSV share. */
export function reasonWords(reason: AttentionReason, style: ReasonStyle): string {
  switch (reason.kind) {
    case 'stale':
      return `${style.days(reason.days)} in stage (limit ${reason.limit})`;
    case 'overdue':
      return `Close date passed (${style.date(reason.closeDate)})`;
    case 'closing-not-ready':
      return `Closes ${style.within(reason.days)}, not ready`;
    case 'pushed':
      return `Close date pushed out ${reason.times} times`;
    case 'skipped':
      return `${reason.missing} required in ${reason.stageName} still open`;
    case 'not-ready':
      return `${reason.missing} required not met`;
    case 'unknown-stage':
      return 'Stage not in playbook';
  }
}
