/**
 * Deals read from CRM list views and boards (deals/listed). Issue 9 contract: the list helper builds this module.
 */
import type { HandlerContext } from './handlers';
import type { Handlers } from './router';

export function listHandlers(_ctx: HandlerContext): Pick<Handlers, 'deals/listed'> {
  return {
    'deals/listed': () => {
      throw new Error('List recording is not built yet (issue 9).');
    },
  };
}
