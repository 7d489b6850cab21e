/**
 * The module the detector loads on a CRM's list view or board: that CRM's list reader (`virtual:stagecoach-lists`,
 * its `src/crm/<crm>/list.ts`, chosen by the build; see vite.config.ts) and the loop that follows the list
 * (list-follow.ts). Nothing is shown on the page: the rows it shows are sent to the worker (`deals/listed`), which
 * records the deals for the popup.
 */
import { lists } from 'virtual:stagecoach-lists';
import { fitRow } from '../core/snapshot-fit';
import { request } from '../platform/content';
import { followList } from './list-follow';

export interface ListPageModule {
  /** Records the deals this CRM's list page shows, and those it shows later, until `signal` aborts. */
  start(signal: AbortSignal): void;
}

export const start: ListPageModule['start'] = (signal) =>
  followList(lists, signal, (rows) => request('deals/listed', { rows: rows.map(fitRow) }));
