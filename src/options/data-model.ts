/**
 * The options page's "Your data" card: export the pipeline as CSV, back up everything, restore a backup, forget one
 * deal, clear everything. Restoring and clearing replace what the rep has, so each asks first and says exactly what
 * goes and what stays. The backup file is read here with its own definition (core/backup.ts) before the rep confirms,
 * so the question can say what the file holds and a wrong file is refused before anything is asked; the worker reads
 * it again (it trusts no page). The worker client is injected so tests run the model without a browser.
 */
import { batch, computed, signal } from '@preact/signals';
import { backupCounts, parseBackupText } from '../core/backup';
import { formatDate, isoDate } from '../core/calendar';
import { plural } from '../core/format';
import { normalizeText } from '../core/text';
import type { ActivePlaybook, Client, DataCounts } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import type { Download, ImportFile } from './model';
import { isolate } from '../ui/text';

/** Deals listed under the search box at once: a name narrows it further. */
export const FORGET_MATCHES = 8;

export type DataBusy = 'csv-open' | 'csv-all' | 'backup' | 'restore' | 'clear' | 'forget' | null;

/** What the last action did, in words; `title` heads a failure ("The backup was not restored."). */
export type DataOutcome = { kind: 'idle' } | { kind: 'done'; message: string } | { kind: 'failed'; title: string; message: string };

export type RestoreState =
  | { kind: 'idle' }
  | { kind: 'rejected'; fileName: string; problems: string[] }
  | { kind: 'confirming'; fileName: string; text: string; counts: DataCounts; exportedAt: string };

export type ForgetList =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; deals: { key: string; name: string; stage: string }[] };

/** "48 deals, 120 ticks, 3 playbook revisions and 2 stages chosen by hand". */
export function countsText(counts: DataCounts): string {
  const parts = [plural(counts.deals, 'deal', 'deals'), plural(counts.checks, 'tick', 'ticks'), plural(counts.revisions, 'playbook revision', 'playbook revisions')];
  if (counts.stagePicks > 0) parts.push(plural(counts.stagePicks, 'stage chosen by hand', 'stages chosen by hand'));
  return new Intl.ListFormat('en', { type: 'conjunction' }).format(parts);
}

export interface DataModelOptions {
  locale?: string;
  /** The day the backup file is named after (tests pin it). */
  now?: () => Date;
}

export function createDataModel(
  client: Client,
  active: { readonly value: ActivePlaybook | null },
  onChanged: (a: ActivePlaybook) => void,
  options: DataModelOptions = {},
) {
  const locale = options.locale ?? browserLocale();
  const now = options.now ?? (() => new Date());
  const busy = signal<DataBusy>(null);
  const outcome = signal<DataOutcome>({ kind: 'idle' });
  const restore = signal<RestoreState>({ kind: 'idle' });
  const confirmingClear = signal(false);
  /** The rep ticked "delete everything": Clear is a deliberate second step. */
  const clearUnderstood = signal(false);
  const forgetList = signal<ForgetList>({ kind: 'idle' });
  const forgetQuery = signal('');
  const forgetKey = signal<string | null>(null);

  const lock = computed(() => active.value?.lock ?? null);
  const forgetMatches = computed(() => {
    const list = forgetList.value;
    const query = normalizeText(forgetQuery.value);
    if (list.kind !== 'loaded' || query === '') return [];
    return list.deals.filter((deal) => normalizeText(deal.name).includes(query)).slice(0, FORGET_MATCHES);
  });
  const forgetting = computed(() => {
    const list = forgetList.value;
    return list.kind === 'loaded' ? (list.deals.find((deal) => deal.key === forgetKey.value) ?? null) : null;
  });

  /** Run one action at a time, its failure in words under `title`. */
  async function run<T>(what: Exclude<DataBusy, null>, title: string, job: () => Promise<T>): Promise<T | null> {
    batch(() => {
      busy.value = what;
      outcome.value = { kind: 'idle' };
    });
    try {
      return await job();
    } catch (error) {
      outcome.value = { kind: 'failed', title, message: errorMessage(error) };
      return null;
    } finally {
      busy.value = null;
    }
  }

  async function exportCsv(open: boolean): Promise<Download | null> {
    return run(open ? 'csv-open' : 'csv-all', 'The pipeline was not exported.', async () => {
      const { csv, rows } = await client('data/csv', { open });
      outcome.value = { kind: 'done', message: `Exported ${plural(rows, open ? 'open deal' : 'deal', open ? 'open deals' : 'deals')} as CSV.` };
      return { fileName: `stagecoach-${open ? 'open-deals' : 'all-deals'}-${isoDate(now())}.csv`, text: csv, type: 'text/csv;charset=utf-8' };
    });
  }

  async function backup(): Promise<Download | null> {
    return run('backup', 'Nothing was backed up.', async () => {
      const { backup: file, counts } = await client('data/backup', {});
      outcome.value = { kind: 'done', message: `Backed up ${countsText(counts)}. Keep the file somewhere safe: it holds your deals.` };
      return { fileName: `stagecoach-backup-${isoDate(now())}.json`, text: JSON.stringify(file) };
    });
  }

  /** Read a chosen file and ask before restoring it; a file that is no good backup is refused here with its problems. */
  async function chooseBackup(file: ImportFile): Promise<void> {
    batch(() => {
      outcome.value = { kind: 'idle' };
      confirmingClear.value = false;
    });
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      restore.value = { kind: 'rejected', fileName: file.name, problems: [`The file could not be read (${error instanceof Error ? error.message : String(error)}). Choose it again.`] };
      return;
    }
    const parsed = parseBackupText(text);
    restore.value = parsed.ok
      ? { kind: 'confirming', fileName: file.name, text, counts: backupCounts(parsed.backup), exportedAt: parsed.backup.exportedAt }
      : { kind: 'rejected', fileName: file.name, problems: parsed.problems };
  }

  async function confirmRestore(): Promise<void> {
    const state = restore.value;
    if (state.kind !== 'confirming') return;
    await run('restore', 'The backup was not restored. Nothing was changed.', async () => {
      const result = await client('data/restore', { text: state.text });
      if (!result.restored) {
        restore.value = { kind: 'rejected', fileName: state.fileName, problems: result.problems };
        return;
      }
      batch(() => {
        restore.value = { kind: 'idle' };
        forgetList.value = { kind: 'idle' };
        onChanged(result.active);
        outcome.value = {
          kind: 'done',
          message:
            `Restored ${countsText(result.counts)} from “${isolate(state.fileName)}”. ` +
            (result.active.lock === null ? `The playbook is now “${isolate(result.active.playbook.name)}”.` : 'Your organization’s playbook stays in force.'),
        };
      });
    });
  }

  async function confirmClear(): Promise<void> {
    if (!clearUnderstood.value) return;
    await run('clear', 'Nothing was cleared.', async () => {
      const { active: after } = await client('data/clear', {});
      batch(() => {
        confirmingClear.value = false;
        clearUnderstood.value = false;
        forgetList.value = { kind: 'idle' };
        onChanged(after);
        outcome.value = { kind: 'done', message: `Everything was cleared from this browser. The playbook is now “${isolate(after.playbook.name)}”.` };
      });
    });
  }

  /** The deals to search, loaded when the rep starts typing a name. */
  async function loadDeals(): Promise<void> {
    if (forgetList.value.kind === 'loading' || forgetList.value.kind === 'loaded') return;
    forgetList.value = { kind: 'loading' };
    try {
      const { deals } = await client('pipeline/deals', {});
      forgetList.value = { kind: 'loaded', deals: deals.map((deal) => ({ key: deal.key, name: deal.name, stage: deal.crmStage })) };
    } catch (error) {
      forgetList.value = { kind: 'failed', message: `The deals could not be listed: ${errorMessage(error)}` };
    }
  }

  async function confirmForget(): Promise<void> {
    const deal = forgetting.value;
    if (deal === null) return;
    await run('forget', `“${isolate(deal.name)}” was not forgotten.`, async () => {
      await client('deal/forget', { key: deal.key });
      batch(() => {
        const list = forgetList.value;
        if (list.kind === 'loaded') forgetList.value = { kind: 'loaded', deals: list.deals.filter((d) => d.key !== deal.key) };
        forgetKey.value = null;
        outcome.value = { kind: 'done', message: `“${isolate(deal.name)}” was forgotten: its ticks and history are gone from this browser.` };
      });
    });
  }

  return {
    locale,
    busy,
    outcome,
    restore,
    lock,
    confirmingClear,
    clearUnderstood,
    forgetList,
    forgetQuery,
    forgetMatches,
    forgetting,
    exportCsv,
    backup,
    chooseBackup,
    confirmRestore,
    cancelRestore: (): void => {
      restore.value = { kind: 'idle' };
    },
    askClear: (): void => {
      batch(() => {
        confirmingClear.value = true;
        clearUnderstood.value = false;
        restore.value = { kind: 'idle' };
        outcome.value = { kind: 'idle' };
      });
    },
    cancelClear: (): void => {
      confirmingClear.value = false;
    },
    confirmClear,
    loadDeals,
    askForget: (key: string): void => {
      batch(() => {
        forgetKey.value = key;
        outcome.value = { kind: 'idle' };
      });
    },
    cancelForget: (): void => {
      forgetKey.value = null;
    },
    confirmForget,
    /** "made on 4 May 2026" for the restore question. */
    madeOn: (exportedAt: string): string => formatDate(isoDate(new Date(exportedAt)), locale),
  };
}

export type DataModel = ReturnType<typeof createDataModel>;
