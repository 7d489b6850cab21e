/** The Zoho CRM adapter: deal (Potentials) record pages, old and new UI. */
import type { CrmAdapter, SelectorOverrides } from '../types';
import { detector } from './detect';
import { zohoReader } from './read';
import { PARTS } from './selectors';

function zohoAdapter(overrides: SelectorOverrides): CrmAdapter {
  return {
    id: detector.id,
    label: detector.label,
    ...zohoReader(overrides),
    parts: PARTS,
    withSelectors: (more) => zohoAdapter(more),
  };
}

export const adapter: CrmAdapter = zohoAdapter({});
