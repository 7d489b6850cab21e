/**
 * The rep's own data: CSV export, backup and restore, forgetting one deal, clearing everything. Issue 9 contract: the
 * data helper builds this module.
 */
import type { HandlerContext } from './handlers';
import type { Handlers } from './router';

export function dataHandlers(_ctx: HandlerContext): Pick<Handlers, 'data/csv' | 'data/backup' | 'data/restore' | 'data/clear' | 'deal/forget'> {
  const notYet = (): never => {
    throw new Error('Not built yet (issue 9).');
  };
  return { 'data/csv': notYet, 'data/backup': notYet, 'data/restore': notYet, 'data/clear': notYet, 'deal/forget': notYet };
}
