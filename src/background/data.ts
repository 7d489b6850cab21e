/**
 * The rep's own data: the pipeline as CSV, a backup of everything and its restore, forgetting one deal, clearing
 * everything. The database work is data-store.ts (one transaction each); here is what follows a commit: the
 * playbook settled again, the pipeline cache dropped (the badge follows it), the storage mirror rebuilt. As everywhere in
 * the worker, what follows a commit is logged when it fails and never fails the message: the data was changed.
 *
 * A policy's lock: restoring and clearing change this browser's data, which is the rep's, but the playbook is the
 * organization's. Under a lock both keep the playbook's revisions and sources as they are (a restored backup's
 * playbook never overrides the policy's), and change the deals, ticks, history, stage picks and sync settings only.
 */
import { parseBackupText, backupCounts } from '../core/backup';
import { isoDate } from '../core/calendar';
import { csvDeals, pipelineCsv } from '../core/csv';
import type { Playbook } from '../core/types';
import type { ActivePlaybook } from '../messages';
import { CRMS } from '../crm/registry';
import { SITE_PREFIX } from '../crm/site-keys';
import { Refused } from './access';
import { clearAll, forgetDeal, readBackup, restoreBackup } from './data-store';
import type { HandlerContext } from './handlers';
import type { Handlers } from './router';

/** The CRM's name as people say it, or the configured site's name, for the CSV's CRM column. */
function crmNamer(playbook: Playbook): (crm: string) => string {
  const labels = new Map<string, string>(CRMS.map((crm) => [crm.id, crm.label]));
  for (const site of playbook.sites ?? []) labels.set(`${SITE_PREFIX}:${site.id}`, site.name);
  return (crm) => labels.get(crm) ?? crm;
}

export function dataHandlers(ctx: HandlerContext): Pick<Handlers, 'data/csv' | 'data/backup' | 'data/restore' | 'data/clear' | 'deal/forget'> {
  const { fx, pipeline, playbooks } = ctx;

  /**
   * After a restore or clear committed: the pipeline dropped (its cache tells the badge), the playbook settled from the
   * sources as they now are (the built-in one when none is left; the policy's still applies), the sites of the
   * playbook before given back when the new one lacks them, the mirror rebuilt (ticks and stage picks of deals no
   * longer stored removed from CRM pages' copy).
   */
  async function afterReplace(before: Playbook, what: string): Promise<ActivePlaybook> {
    pipeline.clear();
    let active: ActivePlaybook | null = null;
    try {
      active = await playbooks.policyChanged();
      await fx.sites.release(before.sites ?? [], active.playbook.sites ?? []);
    } catch (error) {
      fx.log(`${what}, but the playbook could not be settled again; it is at the next browser start`, error);
    }
    await fx.mirror.rebuild();
    // The answer needs the playbook in force; asked once more only when settling failed above.
    return active ?? playbooks.shown();
  }

  return {
    async 'data/csv'({ open }) {
      const store = await fx.store();
      const { playbook } = await playbooks.active();
      const today = isoDate(fx.now());
      const [{ deals }, summaries] = await Promise.all([pipeline.view(store, playbook, today), open ? [] : store.allSummaries()]);
      const rows = csvDeals(playbook, deals, summaries, { closed: !open, crmName: crmNamer(playbook), today });
      return { csv: pipelineCsv(rows), rows: rows.length };
    },

    async 'data/backup'() {
      const store = await fx.store();
      const backup = await readBackup(store.database, fx.now().toISOString(), fx.log);
      return { backup, counts: backupCounts(backup) };
    },

    async 'data/restore'({ text }) {
      // The whole file first: a wrong or damaged file is refused before anything is touched.
      const parsed = parseBackupText(text);
      if (!parsed.ok) return { restored: false, problems: parsed.problems };
      const store = await fx.store();
      // Whether the organization locked the playbook decides what is replaced: known first.
      await fx.policyKnown();
      const [policy, { playbook: before }] = await Promise.all([fx.policy(), playbooks.active()]);
      const keepPlaybook = policy.locked;
      await restoreBackup(store.database, parsed.backup, { keepPlaybook });
      const active = await afterReplace(before, 'The backup was restored');
      const counts = backupCounts(parsed.backup);
      return { restored: true, counts: keepPlaybook ? { ...counts, revisions: 0 } : counts, active };
    },

    async 'data/clear'() {
      const store = await fx.store();
      // Whether the organization locked the playbook decides what is replaced: known first.
      await fx.policyKnown();
      const [policy, { playbook: before }] = await Promise.all([fx.policy(), playbooks.active()]);
      await clearAll(store.database, { keepPlaybook: policy.locked });
      return { active: await afterReplace(before, 'Your data was cleared') };
    },

    async 'deal/forget'({ key }) {
      const store = await fx.store();
      if (!(await forgetDeal(store.database, key))) {
        throw new Refused('This deal is not stored in this browser (it may have been forgotten already): nothing was changed.');
      }
      pipeline.dealWritten(store, key);
      // CRM pages showing the deal lose its ticks and hand-chosen stage at once.
      await fx.mirror.checks(key, {});
      await fx.mirror.stagePick(key, null);
      return null;
    },
  };
}
