/**
 * Every selector the Salesforce adapter uses, in one place.
 *
 * Each entry says what it matches, why we rely on it, and its evidence grade from
 * crm-evidence/salesforce/NOTES.md:
 *   [O] observed in live orgs (real-DOM captures, several automation suites),
 *   [B] SLDS blueprint (the design system's class contract, v2.28.1),
 *   [U] unattributed public code, quoted as a fact only,
 *   [S] our own guess, only ever as a last fallback,
 *   [P] Salesforce's own UI-test page objects: npm `salesforce-pageobjects` 9.0.0 (UTAM JSON, Spring '25), cited
 *       by path under its `dist/`. Read for facts only (Salesforce's licence terms): no file of it is copied here.
 * Lists are tried in order: the most specific hook first, broader fallbacks after.
 * Salesforce says its DOM is not an API (NOTES §5.5): when a release breaks one of these, fix it here.
 */
import type { SelectorPart } from '../types';

/*
 * Shadow DOM. Lightning renders its components with synthetic shadow today (their internals are light DOM) and is
 * moving to native shadow roots [O NOTES §5]. The page objects show where the boundaries fall on a record page
 * [P global/recordHomeTemplateDesktop.utam.json → record/flexipage/desktopRecordPageDecorator → flexipage/
 * recordHomeTemplateDesktop2 → flexipage/component2 → records/lwcDetailPanel (shadow: records-base-record-form) →
 * records/baseRecordForm (shadow: records-lwc-record-layout) → records/lwcRecordLayout (shadow: sections) →
 * records/recordLayoutSection → records/recordLayoutRow → records/recordLayoutItem]: the header, the Path and every
 * field sit several roots deep. The reader runs each selector below in every shadow root of the visible view, so a
 * selector must match inside ONE tree: no descendant combinator may cross a component (e.g. never
 * `records-highlights2 [slot=primaryField]`, which native shadow splits). Hooks the adapter relied on first
 * (`slds-path__item`, `slds-is-current`, `data-target-selection-name`, `data-output-element-id`) appear nowhere in
 * the page objects: each list keeps them first and adds the page objects' hooks beside them.
 */

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
 * any element in that slot as a fallback [S; P records/highlights2.utam.json `primaryFieldContent` is
 * `[slot='primaryField']` in the highlights' light DOM, so it stays reachable under native shadow].
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
  // The page objects' hook: a tab is current when it holds `span.current` [P runtime_sales/pathAssistantTab.utam.json
  // `statusCurrent`, tabs `li.runtime_sales_pathassistantPathAssistantTab` in pathAssistantTabSet.utam.json]. The
  // reader takes the Path item the marker lies in.
  'li.runtime_sales_pathassistantPathAssistantTab span.current',
] as const;

/** The Path's container: the standard Aura component first, then any SLDS path [O capture, B]. */
export const PATH_CONTAINER = ['.runtime_sales_pathassistantPathAssistant', '.slds-path'] as const;
// [P runtime_sales/pathassistantCollapsibleDrawer.utam.json: root `.runtime_sales_pathassistantPathAssistant`]

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
  'li.runtime_sales_pathassistantPathAssistantTab',
  'records-record-layout-item',
  '[data-target-selection-name^="sfdc:RecordField.Opportunity."]',
  ...RECORD_HEADER,
  // Under native shadow a record page arrives as component hosts whose content is in their shadow roots [P
  // global/recordHomeTemplateDesktop.utam.json root, records/lwcDetailPanel.utam.json, records/lwcRecordLayout.utam.json].
  'one-record-home-flexipage2',
  'records-lwc-detail-panel',
  'records-lwc-record-layout',
  'records-record-layout-section',
].join(',');

/**
 * Every item of the Path, to find the API value of a stage label [O capture `li.slds-path__item[data-name]`; P
 * runtime_sales/pathAssistantTabSet.utam.json `li.runtime_sales_pathassistantPathAssistantTab`, filtered by its
 * `data-name` in pathAssistantTab.utam.json `getDataName`].
 */
export const PATH_ITEM = 'li.slds-path__item, li.runtime_sales_pathassistantPathAssistantTab';

/**
 * On a Path item: `data-name` holds the picklist API value, which stays English in a translated UI [O capture];
 * the link's `data-tab-name` holds the same [O]. Read as attributes, not selectors.
 */
export const PATH_ITEM_VALUE_ATTRIBUTE = 'data-name';
export const PATH_LINK_VALUE_ATTRIBUTE = 'data-tab-name';

/**
 * The item's link, whose `title` is the stage's visible label [O capture, U Selenium `//a[@title=…]`; P
 * runtime_sales/pathAssistantTab.utam.json `clickHeader` is `.slds-path__link`].
 */
export const PATH_LINK = '.slds-path__link';
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
 * A detail field's output component: `[data-output-element-id=output-field]` [O, high confidence]; the element in
 * the item's `outputField` slot [P records/recordLayoutItem.utam.json `outputField` is `[slot='outputField']`,
 * `waitForOutputField`]. Under native shadow that element stays in the item's light DOM while the row around it
 * moves into the item's shadow root: the reader then takes it from the item.
 */
export const FIELD_OUTPUT = ['[data-output-element-id="output-field"]', '[slot="outputField"]'] as const;

/**
 * Fallbacks for a row's value when it has no output component: `.test-id__field-value` (the static value span)
 * [O 2026 capture]; the output slot's child [U].
 */
export const FIELD_VALUE = ['.test-id__field-value', 'slot[name="outputField"] > *'] as const;

/**
 * Every detail field with the label the page shows (localized): `records-record-layout-item[field-label]`
 * [O 2026 capture, U Playwright `records-record-layout-item[field-label="Stage"]`].
 */
export const LAYOUT_ITEM = 'records-record-layout-item[field-label]';
// [P records/recordLayoutItem.utam.json `getLabelText`: the `field-label` attribute of the item]
export const LAYOUT_ITEM_LABEL_ATTRIBUTE = 'field-label';

/**
 * Lookup value text (Owner, Account): the link inside the hoverable link [O capture
 * `force-lookup … records-hoverable-link a`], any record link as a fallback [S].
 */
export const LOOKUP_LINK = ['records-hoverable-link a', 'force-lookup a', 'div a', 'a[href*="/lightning/r/"]'] as const;
// Native shadow: `force-owner-lookup` → shadow `force-lookup` → shadow `records-hoverable-link`, `div a` [P
// force/ownerLookup.utam.json, force/lookup.utam.json `lookupLink`/`lookupLinkAlternative`]; the reader runs these
// in every shadow root below the owner's field.

/** Forecast category renders in its own element, read-only [U bFO notes]. */
export const FORECAST_CATEGORY = 'sfa-output-forecast-category';

/**
 * Output components that say which standard field they show, whatever the language of the `field-label` beside them:
 * the language-independent way to find the Stage, Forecast Category and Owner when the row's API-name hook
 * (`data-target-selection-name`) is out of reach (a closed shadow root the browser does not open, or gone).
 * - `sfa-output-stage-name` renders StageName [P sfa/outputStageName.utam.json; records/recordLayoutItem.utam.json
 *   `hasSfaPicklistWrapper` names its edit twin `sfa-input-stage-name`].
 * - `sfa-output-forecast-category` renders ForecastCategoryName [U bFO; P `sfa-input-forecast-category` there].
 * - `force-owner-lookup` renders OwnerId [P records/recordLayoutItem.utam.json `ownerLookup`, force/ownerLookup.utam.json].
 * Amount, Close Date, Probability and Next Step render through generic components (`lightning-formatted-text`,
 * `-number`, `-date-time` [P records/recordLayoutItem.utam.json]) that do not say which field they show: they are
 * found by API name only, which the reader reaches in open roots and, in the extension, closed ones
 * (`chrome.dom.openOrClosedShadowRoot`). Their translated labels still appear under `fields`.
 */
export const STAGE_OUTPUT = 'sfa-output-stage-name';
export const OWNER_OUTPUT = 'force-owner-lookup';

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
    selectors: [...PATH_CURRENT_ITEM, fieldByApiName(OPPORTUNITY_FIELD.stage), STAGE_OUTPUT],
  },
  name: {
    label: "the opportunity's name in the record header",
    selectors: [...RECORD_NAME, fieldByApiName(OPPORTUNITY_FIELD.name)],
  },
  amount: { label: 'the Amount field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.amount)] },
  closeDate: { label: 'the Close Date field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.closeDate)] },
  owner: { label: 'the Opportunity Owner field', selectors: [fieldByApiName(OPPORTUNITY_FIELD.owner), OWNER_OUTPUT] },
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

/*
 * List view and Kanban of opportunities (`/lightning/o/Opportunity/list`), from
 * crm-evidence/addendum-2026-11/NOTES-salesforce-list-kanban.md. Grades there: [MULTI] several independent sources,
 * [SINGLE] one. Nothing of a list is read by position: columns by their `data-label`, cards by their classes.
 */

/**
 * A list view row: `tr[data-row-key-value]`, the record id as the value [MULTI, 5+ tools]. Rows are queried in the
 * light DOM and, when none is there, in the page's open shadow roots: one field note says the datatable lives in
 * shadow roots, other tools query the document directly [conflicting].
 */
export const LIST_ROW = 'tbody tr[data-row-key-value]';

/** The table body that holds the rows (what the datatable adds rows to as the rep scrolls) [MULTI]. */
export const LIST_BODY = 'lightning-datatable tbody, table[role="grid"] tbody';

/** Every cell of a row with its column's shown (translated) label: `td[data-label]`, the name column `th[data-label]` [MULTI]. */
export const LIST_CELL = 'th[data-label], td[data-label]';

/**
 * The record link in the name cell: `a[data-recordid]` [MULTI: TimeCamp, others]; any Lightning record link as the
 * fallback [INFERRED].
 */
export const LIST_LINK = ['a[data-recordid]', 'a[href*="/lightning/r/"]'] as const;

/** A Kanban column, one per stage [MULTI]. */
export const KANBAN_COLUMN = '.runtime_sales_pipelineboardPipelineViewColumn';

/**
 * The column's stage name: `.stageHeaderLabel` [SINGLE], else the header's text [MULTI] without the "(13)" count
 * that follows the name.
 */
export const KANBAN_STAGE_LABEL = '.stageHeaderLabel';
export const KANBAN_HEADER = '.runtime_sales_pipelineboardPipelineViewColumnHeader';

/**
 * A card: `li.runtime_sales_pipelineboardPipelineViewCardStencil` [MULTI], its inner `.pipelineViewCard` [MULTI] as
 * the fallback. Only about 13 cards per column are rendered whatever the rep scrolls [SINGLE field note]: what the
 * Kanban shows is what is read.
 */
export const KANBAN_CARD = ['li.runtime_sales_pipelineboardPipelineViewCardStencil', '.pipelineViewCard'] as const;

/** The card's name and link: `.primaryDisplayField a` [SINGLE]; any Lightning record link as the fallback [INFERRED]. */
export const KANBAN_LINK = ['.primaryDisplayField a', 'a[href*="/lightning/r/"]'] as const;

/** The card's amount [SINGLE/INFERRED: class names shared with the older list view]. */
export const KANBAN_AMOUNT = ['.sfaOpportunityDealMotionAmount', '.uiOutputNumber'] as const;

/** The card's close date [SINGLE/INFERRED]. */
export const KANBAN_CLOSE_DATE = ['.sfaOpportunityDealMotionCloseDate .uiOutputDate', '.uiOutputDate'] as const;

/** The column scroller that renders the cards [SINGLE]: watched for cards added or replaced. */
export const KANBAN_CARDS_SCROLLER = 'div.listContent';

/**
 * The list view's column labels, per field: the standard Opportunity fields in English, German and French (the
 * languages the deal page's fixtures cover). `data-label` carries the label in the rep's language [INFERRED].
 */
export const LIST_COLUMN_LABELS = {
  name: ['Opportunity Name', 'Opportunity', 'Opportunity-Name', 'Nom de l\'opportunité', 'Opportunité'],
  stage: ['Stage', 'Phase', 'Étape'],
  amount: ['Amount', 'Betrag', 'Montant'],
  closeDate: ['Close Date', 'Schlusstermin', 'Date de clôture'],
  probability: ['Probability (%)', 'Wahrscheinlichkeit (%)', 'Probabilité (%)'],
  owner: ['Opportunity Owner', 'Opportunity Owner Alias', 'Owner Full Name', 'Opportunity-Inhaber', 'Propriétaire de l\'opportunité'],
  forecastCategory: ['Forecast Category', 'Prognosekategorie', 'Catégorie de prévision'],
} as const;
