/**
 * Deals read from CRM list views and boards (deals/listed): each row becomes an observation of its deal, recorded
 * without overwriting what the deal's own page reported more recently (the store's merge rule).
 */
import type { DealObservation } from '../core/types';
import { recogniseDeal } from '../crm/registry';
import type { ListedDeal } from '../messages';
import { Refused } from './access';
import type { HandlerContext } from './handlers';
import type { Handlers, SenderContext } from './router';

/**
 * The observations a list page's rows give, one per deal (the last row wins when a list shows a deal twice). Every
 * row's deal must be of the page's own origin, as for deal/seen (access.ts): a page that names another org's deal
 * is refused whole, so nothing of what it sent is recorded. The key is derived here from the URL, never taken from
 * the page.
 */
export function observationsOf(rows: readonly ListedDeal[], sender: SenderContext): DealObservation[] {
  const byKey = new Map<string, DealObservation>();
  for (const row of rows) {
    const address = new URL(row.url);
    if (sender.kind === 'content' && address.origin !== sender.origin) {
      throw new Refused(`A list on ${sender.origin} may not record a deal of ${address.origin}.`);
    }
    const deal = recogniseDeal(address);
    if (!deal) throw new Refused(`${address.origin}${address.pathname} in a list is not a deal page of a CRM Stagecoach knows.`);
    byKey.set(deal.key, { ...row, crm: deal.crm.id, key: deal.key, recordId: deal.key.slice(deal.key.lastIndexOf(':') + 1) });
  }
  return [...byKey.values()];
}

export function listHandlers({ fx, pipeline }: HandlerContext): Pick<Handlers, 'deals/listed'> {
  return {
    async 'deals/listed'({ rows }, sender) {
      const observations = observationsOf(rows, sender);
      if (observations.length === 0) return { recorded: 0 };
      const store = await fx.store();
      const written = await store.recordObservations(observations, 'list', fx.now().toISOString());
      for (const key of written) pipeline.dealWritten(store, key);
      return { recorded: written.length };
    },
  };
}
