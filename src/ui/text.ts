/**
 * Guards for text that comes from outside the extension (playbooks, CRM pages) when the pages show it. Preact
 * already renders it as text, never markup, and `<bdi>` isolates it in markup; these keep the rest: where a link
 * may go, how much of a page's text is quoted back in a sentence, and isolation inside sentences built as strings.
 */

/**
 * Whether `url` may become a link: https only. The playbook validator already refuses every other address; this is
 * the second guard, where the `<a href>` is made, so a bypass of the first (a stored playbook from an older version,
 * a bug) still cannot give a rep a `javascript:` or `data:` link to click.
 */
export function isHttps(url: string): boolean {
  return URL.canParse(url) && new URL(url).protocol === 'https:';
}

/** How many characters of a CRM page's value a sentence quotes: the rest says nothing more in one line of a panel. */
export const QUOTE_MAX = 120;

/**
 * `text` cut to `max` characters with an ellipsis. Text read from a CRM page has no length limit (a megabyte-long
 * stage name is the page's to show, not ours to repeat). Cut between code points, never through an emoji's
 * surrogate pair; only the first 2 × `max` code units are ever split into characters.
 */
export function clip(text: string, max = QUOTE_MAX): string {
  const head = Array.from(text.slice(0, max * 2));
  if (text.length <= max * 2 && head.length <= max) return text;
  return `${head.slice(0, max - 1).join('')}…`;
}

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
