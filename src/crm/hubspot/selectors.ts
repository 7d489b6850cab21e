/**
 * Every selector the HubSpot adapter uses, in one place.
 *
 * Evidence grades, from crm-evidence/hubspot/NOTES.md ("NOTES") and addendum-2026-11/NOTES-hubspot.md ("ADD"):
 *   [MULTI]    several independent public sources (maintained extensions, test suites),
 *   [SINGLE]   one source or author,
 *   [INFERRED] deduced from the evidence's patterns, not seen.
 * Nothing in the evidence is a capture of a HubSpot deal page: it covers single hooks, not their nesting (NOTES §6).
 * So the reader relies on what HubSpot builds from INTERNAL PROPERTY NAMES (`property-input-dealstage`, the same in
 * every UI language, NOTES §3) and on labels as the page shows them, never on class names (styled-components hashes
 * that change with every HubSpot build).
 *
 * What is evidenced and what is inferred:
 * - Evidenced: the record name (`highlightTitle` [MULTI], for about seven years), the highlight card [MULTI], the
 *   `property-input-<name>` pattern in both `data-test-id` and `data-selenium-test` [MULTI], stage and amount by it
 *   [SINGLE], the preview panel that shows ANOTHER record's highlight card [SINGLE], association cards [SINGLE].
 * - Inferred: the internal names of probability, next step and forecast category (HubSpot's standard deal
 *   properties, named as the evidenced ones are), where a property's label sits (inside the element, as the pt-BR
 *   scraper strips it, or as the first child of a highlight item), the record's left sidebar as the scope.
 * HubSpot uses BOTH `data-test-id` and `data-selenium-test` for the same hooks (ADD): every hook is tried in both.
 * Lists are tried in order: the most specific first. When a HubSpot release breaks one, fix it here (or, the same
 * day, in a playbook's `selectors` section: see `HUBSPOT_PARTS`).
 */
import type { SelectorPart } from '../types';

/** Both test-attribute spellings HubSpot uses for one hook, `data-test-id` first (the newer) [MULTI, ADD]. */
function testHook(value: string): string[] {
  return [`[data-test-id="${value}"]`, `[data-selenium-test="${value}"]`];
}

/** A record property's element by internal name, in both spellings [MULTI: NOTES §3, ADD "Generic property pattern"]. */
function propertyInput(name: string): string[] {
  return testHook(`property-input-${name}`);
}

/**
 * The record's own column: the left sidebar that holds its highlight card and "About" card [SINGLE: Clockify 2026
 * `[data-scroll-trackable-container="left-sidebar"] [data-test-id="record-highlight-main-content"]`], then the
 * highlight card's own wrappers [MULTI]. Reads are scoped to it when it is there, so the middle column (timeline)
 * and the right column (association cards) are not even looked at.
 */
export const RECORD_SCOPE = ['[data-scroll-trackable-container="left-sidebar"]'] as const;

/** The highlight card at the top of the record [MULTI: toggl 2026 `OBJECT_HIGHLIGHT`, Clockify 2026, ADD]. */
export const HIGHLIGHT_CARD = [
  '[data-card-type="OBJECT_HIGHLIGHT"]',
  '[data-test-id="record-highlight-content"]',
  '[data-test-id="record-highlight-main-content"]',
] as const;

/**
 * Containers that show ANOTHER record's properties on a deal page, whose hooks look exactly like the deal's own:
 * - the preview panel a rep opens from an associated contact or company, with its own highlight card and title
 *   [SINGLE: Clockify `[data-selenium-test="sidebar-preview-panel"] …`, `[data-test-id="IndexPageInlineSidebar"] …`];
 * - association cards (the deal's companies and contacts), with those records' properties, owner included
 *   [SINGLE each: ADD `card-wrapper-ASSOCIATION_V3/0-1`, NOTES `card-wrapper-ASSOCIATION_TABLE/0-2`,
 *   `card-id-ASSOCIATION_TABLE/0-2`].
 * Nothing inside them is ever read.
 */
export const OTHER_RECORDS = [
  '[data-selenium-test="sidebar-preview-panel"]',
  '[data-test-id="IndexPageInlineSidebar"]',
  '[data-test-id^="card-wrapper-ASSOCIATION"]',
  '[id^="card-wrapper-ASSOCIATION"]',
  '[data-selenium-test^="card-id-ASSOCIATION"]',
].join(',');

/**
 * The selector-found parts of a deal page: what the reader looks for, and what a playbook's `selectors` section can
 * repair. Exact attribute matches only: `highlight-property-item-<x>` can be a COMPOSITE of two properties
 * (`jobtitle-and-company`, ADD caveat), so no prefix of it is ever taken for one property.
 */
export const HUBSPOT_PARTS = {
  /**
   * `highlightTitle` [MULTI: toggl, Clockify, TimeCamp, 2019 to 2026, "the most durable HubSpot hook"];
   * `highlight-property-display-dealname` [SINGLE]; `highlight-record-label` [SINGLE, "2024+"]; the older
   * highlight container's heading [MULTI, 2024]; the About card's deal-name property [INFERRED from the pattern].
   */
  name: {
    label: 'the deal name at the top of the record',
    selectors: [
      ...testHook('highlightTitle'),
      ...testHook('highlight-property-display-dealname'),
      ...testHook('highlight-record-label'),
      '[data-selenium-test="deal-highlight-details"] h3',
      ...propertyInput('dealname'),
    ],
  },
  /**
   * `property-input-dealstage` [SINGLE, recent pt-BR scraper, which strips the label "Etapa do negócio" from its
   * text; four older Selenium suites use it as `data-selenium-test` on the stage button], then the highlight item
   * [SINGLE], then the stage button of a page object [SINGLE, possibly guessed].
   */
  stage: {
    label: 'the deal stage',
    selectors: [
      ...propertyInput('dealstage'),
      ...testHook('highlight-property-display-dealstage'),
      ...testHook('highlight-property-item-dealstage'),
      '[data-test-id="deal-stage-select"] button',
    ],
  },
  /** `highlight-property-display-amount`, then `-item-amount` [MULTI-weak, ADD]; the property [MULTI pattern]. */
  amount: {
    label: 'the deal amount',
    selectors: [
      ...testHook('highlight-property-display-amount'),
      ...propertyInput('amount'),
      ...testHook('highlight-property-item-amount'),
    ],
  },
  /** `[data-property-name="closedate"] input` [SINGLE page object]; `property-input-closedate` [SINGLE, older]. */
  closeDate: {
    label: 'the close date',
    selectors: [
      ...testHook('highlight-property-display-closedate'),
      ...propertyInput('closedate'),
      '[data-property-name="closedate"]',
    ],
  },
  /** The owner property [MULTI pattern]; the bare `[data-test-id="hubspot_owner_id"]` [SINGLE, low confidence]. */
  owner: {
    label: 'the deal owner',
    selectors: [
      ...propertyInput('hubspot_owner_id'),
      ...testHook('highlight-property-display-hubspot_owner_id'),
      '[data-test-id="hubspot_owner_id"]',
    ],
  },
  /** HubSpot's standard "Deal probability" property, `hs_deal_stage_probability` [INFERRED from the pattern]. */
  probability: {
    label: 'the deal probability',
    selectors: [...propertyInput('hs_deal_stage_probability'), ...testHook('highlight-property-display-hs_deal_stage_probability')],
  },
  /** HubSpot's standard "Next step" property, `hs_next_step` [INFERRED from the pattern]. */
  nextStep: {
    label: 'the next step',
    selectors: [...propertyInput('hs_next_step'), ...testHook('highlight-property-display-hs_next_step')],
  },
  /**
   * HubSpot's forecast category: `hs_manual_forecast_category` (set by the rep), else `hs_forecast_category`
   * (from the stage) [INFERRED from the pattern].
   */
  forecastCategory: {
    label: 'the forecast category',
    selectors: [...propertyInput('hs_manual_forecast_category'), ...propertyInput('hs_forecast_category')],
  },
  /**
   * Every property the record shows, read by its visible label: the property pattern [MULTI] and the highlight
   * card's display items [SINGLE, "the safer prefix" than `-item-`].
   */
  fields: {
    label: 'the deal’s properties',
    selectors: [
      '[data-test-id^="property-input-"]',
      '[data-selenium-test^="property-input-"]',
      '[data-test-id^="highlight-property-display-"]',
      '[data-selenium-test^="highlight-property-display-"]',
    ],
  },
} as const satisfies Record<string, SelectorPart>;

export type HubSpotPart = keyof typeof HUBSPOT_PARTS;

/**
 * A highlight item: its first child is the label, the rest the value (`<div>Ticket status:</div><div>…</div>`)
 * [SINGLE: a ticket-record test fixture; another extension styles `highlight-property-item-* > div:first-child` as
 * the muted label]. Never read as a property of its own (the composite ids above).
 */
export const HIGHLIGHT_ITEM = '[data-test-id^="highlight-property-item-"], [data-selenium-test^="highlight-property-item-"]';

/** A property element's own label, when HubSpot puts it inside (the pt-BR scraper's case) [INFERRED: `label`]. */
export const OWN_LABEL = 'label';

/**
 * Text inside a property element that is not its value: its label, icons, tooltips, styles. Buttons are NOT
 * skipped: a dropdown property (the stage) shows its value on its button [SINGLE: `button[data-selenium-test=
 * "property-input-dealstage"]`].
 */
export const NOT_VALUE_TEXT = 'label, svg, style, script, [role="tooltip"], [aria-hidden="true"]';

/**
 * What HubSpot shows in place of an empty property in its highlight card and board cards: a dash or two
 * [INFERRED: HubSpot's empty-value placeholder; the evidence shows no empty property]. Read as empty.
 */
export const EMPTY_VALUE = /^(?:--|-|\u2014|\u2013)$/;

/** A form control whose value is the property's value (`[data-property-name="closedate"] input` [SINGLE]). */
export const VALUE_CONTROL = 'input:not([type="hidden"]), select, textarea';

/**
 * Loading markers [INFERRED: ARIA's busy state and progress role, what any React spinner sets]. Only those inside
 * the record's sidebar count: a timeline still loading elsewhere must not hide a record whose stage is gone.
 */
export const LOADING = ['[aria-busy="true"]', '[role="progressbar"]'] as const;

/** The attribute a form control carries its value in, when the page writes it (React keeps it in sync). */
export const VALUE_ATTRIBUTES = ['value'] as const;

/** What an added element must be or contain to be worth a read: a record's highlight card or a property. */
export const DEAL_PARTS = [...HIGHLIGHT_CARD, ...RECORD_SCOPE, ...HUBSPOT_PARTS.fields.selectors, ...HUBSPOT_PARTS.name.selectors].join(',');

/*
 * The deals board and index (list), from crm-evidence/addendum-2026-11/NOTES-hubspot.md. Most board evidence is of
 * the tickets board, which shares the deals board's component: [MULTI] there, likely for deals.
 */

/** A board column, one per stage: `cdb-column` [MULTI]; the newer `framework-data-column-*` wrapper [SINGLE] as fallback. */
export const BOARD_COLUMN = ['[data-test-id="cdb-column"]', '[data-test-id^="framework-data-column-"]'] as const;

/** The column's stage name (text in nested spans) [MULTI]. */
export const BOARD_COLUMN_NAME = '[data-test-id="cdb-column-name"]';

/** A card [MULTI, ticket-board tools]. */
export const BOARD_CARD = '[data-test-id="cdbc-card"]';

/** The card's title [MULTI]. */
export const BOARD_CARD_TITLE = '[data-test-id="cdbc-title"]';

/** Links to a deal record, new and older paths [SINGLE for cards; the paths are the deal page's own]. */
export const DEAL_LINK = 'a[href*="/record/0-3/"], a[href*="/objects/0-3/record/"], a[href*="/deal/"]';

/**
 * A card property (amount, close date, owner, as the portal's card settings choose): `cdbc-property-N` holding a
 * label (with a colon) and a value; matched on the label, never on N [MULTI, 3+ authors].
 */
export const BOARD_CARD_PROPERTY = '[data-test-id^="cdbc-property-"]:not([data-test-id="cdbc-property-label"]):not([data-test-id="cdbc-property-value"])';
export const BOARD_CARD_PROPERTY_LABEL = '[data-test-id="cdbc-property-label"]';
export const BOARD_CARD_PROPERTY_VALUE = '[data-test-id="cdbc-property-value"]';

/**
 * The index's name cell: `td[data-table-external-id*="name-"]` [MULTI: Toggl, TimeCamp]; its row is a deal's row.
 * The other columns are found by their header's text, by position in the table [INFERRED: no source shows them].
 */
export const INDEX_NAME_CELL = 'td[data-table-external-id*="name-"]';

/**
 * The column and card labels HubSpot shows for the deal properties, in English and Brazilian Portuguese (the
 * languages of the deal-page evidence). Property names are the same in every language; their labels are not.
 */
export const LIST_LABELS = {
  name: ['Deal name', 'Name', 'Nome do negócio'],
  stage: ['Deal stage', 'Stage', 'Etapa do negócio'],
  amount: ['Amount', 'Valor'],
  closeDate: ['Close date', 'Data de fechamento'],
  owner: ['Deal owner', 'Proprietário do negócio'],
  probability: ['Deal probability', 'Probabilidade do negócio'],
  forecastCategory: ['Forecast category', 'Categoria de previsão'],
} as const;
