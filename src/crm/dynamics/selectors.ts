/**
 * Every selector the Dynamics 365 adapter uses, in one place.
 *
 * Evidence grades, from crm-evidence/dynamics365/NOTES.md (no live capture of a Dynamics page exists; the
 * frameworks below drive live orgs):
 *   [MULTI]    used by several public automation suites (EasyRepro 2023, Power Playwright 2026, other Selenium and
 *              Playwright suites), so seen against live orgs by more than one source;
 *   [SINGLE]   one source only;
 *   [INFERRED] our own guess from the Dataverse schema or from a pattern the evidence shows for other fields.
 * What is evidenced: the business process flow (stage bar) and its active-stage marker, the header title, the
 * `header_<attr>` and `<attr>-FieldSectionItemContainer` field containers and the lookup tag. What is inferred: which
 * control each standard field uses, the loading marker, and the forecast category field (Sales Premium).
 * Hooks are `id`/`data-id` values Microsoft's own test framework relies on, not generated class names.
 * Lists are tried in order: the most specific hook first. When a release breaks one, fix it here, or repair it
 * without a release through a playbook's `selectors` section (part ids below).
 */
import type { SelectorPart } from '../types';

/** The prefix of every business-process-flow control id: `MscrmControls.Containers.ProcessBreadCrumb-…` [MULTI]. */
const BREADCRUMB = 'MscrmControls.Containers.ProcessBreadCrumb-';

/**
 * The form of the record on screen: `[data-id="editFormRoot"]` [SINGLE EasyRepro], the app's main landmark
 * [SINGLE Power Playwright `GetByRole(Main)`]. Reads are scoped to it.
 */
export const FORM_ROOT = ['[data-id="editFormRoot"]', 'main[role="main"]', 'main'] as const;

/**
 * The business process flow (the stage bar): `#bpfContainer` [SINGLE Power Playwright], its header container by
 * `data-id` or `id` [MULTI Selenium, WalkMe].
 */
export const PROCESS_BAR = [
  '#bpfContainer',
  `[data-id="${BREADCRUMB}processHeaderContainer"]`,
  `[id="${BREADCRUMB}processHeader"]`,
] as const;

/** Every stage of the process: `li[id^=…processHeaderStage_]`, the suffix is the stage's GUID [MULTI]. */
export const PROCESS_STAGE = `li[id^="${BREADCRUMB}processHeaderStage_"]`;

/**
 * The ACTIVE stage, where the process is: `li[data-selected-stage="true"]` [MULTI: Power Playwright's `activeStage`
 * (2026), AutomateBizApps `//ul[contains(@id,'headerStageContainer')]/li[@data-selected-stage='true']`].
 * Clicking another stage only opens its flyout (its fields, "Next Stage"): the flyout, the clicked button's
 * `aria-expanded` and the flyout's header name the stage the rep is LOOKING at, never the deal's stage, so none of
 * them is read for the stage.
 */
export const ACTIVE_STAGE = [
  `#bpfContainer ${PROCESS_STAGE}[data-selected-stage="true"]`,
  `${PROCESS_STAGE}[data-selected-stage="true"]`,
  `ul[id="${BREADCRUMB}headerStageContainer"] > li[data-selected-stage="true"]`,
  'ul[aria-label="Business Process Flow"] > li[data-selected-stage="true"]',
] as const;

/**
 * The stage's name inside a stage item: `div[data-id^=…processHeaderStageName_]`, also as `id` [MULTI Power
 * Playwright `GetCurrentStageAsync`, EasyRepro forks, Playwright suites]. Its text is the stage label.
 */
export const STAGE_NAME = [`[data-id^="${BREADCRUMB}processHeaderStageName_"]`, `[id^="${BREADCRUMB}processHeaderStageName_"]`] as const;

/** A stage's GUID, the suffix of its item's and name's ids: the stage's internal value, the same in every language. */
export const STAGE_GUID = /_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The stage flyout the rep opens by clicking a stage [MULTI EasyRepro, Power Playwright]: transient, holds
 * `header_process_<attr>` copies of fields. Fields inside it are not read, so opening it changes nothing.
 */
export const STAGE_FLYOUT = '[data-id^="MscrmControls.Containers.ProcessStageControl-processHeaderStageFlyoutContainer"]';

/** The form header (title, header fields, process bar): `div[data-id*="form-header"]` [SINGLE EasyRepro]. */
export const FORM_HEADER = ['[data-id="form-header"]', '[data-id*="form-header"]', '#headerContainer'] as const;

/**
 * The record's name: the header title `[data-id="header_title"]` [MULTI EasyRepro, toggl `#headerContainer h1`].
 * Its `title` attribute holds the bare name, while its text may carry a save-state suffix ("- Saved") [INFERRED].
 */
export const RECORD_TITLE = ['[data-id="header_title"]', '#headerContainer h1'] as const;

/**
 * Header fields: `#headerControlsList` (also `_N`) [MULTI], and the header's flyout `#headerFieldsFlyout` for the
 * ones that do not fit [MULTI EasyRepro, Power Playwright]: `header_<attr>`, not its controls (`header_<attr>.…`).
 * The value div comes BEFORE the label div [SINGLE AutomateBizApps].
 */
export const HEADER_FIELD = [
  '#headerControlsList > [data-id^="header_"]',
  '[id^="headerControlsList_"] > [data-id^="header_"]',
  '#headerFieldsFlyout [data-id^="header_"]:not([data-id*="."])',
].join(', ');

/**
 * A body field's container, `[data-id="<attr>-FieldSectionItemContainer"]` [MULTI EasyRepro, Power Playwright], with
 * its label `label[id*="<attr>-field-label"]` [MULTI].
 */
export const BODY_FIELD = '[data-id$="-FieldSectionItemContainer"]';
export const FIELD_LABEL = 'label';

/** A lookup's value (Owner, Account): the selected tag [SINGLE EasyRepro `…_selected_tag`]. */
export const LOOKUP_TAG = '[data-id*="_selected_tag"]';

/** Text inside a field that is not its value: buttons (lookup search, clear), icons, styles. */
export const NOT_VALUE_TEXT = 'button, style, script, [aria-hidden="true"]';

/**
 * A page still loading: Unified Interface's progress indicator, by id and by ARIA role [INFERRED: no source shows
 * it; a wrong guess only changes whether a form without a stage reads as "not ready" or as "unreadable"].
 */
export const LOADING = ['#progressIndicatorContainer', '[role="progressbar"]'] as const;

/** Standard Opportunity attributes (logical names) from the Dataverse schema [NOTES §3]. */
export const OPPORTUNITY_ATTRIBUTE = {
  name: 'name',
  amount: 'estimatedvalue',
  closeDate: 'estimatedclosedate',
  owner: 'ownerid',
  probability: 'closeprobability',
  /** Sales Premium's forecast category [INFERRED: Dataverse schema only]. */
  forecastCategory: 'msdyn_forecastcategory',
  /** Status: Open, Won, Lost. A closed deal's process bar still shows its last stage. */
  status: 'statecode',
  /** The stage mirrors on the form when there is no process bar: Sales Stage, Pipeline Phase ("2-Develop"). */
  salesStage: 'salesstage',
  pipelinePhase: 'stepname',
} as const;

/**
 * The containers one field may be shown in, most specific first: the body's field section item [MULTI], the generic
 * wrapper whose `data-lp-id` is `MscrmControls.Containers.FieldSectionItem|<attr>|<entity>` [SINGLE Power
 * Playwright], the header field [MULTI EasyRepro `header_<attr>`].
 */
export function fieldContainers(attribute: string): string[] {
  return [
    `[data-id="${attribute}-FieldSectionItemContainer"]`,
    `div[data-lp-id*="|${attribute}|"]`,
    `[data-id="header_${attribute}"]`,
  ];
}

/** Every part this adapter finds by selector, by the ids a playbook's `selectors` section uses to repair one. */
export const PARTS = {
  stage: { label: 'the active stage in the business process flow', selectors: ACTIVE_STAGE },
  name: { label: "the opportunity's title in the form header", selectors: RECORD_TITLE },
  amount: { label: 'the Est. Revenue field', selectors: fieldContainers(OPPORTUNITY_ATTRIBUTE.amount) },
  closeDate: { label: 'the Est. Close Date field', selectors: fieldContainers(OPPORTUNITY_ATTRIBUTE.closeDate) },
  owner: { label: 'the Owner field', selectors: fieldContainers(OPPORTUNITY_ATTRIBUTE.owner) },
  probability: { label: 'the Probability field', selectors: fieldContainers(OPPORTUNITY_ATTRIBUTE.probability) },
  forecastCategory: { label: 'the Forecast Category field', selectors: fieldContainers(OPPORTUNITY_ATTRIBUTE.forecastCategory) },
  fields: { label: 'the form’s fields', selectors: [BODY_FIELD, HEADER_FIELD] },
} as const satisfies Record<string, SelectorPart>;

export type PartId = keyof typeof PARTS;

/** Attributes the reader takes values from, whose changes the deal page must observe (besides visibility). */
export const VALUE_ATTRIBUTES = ['data-selected-stage', 'value', 'title'] as const;

/** What an added element must be or contain to be worth a read: a form, the process bar, a stage, a field. */
export const DEAL_PARTS = [FORM_ROOT[0], ...PROCESS_BAR, PROCESS_STAGE, ...RECORD_TITLE, BODY_FIELD, '[data-id^="header_"]'].join(',');

/*
 * Opportunity views (the grid), from crm-evidence/dynamics365/NOTES.md §4 (EasyRepro's grid selectors). The grid is
 * ag-grid inside Power Apps' OneGrid (or the older PCF grid): rows may be split between a pinned and a scrolling
 * container, so a row's cells are gathered by its `row-index`.
 */

/** The grid: the data-set body [EasyRepro], the OneGrid container [EasyRepro] as the fallback. */
export const GRID = ['div[data-id="data-set-body-container"]', 'div[data-id="entity_control-powerapps_onegrid_control_container"]'] as const;

/** A data row; ag-grid numbers them with `row-index` [EasyRepro]. The header row has none. */
export const GRID_ROW = 'div[role="row"]';
export const GRID_ROW_INDEX = 'row-index';

/** A cell [EasyRepro]; a column header [INFERRED: ARIA grid pattern, as ag-grid renders it]. */
export const GRID_CELL = 'div[role="gridcell"]';
export const GRID_COLUMN_HEADER = 'div[role="columnheader"]';

/**
 * ag-grid's `col-id` on headers and cells: the column's attribute logical name, the same in every UI language
 * [INFERRED from ag-grid; not in EasyRepro]. Tried before the header's label, by position.
 */
export const GRID_COLUMN_ID = 'col-id';

/** A link to an opportunity form in a row (the primary column's) [INFERRED: the form's URL, as the record page]. */
export const GRID_RECORD_LINK = 'a[href*="etn=opportunity"]';

/** The standard opportunity columns by attribute logical name (`col-id`). */
export const GRID_COLUMN_IDS = {
  name: ['name'],
  stage: ['stepname', 'salesstage', 'activestageid'],
  amount: ['estimatedvalue'],
  closeDate: ['estimatedclosedate'],
  owner: ['ownerid'],
  probability: ['closeprobability'],
  forecastCategory: ['msdyn_forecastcategory'],
} as const;

/** The same columns by the header label Dynamics shows in English (the default view's and the form's labels). */
export const GRID_COLUMN_LABELS = {
  name: ['Topic', 'Name', 'Opportunity'],
  stage: ['Pipeline Phase', 'Sales Stage', 'Stage', 'Process Stage'],
  amount: ['Est. Revenue', 'Estimated Revenue'],
  closeDate: ['Est. Close Date', 'Estimated Close Date'],
  owner: ['Owner'],
  probability: ['Probability'],
  forecastCategory: ['Forecast Category'],
} as const;
