/**
 * Every selector the Salesforce adapter uses, in one place.
 *
 * Each entry says what it matches, why we rely on it, and its evidence grade from
 * crm-evidence/salesforce/NOTES.md:
 *   [O] observed in live orgs (real-DOM captures, several automation suites),
 *   [B] SLDS blueprint (the design system's class contract, v2.28.1),
 *   [U] unattributed public code, quoted as a fact only,
 *   [S] our own guess, only ever as a last fallback.
 * Lists are tried in order: the most specific hook first, broader fallbacks after.
 * Salesforce says its DOM is not an API (NOTES §5.5): when a release breaks one of these, fix it here.
 */
import type { SelectorPart } from '../types';

/**
 * The visible record view. Lightning keeps hidden cached copies of earlier records in the DOM (NOTES §1 "SPA
 * behaviour"), so every read is scoped to the active view first.
 * - `.windowViewMode-normal.active`: standard navigation [O toggl scopes to `.windowViewMode-normal`; U `active`].
 * - `.windowViewMode-maximized.active`: the same page opened maximised [U Opportunity scraper].
 * - `.tabContent.active.oneConsoleTab`: console apps, one per workspace tab [U].
 */
export const ACTIVE_VIEW = [
  '.windowViewMode-normal.active',
  '.windowViewMode-maximized.active',
  '.tabContent.active.oneConsoleTab',
] as const;

/**
 * What hides an element in Lightning's markup beyond `hidden`, `aria-hidden` and inline `display:none`: SLDS's
 * `slds-hide` utility class [B], which Lightning uses on cached views and closed panels [O capture].
 */
export const HIDDEN = { classes: ['slds-hide'] } as const;

/** Loading markers: the app's page spinner [O CumulusCI], SLDS spinners [O/U], Aura component spinner [U]. */
export const LOADING = [
  'div.auraLoadingBox.oneLoadingBox',
  '.slds-spinner_container:not(.slds-hide)',
  'div.slds-spinner',
  '.forceComponentSpinner',
] as const;

/**
 * The record header (highlights panel). `records-highlights2` since Spring '22 [O CumulusCI locators_54+,
 * full XPaths]; `force-highlights2` in older orgs [O XPaths]; `.forceHighlightsPanel` the Aura wrapper [U].
 * Its presence means the record page has rendered.
 */
export const RECORD_HEADER = ['records-highlights2', 'force-highlights2', '.forceHighlightsPanel'] as const;

/**
 * The record name in the header: `lightning-formatted-text[slot=primaryField]` [O XPaths, U Selenium];
 * any element in that slot as a fallback [S].
 */
export const RECORD_NAME = ['lightning-formatted-text[slot="primaryField"]', '[slot="primaryField"]'] as const;

/**
 * The Path's CURRENT item: the record's real stage.
 * `slds-is-current` marks it [B + O]; the standard record-page Path is the Aura component
 * `runtime_sales_pathassistant:pathAssistant` [O capture], so scope to it first, then any SLDS path item.
 * Closed paths add `slds-is-won`/`slds-is-lost` to that item [B]; they are accepted in case a release drops
 * `slds-is-current` there.
 * NEVER `.slds-is-active` or `[aria-selected=true]`: they follow the stage the user clicked, not the record's
 * stage [B "different-stage-selected", U Playwright suite].
 */
export const PATH_CURRENT_ITEM = [
  '.runtime_sales_pathassistantPathAssistant li.slds-path__item.slds-is-current',
  'li.slds-path__item.slds-is-current',
  'li.slds-path__item.slds-is-won',
  'li.slds-path__item.slds-is-lost',
] as const;

/** The Path's container: the standard Aura component first, then any SLDS path [O capture, B]. */
export const PATH_CONTAINER = ['.runtime_sales_pathassistantPathAssistant', '.slds-path'] as const;

/**
 * The record's Path with its "Mark Stage as Complete" button, then the highlights header with its action buttons:
 * the controls a rep uses most on a record page, which the overlay keeps clear of [O capture, CumulusCI].
 */
export const KEEP_CLEAR = [...PATH_CONTAINER, ...RECORD_HEADER] as const;

/**
 * What an added element must be or contain to be worth a read: a Path item, a record field, a record header.
 * Anything else Lightning inserts (feeds, toasts, related lists) cannot change the deal.
 */
export const DEAL_PARTS = [
  'li.slds-path__item',
  'records-record-layout-item',
  '[data-target-selection-name^="sfdc:RecordField.Opportunity."]',
  ...RECORD_HEADER,
].join(',');

/** Every item of the Path, to find the API value of a stage label [O capture `li.slds-path__item[data-name]`]. */
export const PATH_ITEM = 'li.slds-path__item';

/**
 * On a Path item: `data-name` holds the picklist API value, which stays English in a translated UI [O capture];
 * the link's `data-tab-name` holds the same [O]. Read as attributes, not selectors.
 */
export const PATH_ITEM_VALUE_ATTRIBUTE = 'data-name';
export const PATH_LINK_VALUE_ATTRIBUTE = 'data-tab-name';

/** The item's link, whose `title` is the stage's visible label [O capture, U Selenium `//a[@title=…]`]. */
export const PATH_LINK = 'a.slds-path__link';
export const PATH_LINK_LABEL_ATTRIBUTE = 'title';

/** The attributes the reader takes values from, whose changes the deal page must observe (besides visibility). */
export const VALUE_ATTRIBUTES = [PATH_ITEM_VALUE_ATTRIBUTE, PATH_LINK_VALUE_ATTRIBUTE, PATH_LINK_LABEL_ATTRIBUTE] as const;

/** The item's visible label text, when the link has no title [O capture, B]. */
export const PATH_TITLE = '.slds-path__title';

/**
 * A detail field by API name: the layout row carries `data-target-selection-name`, which survives layout moves
 * and label renames [O 2026 capture, many suites; also present on Dynamic Forms pages].
 */
export function fieldByApiName(apiName: string): string {
  return `[data-target-selection-name="sfdc:RecordField.Opportunity.${apiName}"]`;
}

/**
 * A detail field's layout row, either hook: the element a field part's selectors find, whose value is read from its
 * output element below (FIELD_VALUE).
 */
export const FIELD_ROW = '[data-target-selection-name^="sfdc:RecordField.Opportunity."], records-record-layout-item';

/**
 * A detail field's value inside its row: `[data-output-element-id=output-field]` [O, high confidence];
 * `.test-id__field-value` (the static value span) [O 2026 capture]; the output slot's child [U].
 */
export const FIELD_VALUE = [
  '[data-output-element-id="output-field"]',
  '.test-id__field-value',
  'slot[name="outputField"] > *',
] as const;

/**
 * Every detail field with the label the page shows (localized): `records-record-layout-item[field-label]`
 * [O 2026 capture, U Playwright `records-record-layout-item[field-label="Stage"]`].
 */
export const LAYOUT_ITEM = 'records-record-layout-item[field-label]';
export const LAYOUT_ITEM_LABEL_ATTRIBUTE = 'field-label';

/**
 * Lookup value text (Owner, Account): the link inside the hoverable link [O capture
 * `force-lookup … records-hoverable-link a`], any record link as a fallback [S].
 */
export const LOOKUP_LINK = ['records-hoverable-link a', 'force-lookup a', 'a[href*="/lightning/r/"]'] as const;

/** Forecast category renders in its own element, read-only [U bFO notes]. */
export const FORECAST_CATEGORY = 'sfa-output-forecast-category';

/**
 * Text that is in the value's subtree but is not the value: assistive text ("Edit Amount", "Open … Preview")
 * [B `slds-assistive-text`], buttons (inline-edit triggers, help icons) [O `button.test-id__inline-edit-trigger`].
 */
export const NOT_VALUE_TEXT = '.slds-assistive-text, button, style, script';

/** A checkbox field's value: the disabled checkbox input [S: LWC `lightning-input` renders an input]. */
export const CHECKBOX = 'input[type="checkbox"]';

/** Standard Opportunity fields by API name [U suites: Name, StageName, Amount, CloseDate, NextStep, …]. */
export const OPPORTUNITY_FIELD = {
  name: 'Name',
  stage: 'StageName',
  amount: 'Amount',
  closeDate: 'CloseDate',
  probability: 'Probability',
  nextStep: 'NextStep',
  owner: 'OwnerId',
  forecastCategory: 'ForecastCategoryName',
} as const;

/**
 * The parts of an opportunity page found by selector, which a playbook's `selectors` section can repair (its
 * selectors are tried before these). A part's selectors find the element that shows its value: a field's layout row
 * (its value is then read from the row's output element), a Path item (its label and API value are read from the
 * item), or any element whose text is the value, which is what an admin's override usually points at.
 */
export const PARTS = {
  stage: {
    label: 'the current stage in the Path or the Stage field',
    selectors: [...PATH_CURRENT_ITEM, fieldByApiName(OPPORTUNITY_FIELD.stage)],
  },
  name: {
    label: "the opportunity's name in the record header",
    selectors: [...RECORD_NAME, fieldByApiName(OPPORTUNITY_FIELD.name)],
  },
  amount: { label: 'the Amount field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.amount)] },
  closeDate: { label: 'the Close Date field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.closeDate)] },
  owner: { label: 'the Opportunity Owner field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.owner)] },
  probability: { label: 'the Probability field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.probability)] },
  nextStep: { label: 'the Next Step field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.nextStep)] },
  forecastCategory: {
    label: 'the Forecast Category field',
    selectors: [fieldByApiName(OPPORTUNITY_FIELD.forecastCategory), FORECAST_CATEGORY],
  },
  fields: { label: 'the detail fields with their labels', selectors: [LAYOUT_ITEM] },
} as const satisfies Record<string, SelectorPart>;

export type PartId = keyof typeof PARTS;

/** Each part's selectors, in the order tried: an admin's overrides first, then the ones above. */
export type PartSelectors = Readonly<Record<PartId, readonly string[]>>;
