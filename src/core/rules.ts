/**
 * Rule evaluation: decides a rule criterion from what the deal page shows, and says why in the rep's words.
 * Never throws: a rule that cannot be decided is "not met" with a reason that says what to fix.
 */
import { formatDate, isIsoDate, resolveDateValue } from './calendar';
import { parseDate } from './dates';
import { formatMoney, formatNumber } from './format';
import { parseNumber } from './money';
import { normalizeText } from './text';
import type { DealSnapshot, FieldRef, Rule, RuleResult, StandardField } from './types';

/** How each standard field is named to a rep. */
export const STANDARD_FIELD_NAMES: Readonly<Record<StandardField, string>> = {
  name: 'Deal name',
  stage: 'Stage',
  amount: 'Amount',
  closeDate: 'Close date',
  probability: 'Probability',
  nextStep: 'Next step',
  owner: 'Owner',
  forecastCategory: 'Forecast category',
};

/** The name of a rule's field as a rep sees it: "Close date", or a detail field's label as written. */
export function fieldDisplayName(field: FieldRef): string {
  return typeof field === 'string' ? STANDARD_FIELD_NAMES[field] : field.label.trim();
}

/**
 * A field's value as read from the page. `text` is what a rep would recognise; `number`/`date` are filled when the
 * field is numeric/date-like by nature (standard fields) or parses as such (detail fields, on demand).
 */
interface FieldValue {
  name: string;
  /** The field is on the page (standard fields always are: null means empty). */
  onPage: boolean;
  empty: boolean;
  /** Shown in reasons, e.g. "USD 1,517,250.00" or "12 Nov 2026". */
  display: string;
  /** Every text form the value can be compared as (stage: label and API value). */
  texts: string[];
  kind: 'text' | 'number' | 'date' | 'detail';
  number: number | null;
  date: string | null;
  /** The value's text (a detail field's as the page shows it), parsed with the page's locale when a rule needs a number or date. */
  raw: string;
}

function readField(field: FieldRef, deal: DealSnapshot): FieldValue {
  const name = fieldDisplayName(field);
  /** A value on the page shown as `display` and compared as each of `texts`; no texts means the field is empty. */
  const value = (kind: FieldValue['kind'], display: string, texts: string[], parsed: Partial<FieldValue> = {}): FieldValue => ({
    name,
    onPage: true,
    kind,
    empty: texts.length === 0,
    display,
    texts,
    number: null,
    date: null,
    raw: display,
    ...parsed,
  });
  const text = (s: string | null, kind: 'text' | 'detail' = 'text'): FieldValue => {
    const t = (s ?? '').trim();
    return value(kind, t, t === '' ? [] : [t]);
  };
  if (typeof field !== 'string') {
    const wanted = normalizeText(field.label);
    const label = Object.keys(deal.fields).find((k) => normalizeText(k) === wanted);
    if (label === undefined) return { ...text(null, 'detail'), onPage: false };
    return text(deal.fields[label] ?? '', 'detail');
  }
  switch (field) {
    case 'name':
    case 'nextStep':
    case 'owner':
    case 'forecastCategory':
      return text(deal[field]);
    case 'stage': {
      const label = deal.stage.label.trim();
      const apiValue = (deal.stage.value ?? '').trim();
      return value('text', label || apiValue, [label, apiValue].filter((t) => t !== ''));
    }
    case 'amount': {
      const m = deal.amount;
      if (m === null) return value('number', '', []);
      const display = formatMoney(m.amount, m.currency, deal.locale);
      return value('number', display, [display], { number: m.amount });
    }
    case 'probability': {
      const p = deal.probability;
      if (p === null) return value('number', '', []);
      const display = `${formatNumber(p, deal.locale)}%`;
      return value('number', display, [display], { number: p });
    }
    case 'closeDate': {
      const d = deal.closeDate;
      if (d === null || !isIsoDate(d)) return value('date', '', []);
      const display = formatDate(d, deal.locale);
      return value('date', display, [d, display], { date: d });
    }
  }
}

const COMPARE_WORDS = { gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most' } as const;

/** Decide a rule for a deal. `today` is the rep's local ISO date, which `today`, `today+N` values are relative to. */
export function evaluateRule(rule: Rule, deal: DealSnapshot, today: string): RuleResult {
  const f = readField(rule.field, deal);
  if (!f.onPage) {
    return { met: false, reason: `Field '${f.name}' is not on this page: add it to the page layout` };
  }
  switch (rule.op) {
    case 'present':
      return f.empty
        ? { met: false, reason: `${f.name} is empty` }
        : { met: true, reason: `${f.name} is set (${shorten(f.display)})` };
    case 'absent':
      return f.empty
        ? { met: true, reason: `${f.name} is empty` }
        : { met: false, reason: `${f.name} is set (${shorten(f.display)}): it should be empty` };
    case 'equals':
    case 'notEquals': {
      const wanted = singleValue(rule.value);
      if (wanted === null) return badRule(f.name, rule.op);
      const same = !f.empty && matchesValue(f, wanted, deal.locale, today);
      const shown = quoteValue(wanted);
      if (rule.op === 'equals') {
        if (f.empty) return { met: false, reason: `${f.name} is empty: needs to be ${shown}` };
        return same
          ? { met: true, reason: `${f.name} is ${shown}` }
          : { met: false, reason: `${f.name} is ${quote(f.display)}: needs to be ${shown}` };
      }
      if (f.empty) return { met: true, reason: `${f.name} is empty, not ${shown}` };
      return same
        ? { met: false, reason: `${f.name} is ${shown}: needs to be something else` }
        : { met: true, reason: `${f.name} is ${quote(f.display)}, not ${shown}` };
    }
    case 'contains': {
      const wanted = singleValue(rule.value);
      if (wanted === null) return badRule(f.name, rule.op);
      const needle = normalizeText(String(wanted));
      const shown = quoteValue(wanted);
      if (f.empty) return { met: false, reason: `${f.name} is empty: needs to contain ${shown}` };
      return f.texts.some((t) => normalizeText(t).includes(needle))
        ? { met: true, reason: `${f.name} contains ${shown}` }
        : { met: false, reason: `${f.name} is ${quote(f.display)}: needs to contain ${shown}` };
    }
    case 'oneOf': {
      const list = Array.isArray(rule.value) ? rule.value : null;
      if (list === null || list.length === 0) return badRule(f.name, rule.op);
      const shown = list.map(quote).join(', ');
      if (f.empty) return { met: false, reason: `${f.name} is empty: needs to be one of ${shown}` };
      return list.some((v) => matchesValue(f, v, deal.locale, today))
        ? { met: true, reason: `${f.name} is ${quote(f.display)}` }
        : { met: false, reason: `${f.name} is ${quote(f.display)}: needs to be one of ${shown}` };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumber(f, rule.op, rule.value, deal.locale);
    case 'before':
    case 'after':
      return compareDate(f, rule.op, rule.value, deal.locale, today);
  }
}

function compareNumber(
  f: FieldValue,
  op: 'gt' | 'gte' | 'lt' | 'lte',
  value: Rule['value'],
  locale: string,
): RuleResult {
  const limit = ruleNumber(value);
  if (limit === null) return badRule(f.name, op);
  const words = `${COMPARE_WORDS[op]} ${formatNumber(limit, locale)}`;
  if (f.empty) return { met: false, reason: `${f.name} is empty: needs to be ${words}` };
  if (f.kind === 'date') {
    return { met: false, reason: `${f.name} is a date: this rule needs a number (ask your admin)` };
  }
  const n = f.number ?? parseNumber(f.raw, locale);
  if (n === null) return { met: false, reason: `${f.name} is ${quote(f.display)}, not a number: needs to be ${words}` };
  const ok = op === 'gt' ? n > limit : op === 'gte' ? n >= limit : op === 'lt' ? n < limit : n <= limit;
  return ok
    ? { met: true, reason: `${f.name} is ${f.display} (${words})` }
    : { met: false, reason: `${f.name} is ${f.display}: needs to be ${words}` };
}

function compareDate(
  f: FieldValue,
  op: 'before' | 'after',
  value: Rule['value'],
  locale: string,
  today: string,
): RuleResult {
  const target = typeof value === 'string' ? resolveDateValue(value, today) : null;
  if (target === null || typeof value !== 'string') return badRule(f.name, op);
  // "today" reads better than its date; other targets are shown as dates a rep can check against the calendar.
  const targetWords = value.trim() === 'today' ? 'today' : formatDate(target, locale);
  if (f.empty) return { met: false, reason: `${f.name} is empty: needs a date ${op} ${targetWords}` };
  if (f.kind === 'number') {
    return { met: false, reason: `${f.name} is a number: this rule needs a date (ask your admin)` };
  }
  const d = f.date ?? (isIsoDate(f.raw) ? f.raw : parseDate(f.raw, locale));
  if (d === null) {
    return { met: false, reason: `${f.name} is ${quote(f.display)}, not a date: needs a date ${op} ${targetWords}` };
  }
  const shown = f.date === null ? formatDate(d, locale) : f.display;
  const ok = op === 'after' ? d > target : d < target;
  if (ok) return { met: true, reason: `${f.name} ${shown} is ${op} ${targetWords}` };
  // Say the most useful thing first: a date already in the past is what a rep must fix.
  const what =
    op === 'after'
      ? d < today
        ? 'is in the past'
        : d === today
          ? 'is today'
          : 'is too early'
      : 'is too late';
  return { met: false, reason: `${f.name} ${shown} ${what}: needs to be ${op} ${targetWords}` };
}

/** Does the field equal one rule value? Numbers compare as numbers, dates as dates, the rest as text. */
function matchesValue(f: FieldValue, wanted: string | number, locale: string, today: string): boolean {
  const text = normalizeText(String(wanted));
  if (f.texts.some((t) => normalizeText(t) === text)) return true;
  const n = ruleNumber(wanted);
  if (n !== null && (f.kind === 'number' || f.kind === 'detail')) {
    const have = f.number ?? parseNumber(f.raw, locale);
    if (have !== null && have === n) return true;
  }
  if (typeof wanted === 'string' && (f.kind === 'date' || f.kind === 'detail')) {
    const target = resolveDateValue(wanted, today);
    if (target !== null) {
      const have = f.date ?? (isIsoDate(f.raw) ? f.raw : parseDate(f.raw, locale));
      if (have === target) return true;
    }
  }
  return false;
}

/** A number from a rule value: a number, or a plain numeric string such as "5000" or "-2.5". */
function ruleNumber(value: Rule['value']): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function singleValue(value: Rule['value']): string | number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/** Only reachable with a rule that skipped parsePlaybook; say so rather than guess. */
function badRule(name: string, op: string): RuleResult {
  return {
    met: false,
    reason: `The rule on ${name} has no usable value for '${op}': ask your admin to fix the playbook`,
  };
}

function quoteValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : quote(v);
}

function quote(s: string): string {
  return `'${shorten(s)}'`;
}

/** Long field text (a next step can be a paragraph) is cut so a reason stays one line. */
function shorten(s: string, max = 60): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
