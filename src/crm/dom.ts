/**
 * DOM helpers every CRM reader shares: visibility decided from markup, text as the page shows it, label/value pairs
 * and shadow-root walking. Pure functions of the nodes they are given: no browser API beyond the DOM itself, so
 * they run in unit tests on a parsed page, and a CRM's own hooks (its hidden class, its assistive-text class) are
 * passed in by that CRM's reader.
 */

/**
 * The shadow root of a host, open or closed. Content scripts pass `chrome.dom.openOrClosedShadowRoot` (through
 * src/platform) to see closed roots too; without it only open roots are walked, as the page's own scripts see them.
 */
export type ShadowRootOf = (host: Element) => ShadowRoot | null;

export const openShadowRoot: ShadowRootOf = (host) => host.shadowRoot;

let pageShadowRootOf: ShadowRootOf = openShadowRoot;

/**
 * Lets every reader see closed shadow roots as well: the content script calls this once with the browser's opener
 * (src/platform, the only code that may touch `chrome.*`). Until then, and in unit tests, open roots only.
 */
export function seeShadowRootsWith(rootOf: ShadowRootOf): void {
  pageShadowRootOf = rootOf;
}

/** Closed roots found by the opener, by host: a component attaches its root when it is built, before it is shown. */
const closedRoots = new WeakMap<Element, ShadowRoot | null>();

/**
 * The shadow root of `host` as far as this page's readers can see: open ones, closed ones once the opener is set.
 * The opener is an extension API call, far dearer than a DOM property, and a read walks thousands of elements: it is
 * asked only about custom elements (the components that hold closed roots), once per upgraded host.
 */
export const shadowRootOf: ShadowRootOf = (host) => {
  if (host.shadowRoot || pageShadowRootOf === openShadowRoot || !host.localName.includes('-')) return host.shadowRoot;
  let root = closedRoots.get(host);
  if (root === undefined) {
    root = pageShadowRootOf(host);
    // An element not yet upgraded to its component may attach its root when it is: ask again next time.
    if (root || host.matches(':defined')) closedRoots.set(host, root);
  }
  return root;
};

/** The shadow root `node` sits in, or null when it is in the document (or detached). */
export function containingShadowRoot(node: Node): ShadowRoot | null {
  const root = node.getRootNode();
  return root.nodeType === 11 && 'host' in root ? (root as ShadowRoot) : null;
}

/**
 * Whether `node` is `ancestor` or lies below it in the composed tree: inside its light DOM or inside any shadow root
 * below it. `Node.contains` stops at shadow boundaries, so a change inside a field's shadow root is not "in" the
 * field list for it.
 */
export function composedContains(ancestor: Node, node: Node): boolean {
  for (let at: Node | null = node; at; at = containingShadowRoot(at)?.host ?? null) {
    if (ancestor.contains(at)) return true;
  }
  return false;
}

/** What markup can say about hiding an element, beyond the standard attributes: the CRM's own "hidden" classes. */
export interface HiddenMarkup {
  /** Classes that hide an element in this CRM's design system (Salesforce's `slds-hide`). */
  classes?: readonly string[];
}

const DISPLAY_NONE = /(?:^|;)\s*display\s*:\s*none/i;

/** Hidden by markup alone: `hidden`, `aria-hidden="true"`, one of the CRM's hidden classes or an inline `display:none`. */
export function hiddenByMarkup(el: Element, hidden: HiddenMarkup = {}): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  if (hidden.classes?.some((name) => el.classList.contains(name))) return true;
  const style = el.getAttribute('style');
  return style !== null && DISPLAY_NONE.test(style);
}

/** The element's parent in the composed tree: its shadow host when it is a shadow root's child. */
function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  return parent && parent.nodeType === 11 && 'host' in parent ? (parent as ShadowRoot).host : null;
}

/**
 * Shown: neither the element nor an ancestor up to `stop` (exclusive) is hidden by markup, across shadow
 * boundaries. Markup only, never computed style: asking the engine for style (checkVisibility, getComputedStyle)
 * in the middle of a CRM's rendering forces a style recalculation of the whole page inside our task, tens of
 * milliseconds on a heavy record page.
 */
export function isShown(el: Element, stop: ParentNode | null, hidden: HiddenMarkup = {}): boolean {
  for (let node: Element | null = el; node && node !== stop; node = composedParent(node)) {
    if (hiddenByMarkup(node, hidden)) return false;
  }
  return true;
}

/** The first element under `root` matching one of `selectors` (tried in order) that is shown below `root`. */
export function firstShown(root: ParentNode, selectors: readonly string[], hidden: HiddenMarkup = {}): Element | null {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll(selector)) {
      if (isShown(el, root, hidden)) return el;
    }
  }
  return null;
}

/** The first element under `root` matching one of `selectors`, tried in order (the first is the preferred form). */
export function firstMatch(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return el;
  }
  return null;
}

/** Collapse whitespace the way HTML rendering does; no-break spaces (fr-FR amounts) are kept as shown. */
export function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * The text of a subtree's light DOM, leaving out elements matching `skip` (assistive text, buttons, styles).
 * Element boundaries count as spaces, as block and inline boxes usually separate words on screen; callers collapse.
 */
export function lightText(node: Node, skip: string): string {
  let out = '';
  for (const child of node.childNodes) {
    if (child.nodeType === 3) out += child.nodeValue ?? '';
    else if (child.nodeType === 1 && !(child as Element).matches(skip)) out += ` ${lightText(child, skip)} `;
  }
  return out;
}

/**
 * Every shadow root under `root`, nested ones included, in document order. `rootOf` decides which roots can be
 * seen: open ones by default, closed ones too when the content script passes the browser's opener.
 */
export function shadowRoots(root: ParentNode, rootOf: ShadowRootOf = shadowRootOf): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: ParentNode) => {
    const inside = [...scope.querySelectorAll('*')];
    const hosts = (scope as Node).nodeType === 1 ? [scope as Element, ...inside] : inside;
    for (const host of hosts) {
      const shadow = rootOf(host);
      if (shadow) {
        found.push(shadow);
        visit(shadow);
      }
    }
  };
  visit(root);
  return found;
}

/**
 * `root` and every shadow root below it: the trees a selector must be run in to find an element wherever the CRM's
 * components rendered it. Compute it once per read and query each tree (see `queryTrees`).
 */
export function treesBelow(root: ParentNode, rootOf: ShadowRootOf = shadowRootOf): ParentNode[] {
  return [root, ...shadowRoots(root, rootOf)];
}

/** Every element matching `selector` in `trees` (from `treesBelow`), in their order. */
export function queryTrees(trees: readonly ParentNode[], selector: string): Element[] {
  return trees.flatMap((tree) => [...tree.querySelectorAll(selector)]);
}

/**
 * Every element matching `selector` under `root` and inside the shadow roots below it, light DOM first. A selector
 * matches within one tree only: it cannot span a shadow boundary, as in the browser's own `querySelectorAll`.
 */
export function deepQueryAll(root: ParentNode, selector: string, rootOf: ShadowRootOf = shadowRootOf): Element[] {
  return [root, ...shadowRoots(root, rootOf)].flatMap((scope) => [...scope.querySelectorAll(selector)]);
}

/**
 * The text a value element shows. When its light DOM is empty the value may live in shadow roots that left an empty
 * host behind (native shadow DOM): their text is read instead. '' when there is none.
 */
export function shownText(el: Element, skip: string, rootOf: ShadowRootOf = shadowRootOf): string {
  const light = collapse(lightText(el, skip));
  if (light !== '') return light;
  return collapse(shadowRoots(el, rootOf).map((shadow) => lightText(shadow, skip)).join(' '));
}

/** How to read one label/value row of a CRM's record layout. */
export interface LabelledRow {
  /** The label the page shows for the row, '' when it has none. */
  label(row: Element): string;
  /** The value the page shows for the row, '' when empty. */
  value(row: Element): string;
}

/**
 * Every row's value by its shown label. Rows with no label are skipped, and the first of a repeated label wins: a
 * record page that shows a field twice (header and details) shows it with the same value.
 */
export function labelValuePairs(rows: Iterable<Element>, read: LabelledRow): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const row of rows) {
    const label = collapse(read.label(row));
    if (label === '' || label in pairs) continue;
    pairs[label] = read.value(row);
  }
  return pairs;
}

/**
 * The locale a CRM page renders numbers and dates in, as far as the page says (`<html lang>`), canonicalised; en-US
 * when it says nothing usable. Every CRM reader parses amounts and dates with it.
 */
export function pageLocale(doc: Document): string {
  const lang = doc.documentElement.lang.trim();
  if (lang === '') return 'en-US';
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}
