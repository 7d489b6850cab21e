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

/** Isolation inside sentences built as strings: in core, as the playbook's change notices need it too. */
export { isolate } from '../core/bidi';
