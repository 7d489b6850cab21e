/**
 * Every selector and visible label the Zoho CRM adapter uses, in one place.
 *
 * The evidence is thin (crm-evidence/zoho-crm/NOTES.md, addendum-2026-11/NOTES-zoho.md), graded as there:
 *   [SINGLE]   one public source (TMetric's Zoho integration; a Selenium/Puppeteer script);
 *   [INFERRED] deduced from a naming pattern, never seen on a deal page.
 * What is evidenced: the old UI's `#subvalue_<COLUMN>` value ids (seen for SUBJECT, CONTACTID, POTENTIALNAME), its
 * header `#dv_title`/`#topSectionTitle`, the new UI's `crm-detail-view` and `crm-detailview-actions` elements and its
 * `#titlecard_<COLUMN>` title field, and the `data-zcqa` QA attribute. What is inferred: every hook for the stage,
 * amount, closing date, owner, probability and next step (no public source shows them on a Potentials page), and
 * `data-zcqa="rec_<Api_Name>"` on detail fields (seen on form widgets only).
 *
 * So the reader finds each field first by the label the page shows beside its value (Zoho's default Deal layout
 * labels, which a 2026 runbook also used to read a live deal page), and only then by these inferred hooks. The hooks
 * do not depend on the UI language; the labels do, so a translated layout is read through the hooks, and an admin can
 * add selectors by data (a playbook's `selectors` section) the day a hook proves wrong.
 */
import type { SelectorPart } from '../types';

/** The field columns (old UI ids) and API names (new UI QA ids) of Zoho's standard Deal fields. */
const COLUMN = {
  name: ['POTENTIALNAME', 'Deal_Name'],
  stage: ['STAGE', 'Stage'],
  amount: ['AMOUNT', 'Amount'],
  closeDate: ['CLOSINGDATE', 'Closing_Date'],
  owner: ['SMOWNERID', 'Owner'],
  probability: ['PROBABILITY', 'Probability'],
  nextStep: ['NEXTSTEP', 'Next_Step'],
  forecastCategory: ['FORECASTCATEGORY', 'Forecast_Category'],
} as const;

export type FieldId = keyof typeof COLUMN;

/**
 * A standard field's value by its hooks, in order: the old UI's `#subvalue_<COLUMN>` ([SINGLE] as a pattern,
 * [INFERRED] for these columns), the new UI's `#titlecard_<COLUMN>` ([SINGLE] as a pattern for the record's title
 * field, [INFERRED] elsewhere) and `[data-zcqa="rec_<Api_Name>"]` ([INFERRED]).
 */
function hooks(id: FieldId): string[] {
  const [column, api] = COLUMN[id];
  return [`#subvalue_${column}`, `#titlecard_${column}`, `[data-zcqa="rec_${api}"]`];
}

/**
 * The labels Zoho's default Deal layout shows beside each standard field (English UI), tried before the hooks.
 * "Deal Owner" and "Closing Date" are Zoho's words; the others are shared with most CRMs.
 */
export const FIELD_LABELS: Readonly<Record<FieldId, readonly string[]>> = {
  name: ['Deal Name', 'Potential Name'],
  stage: ['Stage'],
  amount: ['Amount'],
  closeDate: ['Closing Date'],
  owner: ['Deal Owner', 'Owner'],
  probability: ['Probability (%)', 'Probability'],
  nextStep: ['Next Step'],
  forecastCategory: ['Forecast Category'],
};

/**
 * The record's detail view, scoping every read: `crm-detail-view` (new UI [SINGLE]), `#kventitydetailspage` (old UI,
 * a deal opened from the kanban [SINGLE]). The old UI's full-page detail view has no known container: the whole page
 * is read there, still skipping what is hidden.
 */
export const DETAIL_VIEW = ['crm-detail-view', '#kventitydetailspage'] as const;

/** The old UI's record header, which holds the name [SINGLE: Selenium `tr#detailViewButtonLayerMainTableRow td#dv_title`]. */
export const CLASSIC_HEADER = ['#dv_title', '#topSectionTitle'] as const;

/**
 * The record's own controls at the top, which the overlay keeps clear of: the new UI's action bar
 * `crm-detailview-actions` [SINGLE], the old UI's header row `#detailViewButtonLayerMainTableRow` [SINGLE].
 */
export const KEEP_CLEAR = ['crm-detailview-actions', '#detailViewButtonLayerMainTableRow'] as const;

/**
 * Rows of a field and its label, to list every visible field: the old UI's value ids `[id^="subvalue_"]` [SINGLE]
 * (the label is the cell or element before the value) and the new UI's `[data-zcqa^="rec_"]` [INFERRED].
 */
export const FIELD_VALUES = ['[id^="subvalue_"]', '[data-zcqa^="rec_"]'] as const;

/**
 * Inside a value: text that is not the value. Buttons (inline edit, help), form controls of hidden inline editors,
 * scripts and styles; the rest of what hides text is decided from markup (hidden, aria-hidden, display:none).
 */
export const NOT_VALUE_TEXT = 'button, select, input, textarea, script, style, template';

/** A lookup's shown name inside its value: `.cxLookupCompLink` [SINGLE: TMetric, inside `#subvalue_CONTACTID`], any link. */
export const LOOKUP_LINK = ['.cxLookupCompLink', 'a'] as const;

/** The new UI's title field, `#titlecard_<COLUMN>` [SINGLE as a pattern]: there once the record has rendered. */
export const TITLE_HOOK = '[id^="titlecard_"]';

/** An added element worth a read: a detail view, a field value, a title or the old UI's header. */
export const DEAL_PARTS = [...DETAIL_VIEW, ...CLASSIC_HEADER, ...FIELD_VALUES, TITLE_HOOK].join(',');

/** Every part found by selector, by part id: what a playbook's `selectors` section can repair. */
export const PARTS = {
  stage: { label: 'the Stage field', selectors: hooks('stage') },
  name: { label: 'the deal’s name', selectors: hooks('name') },
  amount: { label: 'the Amount field', selectors: hooks('amount') },
  closeDate: { label: 'the Closing Date field', selectors: hooks('closeDate') },
  owner: { label: 'the Deal Owner field', selectors: hooks('owner') },
  probability: { label: 'the Probability field', selectors: hooks('probability') },
  nextStep: { label: 'the Next Step field', selectors: hooks('nextStep') },
  forecastCategory: { label: 'the Forecast Category field', selectors: hooks('forecastCategory') },
  fields: { label: 'the deal’s detail fields', selectors: FIELD_VALUES },
  detailView: { label: 'the deal’s detail view', selectors: DETAIL_VIEW },
} as const satisfies Record<string, SelectorPart>;

export type PartId = keyof typeof PARTS;

/*
 * The deals list and kanban, from crm-evidence/addendum-2026-11/NOTES-zoho.md: one student extractor's "working"
 * commit (gaurharsh/zoho_crm_extractor_assignment e61b5fad, 2026-01-17), [SINGLE]; the list hooks were seen on
 * Leads. Each has a broader fallback where one can be told.
 */

/** The list's header cells, whose text names each column [SINGLE]. */
export const LIST_HEADER_CELL = '.lyteDataviewHeaderCell';
/** A list row and its cells, in the headers' order [SINGLE]. */
export const LIST_ROW = '.lyteDataviewRow';
export const LIST_CELL = '.lyteDataviewCell';

/** A link to a deal record, in a row or on a card (the record's own URL) [INFERRED]. */
export const DEAL_LINK = 'a[href*="/tab/Potentials/"]';

/** A kanban column: `lyte-board` with `data-zcqa="kanbanHeader_<Stage name>"` [SINGLE]: the stage is in the attribute. */
export const KANBAN_COLUMN = 'lyte-board[data-zcqa^="kanbanHeader_"]';
export const KANBAN_STAGE_PREFIX = 'kanbanHeader_';

/** A card and its title link [SINGLE]; any deal link on the card as the fallback. */
export const KANBAN_CARD = 'lyte-card.crm-kv-card';
export const KANBAN_TITLE = ['a.crm-kv-header-link', DEAL_LINK] as const;

/** The card's amount, owner, closing date and probability [SINGLE each]. */
export const KANBAN_AMOUNT = ['.counterValue', '.numberDivCurrencyView'] as const;
export const KANBAN_OWNER = '[data-zcqa="recordOwner"]';
export const KANBAN_CLOSE_DATE = 'crux-date-component';
export const KANBAN_PROBABILITY = '[cx-prop-value*="%"]';

/** The list's column labels (English UI: as FIELD_LABELS, the deal page's). */
export const LIST_COLUMN_LABELS = {
  name: FIELD_LABELS.name,
  stage: FIELD_LABELS.stage,
  amount: FIELD_LABELS.amount,
  closeDate: FIELD_LABELS.closeDate,
  owner: FIELD_LABELS.owner,
  probability: FIELD_LABELS.probability,
  forecastCategory: FIELD_LABELS.forecastCategory,
} as const;
