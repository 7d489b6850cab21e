/** The Pipedrive adapter: deal pages (`{company}.pipedrive.com/deal/{id}`). */
import { selectorsWith } from '../selectors';
import type { CrmAdapter, SelectorOverrides, SelectorPart } from '../types';
import { detector } from './detect';
import { createReader, type PartId } from './read';
import { FIELD_NAME, STAGE_CURRENT, STANDARD_FIELDS, TITLE, VALUE_ATTRIBUTES, rowByKey } from './selectors';

/** The field's row by API key; the reader also finds it by its English label (not a selector, so not listed). */
function standardPart(id: keyof typeof STANDARD_FIELDS): SelectorPart {
  const field = STANDARD_FIELDS[id];
  return { label: `${field.what} (the sidebar row labelled "${field.labels[0]}")`, selectors: [rowByKey(field.key)] };
}

/** Every part the adapter finds by selector: what a playbook's `selectors` section can repair. */
export const PARTS: Readonly<Record<PartId, SelectorPart>> = {
  stage: { label: "the current stage in the deal's stage bar", selectors: STAGE_CURRENT },
  name: { label: "the deal's title in the page header", selectors: TITLE },
  amount: standardPart('amount'),
  closeDate: standardPart('closeDate'),
  owner: standardPart('owner'),
  probability: standardPart('probability'),
  fields: { label: "the labels of the deal's fields in the sidebar", selectors: [FIELD_NAME] },
};

function adapterWith(overrides: SelectorOverrides): CrmAdapter {
  const reader = createReader(selectorsWith(PARTS, overrides));
  return {
    id: detector.id,
    label: detector.label,
    signature: reader.signature,
    read: reader.read,
    keepClear: reader.keepClear,
    watched: reader.watched,
    mayHoldDeal: reader.mayHoldDeal,
    watchedAttributes: VALUE_ATTRIBUTES,
    // Pipedrive's evidence shows no stable container of the deal view, and React may replace any subtree of it: the
    // whole page is observed, and changes outside the deal's parts are dropped without a read.
    observeRoot: () => null,
    // Whether Pipedrive keeps the previous deal on screen while it loads the next one is not in the evidence; React
    // apps often do. Reads in this time that give the previous deal's title are taken for its view and ignored.
    staleViewGraceMs: 3000,
    parts: PARTS,
    withSelectors: adapterWith,
  };
}

export const adapter: CrmAdapter = adapterWith({});
