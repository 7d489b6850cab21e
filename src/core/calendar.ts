/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), the one date form core code passes around.
 * A deal's close date is a calendar day, not an instant: arithmetic runs on UTC midnights so that
 * daylight-saving shifts never turn one day into 23 or 25 hours.
 */

import { safeLocale } from './format';
import { conventionsOf } from './locales';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RELATIVE_DATE = /^today(?:([+-])(\d{1,4}))?$/;
const DAY_MS = 86_400_000;

/** The local calendar day of an instant, as `YYYY-MM-DD`. */
export function isoDate(d: Date): string {
  return isoFromParts(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isIsoDate(s: string): boolean {
  return toUtcMs(s) !== null;
}

/** The ISO date `n` days after `iso` (before, when `n` is negative). Throws on a malformed date: a bug, not input. */
export function addDays(iso: string, n: number): string {
  return fromUtcMs(requireUtcMs(iso) + Math.trunc(n) * DAY_MS);
}

/** Whole days from `fromIso` to `toIso`: positive when `toIso` is later. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((requireUtcMs(toIso) - requireUtcMs(fromIso)) / DAY_MS);
}

/**
 * The calendar day of a recorded time, as a number of days since 1970-01-01: the local day of an ISO timestamp (a
 * stage visit's `enteredAt`; local, because "entered 3 days ago" is counted in the rep's days), an ISO date as is;
 * null when `stamp` is neither. A number, so thousands of recorded times are compared with a day without building a
 * date string each; subtracting two gives whole days.
 */
export function dayNumber(stamp: string): number | null {
  if (stamp.length === 10) {
    const ms = toUtcMs(stamp);
    return ms === null ? null : ms / DAY_MS;
  }
  const ms = Date.parse(stamp);
  if (Number.isNaN(ms)) return null;
  return Math.floor((ms - new Date(ms).getTimezoneOffset() * 60_000) / DAY_MS);
}

/** A run of calendar days, both ends included (ISO dates, so they compare as strings). */
export interface DayRange {
  first: string;
  last: string;
}

/** The calendar month `iso` falls in. Throws on a malformed date: a bug, not input. */
export function monthOf(iso: string): DayRange {
  const d = new Date(requireUtcMs(iso));
  return monthsFrom(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The calendar quarter (January to March, April to June, ...) `iso` falls in. Throws on a malformed date. */
export function quarterOf(iso: string): DayRange {
  const d = new Date(requireUtcMs(iso));
  return monthsFrom(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 3);
}

/** `count` whole months from month `month0` (0-11) of `year`: the last day is the day before the next one's first. */
function monthsFrom(year: number, month0: number, count: number): DayRange {
  const after = month0 + count;
  const nextFirst = isoFromParts(year + Math.floor(after / 12), (after % 12) + 1, 1);
  return { first: isoFromParts(year, month0 + 1, 1), last: addDays(nextFirst, -1) };
}

/**
 * A playbook date value as an ISO date: `YYYY-MM-DD` as is, `today`, `today+N` or `today-N` relative to `today`.
 * null when the value is none of these (or not a real date).
 */
export function resolveDateValue(value: string, today: string): string | null {
  const v = value.trim();
  if (isIsoDate(v)) return v;
  const m = RELATIVE_DATE.exec(v);
  if (!m || !isIsoDate(today)) return null;
  const n = m[2] === undefined ? 0 : Number(m[2]);
  return addDays(today, m[1] === '-' ? -n : n);
}

/**
 * A short, unambiguous date for reasons and lists, in the reader's locale, e.g. "31 Dec 2026" (en-GB)
 * or "Dec 31, 2026" (en-US). The month is spelled out so 03/04 cannot be misread.
 */
export function formatDate(iso: string, locale: string): string {
  const ms = toUtcMs(iso);
  if (ms === null) return iso;
  const date = new Date(ms);
  // The common locales' pattern, written out: no DateTimeFormat to build on a deal page's first paint.
  const written = conventionsOf(locale)?.shortDate?.(date.getUTCDate(), date.getUTCMonth(), date.getUTCFullYear());
  return written ?? dateFormat(locale).format(date);
}

/** One formatter per locale: building one costs far more than formatting, and reasons are formatted per deal. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (format === undefined) {
    // A malformed locale tag from a page must not break a reason: safeLocale falls back to the runtime's default.
    format = new Intl.DateTimeFormat(safeLocale(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format;
}

function toUtcMs(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(2000, month - 1, day));
  // setUTCFullYear keeps years 0..99 literal (Date.UTC would read them as 1900..1999).
  d.setUTCFullYear(year);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.getTime();
}

function requireUtcMs(iso: string): number {
  const ms = toUtcMs(iso);
  if (ms === null) throw new RangeError(`Not an ISO date (YYYY-MM-DD): '${iso}'`);
  return ms;
}

function fromUtcMs(ms: number): string {
  const d = new Date(ms);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** `YYYY-MM-DD` from a year, a month (1-12) and a day as given: whether that day exists is `isIsoDate`'s to say. */
export function isoFromParts(year: number, month: number, day: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
