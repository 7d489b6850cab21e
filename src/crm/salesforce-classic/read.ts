/**
 * Salesforce Classic opportunity detail page → DealSnapshot. Classic renders the whole record on the server: one
 * record per page load, no cached views, so the read is scoped only to keep the related lists and the sidebar out.
 * Standard fields are found by their value ids first (language-independent), then by their label; every other field
 * by the label beside it. Every selector comes from ./selectors, through the `Selectors` a reader is made with (the
 * adapter's own, or an admin's overrides in front of them).
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { DealSnapshot } from '../../core/types';
import { collapse, firstMatch, firstShown, isShown, labelValuePairs, lightText, pageLocale } from '../dom';
import type { ReadResult } from '../types';
import { dealKey, detector } from './detect';
import {
  BODY_CELL,
  CHECKBOX_IMAGE,
  DATA_CELL,
  DEAL_PARTS,
  DETAIL_BLOCK,
  FIELD_PARTS,
  type FieldPart,
  KEEP_CLEAR,
  LABEL_CELL,
  NOT_VALUE_TEXT,
  OWNER_LINK,
  type PartId,
} from './selectors';

/** Each part's selectors, in the order they are tried (overrides first). */
export type Selectors = Readonly<Record<PartId, readonly string[]>>;

export const UNREADABLE_MESSAGE =
  "Stagecoach could not find this opportunity's stage on the page: Salesforce Classic may have changed its layout. " +
  'Reload the page; if this stays, tell your Stagecoach admin so the Salesforce Classic reader can be updated.';

type Scope = Element | Document;

/** The record's detail section, so related lists and the sidebar are never read; the page when it has none. */
function detailScope(doc: Document): Scope {
  return firstMatch(doc, DETAIL_BLOCK) ?? doc;
}

/** Shown text, with Classic's placeholder for an empty cell (a lone no-break space) read as empty. */
function cellText(el: Element): string {
  const text = collapse(lightText(el, NOT_VALUE_TEXT));
  return /^[\s\u00a0]*$/.test(text) ? '' : text;
}

/** The text a value shows: its own text without help bubbles and scripts; a checkbox image reads `true`/`false`. */
function valueText(el: Element): string {
  const text = cellText(el);
  if (text !== '') return text;
  const box = el.matches(CHECKBOX_IMAGE) ? el : el.querySelector(CHECKBOX_IMAGE);
  const title = box?.getAttribute('title');
  return title ? String(title.trim().toLowerCase() === 'checked') : '';
}

/** Every shown data cell of the detail tables with the label beside it, in page order. */
function labelledCells(scope: Scope, tables: readonly string[]): Map<Element, string> {
  const cells = new Map<Element, string>();
  for (const selector of tables) {
    for (const table of scope.querySelectorAll(selector)) {
      if (!isShown(table, scope)) continue;
      for (const labelCell of table.querySelectorAll(LABEL_CELL)) {
        const cell = labelCell.nextElementSibling;
        if (cell?.matches(DATA_CELL) && isShown(cell, scope)) cells.set(cell, cellText(labelCell));
      }
    }
    // The first selector that finds tables wins: an override replaces the built-in tables instead of adding to them.
    if (cells.size > 0) break;
  }
  return cells;
}

/** The owner's name: the user link in the cell, without the "[Change]" link beside it. */
function ownerText(cell: Element): string {
  const user = cell.querySelector(OWNER_LINK);
  return valueText(user ?? cell);
}

/** Reads one page: the detail section and its label/value cells are found once and shared by every field. */
function pageReader(doc: Document, selectors: Selectors) {
  const scope = detailScope(doc);
  let cells: Map<Element, string> | undefined;
  const labelled = () => (cells ??= labelledCells(scope, selectors.fields));

  /** The element holding a standard field's value: by id (or override), else the data cell beside its label. */
  const valueElement = (part: FieldPart): Element | null => {
    const byId = firstShown(scope, selectors[part]);
    if (byId) return byId;
    const labels = FIELD_PARTS[part].labels.map((label) => label.toLowerCase());
    for (const [cell, label] of labelled()) if (labels.includes(label.toLowerCase())) return cell;
    return null;
  };

  return {
    /** A standard field's shown text: null when the page has no such field, '' when it is empty. */
    field(part: FieldPart): string | null {
      const el = valueElement(part);
      return el ? valueText(el) : null;
    },
    owner(): string | null {
      const el = valueElement('owner');
      return el ? emptyToNull(ownerText(el)) : null;
    },
    title(): string | null {
      const el = firstShown(doc, selectors.title);
      return el ? emptyToNull(valueText(el)) : null;
    },
    fields(): Record<string, string> {
      const all = labelled();
      const owner = valueElement('owner');
      return labelValuePairs(all.keys(), {
        label: (cell) => all.get(cell) ?? '',
        value: (cell) => (cell === owner ? ownerText(cell) : valueText(cell)),
      });
    },
  };
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/**
 * Whether the page shows a record's detail tables. Without them it is still arriving, or it is a page with no record
 * ("Data Not Available" for a deleted one): the overlay says nothing there rather than blame the page's layout.
 */
function rendered(doc: Document, selectors: Selectors): boolean {
  return firstMatch(doc, selectors.fields) !== null;
}

export function createReader(selectors: Selectors) {
  function read(doc: Document, url: URL): ReadResult {
    const key = dealKey(url);
    if (!key) return { ok: false, failure: { kind: 'not-deal' } };
    const page = pageReader(doc, selectors);
    const stage = emptyToNull(page.field('stage'));
    const name = emptyToNull(page.field('name')) ?? page.title();

    if (!stage) {
      if (!rendered(doc, selectors)) {
        return { ok: false, failure: { kind: 'not-ready', missing: name ? ['stage'] : ['stage', 'name'] } };
      }
      return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing: ['stage'] } };
    }

    const locale = pageLocale(doc);
    const warnings: string[] = [];
    /** A standard field parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(part: FieldPart, what: string, parse: (text: string, locale: string) => T | null): T | null => {
      const text = page.field(part);
      const value = text ? parse(text, locale) : null;
      if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
      return value;
    };

    const deal: DealSnapshot = {
      crm: detector.keyPrefix ?? detector.id,
      key,
      // The key ends with the 18-character id, the form Lightning's snapshots carry for the same deal.
      recordId: key.slice(key.lastIndexOf(':') + 1),
      url: url.href,
      locale,
      name,
      // Classic shows the stage's label only: the picklist's API value is not on the page.
      stage: { label: stage, value: null },
      amount: parsed('amount', 'amount', parseMoney),
      closeDate: parsed('closeDate', 'close date', parseDate),
      probability: parsed('probability', 'probability', parseNumber),
      nextStep: emptyToNull(page.field('nextStep')),
      owner: page.owner(),
      forecastCategory: emptyToNull(page.field('forecastCategory')),
      fields: page.fields(),
    };
    return { ok: true, deal, warnings };
  }

  /**
   * What a rep would see change: the record name and the detail tables' text (an inline edit changes a value's text).
   * Reading text nodes only, no label matching and no parsing, it is far cheaper than `read`.
   * null only when the URL is no Classic opportunity detail page.
   */
  function signature(doc: Document, url: URL): string | null {
    const key = dealKey(url);
    if (!key) return null;
    const scope = detailScope(doc);
    const parts = [key, firstMatch(doc, selectors.title)?.textContent ?? '-'];
    for (const part of Object.keys(FIELD_PARTS) as FieldPart[]) {
      parts.push(firstMatch(scope, selectors[part])?.textContent ?? '-');
    }
    const tables = [...scope.querySelectorAll(selectors.fields.join(','))];
    for (const table of tables) parts.push(table.textContent);
    // Nothing rendered yet: the title changes when the page arrives, so the signature does too.
    if (tables.length === 0) parts.push(doc.title);
    return parts.join('\u241e');
  }

  return {
    read,
    signature,
    /** The title block with the record's links and buttons: the overlay keeps below it. */
    keepClear: (doc: Document): Element | null => firstMatch(doc, KEEP_CLEAR),
    /** The title block and the detail section: the only places a change can alter what `read` returns. */
    watched(doc: Document): Element[] {
      const found = new Set<Element>();
      const title = firstMatch(doc, selectors.title);
      if (title) found.add(title);
      const scope = detailScope(doc);
      if (scope !== doc) found.add(scope as Element);
      for (const table of scope.querySelectorAll(selectors.fields.join(','))) found.add(table);
      return [...found];
    },
    mayHoldDeal: (added: Element): boolean => added.matches(DEAL_PARTS) || added.querySelector(DEAL_PARTS) !== null,
    /** The body cell beside the sidebar: the header, tabs and sidebar outside it cannot change the deal. */
    observeRoot: (doc: Document): Element | null => doc.querySelector(BODY_CELL),
  };
}
