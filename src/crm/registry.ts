/**
 * The one list of CRMs: a new CRM is a folder under src/crm/ plus one line here (the meta-test in
 * test/unit/meta/crm-folders.test.ts checks both). Pure and free of browser APIs, so it loads anywhere: the content
 * script's detector on every CRM page, the worker, the build (the manifest's matches are `contentScriptMatches()`)
 * and Node.
 * Each entry carries only the CRM's tiny URL detector; the full adapter is its own chunk, loaded on its deal pages.
 * The detectors' sample URLs stay in each detect.ts for the tests, so they never ship in the detector.
 */
import type { CrmAdapter, CrmDetector } from './types';
import { detector as dynamics } from './dynamics/detect';
import { detector as pipedrive } from './pipedrive/detect';
import { detector as hubspot } from './hubspot/detect';
import { detector as salesforce } from './salesforce/detect';
import { detector as zoho } from './zoho/detect';
import { detector as salesforceClassic } from './salesforce-classic/detect';

export interface CrmEntry extends CrmDetector {
  /** The CRM's full adapter (reader, selectors), loaded only once one of its deal pages is recognised. */
  load(): Promise<CrmAdapter>;
}

export const CRMS: readonly CrmEntry[] = [
  { ...salesforce, load: () => import('./salesforce').then((m) => m.adapter) },
  { ...zoho, load: () => import('./zoho').then((m) => m.adapter) },
  { ...dynamics, load: () => import('./dynamics').then((m) => m.adapter) },
  { ...salesforceClassic, load: () => import('./salesforce-classic').then((m) => m.adapter) },
  { ...pipedrive, load: () => import('./pipedrive').then((m) => m.adapter) },
  { ...hubspot, load: () => import('./hubspot').then((m) => m.adapter) },
];

/** The CRM and deal key of a URL, or null when it is not a deal page of any CRM we know. */
export function recogniseDeal(url: URL): { crm: CrmEntry; key: string } | null {
  for (const crm of CRMS) {
    const key = crm.dealKey(url);
    if (key) return { crm, key };
  }
  return null;
}

/** Every content-script match pattern, for the manifest: the union of the CRMs' own. */
export function contentScriptMatches(): string[] {
  return [...new Set(CRMS.flatMap((crm) => crm.matches))];
}
