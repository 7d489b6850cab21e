/**
 * The playbook in an admin's words: rules, categories, sources, problems. Pure functions, unit-tested without a DOM.
 */
import { formatDate } from '../core/calendar';
import { formatNumber, plural } from '../core/format';
import { fieldDisplayName } from '../core/rules';
import type { ForecastCategory, Outcome, Rule } from '../core/types';

export const FORECAST_CATEGORY_NAMES: Readonly<Record<ForecastCategory, string>> = {
  pipeline: 'Pipeline',
  best_case: 'Best case',
  commit: 'Commit',
  closed: 'Closed',
  omitted: 'Omitted',
};

export const OUTCOME_NAMES: Readonly<Record<Outcome, string>> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
};

const COMPARE_WORDS = { gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most' } as const;

/** A rule as a sentence, e.g. "Amount is present", "Close date is after today", "Stage is one of 'A', 'B'". */
export function ruleText(rule: Rule, locale: string): string {
  const field = fieldDisplayName(rule.field);
  const v = rule.value;
  switch (rule.op) {
    case 'present':
      return `${field} is present`;
    case 'absent':
      return `${field} is empty`;
    case 'equals':
      return `${field} is ${valueText(v, locale)}`;
    case 'notEquals':
      return `${field} is not ${valueText(v, locale)}`;
    case 'contains':
      return `${field} contains ${valueText(v, locale)}`;
    case 'oneOf':
      return `${field} is one of ${valueText(v, locale)}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${field} is ${COMPARE_WORDS[rule.op]} ${valueText(v, locale)}`;
    case 'before':
    case 'after':
      return `${field} is ${rule.op} ${typeof v === 'string' ? dateValueText(v, locale) : valueText(v, locale)}`;
  }
}

function valueText(v: Rule['value'], locale: string): string {
  if (v === undefined) return '(no value)';
  if (typeof v === 'number') return formatNumber(v, locale);
  if (Array.isArray(v)) return v.map((s) => `‘${s}’`).join(', ');
  return `‘${v}’`;
}

/** `today`, `today+7`, `today-30` or an ISO date, as words: "today", "7 days from today", "30 days ago". */
export function dateValueText(value: string, locale: string): string {
  const v = value.trim();
  const m = /^today(?:([+-])(\d{1,4}))?$/.exec(v);
  if (m) {
    const n = Number(m[2] ?? 0);
    if (n === 0) return 'today';
    return m[1] === '+' ? `${plural(n, 'day', 'days')} from today` : `${plural(n, 'day', 'days')} ago`;
  }
  return formatDate(v, locale);
}

/**
 * An id or file name from a name: "Needs Analysis" -> "needs-analysis", accents dropped, at most 60 characters (ids
 * may have 64). `fallback` when the name has no letter or digit to make one from.
 */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

/** A file name from a playbook's name: "Acme Sales Playbook" -> "acme-sales-playbook.json". */
export function playbookFileName(name: string): string {
  return `${slugify(name, 'playbook')}.json`;
}
