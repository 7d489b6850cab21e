/**
 * Reading dates as CRM pages show them, in the page's locale, into ISO `YYYY-MM-DD`.
 * Pure: no browser APIs, only `Intl`, so it runs in Node tests as is.
 *
 * Order of day and month: a 4-digit first number is always year-month-day. Otherwise the locale's own order
 * decides, taken from `Intl.DateTimeFormat(locale).formatToParts` (so `en` reads like `en-US`: month first,
 * `es` and `pt-BR` day first). A locale Intl does not know reads like en-US. When that order gives an
 * impossible month but the other order gives a real date (`31/12/2026` under `en-US`), the other order is
 * used: CRMs format dates by the user's locale setting, which can differ from the page's language tag.
 * Truly ambiguous dates (`03/04/2026`) always follow the locale.
 */

import { isIsoDate, isoFromParts } from './calendar';
import { safeLocale } from './format';
import { conventionsOf } from './locales';

type Order = 'ymd' | 'mdy' | 'dmy';

const orderCache = new Map<string, Order>();

function orderOf(locale: string): Order {
  const known = conventionsOf(locale)?.order;
  if (known) return known;
  const cached = orderCache.get(locale);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat(safeLocale(locale) ?? 'en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const letters = format
    .formatToParts(new Date(Date.UTC(2026, 11, 31)))
    .map((p) => p.type.charAt(0))
    .filter((c) => c === 'y' || c === 'm' || c === 'd')
    .join('');
  const order: Order = letters === 'ymd' || letters === 'dmy' ? letters : 'mdy';
  orderCache.set(locale, order);
  return order;
}

/** English month names, read in every locale: each also by its first three letters, and September as "sept" too. */
const ENGLISH_MONTHS = 'january february march april may june july august september october november december'.split(' ');

const monthNameCache = new Map<string, Map<string, number>>();

/** Normalise a month word for lookup: lower case, no trailing dot, no accents ("déc." → "dec"). */
function monthKey(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.$/, '');
}

/** English month names plus the locale's own long and short names (and their genitive forms) from Intl. */
function monthNamesOf(locale: string): Map<string, number> {
  const cached = monthNameCache.get(locale);
  if (cached) return cached;
  const names = new Map<string, number>();
  ENGLISH_MONTHS.forEach((name, i) => names.set(name, i + 1).set(name.slice(0, 3), i + 1));
  names.set('sept', 9);
  const formats: Intl.DateTimeFormat[] = [];
  try {
    for (const month of ['long', 'short'] as const) {
      formats.push(new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }));
      // With a day, many languages use the genitive form ("31 grudnia", "31 декабря").
      formats.push(new Intl.DateTimeFormat(locale, { month, day: 'numeric', timeZone: 'UTC' }));
    }
  } catch {
    // Not a locale Intl knows: English names only.
  }
  for (let m = 0; m < 12; m++) {
    const date = new Date(Date.UTC(2026, m, 15));
    for (const format of formats) {
      for (const part of format.formatToParts(date)) {
        if (part.type !== 'month') continue;
        const key = monthKey(part.value);
        // Numeric output (some locales' short month is "12") is not a name.
        if (!/^\d+$/.test(key) && !names.has(key)) names.set(key, m + 1);
      }
    }
  }
  monthNameCache.set(locale, names);
  return names;
}

/** Two-digit years are read in 2000–2069 or 1970–1999, the window most date libraries use. */
function fullYear(year: string): number {
  const n = Number(year);
  if (year.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** The ISO date of a year (1000-9999), a month and a day read from a page, or null when there is no such day. */
function iso(year: number, month: number, day: number): string | null {
  const date = isoFromParts(year, month, day);
  return year >= 1000 && isIsoDate(date) ? date : null;
}

/**
 * Cut a time of day off the end: "12/31/2026 5:00 PM", "31.12.2026, 17:00", "2026-12-31T17:00:00Z",
 * "31/12/2026 à 17:00". Anything from the first `h:mm` on goes, with the joining word before it.
 */
function withoutTime(text: string): string {
  const isoT = /^(\d{4}-\d{1,2}-\d{1,2})T\d/.exec(text);
  if (isoT?.[1]) return isoT[1];
  const time = /\d{1,2}:\d{2}/.exec(text);
  if (!time) return text;
  return text
    .slice(0, time.index)
    .replace(/[\s,]*(?:at|um|à|a las|às|alle|om|в)?[\s,]*$/i, '')
    .trim();
}

function numericDate(parts: string[], locale: string): string | null {
  const [a, b, c] = parts;
  if (a === undefined || b === undefined || c === undefined) return null;
  if (a.length === 4) return iso(Number(a), Number(b), Number(c));
  if (c.length !== 4 && c.length !== 2) return null;
  if (a.length > 2 || b.length > 2) return null;
  const year = fullYear(c);
  const order = orderOf(locale);
  const [month, day] = order === 'mdy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  const read = iso(year, month, day);
  // Only a month above 12 proves the locale wrong; then the other order is the one reading left.
  if (read === null && month > 12) return iso(year, day, month);
  return read;
}

/**
 * A date as a page shows it → ISO `YYYY-MM-DD`, or null when the text is empty, not a date or an impossible
 * date (`2026-02-30`). Reads `12/31/2026` (en-US), `31/12/2026` (en-GB, fr, es, it, pt-BR), `31.12.2026`,
 * `31-12-2026`, `2026-12-31`, `2026/12/31`, `2026年12月31日`, two-digit years, English month names
 * (`Dec 31, 2026`, `31 Dec 2026`, `December 31, 2026`) and the locale's month names (`31. Dezember 2026`,
 * `31 déc. 2026`), with or without a trailing time.
 */
export function parseDate(text: string, locale: string): string | null {
  const t = withoutTime(text.replace(/\s+/g, ' ').trim());
  if (t === '') return null;
  // CJK dates mark the parts with 年月日 (ja, zh) or 년월일 (ko): they are plain separators here.
  const plain = t.replace(/[年月日년월일]/g, '/');
  const numeric = /^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})[\s/.]*$/.exec(plain);
  if (numeric) return numericDate([numeric[1] ?? '', numeric[2] ?? '', numeric[3] ?? ''], locale);

  // Words: one of them must be a month name; other words ("de", weekdays) are ignored.
  const tokens = t.match(/\p{L}+\.?|\d+/gu) ?? [];
  const names = monthNamesOf(locale);
  let month: number | null = null;
  const numbers: string[] = [];
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      numbers.push(token);
    } else if (month === null && names.has(monthKey(token))) {
      month = names.get(monthKey(token)) ?? null;
    } else if (/^(st|nd|rd|th)$/i.test(token) && numbers.length > 0) {
      continue; // "31st": the suffix of the number before it
    }
  }
  if (month === null || numbers.length !== 2) return null;
  const [first, second] = numbers as [string, string];
  if (first.length === 4) return iso(Number(first), month, Number(second));
  if (second.length === 4 || second.length === 2) {
    if (first.length > 2) return null;
    return iso(fullYear(second), month, Number(first));
  }
  return null;
}
