/**
 * Pipedrive deal page → DealSnapshot. The stage comes from the stage bar, the title from the header, and every other
 * field from the sidebar's label rows (see ./selectors for what is evidenced and what inferred). A reader is made
 * for one set of selectors: the adapter's own, or those with a playbook's overrides in front.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import { normalizeText } from '../../core/text';
import type { DealSnapshot } from '../../core/types';
import { collapse, firstShown, isShown, labelValuePairs, lightText, pageLocale } from '../dom';
import type { ReadResult } from '../types';
import { dealId, dealKey } from './detect';
import {
  DEAL_PARTS,
  DOCUMENT_TITLE_SUFFIX,
  EMPTY_VALUE,
  FIELD_NAME,
  HEADER_TITLE,
  NOT_DEAL_BLOCKS,
  NOT_VALUE_TEXT,
  STAGE_BAR,
  STAGE_LABEL_ATTRIBUTE,
  STANDARD_FIELDS,
  TIME_IN_STAGE_PREFIX,
  VIRTUALIZED_SIDEBAR,
  type StandardFieldId,
} from './selectors';

/** The parts a reader finds by selector, by part id (the adapter's `parts`). */
export type PartId = 'stage' | 'name' | 'fields' | StandardFieldId;
export type PartSelectors = Readonly<Record<PartId, readonly string[]>>;

const PART_NAMES: Readonly<Record<PartId, string>> = {
  stage: "the deal's stage",
  name: "the deal's title",
  fields: "the deal's fields",
  amount: STANDARD_FIELDS.amount.what,
  closeDate: STANDARD_FIELDS.closeDate.what,
  owner: STANDARD_FIELDS.owner.what,
  probability: STANDARD_FIELDS.probability.what,
};

/** The rep-facing message when the deal page has rendered but its stage (and maybe title) cannot be found. */
function unreadableMessage(missing: readonly PartId[]): string {
  const what = missing.map((part) => PART_NAMES[part]).join(' and ');
  return (
    `Stagecoach could not find ${what} on this Pipedrive page: Pipedrive may have changed its layout. ` +
    'Reload the page; if this stays, tell your Stagecoach admin so the Pipedrive reader can be updated.'
  );
}

function stripTimeInStage(text: string): string {
  return collapse(text).replace(TIME_IN_STAGE_PREFIX, '');
}

/** A stage button's name: its `aria-label`, else its text, without the time-in-stage prefix either may carry. */
function stageLabel(button: Element): string {
  const label = stripTimeInStage(button.getAttribute(STAGE_LABEL_ATTRIBUTE) ?? '');
  return label !== '' ? label : stripTimeInStage(lightText(button, 'svg, style, script'));
}

/** The text an element shows as a title: a textarea's value (what the rep typed last), else its text. */
function titleText(el: Element): string {
  if (el.localName === 'textarea') return collapse((el as HTMLTextAreaElement).value);
  return collapse(lightText(el, 'button, svg, style, script'));
}

/** Whether a row belongs to the deal, not to its person's or organization's block. */
function isDealElement(el: Element): boolean {
  return el.closest(NOT_DEAL_BLOCKS) === null;
}

/**
 * The value a row shows: its text without the label, buttons and icons; "-" is Pipedrive's empty. A label element
 * stands for its row (the label's parent holds label and value).
 */
function rowValue(el: Element): string {
  const row = el.matches(FIELD_NAME) && el.parentElement ? el.parentElement : el;
  const text = collapse(lightText(row, NOT_VALUE_TEXT));
  return text === EMPTY_VALUE ? '' : text;
}

/** Every label element of the deal's own rows that is shown. */
function dealLabels(doc: Document, selectors: readonly string[]): Element[] {
  const seen = new Set<Element>();
  for (const selector of selectors) {
    for (const el of doc.querySelectorAll(selector)) if (isDealElement(el) && isShown(el, null)) seen.add(el);
  }
  return [...seen];
}

function firstDealShown(doc: Document, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    for (const el of doc.querySelectorAll(selector)) if (isDealElement(el) && isShown(el, null)) return el;
  }
  return null;
}

/**
 * A standard field's value: by the part's selectors (its API key, or an admin's override), else by its English label
 * among the rows. null when the page shows no such row, '' when the row is empty.
 */
function standardText(doc: Document, selectors: PartSelectors, id: StandardFieldId, labels: Element[]): string | null {
  const el = firstDealShown(doc, selectors[id]);
  if (el) return rowValue(el);
  const wanted = STANDARD_FIELDS[id].labels.map(normalizeText);
  const label = labels.find((candidate) => wanted.includes(normalizeText(collapse(lightText(candidate, 'button, svg')))));
  return label ? rowValue(label) : null;
}

/**
 * What the sidebar showed last for the deal on screen. The sidebar is virtualized: a row scrolled out of view leaves
 * the DOM, and a field that is merely out of view is not empty. Kept for one deal in one document.
 */
interface SeenRows {
  doc: Document;
  key: string;
  standard: Map<StandardFieldId, string>;
  fields: Map<string, string>;
}

export interface PipedriveReader {
  read(doc: Document, url: URL): ReadResult;
  signature(doc: Document, url: URL): string | null;
  keepClear(doc: Document): Element | null;
  watched(doc: Document): Element[];
  mayHoldDeal(added: Element): boolean;
}

export function createReader(selectors: PartSelectors): PipedriveReader {
  let seen: SeenRows | null = null;

  const currentStage = (doc: Document): Element | null => firstShown(doc, selectors.stage);

  const title = (doc: Document): string | null => {
    const el = firstShown(doc, selectors.name);
    const text = el ? titleText(el) : '';
    if (text !== '') return text;
    // Before the header renders, the document title already names the deal.
    return doc.title.endsWith(DOCUMENT_TITLE_SUFFIX) ? collapse(doc.title.slice(0, -DOCUMENT_TITLE_SUFFIX.length)) || null : null;
  };

  /** The deal page has rendered: its header or its sidebar rows are on screen. */
  const rendered = (doc: Document): boolean =>
    firstShown(doc, [HEADER_TITLE]) !== null || firstShown(doc, selectors.fields) !== null;

  const read = (doc: Document, url: URL): ReadResult => {
    const key = dealKey(url);
    const recordId = dealId(url);
    if (!key || !recordId) return { ok: false, failure: { kind: 'not-deal' } };

    const name = title(doc);
    const stageButton = currentStage(doc);
    const stage = stageButton ? stageLabel(stageButton) : '';
    if (stage === '') {
      const missing: PartId[] = name ? ['stage'] : ['stage', 'name'];
      if (!rendered(doc)) return { ok: false, failure: { kind: 'not-ready', missing } };
      return { ok: false, failure: { kind: 'unreadable', message: unreadableMessage(missing), missing } };
    }

    if (seen?.doc !== doc || seen.key !== key) seen = { doc, key, standard: new Map(), fields: new Map() };
    const memory = seen;
    const virtualized = doc.querySelector(VIRTUALIZED_SIDEBAR) !== null;
    const labels = dealLabels(doc, selectors.fields);
    const locale = pageLocale(doc);
    const warnings: string[] = [];

    /** A standard field as shown, or as last shown while its row is scrolled out of the virtualized sidebar. */
    const text = (id: StandardFieldId): string | null => {
      const shown = standardText(doc, selectors, id, labels);
      if (shown !== null) memory.standard.set(id, shown);
      return shown ?? (virtualized ? (memory.standard.get(id) ?? null) : null);
    };
    /** A standard field parsed in the page's locale; text that does not parse reads as empty, with a warning. */
    const parsed = <T>(id: StandardFieldId, what: string, parse: (text: string, locale: string) => T | null): T | null => {
      const shown = text(id);
      const value = shown ? parse(shown, locale) : null;
      if (shown && value === null) warnings.push(`Could not read the ${what} "${shown}" (${locale}).`);
      return value;
    };

    const fields = labelValuePairs(labels, { label: (el) => lightText(el, 'button, svg'), value: rowValue });
    if (virtualized) {
      for (const [label, value] of Object.entries(fields)) memory.fields.set(label, value);
      for (const [label, value] of memory.fields) if (!(label in fields)) fields[label] = value;
    }
    if (!name) warnings.push("The deal's title was not found on the page.");

    const owner = text('owner');
    const deal: DealSnapshot = {
      crm: 'pipedrive',
      key,
      recordId,
      url: url.href,
      locale,
      name,
      // Pipedrive shows no stage key on the page (NOTES §3): the label is all there is.
      stage: { label: stage, value: null },
      amount: parsed('amount', 'value', parseMoney),
      closeDate: parsed('closeDate', 'expected close date', parseDate),
      probability: parsed('probability', 'probability', parseNumber),
      nextStep: null,
      owner: owner === null || owner === '' ? null : owner,
      forecastCategory: null,
      fields,
    };
    return { ok: true, deal, warnings };
  };

  /**
   * A cheap fingerprint of what a rep would see change: the current stage button, the title and the sidebar rows'
   * text. null only when the URL is no deal page.
   */
  const signature = (doc: Document, url: URL): string | null => {
    const id = dealId(url);
    if (!id) return null;
    const button = currentStage(doc);
    const rows = [...doc.querySelectorAll(selectors.fields.join(','))].map((el) => el.parentElement?.textContent ?? '');
    const standard = (['amount', 'closeDate', 'owner', 'probability'] as const).map(
      (part) => firstDealShown(doc, selectors[part])?.textContent ?? '-',
    );
    const parts = [
      id,
      button ? `${button.className}|${button.getAttribute(STAGE_LABEL_ATTRIBUTE) ?? ''}|${button.textContent}` : '-',
      title(doc) ?? '-',
      ...standard,
      rows.join('\u241f'),
    ];
    // Nothing to read yet: say whether the page has rendered, so rendering changes the signature.
    if (!button) parts.push(rendered(doc) ? 'rendered' : 'waiting', doc.title);
    return parts.join('\u241e');
  };

  /** The stage bar (the control reps use most), else the title's header: the overlay stays below it. */
  const keepClear = (doc: Document): Element | null => {
    const button = currentStage(doc);
    if (button) return button.closest(STAGE_BAR) ?? button.parentElement;
    return firstShown(doc, [HEADER_TITLE]);
  };

  /** The stage bar, the title and the sidebar's row lists: the only places a change can alter what `read` returns. */
  const watched = (doc: Document): Element[] => {
    const found = new Set<Element>();
    const bar = keepClear(doc);
    if (bar) found.add(bar);
    const header = firstShown(doc, selectors.name);
    if (header) found.add(header.closest(HEADER_TITLE) ?? header);
    // A row's list, not each row: a handful of elements to test mutations against.
    for (const label of doc.querySelectorAll(selectors.fields.join(','))) {
      const row = label.parentElement ?? label;
      found.add(row.parentElement ?? row);
    }
    for (const part of ['amount', 'closeDate', 'owner', 'probability'] as const) {
      const el = firstDealShown(doc, selectors[part]);
      if (el) found.add(el.parentElement ?? el);
    }
    return [...found];
  };

  const dealParts = [DEAL_PARTS, ...selectors.stage, ...selectors.name, ...selectors.fields].join(',');
  const mayHoldDeal = (added: Element): boolean => added.matches(dealParts) || added.querySelector(dealParts) !== null;

  return { read, signature, keepClear, watched, mayHoldDeal };
}

