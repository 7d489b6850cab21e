/**
 * The extension's scripts for the tabs already open when it is installed, updated or reloaded: the browser runs content
 * scripts only in pages loaded after, so the worker starts them in the open tabs itself (src/background/index.ts).
 */
import { parseMatchPattern } from '../crm/match-pattern';

/** A content script as the manifest declares it or the worker registers it: where it runs, and its files. */
export interface ScriptFiles {
  matches: readonly string[];
  js: readonly string[];
}

/** One file to run in one tab (its address kept to name the tab in a failure). */
export interface Injection {
  tabId: number;
  url: string;
  file: string;
}

/**
 * Each file of `scripts` for each open tab one of its match patterns fits, in the order the scripts give them; a file
 * two scripts share runs once per tab. Tabs whose address is no URL (never the case for a page the browser shows)
 * get nothing.
 */
export function injectionsInto(tabs: readonly { id: number; url: string }[], scripts: readonly ScriptFiles[]): Injection[] {
  const parsed = scripts.map(({ matches, js }) => ({ patterns: matches.map(parseMatchPattern), js }));
  return tabs.flatMap(({ id, url }) => {
    if (!URL.canParse(url)) return [];
    const address = new URL(url);
    const files = parsed.filter(({ patterns }) => patterns.some((pattern) => pattern.matches(address))).flatMap(({ js }) => js);
    return [...new Set(files)].map((file) => ({ tabId: id, url, file }));
  });
}
