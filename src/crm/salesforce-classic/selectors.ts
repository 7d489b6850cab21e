/**
 * Every selector and label the Salesforce Classic adapter uses, in one place.
 *
 * Evidence grades, from crm-evidence/salesforce/NOTES.md §8 and selectors.json `salesforce_classic`:
 *   [MULTI]    several independent sources agree (the `opp{N}_ileinner` value ids: at least 8 Selenium page objects),
 *   [SINGLE]   one source (toggl's page title hooks, Clockify's `.ptBody .links`, the NOTES' `.detailList` cells),
 *   [INFERRED] our reading of how Classic renders a detail page, used only where no evidence exists or as a fallback.
 * What is evidenced: the detail page's value ids for Name, Amount, Close Date, Next Step, Stage and Probability, the
 * label/data cells of the detail table, the record name and object label in the page title block. What is inferred:
 * the Owner and Forecast Category (no id was confirmed: they are read by their visible English label), the English
 * labels used as the fallback for every standard field, and the related lists and sidebar we keep out of the read. Classic is server-rendered and has no hidden cached views: one record per page load.
 */
import type { SelectorPart } from '../types';

/**
 * The record's detail section: Classic's detail page block (`#ep`, `.bDetailBlock`) [INFERRED], else the body cell
 * that holds the page [SINGLE toggl `#bodyCell`]. Reads by label are scoped to it, so the related lists below it
 * (Stage History has a "Stage" column of earlier stages) and the sidebar (Recent Items names other opportunities)
 * are never read.
 */
export const DETAIL_BLOCK = ['#ep', '.bDetailBlock', '#bodyCell'] as const;

/** The page's body cell, beside the sidebar [SINGLE toggl `#bodyCell .content .pageType`]. */
export const BODY_CELL = '#bodyCell';

/**
 * One label/data table of the detail section: `table.detailList`, whose rows pair `td.labelCol` with the
 * `td.dataCol` after it [SINGLE NOTES §8 `.detailList td.labelCol` + `td.dataCol`].
 */
export const DETAIL_TABLE = 'table.detailList';
export const LABEL_CELL = 'td.labelCol';
export const DATA_CELL = 'td.dataCol';

/**
 * Text inside a label or value cell that is not the label or value: the help bubble's script and image
 * [INFERRED], the "[Change]" link beside the owner [INFERRED], styles and scripts.
 */
export const NOT_VALUE_TEXT = 'script, style, img, .helpOrb, .assistiveText';

/** The Owner's name inside its cell: the user link, before the "[Change]" link [INFERRED]. */
export const OWNER_LINK = 'a[href^="/005"]';

/** A checkbox field's value: Classic shows an image whose title says Checked / Not Checked [INFERRED]. */
export const CHECKBOX_IMAGE = 'img.checkImg';

/**
 * The record name in the title block: `h2.pageDescription` [SINGLE toggl `.pageDescription`], below the object
 * label `h1.pageType` ("Opportunity") [SINGLE toggl].
 */
export const PAGE_DESCRIPTION = ['#bodyCell h2.pageDescription', 'h2.pageDescription', '.pageDescription'] as const;
export const PAGE_TYPE = '.pageType';

/** The title block with the record's links, the top control of the page the overlay keeps clear of [SINGLE Clockify `.ptBody .links`]. */
export const KEEP_CLEAR = ['.bPageTitle', '.ptBody'] as const;

/**
 * What an added element must be or contain to be worth a read: a detail table, a value cell, the title block. Classic
 * adds little after load (inline edits swap a value's text), so this is mostly the page arriving.
 */
export const DEAL_PARTS = [DETAIL_TABLE, DATA_CELL, '[id$="_ileinner"]', ...PAGE_DESCRIPTION].join(',');

/**
 * The standard fields the snapshot names, found first by their value element's id, then by their English label in
 * the detail table. Ids are language-independent and survive layout changes: `opp{N}_ileinner` [MULTI: NOTES §8,
 * at least 8 independent Selenium page objects; selectors.json `salesforce_classic.fields`]. Owner and Forecast
 * Category have no evidenced id [INFERRED: label only]. The labels are Salesforce's English defaults [INFERRED];
 * an org in another language reads these fields by id alone, and a renamed label is repaired by an override.
 */
export const FIELD_PARTS = {
  name: { label: 'the Opportunity Name field', selectors: ['#opp3_ileinner'], labels: ['Opportunity Name'] },
  stage: { label: 'the Stage field', selectors: ['#opp11_ileinner'], labels: ['Stage'] },
  amount: { label: 'the Amount field', selectors: ['#opp7_ileinner'], labels: ['Amount'] },
  closeDate: { label: 'the Close Date field', selectors: ['#opp9_ileinner'], labels: ['Close Date'] },
  probability: { label: 'the Probability field', selectors: ['#opp12_ileinner'], labels: ['Probability (%)', 'Probability'] },
  nextStep: { label: 'the Next Step field', selectors: ['#opp10_ileinner'], labels: ['Next Step'] },
  owner: { label: 'the Opportunity Owner field', selectors: [], labels: ['Opportunity Owner', 'Owner'] },
  forecastCategory: { label: 'the Forecast Category field', selectors: [], labels: ['Forecast Category'] },
} as const satisfies Record<string, SelectorPart & { labels: readonly string[] }>;

export type FieldPart = keyof typeof FIELD_PARTS;

/** Every part found by selector, as the adapter's `parts`: what a playbook's `selectors` section can repair. */
export const PARTS = {
  ...FIELD_PARTS,
  /** The record name in the title block: the name's fallback when the layout has no Opportunity Name field. */
  title: { label: 'the opportunity name in the page title', selectors: PAGE_DESCRIPTION },
  /** The label/data tables every other field is read from, by label. */
  fields: { label: 'the detail section of the opportunity', selectors: [DETAIL_TABLE] },
} as const satisfies Record<string, SelectorPart>;

export type PartId = keyof typeof PARTS;
