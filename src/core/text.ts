/**
 * Text compared the way reps read it: Unicode form, case, surrounding spaces and runs of inner whitespace do not
 * matter (pages often render "Closed  Won" with a stray double space or a line break). Stage names, rule values and
 * detail-field labels are all matched in this form.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
