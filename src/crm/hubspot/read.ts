/**
 * HubSpot deal record page → DealSnapshot. Reads only the deal's own properties: never those of the records HubSpot
 * shows beside it (association cards, the preview panel of a contact or company). Standard properties are found by
 * their internal names, the same in every UI language; the rest by the label the page shows. Every selector comes
 * from ./selectors, through the reader's `selectors` so a playbook's overrides are tried first.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { DealSnapshot } from '../../core/types';
import { collapse, isShown, labelValuePairs, pageLocale, shownText } from '../dom';
import type { ReadResult } from '../types';
import { dealKey } from './detect';
import {
  DEAL_PARTS,
  EMPTY_VALUE,
  HIGHLIGHT_ITEM,
  HIGHLIGHT_CARD,
  LOADING,
  NOT_VALUE_TEXT,
  OTHER_RECORDS,
  OWN_LABEL,
  RECORD_SCOPE,
  VALUE_CONTROL,
  type HubSpotPart,
} from './selectors';

/** Each part's selectors, the admin's overrides (if any) first. */
export type HubSpotSelectors = Readonly<Record<HubSpotPart, readonly string[]>>;

export const UNREADABLE_MESSAGE =
  "Stagecoach could not find this deal's stage on the HubSpot page: HubSpot may have changed its layout. " +
  'Reload the page; if this stays, tell your Stagecoach admin so the HubSpot reader can be updated.';

type Scope = Element | Document;

/** The deal's own, shown element: not hidden by markup, not inside another record's card or preview panel. */
function isOwn(el: Element, scope: Scope | null): boolean {
  return el.closest(OTHER_RECORDS) === null && isShown(el, scope);
}

/** The record's left sidebar when the page has one, else the whole page (other records' cards still skipped). */
export function recordScope(doc: Document): Scope {
  for (const selector of RECORD_SCOPE) {
    for (const el of doc.querySelectorAll(selector)) if (isOwn(el, null)) return el;
  }
  return doc;
}

function firstOwn(scope: Scope, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    for (const el of scope.querySelectorAll(selector)) if (isOwn(el, scope)) return el;
  }
  return null;
}

function withoutColon(text: string): string {
  return collapse(text).replace(/\s*:$/, '');
}

/**
 * The label a property element carries inside: its `label`, or a highlight item's first child. Only items say so by
 * their hook; elsewhere a first child is a value like any other.
 */
function innerLabel(el: Element): string {
  const own = el.querySelector(OWN_LABEL);
  if (own) return withoutColon(own.textContent);
  const first = el.firstElementChild;
  if (el.matches(HIGHLIGHT_ITEM) && el.childElementCount >= 2 && first && !first.querySelector(VALUE_CONTROL)) {
    return withoutColon(first.textContent);
  }
  return '';
}

function controlValue(control: Element): string {
  if (control.tagName === 'SELECT') return collapse((control as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
  return collapse((control as HTMLInputElement).value);
}

/**
 * The value a property element shows: its form control's value when it has one, else its text without its label
 * (which HubSpot may render inside the element: the pt-BR scraper strips "Etapa do negócio" from the stage's text).
 * HubSpot's placeholder for an empty property reads as empty.
 */
function valueOf(el: Element): string {
  const control = el.matches(VALUE_CONTROL) ? el : el.querySelector(VALUE_CONTROL);
  let text = control ? controlValue(control) : shownText(el, NOT_VALUE_TEXT);
  const label = control ? '' : innerLabel(el);
  if (label !== '' && text.startsWith(label)) text = text.slice(label.length).replace(/^\s*:?\s*/, '');
  return EMPTY_VALUE.test(text) ? '' : text;
}

/**
 * The label the page shows for a property element: inside it, else the first child of the row around it (up to two
 * levels up) that holds this one property and nothing else: a highlight item's label beside its display value.
 */
function labelOf(el: Element, fieldSelector: string): string {
  const inside = innerLabel(el);
  if (inside !== '') return inside;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
    if (collapse(text) !== '') return withoutColon(text);
  }
  let row = el.parentElement;
  for (let depth = 0; row && depth < 2; depth++, row = row.parentElement) {
    const first = row.firstElementChild;
    if (!first || first.contains(el)) continue;
    if (row.querySelectorAll(fieldSelector).length !== 1 || first.matches(fieldSelector)) return '';
    return withoutColon(first.textContent);
  }
  return '';
}

function emptyToNull(text: string | null | undefined): string | null {
  return text === null || text === undefined || text === '' ? null : text;
}

/** A progress indicator on screen where the record renders (its sidebar, or the page while there is none). */
function isLoading(scope: Scope): boolean {
  return LOADING.some((selector) => [...scope.querySelectorAll(selector)].some((el) => isShown(el, null)));
}

/** The reader, signature and watch lists of one set of selectors (built-in, or with a playbook's overrides). */
export function createReader(selectors: HubSpotSelectors) {
  const fieldSelector = selectors.fields.join(',');
  const dealParts = [DEAL_PARTS, ...Object.values(selectors).flat()].join(',');

  const part = (scope: Scope, id: HubSpotPart): Element | null => firstOwn(scope, selectors[id]);
  const text = (scope: Scope, id: HubSpotPart): string | null => {
    const el = part(scope, id);
    return el ? valueOf(el) : null;
  };

  /** Every shown property of the deal by its label; a property nested in another (a control in a row) is its row's. */
  const allFields = (scope: Scope): Record<string, string> => {
    const own = [...scope.querySelectorAll(fieldSelector)].filter(
      (el) => isOwn(el, scope) && el.parentElement?.closest(fieldSelector) == null,
    );
    return labelValuePairs(own, { label: (el) => labelOf(el, fieldSelector), value: valueOf });
  };

  function read(doc: Document, url: URL): ReadResult {
    const key = dealKey(url);
    if (!key) return { ok: false, failure: { kind: 'not-deal' } };
    const recordId = key.slice(key.lastIndexOf(':') + 1);
    const scope = recordScope(doc);
    const stageText = emptyToNull(text(scope, 'stage'));
    const name = emptyToNull(text(scope, 'name'));

    if (!stageText) {
      const missing = name ? ['stage'] : ['stage', 'name'];
      const rendered = !isLoading(scope) && (scope !== doc || firstOwn(doc, HIGHLIGHT_CARD) !== null);
      if (!rendered) return { ok: false, failure: { kind: 'not-ready', missing } };
      return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing } };
    }

    const locale = pageLocale(doc);
    const warnings: string[] = [];
    /** A standard property parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(id: HubSpotPart, what: string, parse: (value: string, locale: string) => T | null): T | null => {
      const value = text(scope, id);
      const result = value ? parse(value, locale) : null;
      if (value && result === null) warnings.push(`Could not read the ${what} "${value}" (${locale}).`);
      return result;
    };

    const deal: DealSnapshot = {
      crm: 'hubspot',
      key,
      recordId,
      url: url.href,
      locale,
      name,
      // The page shows the stage's label only; its internal id (`appointmentscheduled`) is not on a record page
      // (NOTES §3: "Map them through the pipeline definitions if you need ids"), and guessing it from the label
      // would be wrong in any pipeline but the default one.
      stage: { label: stageText, value: null },
      amount: parsed('amount', 'amount', parseMoney),
      closeDate: parsed('closeDate', 'close date', parseDate),
      probability: parsed('probability', 'probability', parseNumber),
      nextStep: emptyToNull(text(scope, 'nextStep')),
      owner: emptyToNull(text(scope, 'owner')),
      forecastCategory: emptyToNull(text(scope, 'forecastCategory')),
      fields: allFields(scope),
    };
    return { ok: true, deal, warnings };
  }

  /**
   * A cheap fingerprint of what a rep would see change: the standard properties' texts and values and the number
   * of properties shown. null only when the URL is no deal record.
   */
  function signature(doc: Document, url: URL): string | null {
    const key = dealKey(url);
    if (!key) return null;
    const scope = recordScope(doc);
    const parts: string[] = [key];
    for (const id of ['stage', 'name', 'amount', 'closeDate', 'probability', 'nextStep', 'owner', 'forecastCategory'] as const) {
      const el = part(scope, id);
      parts.push(el ? valueOf(el) : '-');
    }
    parts.push(String(scope.querySelectorAll(fieldSelector).length));
    // Nothing to read yet: say whether it is loading, so the end of loading changes the signature.
    if (parts[1] === '-') parts.push(isLoading(scope) ? 'loading' : 'idle', scope === doc ? 'page' : 'record');
    return parts.join('\u241e');
  }

  /** The record's highlight card, with its name and action buttons: the overlay stays below it. */
  function keepClear(doc: Document): Element | null {
    return firstOwn(recordScope(doc), HIGHLIGHT_CARD);
  }

  /** The record's sidebar, or each standard property's row: the only places a change can alter what `read` returns. */
  function watched(doc: Document): Element[] {
    const scope = recordScope(doc);
    if (scope !== doc) return [scope as Element];
    const found = new Set<Element>();
    const card = firstOwn(doc, HIGHLIGHT_CARD);
    if (card) found.add(card);
    for (const el of doc.querySelectorAll(fieldSelector)) if (isOwn(el, doc)) found.add(el.parentElement ?? el);
    return [...found];
  }

  function mayHoldDeal(added: Element): boolean {
    return added.matches(dealParts) || added.querySelector(dealParts) !== null;
  }

  return { read, signature, keepClear, watched, mayHoldDeal };
}
