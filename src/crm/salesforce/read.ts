/**
 * Salesforce Lightning opportunity page → DealSnapshot. Reads only the visible record view, never Lightning's
 * hidden cached views of earlier records. Every selector comes from ./selectors.
 *
 * Lightning renders its components with synthetic shadow DOM today (everything in the light DOM) and is moving to
 * native shadow DOM, where the record page sits several shadow roots deep (./selectors, "Shadow DOM"). Every read
 * therefore runs each selector in the visible view AND in every shadow root below it (`Page.trees`, computed once
 * per read): the same code reads synthetic, native and mixed pages. A selector matches within one tree only, so
 * no selector here spans a component boundary.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { CrmStage, DealSnapshot } from '../../core/types';
import {
  collapse,
  containingShadowRoot,
  firstMatch,
  isShown as isShownBelow,
  labelValuePairs,
  lightText,
  pageLocale,
  queryTrees,
  shadowRoots,
  shownText,
  treesBelow,
} from '../dom';
import type { ReadResult } from '../types';
import { dealKey, isOpportunityRecord, opportunityId } from './detect';
import {
  ACTIVE_VIEW,
  CHECKBOX,
  DEAL_PARTS,
  FIELD_ROW,
  FIELD_OUTPUT,
  FIELD_VALUE,
  FORECAST_CATEGORY,
  HIDDEN,
  KEEP_CLEAR,
  LAYOUT_ITEM,
  LAYOUT_ITEM_LABEL_ATTRIBUTE,
  LOADING,
  LOOKUP_LINK,
  NOT_VALUE_TEXT,
  PATH_CONTAINER,
  PATH_ITEM,
  PATH_ITEM_VALUE_ATTRIBUTE,
  PATH_LINK,
  PATH_LINK_LABEL_ATTRIBUTE,
  PATH_LINK_VALUE_ATTRIBUTE,
  PATH_TITLE,
  RECORD_HEADER,
  type PartSelectors,
} from './selectors';

export const UNREADABLE_MESSAGE =
  "Stagecoach could not find this opportunity's stage on the page: Salesforce may have changed its layout. " +
  'Reload the page; if this stays, tell your Stagecoach admin so the Salesforce reader can be updated.';

/**
 * Every text below `el`, its shadow roots' included (under native shadow a field's value lives in its output
 * component's shadow root, which `textContent` does not reach). Raw, for fingerprints only.
 */
function composedText(el: Element): string {
  return collapse([el, ...shadowRoots(el)].map((node) => node.textContent ?? '').join(' '));
}

/** Where to read: the visible record view, or the whole document (still skipping hidden subtrees). */
type Scope = Element | Document;

/** The visible view and the trees to query in it: its own, then every shadow root below it, nested ones included. */
interface Page {
  scope: Scope;
  trees: ParentNode[];
}

function pageOf(doc: Document): Page {
  const scope = visibleView(doc);
  return { scope, trees: treesBelow(scope) };
}

/** Shown below `stop`, counting SLDS's hidden class (see ./selectors); shadow hosts count as ancestors. */
function isShown(el: Element, stop: ParentNode | null): boolean {
  return isShownBelow(el, stop, HIDDEN);
}

/** The first element, by selector order, that matches in any of the page's trees and is shown in the view. */
function firstShown(page: Page, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    for (const tree of page.trees) {
      for (const el of tree.querySelectorAll(selector)) if (isShown(el, page.scope)) return el;
    }
  }
  return null;
}

/** Every element matching `selector` in the page's trees. */
function all(page: Page, selector: string): Element[] {
  return queryTrees(page.trees, selector);
}

/**
 * The active record view. Candidates that are hidden are skipped; nested candidates (a console tab holding a
 * page host) resolve to the innermost; among several, the one holding a record wins. Lightning's window manager
 * and its views are Aura markup, never inside a shadow root.
 */
export function visibleView(doc: Document): Scope {
  const candidates = [...doc.querySelectorAll(ACTIVE_VIEW.join(','))].filter((el) => isShown(el, null));
  let innermost = candidates.filter((el) => !candidates.some((other) => other !== el && el.contains(other)));
  // Several views look shown by markup: only then pay for computed style to tell which one is on screen.
  if (innermost.length > 1 && typeof innermost[0]?.checkVisibility === 'function') {
    const onScreen = innermost.filter((el) => el.checkVisibility());
    if (onScreen.length > 0) innermost = onScreen;
  }
  if (innermost.length === 1 && innermost[0]) return innermost[0];
  const recordParts = [...RECORD_HEADER, PATH_ITEM, LAYOUT_ITEM].join(',');
  const withRecord = innermost.find((el) => queryTrees(treesBelow(el), recordParts).length > 0);
  const root = withRecord ?? innermost[0];
  return root ?? doc;
}

/** Whether a loading spinner is on screen: the app-level one sits outside the view, components' ones inside it. */
function isLoading(doc: Document, page: Page): boolean {
  return LOADING.some(
    (selector) =>
      [...doc.querySelectorAll(selector)].some((el) => isShown(el, null)) ||
      (page.scope !== doc && all(page, selector).some((el) => isShown(el, page.scope))),
  );
}

/**
 * The text a value element shows, its shadow roots' when its light DOM is empty (a native shadow root leaves an
 * empty host behind, NOTES §5.4). A checkbox with no text reads as `true`/`false`.
 */
function valueText(el: Element): string {
  const text = shownText(el, NOT_VALUE_TEXT);
  if (text !== '') return text;
  const box = queryTrees(treesBelow(el), CHECKBOX)[0] as HTMLInputElement | undefined;
  return box ? String(box.checked) : '';
}

/**
 * A field row's value element. Synthetic shadow keeps the output component inside the row. Under native shadow the
 * row (the item's template) sits in the item's shadow root while the output component stays in the item's light DOM,
 * slotted in: it is then the host's `[slot="outputField"]` child.
 */
function valueElementOf(row: Element): Element | null {
  const own = firstMatch(row, FIELD_OUTPUT);
  if (own) return own;
  const host = containingShadowRoot(row)?.host;
  const slotted = host ? firstMatch(host, FIELD_OUTPUT.map((selector) => `:scope > ${selector}`)) : null;
  return slotted ?? firstMatch(row, FIELD_VALUE);
}

/** A field's layout row: its value sits in the row's output element (see ./selectors FIELD_ROW). */
function isFieldRow(el: Element): boolean {
  return el.matches(FIELD_ROW);
}

/**
 * The text a part's element shows: a layout row's output value ('' when the row is empty), else the element's own
 * text (an output component such as `sfa-output-stage-name`, or what an admin's override points at).
 */
function partText(el: Element): string {
  const value = isFieldRow(el) ? valueElementOf(el) : el;
  return value ? valueText(value) : '';
}

/** A part's shown text: null when the page has no such part, '' when it is empty. */
function fieldText(page: Page, selectors: readonly string[]): string | null {
  const el = firstShown(page, selectors);
  return el ? partText(el) : null;
}

interface PathReading {
  label: string;
  value: string | null;
  /** The generic "Closed" item that stands for every closed stage until the record is closed. */
  genericClosed: boolean;
}

function itemLabel(item: Element): string {
  const title = item.querySelector(PATH_LINK)?.getAttribute(PATH_LINK_LABEL_ATTRIBUTE);
  if (title && title.trim() !== '') return collapse(title);
  const text = item.querySelector(PATH_TITLE);
  return text ? collapse(lightText(text, NOT_VALUE_TEXT)) : '';
}

function itemValue(item: Element): string | null {
  const value =
    item.getAttribute(PATH_ITEM_VALUE_ATTRIBUTE) ??
    item.querySelector(PATH_LINK)?.getAttribute(PATH_LINK_VALUE_ATTRIBUTE) ??
    null;
  return value && value.trim() !== '' ? value.trim() : null;
}

/** The Path item `el` is or lies in (a current-stage marker such as `span.current`), else null. */
function pathItemOf(el: Element): Element | null {
  return el.closest(PATH_ITEM);
}

function pathReading(item: Element): PathReading | null {
  const value = itemValue(item);
  const label = itemLabel(item) || value || '';
  if (label === '') return null;
  return { label, value, genericClosed: value?.toLowerCase() === 'closed' };
}

/**
 * The stage part's two sources, in selector order: the first shown Path item and the first shown other element (the
 * Stage field's row or output component, or what an admin's override points at). The Path gives the API value, the
 * other the label.
 */
function stageSources(page: Page, selectors: readonly string[]): { path: PathReading | null; field: string | null } {
  let path: PathReading | null = null;
  let field: string | null = null;
  for (const selector of selectors) {
    const el = firstShown(page, [selector]);
    if (!el) continue;
    const item = pathItemOf(el);
    if (item) path ??= pathReading(item);
    else field ??= emptyToNull(partText(el));
  }
  return { path, field };
}

let accentCollator: Intl.Collator | undefined;
/**
 * Equal ignoring case, as the page's words go (accents count). Plain-ASCII words, nearly all stage names, are
 * compared without a collator: building the first one costs ~10 ms of the page's main thread.
 */
function same(a: string, b: string | null): boolean {
  if (b === null) return false;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (/^[\x20-\x7e]*$/.test(a + b)) return false;
  accentCollator ??= new Intl.Collator(undefined, { sensitivity: 'accent' });
  return accentCollator.compare(a, b) === 0;
}

/** The API value of the Path item whose label is `label`, if the Path shows one. */
function valueForLabel(page: Page, label: string): string | null {
  for (const item of all(page, PATH_ITEM)) {
    if (same(label, itemLabel(item)) || same(label, itemValue(item))) return itemValue(item);
  }
  return null;
}

/**
 * The stage from the Path's current item and the StageName field.
 * - Both agree, or only the Path: the Path (it has the API value).
 * - Only the field: its label; the API value is unknown.
 * - The Path's current item is the generic "Closed" item: the field says which closed stage.
 * - They disagree: the field. After an inline edit it is the first to show the saved stage, while the Path
 *   catches up later; a warning says what disagreed.
 */
function decideStage(
  page: Page,
  path: PathReading | null,
  field: string | null,
): { stage: CrmStage; warning: string | null } | null {
  const stageField = field !== null && field !== '' ? field : null;
  if (!path && !stageField) return null;
  if (!stageField) return path ? { stage: { label: path.label, value: path.value }, warning: null } : null;
  if (!path) return { stage: { label: stageField, value: null }, warning: null };
  if (same(stageField, path.label) || same(stageField, path.value)) {
    return { stage: { label: path.label, value: path.value }, warning: null };
  }
  const stage = { label: stageField, value: valueForLabel(page, stageField) };
  if (path.genericClosed) return { stage, warning: null };
  return {
    stage,
    warning: `The Path shows "${path.label}", the Stage field "${stageField}": using the Stage field.`,
  };
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/** Where each part is found: the adapter's own selectors, or an admin's overrides in front of them. */
export interface OpportunityReader {
  read(doc: Document, url: URL): ReadResult;
  signature(doc: Document, url: URL): string | null;
  watched(doc: Document): Element[];
}

/** The reader of opportunity pages with each part found by `sel` (./selectors PARTS, maybe with overrides). */
export function opportunityReader(sel: PartSelectors): OpportunityReader {
  function recordName(page: Page, doc: Document): string | null {
    const fromPage = fieldText(page, sel.name);
    if (fromPage) return fromPage;
    const title = collapse(doc.title.split(' | ')[0] ?? '');
    return title !== '' && doc.title.includes(' | ') ? title : null;
  }

  function ownerName(page: Page): string | null {
    const el = firstShown(page, sel.owner);
    if (!el) return null;
    // The user's link, wherever the lookup's components rendered it (two shadow roots deep under native shadow).
    const trees = treesBelow(el);
    const link = LOOKUP_LINK.map((selector) => queryTrees(trees, selector)[0]).find((found) => found !== undefined);
    const fromLink = link ? valueText(link) : '';
    return fromLink !== '' ? fromLink : emptyToNull(partText(el));
  }

  function forecastCategory(page: Page): string | null {
    const el = firstShown(page, sel.forecastCategory);
    if (!el) return null;
    // The row's dedicated output element first: the row's generic value element may hold an edit hint as well.
    const own = isFieldRow(el) ? (queryTrees(treesBelow(el), FORECAST_CATEGORY)[0] ?? null) : null;
    return emptyToNull(own ? valueText(own) : partText(el));
  }

  /** Every visible detail field by its shown label; the first of a repeated label wins. */
  function allFields(page: Page): Record<string, string> {
    const shown = sel.fields.flatMap((selector) => all(page, selector)).filter((row) => isShown(row, page.scope));
    return labelValuePairs(shown, {
      label: (row) => row.getAttribute(LAYOUT_ITEM_LABEL_ATTRIBUTE) ?? '',
      value: partText,
    });
  }

  function read(doc: Document, url: URL): ReadResult {
    const key = dealKey(url);
    const recordId = opportunityId(url);
    if (!isOpportunityRecord(url) || !key || !recordId) return { ok: false, failure: { kind: 'not-deal' } };

    const page = pageOf(doc);
    const locale = pageLocale(doc);
    const sources = stageSources(page, sel.stage);
    const decided = decideStage(page, sources.path, sources.field);
    const name = recordName(page, doc);

    const warnings: string[] = [];
    /** A part's text parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(part: readonly string[], what: string, parse: (text: string, locale: string) => T | null): T | null => {
      const text = fieldText(page, part);
      const value = text ? parse(text, locale) : null;
      if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
      return value;
    };
    /** Everything but the stage: read the same way whether or not the stage was found. */
    const rest = (): Omit<DealSnapshot, 'stage'> => ({
      crm: 'salesforce',
      key,
      recordId,
      url: url.href,
      locale,
      name,
      amount: parsed(sel.amount, 'amount', parseMoney),
      closeDate: parsed(sel.closeDate, 'close date', parseDate),
      probability: parsed(sel.probability, 'probability', parseNumber),
      nextStep: emptyToNull(fieldText(page, sel.nextStep)),
      owner: ownerName(page),
      forecastCategory: forecastCategory(page),
      fields: allFields(page),
    });

    if (!decided) {
      const rendered =
        !isLoading(doc, page) &&
        (firstShown(page, RECORD_HEADER) !== null ||
          firstShown(page, sel.fields) !== null ||
          / \| .+ \| /.test(` ${doc.title} `));
      if (!rendered) return { ok: false, failure: { kind: 'not-ready', missing: name ? ['stage'] : ['stage', 'name'] } };
      // The rest of the record, so a stage the rep then chooses by hand is judged on the fields the page shows.
      return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing: ['stage'], read: rest() } };
    }

    if (decided.warning) warnings.push(decided.warning);
    const deal: DealSnapshot = { ...rest(), stage: decided.stage };
    return { ok: true, deal, warnings };
  }

  /**
   * A cheap fingerprint of what a rep would see change: the stage's elements, the Amount, Close Date and Next Step
   * texts, the name and the number of detail fields. A dozen queries, no full field scan. Texts are read as shown,
   * shadow roots included: under native shadow a field's value lives in its output component's shadow root, which
   * `textContent` does not reach.
   * null only when the URL is no opportunity record page.
   */
  function signature(doc: Document, url: URL): string | null {
    const id = opportunityId(url);
    if (!id) return null;
    const page = pageOf(doc);
    // One query per part (its selectors joined), raw text rather than the parsed value: a fingerprint, not a read.
    const shown = (selectors: readonly string[]): string => {
      const el = firstShown(page, [selectors.join(',')]);
      return el ? composedText(el) : '-';
    };
    // The stage has two sources (see stageSources): the first shown Path item and the first shown other element.
    let item: Element | null = null;
    let field: Element | null = null;
    for (const el of all(page, sel.stage.join(','))) {
      if ((item && field) || !isShown(el, page.scope)) continue;
      const inPath = pathItemOf(el);
      if (inPath) item ??= inPath;
      else field ??= el;
    }
    const stage = `${item ? `${item.className}|${itemValue(item) ?? ''}|${itemLabel(item)}` : '-'}|${field ? composedText(field) : '-'}`;
    const parts = [
      id,
      stage,
      shown(sel.amount),
      shown(sel.closeDate),
      shown(sel.nextStep),
      shown(sel.name),
      String(sel.fields.reduce((n, selector) => n + all(page, selector).length, 0)),
    ];
    // Nothing to read yet: say whether it is loading, so the end of loading changes the signature.
    if (!item && !field) parts.push(isLoading(doc, page) ? 'loading' : 'idle', doc.title);
    return parts.join('\u241e');
  }

  /** The visible record's Path, header and field lists: the only places a change can alter what `read` returns. */
  function watched(doc: Document): Element[] {
    const page = pageOf(doc);
    const found = new Set<Element>();
    const path = all(page, PATH_CONTAINER.join(','))[0];
    if (path) found.add(path);
    const header = all(page, RECORD_HEADER.join(','))[0];
    if (header) found.add(header);
    // A field's list, not each field: a handful of elements to test mutations against. Every part's element counts
    // too, so a part an override finds outside the usual lists is watched as well.
    const parts = Object.values<readonly string[]>(sel).flat();
    for (const el of all(page, [FIELD_ROW, ...parts].join(','))) found.add(el.parentElement ?? el);
    return [...found];
  }

  return { read, signature, watched };
}

/** The lowest of the record's top controls (Path, else header) in the visible view: the overlay stays below it. */
export function keepClear(doc: Document): Element | null {
  const page = pageOf(doc);
  for (const selector of KEEP_CLEAR) {
    const el = all(page, selector)[0];
    if (el) return el;
  }
  return null;
}

/**
 * Whether an added element may hold part of a deal: it is one, or holds one in its light DOM or in the shadow roots
 * its components already rendered before it was inserted.
 */
export function mayHoldDeal(added: Element): boolean {
  return added.matches(DEAL_PARTS) || treesBelow(added).some((tree) => tree.querySelector(DEAL_PARTS) !== null);
}

/** The container of the record views (Lightning's window manager): new and cached views all live in it. */
export function observeRoot(doc: Document): Element | null {
  const root = visibleView(doc);
  return root === doc ? null : (root as Element).parentElement;
}
