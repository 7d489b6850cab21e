/**
 * Zoho CRM deal page → DealSnapshot, in the old (classic) UI and the new (Lyte) UI. Each field is found first by an
 * admin's override selectors, then by the label the page shows beside its value, then by the inferred id hooks
 * (see ./selectors for what is evidenced and what is not). Reads decide visibility from markup only.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { DealSnapshot } from '../../core/types';
import { collapse, firstMatch, firstShown, hiddenByMarkup, isShown, labelValuePairs, pageLocale } from '../dom';
import { selectorsWith } from '../selectors';
import type { ReadResult, SelectorOverrides } from '../types';
import { dealKey } from './detect';
import {
  CLASSIC_HEADER,
  DEAL_PARTS,
  FIELD_LABELS,
  KEEP_CLEAR,
  LOOKUP_LINK,
  NOT_VALUE_TEXT,
  PARTS,
  TITLE_HOOK,
  type FieldId,
  type PartId,
} from './selectors';

export const UNREADABLE_MESSAGE =
  "Stagecoach could not find this deal's stage on the Zoho CRM page: Zoho may have changed its layout, or the Stage " +
  'field is hidden in this layout. Reload the page; if this stays, tell your Stagecoach admin so the Zoho reader ' +
  'can be updated.';

type Scope = Element | Document;

/** Each part's selectors, split where the reader needs it: an admin's overrides win over the visible labels. */
interface Hooks {
  override(part: PartId): readonly string[];
  own(part: PartId): readonly string[];
}

function hooksWith(overrides: SelectorOverrides): Hooks {
  const merged = selectorsWith(PARTS, overrides);
  return {
    override: (part) => merged[part].slice(0, merged[part].length - PARTS[part].selectors.length),
    own: (part) => PARTS[part].selectors,
  };
}

/** A label as compared: collapsed, lower case, without the colon or required-field star some layouts add. */
function labelKey(text: string): string {
  return collapse(text).replace(/\s*[:*]+$/, '').toLowerCase();
}

/** The text an element shows: hidden descendants, buttons and hidden editors' controls left out. */
function shownTextOf(el: Element): string {
  let out = '';
  const visit = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const element = child as Element;
        if (!hiddenByMarkup(element) && !element.matches(NOT_VALUE_TEXT)) {
          out += ' ';
          visit(element);
          out += ' ';
        }
      }
    }
  };
  visit(el);
  return collapse(out);
}

/** The element's own words: its direct text nodes, as a label holds them. */
function ownText(el: Element): string {
  let out = '';
  for (const child of el.childNodes) if (child.nodeType === 3) out += child.nodeValue ?? '';
  return collapse(out);
}

/**
 * A column header names a column of a table (the Stage History related list has "Stage", "Amount", "Closing Date"
 * columns), not the value beside it: a header cell, or a cell in the table's head.
 */
function isColumnHeader(el: Element): boolean {
  return el.closest('thead, th[scope="col"], [role="columnheader"]') !== null;
}

function nextShownSibling(el: Element): Element | null {
  for (let next = el.nextElementSibling; next; next = next.nextElementSibling) {
    if (!hiddenByMarkup(next) && !next.matches(NOT_VALUE_TEXT)) return next;
  }
  return null;
}

/**
 * The value shown beside a label: the next cell of a table row, the `dd` after a `dt`, the control a `label` names,
 * else the next element after the label, climbing through wrappers that hold nothing but the label.
 */
function valueBeside(label: Element, scope: Scope): Element | null {
  const cell = label.closest('td, th');
  if (cell && scope.contains(cell) && labelKey(shownTextOf(cell)) === labelKey(ownText(label))) {
    return nextShownSibling(cell);
  }
  if (label.localName === 'dt') return nextShownSibling(label);
  const target = label.getAttribute('for');
  if (label.localName === 'label' && target) return label.ownerDocument.getElementById(target);
  let node: Element = label;
  for (let depth = 0; depth < 4; depth++) {
    const sibling = nextShownSibling(node);
    if (sibling) return sibling;
    const parent = node.parentElement;
    if (!parent || parent === scope || labelKey(shownTextOf(parent)) !== labelKey(ownText(label))) return null;
    node = parent;
  }
  return null;
}

/** The label shown before a value: the mirror of `valueBeside`, to list every field of the layout. */
function labelBefore(value: Element, scope: Scope): string {
  const own = labelKey(shownTextOf(value));
  let node: Element = value.closest('td') ?? value;
  for (let depth = 0; depth < 4; depth++) {
    let previous = node.previousElementSibling;
    while (previous && hiddenByMarkup(previous)) previous = previous.previousElementSibling;
    if (previous) return isColumnHeader(previous) ? '' : shownTextOf(previous).replace(/\s*[:*]+$/, '');
    const parent = node.parentElement;
    if (!parent || parent === scope || labelKey(shownTextOf(parent)) !== own) return '';
    node = parent;
  }
  return '';
}

/**
 * A field row found by its QA hook (`data-zcqa="rec_Stage"`) holds the label, its first child, and the value, the
 * rest. A QA hook on the value widget alone (one child or none) is the value, as is any other hook (an id, an
 * admin's selector).
 */
function rowParts(el: Element): { label: string; value: Element[] } | null {
  const first = el.firstElementChild;
  if (!el.getAttribute('data-zcqa')?.startsWith('rec_') || !first || el.children.length < 2) return null;
  const rest = [...el.children].slice(1).filter((child) => !hiddenByMarkup(child));
  return { label: shownTextOf(first), value: rest };
}

function hookValue(el: Element): Element[] {
  return rowParts(el)?.value ?? [el];
}

/** What one read finds on the page: built once per read, so labels are indexed with one walk of the view. */
class Page {
  private labels: Map<string, Element[]> | null = null;

  constructor(
    readonly doc: Document,
    readonly scope: Scope,
    private readonly hooks: Hooks,
  ) {}

  /** Every shown element in the view whose own text is one of the standard fields' labels, by label. */
  private labelIndex(): Map<string, Element[]> {
    if (this.labels) return this.labels;
    const wanted = new Set(Object.values(FIELD_LABELS).flat().map(labelKey));
    const index = new Map<string, Element[]>();
    for (const el of this.scope.querySelectorAll('*')) {
      const key = labelKey(ownText(el));
      if (!wanted.has(key) || isColumnHeader(el) || !isShown(el, this.scope)) continue;
      index.set(key, [...(index.get(key) ?? []), el]);
    }
    this.labels = index;
    return index;
  }

  private firstShownOf(selectors: readonly string[]): Element | null {
    return firstShown(this.scope, selectors);
  }

  /** A standard field's value elements: overrides, then the label beside it, then the inferred hooks; null if absent. */
  valueOf(id: FieldId): Element[] | null {
    const override = this.firstShownOf(this.hooks.override(id));
    if (override) return [override];
    for (const label of FIELD_LABELS[id]) {
      for (const candidate of this.labelIndex().get(labelKey(label)) ?? []) {
        const value = valueBeside(candidate, this.scope);
        if (value) return [value];
      }
    }
    const hooked = this.firstShownOf(this.hooks.own(id));
    return hooked ? hookValue(hooked) : null;
  }

  /** A standard field's shown text: null when the layout has no such field, '' when it is empty. */
  text(id: FieldId): string | null {
    const value = this.valueOf(id);
    return value ? collapse(value.map(shownTextOf).join(' ')) : null;
  }

  owner(): string | null {
    const value = this.valueOf('owner');
    if (!value) return null;
    for (const el of value) {
      const link = firstMatch(el, LOOKUP_LINK);
      const name = link ? shownTextOf(link) : '';
      if (name !== '') return name;
    }
    return emptyToNull(collapse(value.map(shownTextOf).join(' ')));
  }

  /** Every visible field by its shown label; the first of a repeated label wins. */
  fields(): Record<string, string> {
    const selectors = [...this.hooks.override('fields'), ...this.hooks.own('fields')].join(',');
    const rows = [...this.scope.querySelectorAll(selectors)].filter((el) => isShown(el, this.scope));
    return labelValuePairs(rows, {
      label: (el) => rowParts(el)?.label ?? labelBefore(el, this.scope),
      value: (el) => collapse(hookValue(el).map(shownTextOf).join(' ')),
    });
  }

  /**
   * Whether the record has rendered: the old UI's header, the record's action bar, a field's hook or one of the
   * standard labels is on screen. An empty detail view is still loading: reading it as unreadable would flash an
   * error on every deal.
   */
  rendered(): boolean {
    const shown = [...CLASSIC_HEADER, ...KEEP_CLEAR, ...this.hooks.override('fields'), ...this.hooks.own('fields'), TITLE_HOOK];
    return this.labelIndex().size > 0 || this.firstShownOf(shown) !== null;
  }

  /** Where the standard fields were read from: their tables (old UI) or rows, to watch for changes. */
  sources(): Element[] {
    const found = new Set<Element>();
    for (const id of Object.keys(FIELD_LABELS) as FieldId[]) {
      for (const el of this.valueOf(id) ?? []) found.add(el.closest('table') ?? el.parentElement ?? el);
    }
    return [...found];
  }
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/** The deal's shown detail view, or the whole page in the old UI, which has no known container. */
function detailView(doc: Document, hooks: Hooks): Scope {
  return firstShown(doc, [...hooks.override('detailView'), ...hooks.own('detailView')]) ?? doc;
}

/** The record id from a deal key (`zoho:<org>:<id>`). */
function recordIdOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

export interface ZohoReader {
  read(doc: Document, url: URL): ReadResult;
  signature(doc: Document, url: URL): string | null;
  keepClear(doc: Document): Element | null;
  watched(doc: Document): Element[];
  mayHoldDeal(added: Element): boolean;
  observeRoot(doc: Document): Element | null;
}

/** The reader, with an admin's override selectors tried before the labels and the adapter's own hooks. */
export function zohoReader(overrides: SelectorOverrides): ZohoReader {
  const hooks = hooksWith(overrides);

  const read = (doc: Document, url: URL): ReadResult => {
    const key = dealKey(url);
    if (!key) return { ok: false, failure: { kind: 'not-deal' } };
    const page = new Page(doc, detailView(doc, hooks), hooks);
    const locale = pageLocale(doc);
    const stage = emptyToNull(page.text('stage'));
    const name = emptyToNull(page.text('name'));
    if (!stage) {
      const missing = name ? ['stage'] : ['stage', 'name'];
      if (!page.rendered()) return { ok: false, failure: { kind: 'not-ready', missing } };
      return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing } };
    }

    const warnings: string[] = [];
    /** A field's text parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(id: FieldId, what: string, parse: (text: string, locale: string) => T | null): T | null => {
      const text = page.text(id);
      const value = text ? parse(text, locale) : null;
      if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
      return value;
    };

    const deal: DealSnapshot = {
      crm: 'zoho',
      key,
      recordId: recordIdOf(key),
      url: url.href,
      locale,
      name,
      // Zoho shows a picklist's display value only; its actual value is not on the page.
      stage: { label: stage, value: null },
      amount: parsed('amount', 'amount', parseMoney),
      closeDate: parsed('closeDate', 'closing date', parseDate),
      probability: parsed('probability', 'probability', parseNumber),
      nextStep: emptyToNull(page.text('nextStep')),
      owner: page.owner(),
      forecastCategory: emptyToNull(page.text('forecastCategory')),
      fields: page.fields(),
    };
    return { ok: true, deal, warnings };
  };

  /**
   * What a rep would see change, cheaply: the record, whether it has rendered, and the shown text of its detail view
   * (one native textContent, no label search). null only when the URL is no deal page.
   */
  const signature = (doc: Document, url: URL): string | null => {
    const key = dealKey(url);
    if (!key) return null;
    const scope = detailView(doc, hooks);
    const root = scope === doc ? doc.body : scope;
    return [key, scope === doc ? 'page' : 'view', collapse(root?.textContent ?? '')].join('\u241e');
  };

  const keepClear = (doc: Document): Element | null => firstShown(detailView(doc, hooks), KEEP_CLEAR);

  /** The detail view, or in the old UI (no known container) the tables and rows the fields were read from. */
  const watched = (doc: Document): Element[] => {
    const scope = detailView(doc, hooks);
    if (scope !== doc) return [scope as Element];
    const found = new Set(new Page(doc, scope, hooks).sources());
    const header = firstShown(doc, CLASSIC_HEADER);
    if (header) found.add(header.closest('table') ?? header);
    return [...found];
  };

  const parts = [DEAL_PARTS, ...(Object.keys(PARTS) as PartId[]).flatMap((part) => hooks.override(part))].join(',');
  const mayHoldDeal = (added: Element): boolean => added.matches(parts) || added.querySelector(parts) !== null;

  /** The container of the detail view (new UI); the whole page in the old UI. */
  const observeRoot = (doc: Document): Element | null => {
    const scope = detailView(doc, hooks);
    return scope === doc ? null : (scope as Element).parentElement;
  };

  return { read, signature, keepClear, watched, mayHoldDeal, observeRoot };
}
