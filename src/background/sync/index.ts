/**
 * Opt-in sync of the rep's open deals from the CRM's API (Salesforce REST, Dynamics 365 Web API). Issue 9 contract:
 * the sync helper builds this module; until then its messages say so.
 */
import type { HandlerContext } from '../handlers';
import type { Handlers } from '../router';
import type { SyncStatus } from '../../messages';

/** The browser parts sync uses, injected so unit tests run against fakes. */
export interface SyncEffects {
  /** Whether the optional permissions and origins are granted now. */
  granted(needs: { permissions: string[]; origins: string[] }): Promise<boolean>;
  /** Give back optional permissions and origins no enabled org needs any more. */
  release(needs: { permissions: string[]; origins: string[] }): Promise<void>;
  /** A cookie's value for a URL (Salesforce's `sid`), null when none or not permitted. */
  cookie(url: string, name: string): Promise<string | null>;
  fetch: typeof fetch;
}

export interface Sync {
  handlers: Pick<Handlers, 'sync/status' | 'sync/set' | 'sync/run'>;
  /** Every org's status, for the popup's first answer (pipeline/get). */
  statuses(): Promise<SyncStatus[]>;
}

export function createSync(_ctx: HandlerContext): Sync {
  const notYet = (): never => {
    throw new Error('Sync is not built yet (issue 9).');
  };
  return {
    handlers: { 'sync/status': notYet, 'sync/set': notYet, 'sync/run': notYet },
    statuses: async () => [],
  };
}
