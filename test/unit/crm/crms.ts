/**
 * Every registered CRM with its detector's sample URLs, for tests that hold for every CRM. The samples are read from
 * each folder's detect.ts rather than from the registry, so they never ship in the content script's detector.
 */
import { CRMS, type CrmEntry } from '../../../src/crm/registry';
import type { CrmSamples } from '../../../src/crm/types';

export interface CrmUnderTest {
  crm: CrmEntry;
  samples: CrmSamples;
}

async function samplesOf(id: string): Promise<CrmSamples> {
  const detect = (await import(`../../../src/crm/${id}/detect.ts`)) as { SAMPLE_URLS?: CrmSamples };
  const samples = detect.SAMPLE_URLS;
  if (!samples || !Array.isArray(samples.deals) || !Array.isArray(samples.notDeals)) {
    throw new Error(`src/crm/${id}/detect.ts must export SAMPLE_URLS: { deals: [url, key][], notDeals: url[] }`);
  }
  return samples;
}

export const CRMS_UNDER_TEST: readonly CrmUnderTest[] = await Promise.all(
  CRMS.map(async (crm) => ({ crm, samples: await samplesOf(crm.id) })),
);
