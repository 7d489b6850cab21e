/**
 * Every selector the Pipedrive adapter uses, in one place.
 *
 * Grades from crm-evidence (pipedrive/NOTES.md and addendum-2026-11/NOTES-pipedrive.md):
 *   [MULTI]    several independent sources (maintained extensions that run against the live app),
 *   [SINGLE]   one source or one author,
 *   [INFERRED] not seen on this page for this field: deduced from a pattern, only ever behind evidenced hooks.
 * Lists are tried in order, the best-evidenced first. Nothing here was captured from a live Pipedrive.
 *
 * What is evidenced and what is not:
 * - The deal's title [MULTI] and the current stage in the stage bar [SINGLE] have their own hooks.
 * - Value, expected close date and owner have NO hook of their own in the evidence: the only evidenced path is the
 *   sidebar's label rows (`[data-testid="field-name"]` beside its value [SINGLE]), matched by their English label,
 *   which is locale-dependent. The rows' `data-field-key` (Pipedrive's API field keys) is tried first because it
 *   would not depend on the language, but that it sits on these rows is [INFERRED]: a 2026 extension uses
 *   `[data-field-key]` rows, and the keys are the API's.
 * - Probability is read the same way [INFERRED]. Pipedrive has no "next step" or forecast category field: they are
 *   not read. The deal's open/won/lost status has no evidenced hook on the deal page: not read.
 * - Pipedrive's styled-components classes (`sc-…`, `feAaQo`) change with every deploy: never used (NOTES §2).
 */

/**
 * The deal title's wrapper in the header [MULTI: TMetric since 2023-09, TimeCamp since 2024-02, Clockify
 * selectors.json 2023-06 → 2026-03]. Its presence means the deal page has rendered.
 */
export const HEADER_TITLE = '[data-testid="header-title"]';

/**
 * The title itself: an editable textarea (read its value) inside the wrapper [MULTI: TMetric `textarea` in the
 * wrapper, Clockify `.cui5-editable-text__input`]; then the `h1.cui5-editable-text__box` box that holds it
 * [SINGLE: a userscript's DevTools path]; then the wrapper's own text [INFERRED].
 */
export const TITLE = [
  `${HEADER_TITLE} textarea.cui5-editable-text__input`,
  `${HEADER_TITLE} textarea`,
  `${HEADER_TITLE} h1.cui5-editable-text__box`,
  HEADER_TITLE,
] as const;

/** `document.title` is "<deal title> - Deals" [SINGLE]: the title's last fallback, before the header renders. */
export const DOCUMENT_TITLE_SUFFIX = ' - Deals';

/**
 * One stage of the stage bar: a button per stage, in pipeline order [SINGLE author, several files; order INFERRED
 * from the author checking it against the API's order].
 */
export const STAGE_BUTTON = 'button.cui5-stage-selector__stage';

/**
 * The deal's current stage: the stage button with `aria-selected="true"` [SINGLE author, against a live 2025-26
 * account]; the BEM modifier `--current` that a look-alike clone reproduces [SINGLE]. In Pipedrive clicking a stage
 * moves the deal there at once, so the selected stage is the deal's stage (unlike Salesforce's Path).
 */
export const STAGE_CURRENT = [`${STAGE_BUTTON}[aria-selected="true"]`, `${STAGE_BUTTON}--current`] as const;

/**
 * The stage bar: the BEM block its buttons belong to [INFERRED from `cui5-stage-selector__stage`], else the current
 * button's parent. The overlay keeps below it: it is the control reps use most on a deal page.
 */
export const STAGE_BAR = '.cui5-stage-selector';

/**
 * The stage's name on its button: `aria-label`, else the text [SINGLE]. The text (and possibly the label) can start
 * with a localized time-in-stage prefix, e.g. "3 T · " in German or "3 days · ": the evidence's author strips it.
 * A number, an optional unit word and a middle dot: a stage name itself never starts that way.
 */
export const STAGE_LABEL_ATTRIBUTE = 'aria-label';
export const TIME_IN_STAGE_PREFIX = /^[<>]?\s*\d+(?:[.,]\d+)?\s*\p{L}{0,12}\.?\s*[·•]\s*/u;

/**
 * A sidebar field's label [SINGLE]. Its parent element is the field's row: label + value, the value being the
 * row's other text; "-" means empty [SINGLE].
 */
export const FIELD_NAME = '[data-testid="field-name"]';

/** What a row's value reads when the field is empty [SINGLE]. */
export const EMPTY_VALUE = '-';

/**
 * Text inside a row that is not its value: the label itself, buttons (edit pencils, menus) and non-text nodes.
 * [INFERRED: what the evidence's `innerText` "first line ≠ label" rule leaves out.]
 */
export const NOT_VALUE_TEXT = `${FIELD_NAME}, button, [role="button"], svg, style, script`;

/**
 * Sidebar blocks that describe the deal's person and organization, not the deal [U, low confidence each: a 2026
 * extension's `person-block`, `organization-block`]. Their rows (a person's or an organization's own "Owner") are
 * never read as the deal's.
 */
export const NOT_DEAL_BLOCKS = '[data-testid="person-block"], [data-testid="organization-block"]';

/**
 * The sidebar is virtualized (react-virtuoso): rows scrolled out of view are removed from the DOM [U, a 2026
 * extension that scrolls to find them]. A missing row there is not an empty field.
 */
export const VIRTUALIZED_SIDEBAR = '[data-virtuoso-scroller="true"], [data-testid="virtuoso-scroller"]';

/**
 * A standard field's row by its API field key [INFERRED: `[data-field-key]` rows seen in a 2026 extension; keys
 * from Pipedrive's deal API], then by the English label the row shows [SINGLE for the label-row pattern, INFERRED
 * for each label], in the order NOTES-pipedrive.md names them.
 */
export interface StandardField {
  /** The API field key on the row. */
  key: string;
  /** The English labels Pipedrive shows for it. */
  labels: readonly string[];
  /** What it is, in a rep's words, for "not found" messages. */
  what: string;
}

export const STANDARD_FIELDS = {
  amount: { key: 'value', labels: ['Value', 'Deal value'], what: "the deal's Value" },
  closeDate: { key: 'expected_close_date', labels: ['Expected close date', 'Close date'], what: "the deal's Expected close date" },
  owner: { key: 'user_id', labels: ['Owner', 'Deal owner'], what: "the deal's Owner" },
  probability: { key: 'probability', labels: ['Probability', 'Deal probability'], what: "the deal's Probability" },
} as const satisfies Record<string, StandardField>;

export type StandardFieldId = keyof typeof STANDARD_FIELDS;

/** The row of a standard field by its API key [INFERRED, see above]. */
export function rowByKey(key: string): string {
  return `[data-field-key="${key}"]`;
}

/** What an added element must be or contain to be worth a read: a stage button, the title, a field label. */
export const DEAL_PARTS = [STAGE_BUTTON, HEADER_TITLE, FIELD_NAME].join(',');

/**
 * Attributes the reader takes values from, whose changes the deal page observes: the stage's `aria-selected` (a
 * stage change only moves this attribute) and its `aria-label`.
 */
export const VALUE_ATTRIBUTES = ['aria-selected', STAGE_LABEL_ATTRIBUTE] as const;

/* The pipeline board (`/pipeline`), from crm-evidence/addendum-2026-11/NOTES-pipedrive.md. */

/** The board [SINGLE]: what is watched for tiles added, moved or scrolled into a column. */
export const BOARD_ROOT = 'div[data-test="pipeline-view"]';

/** A deal tile, with `data-test-deal-id` [MULTI: 3 test suites and what looks like Pipedrive's own tile source]. */
export const BOARD_TILE = '[data-test="pipeline-deal-tile"]';
export const BOARD_TILE_DEAL_ID = 'data-test-deal-id';

/** The tile's title link [SINGLE + component structure]: its href is the deal page. */
export const BOARD_TILE_LINK = 'a[href*="/deal/"]';

/** The tile's value, formatted with its currency [SINGLE]. */
export const BOARD_TILE_VALUE = '[data-test="pipeline-deal-value"]';

/**
 * A stage column: an element whose `data-test` holds `stage` and which holds a `deals-list`; the stage's name is a
 * `div` of the column outside that list [SINGLE]. The column is found from the tile upwards, so the board's other
 * `stage` hooks never count.
 */
export const BOARD_STAGE_COLUMN = '[data-test*="stage"]';
export const BOARD_DEALS_LIST = '[data-test="deals-list"]';
