/**
 * What each message does. Handlers get their effects injected (store, mirror, clock), so unit tests run them
 * on a fake IndexedDB without a browser.
 */
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { briefOf } from '../core/forecast';
import { parsePlaybookText } from '../core/playbook';
import { isoDate } from '../core/calendar';
import type { DealChecks, Playbook } from '../core/types';
import type { ActivePlaybook } from '../messages';
import { createPipelineCache } from './pipeline';
import type { Handlers } from './router';
import type { Store } from './store';

export interface Mirror {
  playbook(playbook: Playbook): Promise<void>;
  checks(dealKey: string, checks: DealChecks): Promise<void>;
}

export interface Effects {
  /** Resolves once the database is open (the "ready" tier). */
  store(): Promise<Store>;
  mirror: Mirror;
  openOptionsPage(): Promise<void>;
  now(): Date;
}

export async function activePlaybook(store: Store): Promise<ActivePlaybook> {
  const imported = await store.importedPlaybook();
  if (imported) {
    return { playbook: imported.playbook, source: { kind: 'import', fileName: imported.fileName, importedAt: imported.importedAt } };
  }
  return { playbook: DEFAULT_PLAYBOOK, source: { kind: 'builtin' } };
}

export function createHandlers(fx: Effects): Handlers {
  // Lives as long as the worker: every write below tells it what changed.
  const pipeline = createPipelineCache();
  return {
    async 'deal/seen'({ deal }, sender) {
      if (new URL(deal.url).origin !== sender.origin) throw new Error("the deal's address is not the page's");
      const store = await fx.store();
      const record = await store.recordDeal(deal, fx.now().toISOString());
      pipeline.dealWritten(store, record.key);
      return { history: record.history };
    },

    async 'check/set'({ dealKey, criterionId, checked }) {
      const store = await fx.store();
      const checks = await store.setCheck(dealKey, criterionId, checked, fx.now().toISOString());
      pipeline.dealWritten(store, dealKey);
      await fx.mirror.checks(dealKey, checks);
      return { checks };
    },

    async 'options/open'() {
      await fx.openOptionsPage();
      return null;
    },

    async 'pipeline/get'() {
      const store = await fx.store();
      const { playbook } = await activePlaybook(store);
      const { summary } = await pipeline.view(store, playbook, isoDate(fx.now()));
      return { summary: briefOf(summary), playbookName: playbook.name };
    },

    async 'pipeline/deals'() {
      const store = await fx.store();
      const { playbook } = await activePlaybook(store);
      const { deals } = await pipeline.view(store, playbook, isoDate(fx.now()));
      return { deals };
    },

    async 'playbook/get'() {
      return activePlaybook(await fx.store());
    },

    async 'playbook/import'({ text, fileName }) {
      const parsed = parsePlaybookText(text);
      // An invalid file changes nothing: the active playbook stays as it was.
      if (!parsed.ok) return { imported: false, problems: parsed.problems };
      const store = await fx.store();
      await store.saveImportedPlaybook(parsed.playbook, fileName, fx.now().toISOString());
      pipeline.clear();
      const active = await activePlaybook(store);
      await fx.mirror.playbook(active.playbook);
      return { imported: true, active };
    },

    async 'playbook/reset'() {
      const store = await fx.store();
      await store.removeImportedPlaybook();
      pipeline.clear();
      const active = await activePlaybook(store);
      await fx.mirror.playbook(active.playbook);
      return active;
    },
  };
}
