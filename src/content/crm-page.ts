/**
 * The module the detector loads on a deal page: the overlay with one CRM's adapter, built into one self-contained
 * file per CRM (`content/<crm>.js`, see vite.config.ts), so a deal page costs one fetch and one compile instead of
 * a chain of imports. `STAGECOACH_CRM`, the CRM's registry id, is set by that build.
 */
import { CRMS } from '../crm/registry';
import { showDeal } from './deal-page';

declare const STAGECOACH_CRM: string;

export interface DealPageModule {
  /** Shows the deal `key` of this CRM until `signal` aborts. */
  start(key: string, signal: AbortSignal): Promise<void>;
  /**
   * The ids of the parts this CRM's adapter finds by selector: what a playbook's `selectors` section may repair. The
   * options page imports this module to check a playbook before importing it (the adapter is built into this file only).
   */
  partIds(): Promise<string[]>;
}

const crm = CRMS.find((entry) => entry.id === STAGECOACH_CRM);
if (!crm) throw new Error(`Built for an unknown CRM: ${STAGECOACH_CRM}`);
const { load } = crm;

export const start: DealPageModule['start'] = (key, signal) => load().then((adapter) => showDeal(adapter, key, signal));

export const partIds: DealPageModule['partIds'] = () => load().then((adapter) => Object.keys(adapter.parts));
