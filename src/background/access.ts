/**
 * Which deal a message may write. A content script runs inside a CRM page, which Stagecoach does not control: it may
 * change only deals of the origin it runs on, and the deal's key is derived here from the deal's URL, never taken
 * from the message, so a page cannot file its deal (or its ticks) under another org's deal. The URL is recognised by
 * the registry's CRMs and, failing those, by the configured sites of the active playbook (`site:<id>:<host>:<id>`).
 */
import type { DealSnapshot, Site } from '../core/types';
import { recogniseDeal } from '../crm/registry';
import { knownSites, recogniseSiteDeal } from '../crm/site-keys';
import type { DealRef } from '../messages';
import type { SenderContext } from './router';

/** A message its sender may not send: the router answers `forbidden` with this message and logs it. */
export class Refused extends Error {
  override name = 'Refused';
}

/** The active playbook's configured sites, read only when a URL is no registry CRM's deal page. */
export type SitesOf = () => Promise<readonly Site[]>;

/** The key of the deal whose page is `url`, when `sender` may change that deal. */
export async function dealKeyAt(url: string, sender: SenderContext, sites: SitesOf): Promise<string> {
  const address = new URL(url);
  if (sender.kind === 'content' && address.origin !== sender.origin) {
    throw new Refused(`A page of ${sender.origin} may not change a deal of ${address.origin}.`);
  }
  const deal = recogniseDeal(address) ?? recogniseSiteDeal(knownSites(await sites()), address);
  if (!deal) throw new Refused(`${address.origin}${address.pathname} is not a deal page of a CRM Stagecoach knows.`);
  return deal.key;
}

/** The key of the deal whose page `url` is, or null when it is no deal page Stagecoach knows (or no address). */
export async function dealKeyIn(url: string, sites: SitesOf): Promise<string | null> {
  if (!URL.canParse(url)) return null;
  const address = new URL(url);
  return (recogniseDeal(address) ?? recogniseSiteDeal(knownSites(await sites()), address))?.key ?? null;
}

/** The key of the deal a `check/set` names: content scripts by their page's URL, extension pages also by key. */
export async function dealKeyOf(ref: DealRef, sender: SenderContext, sites: SitesOf): Promise<string> {
  if ('url' in ref) return dealKeyAt(ref.url, sender, sites);
  if (sender.kind === 'content') throw new Refused('A CRM page must name its deal by its address, not by a key.');
  return ref.key;
}

/** The snapshot a content script sent, when its URL is of the sender's origin and gives the key it claims. */
export async function ownDeal(deal: DealSnapshot, sender: SenderContext, sites: SitesOf): Promise<DealSnapshot> {
  const key = await dealKeyAt(deal.url, sender, sites);
  if (deal.key !== key) throw new Refused(`The deal at ${deal.url} is ${key}, not ${deal.key}.`);
  return deal;
}
