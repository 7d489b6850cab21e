/**
 * The module the detector loads on a deal page: the overlay with one CRM's adapter, built into one self-contained
 * file per CRM (`content/<crm>.js`, see vite.config.ts), so a deal page costs one fetch and one compile instead of
 * a chain of imports. `virtual:stagecoach-adapter` is that CRM's `src/crm/<crm>/index.ts`, chosen by the build:
 * the module holds its own CRM's adapter and nothing of the registry, so no other CRM's code rides along.
 */
import { adapter } from 'virtual:stagecoach-adapter';
import { showDeal } from './deal-page';

export interface DealPageModule {
  /** Shows the deal `key` of this CRM until `signal` aborts. */
  start(key: string, signal: AbortSignal): Promise<void>;
  /**
   * The ids of the parts this CRM's adapter finds by selector: what a playbook's `selectors` section may repair. The
   * options page imports this module to check a playbook before importing it (the adapter is built into this file only).
   */
  partIds(): Promise<string[]>;
}

export const start: DealPageModule['start'] = (key, signal) => showDeal(adapter, key, signal);

export const partIds: DealPageModule['partIds'] = () => Promise.resolve(Object.keys(adapter.parts));
