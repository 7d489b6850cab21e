/**
 * What each message does. Handlers get their effects injected (store, mirror, clock), so unit tests run them
 * on a fake IndexedDB without a browser.
 *
 * A handler throws only when nothing was written (every write is one transaction): the router then tells the sender
 * that nothing changed. What follows a commit (the pipeline cache, the storage mirror) cannot fail the message.
 */
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { briefOf } from '../core/forecast';
import { parsePlaybook, parsePlaybookText } from '../core/playbook';
import { isoDate } from '../core/calendar';
import type { Playbook } from '../core/types';
import { CRMS } from '../crm/registry';
import type { ActivePlaybook } from '../messages';
import { Refused, dealKeyAt, dealKeyOf, ownDeal } from './access';
import type { Mirror } from './mirror';
import { createPipelineCache } from './pipeline';
import type { SiteRegistrations } from './sites';
import type { Handlers } from './router';
import { activePlaybook, type Store } from './store';

export interface Effects {
  /** Resolves once the database is open (the "ready" tier). */
  store(): Promise<Store>;
  mirror: Mirror;
  /** The configured sites' scripts and access in the browser. */
  sites: SiteRegistrations;
  openOptionsPage(): Promise<void>;
  now(): Date;
}

export function createHandlers(fx: Effects): Handlers {
  // Lives as long as the worker: every write below tells it what changed.
  const pipeline = createPipelineCache();

  /**
   * After a new playbook is active: its sites' scripts registered, and the access of sites it no longer has given
   * back. The playbook is saved by then, so a browser failure here is logged by the caller, not the message's failure.
   */
  const sitesChanged = async (before: Playbook, after: Playbook) => {
    await fx.sites.sync(after.sites ?? []);
    await fx.sites.release(before.sites ?? [], after.sites ?? []);
  };
  const sitesOf = async (store: Store) => (await activePlaybook(store)).playbook.sites ?? [];
  /** Sites can be fixed later (the options page shows their state): their failure must not fail a saved playbook. */
  const afterSave = (before: Playbook, after: Playbook) =>
    sitesChanged(before, after).catch((error: unknown) => console.error('[Stagecoach] could not update the sites’ scripts', error));
  return {
    async 'deal/seen'({ deal }, sender) {
      const store = await fx.store();
      const own = await ownDeal(deal, sender, () => sitesOf(store));
      const { record, droppedPick } = await store.recordDeal(own, fx.now().toISOString());
      pipeline.dealWritten(store, record.key);
      if (droppedPick) await fx.mirror.stagePick(record.key, null);
      return { history: record.history };
    },

    async 'check/set'({ deal, criterionId, checked }, sender) {
      const store = await fx.store();
      const dealKey = await dealKeyOf(deal, sender, () => sitesOf(store));
      const checks = await store.setCheck(dealKey, criterionId, checked, fx.now().toISOString());
      pipeline.dealWritten(store, dealKey);
      await fx.mirror.checks(dealKey, checks);
      return { checks };
    },

    async 'stage/choose'({ deal, stageId }, sender) {
      // Only the deal of the page's own origin (access.ts): a page cannot choose stages for another org's deals.
      const store = await fx.store();
      const dealKey = await dealKeyAt(deal.url, sender, () => sitesOf(store));
      const { playbook } = await activePlaybook(store);
      // A stage the rep saw listed, unless the playbook changed under them: then they choose again from the new one.
      if (!playbook.stages.some((stage) => stage.id === stageId)) {
        throw new Refused(`"${stageId}" is not a stage of the playbook “${playbook.name}” any more: choose the stage again.`);
      }
      const pick = await store.setStagePick(dealKey, stageId, fx.now().toISOString());
      await fx.mirror.stagePick(dealKey, pick);
      return { pick };
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

    async 'playbook/import'({ text, fileName, selectorChecks }) {
      // The worker knows which CRMs this Stagecoach has; their readers' parts and which CSS parses, only a page that
      // loaded them and has a document (the options page says, when it sends the file).
      const parts = selectorChecks?.parts ?? {};
      const invalid = new Set(selectorChecks?.invalidCss ?? []);
      const parsed = parsePlaybookText(text, {
        selectors: {
          crms: new Map(CRMS.map((crm) => [crm.id, Object.hasOwn(parts, crm.id) ? (parts[crm.id] ?? null) : null])),
          ...(selectorChecks && {
            cssProblem: (selector: string) =>
              invalid.has(selector)
                ? `${JSON.stringify(selector)} is not a CSS selector the browser can read: ` +
                  "try it in the deal page's developer tools with document.querySelector"
                : null,
          }),
        },
      });
      // An invalid file changes nothing: the active playbook stays as it was.
      if (!parsed.ok) return { imported: false, problems: parsed.problems };
      const store = await fx.store();
      const { playbook: before } = await activePlaybook(store);
      const stored = await store.saveImportedPlaybook(parsed.playbook, fileName, fx.now().toISOString());
      // The answer is built from what was saved, not read back: after the commit nothing may fail the import.
      const active: ActivePlaybook = {
        playbook: stored.playbook,
        source: { kind: 'import', fileName: stored.fileName, importedAt: stored.importedAt },
      };
      pipeline.clear();
      await fx.mirror.playbook(active.playbook);
      await afterSave(before, active.playbook);
      return { imported: true, active };
    },

    async 'playbook/reset'() {
      const store = await fx.store();
      const { playbook: before } = await activePlaybook(store);
      await store.removeImportedPlaybook();
      pipeline.clear();
      await fx.mirror.playbook(DEFAULT_PLAYBOOK);
      await afterSave(before, DEFAULT_PLAYBOOK);
      return { playbook: DEFAULT_PLAYBOOK, source: { kind: 'builtin' } };
    },

    async 'sites/save'({ sites }) {
      const store = await fx.store();
      const current = await activePlaybook(store);
      // Checked as part of the playbook they join: site ids unique, patterns readable, every problem at once.
      const parsed = parsePlaybook({ ...current.playbook, sites });
      if (!parsed.ok) return { saved: false, problems: parsed.problems };
      const fileName = current.source.kind === 'import' ? current.source.fileName : null;
      const stored = await store.saveImportedPlaybook(parsed.playbook, fileName, fx.now().toISOString());
      const active: ActivePlaybook = {
        playbook: stored.playbook,
        source: { kind: 'import', fileName: stored.fileName, importedAt: stored.importedAt },
      };
      pipeline.clear();
      await fx.mirror.playbook(active.playbook);
      await afterSave(current.playbook, active.playbook);
      return { saved: true, active, sites: await siteStatuses(active.playbook) };
    },

    async 'sites/status'() {
      const { playbook } = await activePlaybook(await fx.store());
      return { sites: await siteStatuses(playbook) };
    },
  };

  /** Each site's state, after making the browser's registrations match (cheap when they already do). */
  function siteStatuses(playbook: Playbook) {
    return fx.sites.sync(playbook.sites ?? []);
  }
}
