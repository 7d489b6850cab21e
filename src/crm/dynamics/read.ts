/**
 * Dynamics 365 opportunity form → DealSnapshot. The stage is the business process flow's ACTIVE stage, never the
 * stage whose flyout the rep opened; fields are read by their Dataverse attribute name (`data-id`) where the form
 * has one, and every visible field by the label the form shows. Every selector comes from ./selectors, through the
 * `Selectors` a reader is made with, so a playbook's overrides reach every read.
 */
import { parseDate } from '../../core/dates';
import { parseMoney, parseNumber } from '../../core/money';
import type { CrmStage, DealSnapshot } from '../../core/types';
import { collapse, firstMatch, firstShown, isShown, labelValuePairs, pageLocale, shownText } from '../dom';
import type { CrmAdapter, ReadResult } from '../types';
import { dealKey, opportunityId } from './detect';
import {
  DEAL_PARTS,
  FIELD_LABEL,
  FORM_HEADER,
  FORM_ROOT,
  LOADING,
  LOOKUP_TAG,
  NOT_VALUE_TEXT,
  OPPORTUNITY_ATTRIBUTE,
  PROCESS_BAR,
  STAGE_FLYOUT,
  STAGE_GUID,
  STAGE_NAME,
  fieldContainers,
  type PartId,
} from './selectors';

/** Each part's selectors, the adapter's own with any overrides in front (src/crm/selectors.ts `selectorsWith`). */
export type Selectors = Readonly<Record<PartId, readonly string[]>>;

export const UNREADABLE_MESSAGE =
  "Stagecoach could not find this opportunity's stage (the active stage of its business process flow) on the page: " +
  'Dynamics 365 may have changed its layout, or this form shows no business process flow. Reload the page; if this ' +
  'stays, tell your Stagecoach admin so the Dynamics reader can be repaired.';

/** What Unified Interface shows in an empty field [INFERRED: its placeholder for empty values]. */
const EMPTY_VALUE = '---';

type Scope = Element | Document;

/** The form on screen, or the whole document (still skipping hidden subtrees) before it has rendered. */
function formOf(doc: Document): Scope {
  return firstShown(doc, FORM_ROOT) ?? doc;
}

function isLoading(doc: Document): boolean {
  return LOADING.some((selector) => [...doc.querySelectorAll(selector)].some((el) => isShown(el, null)));
}

const CONTROL = 'input:not([type="hidden"]):not([type="checkbox"]), textarea, select';

/** A header field's own `data-id` (`header_<attr>`), in the header's list or its flyout; not its controls (`header_<attr>.…`). */
const HEADER_ITEM = /^header_[a-z0-9_]+$/i;

/** What a form control shows: an input's or text area's current value, a select's chosen option. */
function controlText(control: Element): string {
  if (control.tagName === 'SELECT') {
    const select = control as HTMLSelectElement;
    return collapse(select.selectedOptions[0]?.textContent ?? '');
  }
  return collapse((control as HTMLInputElement).value);
}

/**
 * The value a field container (or an admin's selector pointing at the value itself) shows: a lookup's selected tags,
 * else its control's value, else, in a header field, the value div that comes before the label div, else its text
 * without the label. Unified Interface's "---" placeholder reads as empty.
 */
function fieldValue(el: Element): string {
  const text = ((): string => {
    if (el.matches(CONTROL)) return controlText(el);
    const tags = [...el.querySelectorAll(LOOKUP_TAG)].filter((tag) => isShown(tag, el));
    if (tags.length > 0) return tags.map((tag) => shownText(tag, NOT_VALUE_TEXT)).join(', ');
    const control = el.querySelector(CONTROL);
    if (control) return controlText(control);
    if (HEADER_ITEM.test(el.getAttribute('data-id') ?? '') && el.children.length > 1 && el.firstElementChild) {
      return shownText(el.firstElementChild, NOT_VALUE_TEXT);
    }
    return shownText(el, `${NOT_VALUE_TEXT}, ${FIELD_LABEL}`);
  })();
  return text === EMPTY_VALUE ? '' : text;
}

/** The label a field shows: a body field's `label`, a header field's last div (after its value). */
function fieldLabel(el: Element): string {
  const label = el.querySelector(FIELD_LABEL);
  if (label) return shownText(label, NOT_VALUE_TEXT);
  if (el.children.length > 1 && el.lastElementChild) return shownText(el.lastElementChild, NOT_VALUE_TEXT);
  return '';
}

/** Outside the stage flyout: its `header_process_<attr>` copies come and go as the rep opens stages. */
function notInFlyout(el: Element): boolean {
  return el.closest(STAGE_FLYOUT) === null;
}

function firstField(scope: Scope, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    for (const el of scope.querySelectorAll(selector)) {
      if (notInFlyout(el) && isShown(el, scope)) return el;
    }
  }
  return null;
}

/** A field's shown text: null when the form does not show it, '' when it is empty. */
function fieldText(scope: Scope, selectors: readonly string[]): string | null {
  const el = firstField(scope, selectors);
  return el ? fieldValue(el) : null;
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/** The stage's GUID from the ids of its item or name (`…processHeaderStage_<guid>`), lower case. */
function stageGuid(...elements: Element[]): string | null {
  for (const el of elements) {
    for (const id of [el.id, el.getAttribute('data-id') ?? '']) {
      const guid = STAGE_GUID.exec(id)?.[1];
      if (guid) return guid.toLowerCase();
    }
  }
  return null;
}

/**
 * The active stage of the process bar: its name and GUID. An override may point at the stage item or at its name:
 * the name inside the item is used when there is one.
 */
function activeStage(scope: Scope, selectors: readonly string[]): CrmStage | null {
  // The process bar sits inside the form as far as the evidence shows. In case a release moves it out of the form's
  // root, a bar outside every form is taken too, never one inside another form (a record opened in a dialog).
  const page = scope.ownerDocument;
  const outside = page ? firstShown(page, selectors) : null;
  const item = firstShown(scope, selectors) ?? (outside?.closest(FORM_ROOT[0]) === null ? outside : null);
  if (!item) return null;
  const name = firstMatch(item, STAGE_NAME) ?? item;
  const label = shownText(name, NOT_VALUE_TEXT);
  if (label === '') return null;
  return { label, value: stageGuid(item, name) };
}

/** "2-Develop" → "Develop": the Pipeline Phase field numbers the stage it mirrors. */
function phaseStage(text: string): string {
  return text.replace(/^\d+\s*-\s*/, '');
}

/**
 * The deal's stage:
 * - a closed opportunity (Status Won or Lost) is in that status, whatever stage its finished process still shows
 *   (the built-in playbook maps Won and Lost) [INFERRED: English status names];
 * - else the process bar's active stage;
 * - else, on a form without a process bar, the Sales Stage or Pipeline Phase field that mirrors it, with a warning.
 */
function decideStage(scope: Scope, selectors: Selectors): { stage: CrmStage; warning: string | null } | null {
  const status = fieldText(scope, fieldContainers(OPPORTUNITY_ATTRIBUTE.status));
  const bar = activeStage(scope, selectors.stage);
  if (status && /^(?:won|lost)$/i.test(status)) return { stage: { label: status, value: null }, warning: null };
  if (bar) return { stage: bar, warning: null };
  const salesStage = emptyToNull(fieldText(scope, fieldContainers(OPPORTUNITY_ATTRIBUTE.salesStage)));
  const phase = emptyToNull(fieldText(scope, fieldContainers(OPPORTUNITY_ATTRIBUTE.pipelinePhase)));
  const mirrored = salesStage ?? (phase ? phaseStage(phase) : null);
  if (!mirrored) return null;
  return {
    stage: { label: mirrored, value: null },
    warning: `No business process flow on this form: the stage "${mirrored}" comes from the ${salesStage ? 'Sales Stage' : 'Pipeline Phase'} field.`,
  };
}

/** The title's `title` attribute holds the bare name; its text may add a save state ("- Saved"). */
function recordName(scope: Scope, selectors: Selectors): string | null {
  const title = firstShown(scope, selectors.name);
  const fromTitle = emptyToNull(collapse(title?.getAttribute('title') ?? '')) ?? emptyToNull(title ? shownText(title, NOT_VALUE_TEXT) : '');
  return fromTitle ?? emptyToNull(fieldText(scope, fieldContainers(OPPORTUNITY_ATTRIBUTE.name)));
}

/** Every visible field by its shown label (body fields first, then the header's), the stage flyout's left out. */
function allFields(scope: Scope, selectors: readonly string[]): Record<string, string> {
  const rows = selectors.flatMap((selector) => [...scope.querySelectorAll(selector)]);
  return labelValuePairs(
    rows.filter((row) => notInFlyout(row) && isShown(row, scope)),
    { label: fieldLabel, value: fieldValue },
  );
}

function read(selectors: Selectors, doc: Document, url: URL): ReadResult {
  const key = dealKey(url);
  const recordId = opportunityId(url);
  if (!key || !recordId) return { ok: false, failure: { kind: 'not-deal' } };

  const scope = formOf(doc);
  const locale = pageLocale(doc);
  const decided = decideStage(scope, selectors);
  const name = recordName(scope, selectors);

  if (!decided) {
    const missing = name ? ['stage'] : ['stage', 'name'];
    const rendered =
      scope !== doc && !isLoading(doc) && (name !== null || firstField(scope, selectors.fields) !== null);
    if (!rendered) return { ok: false, failure: { kind: 'not-ready', missing } };
    return { ok: false, failure: { kind: 'unreadable', message: UNREADABLE_MESSAGE, missing } };
  }

  const warnings: string[] = [];
  if (decided.warning) warnings.push(decided.warning);
  /** A field's text parsed in the page's locale; text that does not parse reads as empty, with a warning. */
  const parsed = <T>(part: PartId, what: string, parse: (text: string, locale: string) => T | null): T | null => {
    const text = fieldText(scope, selectors[part]);
    const value = text ? parse(text, locale) : null;
    if (text && value === null) warnings.push(`Could not read the ${what} "${text}" (${locale}).`);
    return value;
  };

  const deal: DealSnapshot = {
    crm: 'dynamics',
    key,
    recordId,
    url: url.href,
    locale,
    name,
    stage: decided.stage,
    amount: parsed('amount', 'estimated revenue', parseMoney),
    closeDate: parsed('closeDate', 'estimated close date', parseDate),
    probability: parsed('probability', 'probability', parseNumber),
    // Opportunities have no standard next-step field in Dynamics; a custom one is read into `fields` by its label.
    nextStep: null,
    owner: emptyToNull(fieldText(scope, selectors.owner)),
    forecastCategory: emptyToNull(fieldText(scope, selectors.forecastCategory)),
    fields: allFields(scope, selectors.fields),
  };
  return { ok: true, deal, warnings };
}

/**
 * A cheap fingerprint of what a rep would see change: the active stage, the status, the title, the standard fields'
 * values and how many fields the form shows. A dozen queries, no full field scan.
 */
function signature(selectors: Selectors, doc: Document, url: URL): string | null {
  const id = opportunityId(url);
  if (!id) return null;
  const scope = formOf(doc);
  const stage = firstShown(scope, selectors.stage);
  const value = (found: readonly string[]): string => fieldText(scope, found) ?? '-';
  const title = firstShown(scope, selectors.name);
  const parts = [
    id,
    stage ? `${stage.id}|${collapse(stage.textContent)}` : '-',
    value(fieldContainers(OPPORTUNITY_ATTRIBUTE.status)),
    title ? `${title.getAttribute('title') ?? ''}|${collapse(title.textContent)}` : '-',
    value(selectors.amount),
    value(selectors.closeDate),
    value(selectors.probability),
    value(selectors.owner),
    value(selectors.forecastCategory),
    String(selectors.fields.flatMap((selector) => [...scope.querySelectorAll(selector)]).filter(notInFlyout).length),
  ];
  // Nothing to read yet: say whether it is loading, so the end of loading changes the signature.
  if (!stage) parts.push(isLoading(doc) ? 'loading' : 'idle', doc.title);
  return parts.join('\u241e');
}

/** The reading half of the adapter, made with one set of selectors. */
export function createReader(selectors: Selectors): Omit<CrmAdapter, 'id' | 'label' | 'parts' | 'withSelectors'> {
  return {
    read: (doc, url) => read(selectors, doc, url),
    signature: (doc, url) => signature(selectors, doc, url),
    // The process bar sits below the header's title and fields: keeping below it keeps both clear.
    keepClear: (doc) => firstMatch(formOf(doc), [...PROCESS_BAR, ...FORM_HEADER]),
    watched(doc) {
      const form = formOf(doc);
      const found = new Set<Element>();
      for (const part of [PROCESS_BAR, FORM_HEADER]) {
        const el = firstMatch(form, part);
        if (el) found.add(el);
      }
      // A field's section, not each field: a handful of elements to test mutations against.
      for (const field of selectors.fields.flatMap((selector) => [...form.querySelectorAll(selector)])) {
        found.add(field.parentElement ?? field);
      }
      return [...found];
    },
    mayHoldDeal: (added) => added.matches(DEAL_PARTS) || added.querySelector(DEAL_PARTS) !== null,
    // The form's container: Unified Interface replaces the form inside it when the rep opens another record.
    observeRoot(doc) {
      const form = formOf(doc);
      return form === doc ? null : (form as Element).parentElement;
    },
  };
}
