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
  FIELD_VALUE,
  FORECAST_CATEGORY,
  HIDDEN,
  KEEP_CLEAR,
  LAYOUT_ITEM,
  LAYOUT_ITEM_LABEL_ATTRIBUTE,
  LOADING,
  LOOKUP_LINK,
  NOT_VALUE_TEXT,
  OPPORTUNITY_FIELD,
  PATH_CONTAINER,
  PATH_CURRENT_ITEM,
  PATH_ITEM,
  PATH_ITEM_VALUE_ATTRIBUTE,
  PATH_LINK,
  PATH_LINK_LABEL_ATTRIBUTE,
  PATH_LINK_VALUE_ATTRIBUTE,
  PATH_TITLE,
  RECORD_HEADER,
  RECORD_NAME,
  fieldByApiName,
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

/** A standard field's shown text by API name: null when the layout has no such field, '' when it is empty. */
function fieldText(scope: Scope, apiName: string): string | null {
  const row = firstShown(scope, [fieldByApiName(apiName)]);
  if (!row) return null;
  const value = valueElementOf(row);
  return value ? valueText(value) : '';
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

function readPath(scope: Scope): { reading: PathReading; item: Element } | null {
  const item = firstShown(scope, PATH_CURRENT_ITEM);
  if (!item) return null;
  const value = itemValue(item);
  const label = itemLabel(item) || value || '';
  if (label === '') return null;
  return { reading: { label, value, genericClosed: value?.toLowerCase() === 'closed' }, item };
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

function recordName(scope: Scope, doc: Document): string | null {
  const header = firstShown(scope, RECORD_HEADER);
  const inHeader = header ? firstMatch(header, RECORD_NAME) : null;
  const fromHeader = inHeader ? valueText(inHeader) : '';
  if (fromHeader !== '') return fromHeader;
  const field = fieldText(scope, OPPORTUNITY_FIELD.name);
  if (field) return field;
  const title = collapse(doc.title.split(' | ')[0] ?? '');
  return title !== '' && doc.title.includes(' | ') ? title : null;
}

function ownerName(scope: Scope): string | null {
  const row = firstShown(scope, [fieldByApiName(OPPORTUNITY_FIELD.owner)]);
  if (!row) return null;
  const link = firstMatch(row, LOOKUP_LINK);
  const fromLink = link ? valueText(link) : '';
  if (fromLink !== '') return fromLink;
  const value = valueElementOf(row);
  return emptyToNull(value ? valueText(value) : '');
}

function forecastCategory(scope: Scope): string | null {
  const row = firstShown(scope, [fieldByApiName(OPPORTUNITY_FIELD.forecastCategory)]);
  const el = row ? (row.querySelector(FORECAST_CATEGORY) ?? valueElementOf(row)) : firstShown(scope, [FORECAST_CATEGORY]);
  return emptyToNull(el ? valueText(el) : '');
}

/** Every visible detail field by its shown label; the first of a repeated label wins. */
function allFields(scope: Scope): Record<string, string> {
  const shown = [...scope.querySelectorAll(LAYOUT_ITEM)].filter((item) => isShown(item, scope));
  return labelValuePairs(shown, {
    label: (item) => item.getAttribute(LAYOUT_ITEM_LABEL_ATTRIBUTE) ?? '',
    value: (item) => {
      const value = valueElementOf(item);
      return value ? valueText(value) : '';
    },
  });
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

export function readOpportunity(doc: Document, url: URL): ReadResult {
  const key = dealKey(url);
  const recordId = opportunityId(url);
  if (!isOpportunityRecord(url) || !key || !recordId) return { ok: false, failure: { kind: 'not-deal' } };

  const scope = visibleView(doc);
  const locale = pageLocale(doc);
  const path = readPath(scope);
  const decided = decideStage(scope, path?.reading ?? null, fieldText(scope, OPPORTUNITY_FIELD.stage));
  const name = recordName(scope, doc);

  if (!decided) {
    const rendered =
      !isLoading(doc) &&
      (firstShown(scope, RECORD_HEADER) !== null ||
        firstShown(scope, [LAYOUT_ITEM]) !== null ||
        / \| .+ \| /.test(` ${doc.title} `));
    if (!rendered) return { ok: false, failure: { kind: 'not-ready', missing: name ? ['stage'] : ['stage', 'name'] } };
    return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing: ['stage'] } };
  }

  const warnings: string[] = [];
  if (decided.warning) warnings.push(decided.warning);

  /** A standard field's text parsed in the page's locale; text that does not parse reads as empty, with a warning. */
  const parsed = <T>(apiName: string, what: string, parse: (text: string, locale: string) => T | null): T | null => {
    const text = fieldText(scope, apiName);
    const value = text ? parse(text, locale) : null;
    if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
    return value;
  };
  const amount = parsed(OPPORTUNITY_FIELD.amount, 'amount', parseMoney);
  const closeDate = parsed(OPPORTUNITY_FIELD.closeDate, 'close date', parseDate);
  const probability = parsed(OPPORTUNITY_FIELD.probability, 'probability', parseNumber);

  const deal: DealSnapshot = {
    crm: 'salesforce',
    key,
    recordId,
    url: url.href,
    locale,
    name,
    stage: decided.stage,
    amount,
    closeDate,
    probability,
    nextStep: emptyToNull(fieldText(scope, OPPORTUNITY_FIELD.nextStep)),
    owner: ownerName(scope),
    forecastCategory: forecastCategory(scope),
    fields: allFields(scope),
  };
  return { ok: true, deal, warnings };
}

/**
 * A cheap fingerprint of what a rep would see change: the current Path item, the Stage, Amount, Close Date and
 * Next Step texts, the name and the number of detail fields. A dozen queries, no full field scan.
 * null only when the URL is no opportunity record page.
 */
export function opportunitySignature(doc: Document, url: URL): string | null {
  const id = opportunityId(url);
  if (!id) return null;
  const scope = visibleView(doc);
  const item = firstShown(scope, PATH_CURRENT_ITEM);
  const stageRow = firstShown(scope, [fieldByApiName(OPPORTUNITY_FIELD.stage)]);
  const raw = (api: string): string => collapse(firstShown(scope, [fieldByApiName(api)])?.textContent ?? '-');
  const parts = [
    id,
    item ? `${item.className}|${itemValue(item) ?? ''}|${itemLabel(item)}` : '-',
    stageRow ? collapse(stageRow.textContent) : '-',
    raw(OPPORTUNITY_FIELD.amount),
    raw(OPPORTUNITY_FIELD.closeDate),
    raw(OPPORTUNITY_FIELD.nextStep),
    collapse(firstShown(scope, RECORD_NAME)?.textContent ?? '-'),
    String(scope.querySelectorAll(LAYOUT_ITEM).length),
  ];
  // Nothing to read yet: say whether it is loading, so the end of loading changes the signature.
  if (!item && !stageRow) parts.push(isLoading(doc) ? 'loading' : 'idle', doc.title);
  return parts.join('\u241e');
}

/** The lowest of the record's top controls (Path, else header) in the visible view: the overlay stays below it. */
export function keepClear(doc: Document): Element | null {
  return firstMatch(visibleView(doc), KEEP_CLEAR);
}

/** The visible record's Path, header and field lists: the only places a change can alter what `read` returns. */
export function watched(doc: Document): Element[] {
  const root = visibleView(doc);
  const found = new Set<Element>();
  const path = root.querySelector(PATH_CONTAINER.join(','));
  if (path) found.add(path);
  const header = root.querySelector(RECORD_HEADER.join(','));
  if (header) found.add(header);
  // A field's list, not each field: a handful of elements to test mutations against.
  for (const field of root.querySelectorAll(`${LAYOUT_ITEM}, [data-target-selection-name^="sfdc:RecordField.Opportunity."]`)) {
    found.add(field.parentElement ?? field);
  }
  return [...found];
}

export function mayHoldDeal(added: Element): boolean {
  return added.matches(DEAL_PARTS) || added.querySelector(DEAL_PARTS) !== null;
}

/** The container of the record views (Lightning's window manager): new and cached views all live in it. */
export function observeRoot(doc: Document): Element | null {
  const root = visibleView(doc);
  return root === doc ? null : (root as Element).parentElement;
}
