/**
 * Salesforce Lightning opportunity page → DealSnapshot. Reads only the visible record view, never Lightning's
 * hidden cached views of earlier records. Every selector comes from ./selectors.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { CrmStage, DealSnapshot } from '../../core/types';
import { collapse, firstMatch, firstShown as firstShownBelow, isShown as isShownBelow, labelValuePairs, lightText, shownText } from '../dom';
import type { ReadResult } from '../types';
import { dealKey, isOpportunityRecord, opportunityId } from './detect';
import {
  ACTIVE_VIEW,
  CHECKBOX,
  DEAL_PARTS,
  FIELD_ROW,
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

const DEFAULT_LOCALE = 'en-US';

/** The locale Salesforce renders numbers and dates in, as far as the page says. */
export function pageLocale(doc: Document): string {
  const lang = doc.documentElement.lang.trim();
  if (lang === '') return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Where to read: the visible record view, or the whole document (still skipping hidden subtrees). */
type Scope = Element | Document;

/** Shown below `stop`, counting SLDS's hidden class (see ./selectors). */
function isShown(el: Element, stop: ParentNode | null): boolean {
  return isShownBelow(el, stop, HIDDEN);
}

function firstShown(scope: Scope, selectors: readonly string[]): Element | null {
  return firstShownBelow(scope, selectors, HIDDEN);
}

/**
 * The active record view. Candidates that are hidden are skipped; nested candidates (a console tab holding a
 * page host) resolve to the innermost; among several, the one holding a record wins.
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
  const withRecord = innermost.find((el) =>
    el.querySelector([...RECORD_HEADER, PATH_ITEM, LAYOUT_ITEM].join(',')),
  );
  const root = withRecord ?? innermost[0];
  return root ?? doc;
}

/** Whether a loading spinner is on screen, anywhere in the page (the app-level one sits outside the view). */
function isLoading(doc: Document): boolean {
  return LOADING.some((selector) => [...doc.querySelectorAll(selector)].some((el) => isShown(el, null)));
}

/**
 * The text a value element shows, its shadow roots' when its light DOM is empty (a native shadow root leaves an
 * empty host behind, NOTES §5.4). A checkbox with no text reads as `true`/`false`.
 */
function valueText(el: Element): string {
  const text = shownText(el, NOT_VALUE_TEXT);
  if (text !== '') return text;
  const box = el.querySelector<HTMLInputElement>(CHECKBOX);
  return box ? String(box.checked) : '';
}

function valueElementOf(row: Element): Element | null {
  return firstMatch(row, FIELD_VALUE);
}

/** A field's layout row: its value sits in the row's output element (see ./selectors FIELD_ROW). */
function isFieldRow(el: Element): boolean {
  return el.matches(FIELD_ROW);
}

/**
 * The text a part's element shows: a layout row's output value ('' when the row is empty), else the element's own
 * text (an admin's override usually points straight at the value).
 */
function partText(el: Element): string {
  const value = isFieldRow(el) ? valueElementOf(el) : el;
  return value ? valueText(value) : '';
}

/** A part's shown text: null when the page has no such part, '' when it is empty. */
function fieldText(scope: Scope, selectors: readonly string[]): string | null {
  const el = firstShown(scope, selectors);
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

/** A Path item (the stage bar's step), as opposed to a field or an override's plain element. */
function isPathItem(el: Element): boolean {
  return el.matches(PATH_ITEM);
}

function pathReading(item: Element): PathReading | null {
  const value = itemValue(item);
  const label = itemLabel(item) || value || '';
  if (label === '') return null;
  return { label, value, genericClosed: value?.toLowerCase() === 'closed' };
}

/**
 * The stage part's two sources, in selector order: the first shown Path item and the first shown other element (the
 * Stage field's row, or what an admin's override points at). The Path gives the API value, the other the label.
 */
function stageSources(scope: Scope, selectors: readonly string[]): { path: PathReading | null; field: string | null } {
  let path: PathReading | null = null;
  let field: string | null = null;
  for (const selector of selectors) {
    const el = firstShown(scope, [selector]);
    if (!el) continue;
    if (isPathItem(el)) path ??= pathReading(el);
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
function valueForLabel(scope: Scope, label: string): string | null {
  for (const item of scope.querySelectorAll(PATH_ITEM)) {
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
  scope: Scope,
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
  const stage = { label: stageField, value: valueForLabel(scope, stageField) };
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
  function recordName(scope: Scope, doc: Document): string | null {
    const fromPage = fieldText(scope, sel.name);
    if (fromPage) return fromPage;
    const title = collapse(doc.title.split(' | ')[0] ?? '');
    return title !== '' && doc.title.includes(' | ') ? title : null;
  }

  function ownerName(scope: Scope): string | null {
    const el = firstShown(scope, sel.owner);
    if (!el) return null;
    const link = firstMatch(el, LOOKUP_LINK);
    const fromLink = link ? valueText(link) : '';
    return fromLink !== '' ? fromLink : emptyToNull(partText(el));
  }

  function forecastCategory(scope: Scope): string | null {
    const el = firstShown(scope, sel.forecastCategory);
    if (!el) return null;
    // The row's dedicated output element first: the row's generic value element may hold an edit hint as well.
    const own = isFieldRow(el) ? el.querySelector(FORECAST_CATEGORY) : null;
    return emptyToNull(own ? valueText(own) : partText(el));
  }

  /** Every visible detail field by its shown label; the first of a repeated label wins. */
  function allFields(scope: Scope): Record<string, string> {
    const shown = sel.fields.flatMap((selector) => [...scope.querySelectorAll(selector)]).filter((row) => isShown(row, scope));
    return labelValuePairs(shown, {
      label: (row) => row.getAttribute(LAYOUT_ITEM_LABEL_ATTRIBUTE) ?? '',
      value: partText,
    });
  }

  function read(doc: Document, url: URL): ReadResult {
    const key = dealKey(url);
    const recordId = opportunityId(url);
    if (!isOpportunityRecord(url) || !key || !recordId) return { ok: false, failure: { kind: 'not-deal' } };

    const scope = visibleView(doc);
    const locale = pageLocale(doc);
    const sources = stageSources(scope, sel.stage);
    const decided = decideStage(scope, sources.path, sources.field);
    const name = recordName(scope, doc);

    if (!decided) {
      const rendered =
        !isLoading(doc) &&
        (firstShown(scope, RECORD_HEADER) !== null ||
          firstShown(scope, sel.fields) !== null ||
          / \| .+ \| /.test(` ${doc.title} `));
      if (!rendered) return { ok: false, failure: { kind: 'not-ready', missing: name ? ['stage'] : ['stage', 'name'] } };
      return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing: ['stage'] } };
    }

    const warnings: string[] = [];
    if (decided.warning) warnings.push(decided.warning);

    /** A part's text parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(part: readonly string[], what: string, parse: (text: string, locale: string) => T | null): T | null => {
      const text = fieldText(scope, part);
      const value = text ? parse(text, locale) : null;
      if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
      return value;
    };

    const deal: DealSnapshot = {
      crm: 'salesforce',
      key,
      recordId,
      url: url.href,
      locale,
      name,
      stage: decided.stage,
      amount: parsed(sel.amount, 'amount', parseMoney),
      closeDate: parsed(sel.closeDate, 'close date', parseDate),
      probability: parsed(sel.probability, 'probability', parseNumber),
      nextStep: emptyToNull(fieldText(scope, sel.nextStep)),
      owner: ownerName(scope),
      forecastCategory: forecastCategory(scope),
      fields: allFields(scope),
    };
    return { ok: true, deal, warnings };
  }

  /**
   * A cheap fingerprint of what a rep would see change: the stage's elements, the Amount, Close Date and Next Step
   * texts, the name and the number of detail fields. A dozen queries, no full field scan.
   * null only when the URL is no opportunity record page.
   */
  function signature(doc: Document, url: URL): string | null {
    const id = opportunityId(url);
    if (!id) return null;
    const scope = visibleView(doc);
    const raw = (part: readonly string[]): string => collapse(firstShown(scope, part)?.textContent ?? '-');
    const stage = sel.stage
      .map((selector) => firstShown(scope, [selector]))
      .map((el) => (el ? (isPathItem(el) ? `${el.className}|${itemValue(el) ?? ''}|${itemLabel(el)}` : collapse(el.textContent)) : '-'));
    const parts = [
      id,
      ...stage,
      raw(sel.amount),
      raw(sel.closeDate),
      raw(sel.nextStep),
      raw(sel.name),
      String(sel.fields.reduce((n, selector) => n + scope.querySelectorAll(selector).length, 0)),
    ];
    // Nothing to read yet: say whether it is loading, so the end of loading changes the signature.
    if (stage.every((s) => s === '-')) parts.push(isLoading(doc) ? 'loading' : 'idle', doc.title);
    return parts.join('\u241e');
  }

  /** The visible record's Path, header and field lists: the only places a change can alter what `read` returns. */
  function watched(doc: Document): Element[] {
    const root = visibleView(doc);
    const found = new Set<Element>();
    const path = root.querySelector(PATH_CONTAINER.join(','));
    if (path) found.add(path);
    const header = root.querySelector(RECORD_HEADER.join(','));
    if (header) found.add(header);
    // A field's list, not each field: a handful of elements to test mutations against. Every part's element counts
    // too, so a part an override finds outside the usual lists is watched as well.
    const parts = Object.values<readonly string[]>(sel).flat();
    for (const el of root.querySelectorAll([FIELD_ROW, ...parts].join(','))) {
      found.add(el.parentElement ?? el);
    }
    return [...found];
  }

  return { read, signature, watched };
}

/** The lowest of the record's top controls (Path, else header) in the visible view: the overlay stays below it. */
export function keepClear(doc: Document): Element | null {
  return firstMatch(visibleView(doc), KEEP_CLEAR);
}

export function mayHoldDeal(added: Element): boolean {
  return added.matches(DEAL_PARTS) || added.querySelector(DEAL_PARTS) !== null;
}

/** The container of the record views (Lightning's window manager): new and cached views all live in it. */
export function observeRoot(doc: Document): Element | null {
  const root = visibleView(doc);
  return root === doc ? null : (root as Element).parentElement;
}
