/**
 * A deal as read from its CRM page, cut to what the worker accepts. Page text has no limit (a Salesforce description
 * holds 32,000 characters, a hostile page a megabyte), while the worker refuses any snapshot over these sizes to keep
 * its storage bounded: sent whole, such a deal would never be recorded. Cut here, every deal is recorded, with its
 * long texts ending in "…". The content script cuts before sending; the worker's payload schema checks the same
 * numbers, so one definition keeps the two in step.
 */
import type { DealSnapshot, ListedRow } from './types';

export const SNAPSHOT_LIMITS = {
  name: 500,
  stage: 300,
  nextStep: 2000,
  owner: 300,
  forecastCategory: 100,
  fieldLabel: 300,
  fieldValue: 5000,
  fields: 500,
} as const;

/** `text` in at most `max` UTF-16 units, ending in "…" when cut; never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // A high surrogate at the cut would leave half an emoji: cut before it.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

const cutOrNull = (text: string | null, max: number): string | null => (text === null ? null : cut(text, max));

export function fitSnapshot(deal: DealSnapshot): DealSnapshot {
  const fields: Record<string, string> = {};
  for (const [label, value] of Object.entries(deal.fields).slice(0, SNAPSHOT_LIMITS.fields)) {
    const key = cut(label, SNAPSHOT_LIMITS.fieldLabel);
    // Two labels alike in their first 300 characters: the first wins, as for a repeated label on the page.
    if (!(key in fields)) fields[key] = cut(value, SNAPSHOT_LIMITS.fieldValue);
  }
  return {
    ...deal,
    name: cutOrNull(deal.name, SNAPSHOT_LIMITS.name),
    stage: { label: cut(deal.stage.label, SNAPSHOT_LIMITS.stage), value: cutOrNull(deal.stage.value, SNAPSHOT_LIMITS.stage) },
    nextStep: cutOrNull(deal.nextStep, SNAPSHOT_LIMITS.nextStep),
    owner: cutOrNull(deal.owner, SNAPSHOT_LIMITS.owner),
    forecastCategory: cutOrNull(deal.forecastCategory, SNAPSHOT_LIMITS.forecastCategory),
    fields,
  };
}

/**
 * A list row cut to the same limits. A list sends its rows 500 to a message, and the worker refuses a message with
 * one row over them whole: uncut, one deal with a long name on a list view would keep every deal beside it unrecorded.
 */
export function fitRow(row: ListedRow): ListedRow {
  const fitted: ListedRow = { ...row };
  if (typeof row.name === 'string') fitted.name = cut(row.name, SNAPSHOT_LIMITS.name);
  if (row.stage) fitted.stage = { label: cut(row.stage.label, SNAPSHOT_LIMITS.stage), value: cutOrNull(row.stage.value, SNAPSHOT_LIMITS.stage) };
  if (typeof row.owner === 'string') fitted.owner = cut(row.owner, SNAPSHOT_LIMITS.owner);
  if (typeof row.forecastCategory === 'string') fitted.forecastCategory = cut(row.forecastCategory, SNAPSHOT_LIMITS.forecastCategory);
  return fitted;
}
