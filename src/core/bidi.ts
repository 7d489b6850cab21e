/**
 * Bidirectional text inside sentences built as strings. Pure, for every layer: the UI's messages (src/ui/text.ts
 * re-exports it) and the playbook's change notices (playbook/diff.ts), whose lines quote names from the playbook.
 */

/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms) and bidi controls. */
const BIDI_SENSITIVE = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u061c\u202a-\u202e\u2066-\u2069]/;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * `text` isolated for a sentence built as a string (a status message, an error), as `<bdi>` isolates it in markup:
 * a right-to-left name, or an override it never closes, then cannot reorder the words around it. Wrapped in FIRST
 * STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, which ends every embedding and override opened inside; a stray PDI of
 * the text's own, which would end the wrapper early, is dropped. Plain left-to-right text comes back unchanged, so
 * messages stay what they were for nearly every name.
 */
export function isolate(text: string): string {
  if (!BIDI_SENSITIVE.test(text)) return text;
  let depth = 0;
  let out = '';
  for (const char of text) {
    if (char === '\u2066' || char === '\u2067' || char === FSI) depth++;
    else if (char === PDI) {
      if (depth === 0) continue;
      depth--;
    }
    out += char;
  }
  return `${FSI}${out}${PDI.repeat(depth)}${PDI}`;
}
