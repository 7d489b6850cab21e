/**
 * The options page's state: the active playbook, the import form and its outcome, the reset confirmation.
 * Components only read it; the worker client is injected so tests run it with a fake.
 */
import { batch, computed, signal } from '@preact/signals';
import { DEFAULT_PLAYBOOK } from '../core/default-playbook';
import { plural } from '../core/format';
import { serializePlaybook } from '../core/playbook/serialize';
import type { Playbook, PlaybookProblem } from '../core/types';
import { ReplyError, type ActivePlaybook, type Client } from '../messages';
import { browserLocale, errorMessage } from '../ui/errors';
import { createEditorSession } from './editor/session';
import { checkSelectors } from './selector-checks';
import { playbookFileName } from './words';
import { isolate } from '../ui/text';

/** Problems listed before "and N more": enough to fix a file in one go, short enough to read. */
export const VISIBLE_PROBLEMS = 50;

export type LoadState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded' };

/** What the last import did. `source` says what was imported, in words ("“acme.json”", "The pasted playbook"). */
export type ImportOutcome =
  | { kind: 'idle' }
  | { kind: 'importing'; source: string }
  | { kind: 'rejected'; source: string; problems: PlaybookProblem[] }
  /** `unsure`: whether the playbook changed could not be read back (the page then claims nothing about it). */
  | { kind: 'failed'; source: string; message: string; unsure?: true }
  | { kind: 'imported'; message: string };

export type ResetState =
  | { kind: 'idle' }
  | { kind: 'confirming' }
  | { kind: 'resetting' }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; message: string };

/** A file to download: what the page turns into a Blob URL. */
export interface Download {
  fileName: string;
  text: string;
  /** The file's media type; JSON when absent (playbooks, backups). */
  type?: string;
}

/** The part of a File the import needs (a File fits; tests pass a plain object). */
export interface ImportFile {
  name: string;
  text(): Promise<string>;
}

export interface OptionsModelOptions {
  locale?: string;
}

export function createOptionsModel(client: Client, options: OptionsModelOptions = {}) {
  const locale = options.locale ?? browserLocale();
  const load = signal<LoadState>({ kind: 'loading' });
  const active = signal<ActivePlaybook | null>(null);
  const pasted = signal('');
  const importOutcome = signal<ImportOutcome>({ kind: 'idle' });
  const reset = signal<ResetState>({ kind: 'idle' });

  /** The playbook editor: opened on the active playbook or a template, it saves new revisions through the worker. */
  const editor = createEditorSession(client, active);

  const isBuiltin = computed(() => active.value?.source.kind === 'builtin');
  const importing = computed(() => importOutcome.value.kind === 'importing');

  async function refresh(): Promise<void> {
    load.value = { kind: 'loading' };
    try {
      const a = await client('playbook/get', {});
      batch(() => {
        active.value = a;
        load.value = { kind: 'loaded' };
      });
    } catch (error) {
      load.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  /**
   * The active playbook changed behind the page (a team URL update, a policy, another tab): take the worker's new
   * answer without the loading state, so nothing the admin is doing (the editor's draft, a form) is interrupted. A
   * failure here is not shown: the page keeps what it showed, and the next action reports the worker's state.
   */
  async function follow(): Promise<void> {
    if (load.value.kind !== 'loaded') return;
    try {
      active.value = await client('playbook/get', {});
    } catch {
      // Kept as shown; see above.
    }
  }

  /** Send text to the worker; true when it became the active playbook. The worker changes nothing on failure. */
  async function importText(text: string, fileName: string | null): Promise<boolean> {
    const source = fileName === null ? 'The pasted playbook' : `“${isolate(fileName)}”`;
    batch(() => {
      importOutcome.value = { kind: 'importing', source };
      reset.value = { kind: 'idle' };
    });
    try {
      const selectorChecks = await checkSelectors(text);
      const result = await client('playbook/import', { text, fileName, ...(selectorChecks && { selectorChecks }) });
      if (!result.imported) {
        importOutcome.value = { kind: 'rejected', source, problems: result.problems };
        return false;
      }
      const p = result.active.playbook;
      batch(() => {
        active.value = result.active;
        load.value = { kind: 'loaded' };
        importOutcome.value = {
          kind: 'imported',
          message: `Imported “${isolate(p.name)}” (${plural(p.stages.length, 'stage', 'stages')}). Reps see it on their next deal page.`,
        };
      });
      return true;
    } catch (error) {
      if (error instanceof ReplyError && error.code === 'interrupted') return importInterrupted(source);
      importOutcome.value = { kind: 'failed', source, message: errorMessage(error) };
      return false;
    }
  }

  /**
   * The worker stopped with the import in hand: it may have stored the playbook just before, or not at all (an import
   * is one transaction). What is in force now is asked for and said, so the page never claims a change that did not
   * happen, nor hides one that did.
   */
  async function importInterrupted(source: string): Promise<boolean> {
    const before = active.value;
    let now: ActivePlaybook;
    try {
      now = await client('playbook/get', {});
    } catch {
      importOutcome.value = {
        kind: 'failed',
        source,
        message: 'Stagecoach stopped before it finished the import, and cannot say yet whether it was saved. Reload this page to see the active playbook, then import again if needed.',
        unsure: true,
      };
      return false;
    }
    active.value = now;
    if (before && JSON.stringify(now.source) !== JSON.stringify(before.source)) {
      importOutcome.value = {
        kind: 'imported',
        message: `Imported “${now.playbook.name}” (${plural(now.playbook.stages.length, 'stage', 'stages')}). Reps see it on their next deal page.`,
      };
      return true;
    }
    importOutcome.value = { kind: 'failed', source, message: 'The import did not finish because Stagecoach stopped. Try again.' };
    return false;
  }

  async function importFile(file: ImportFile): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      importOutcome.value = {
        kind: 'failed',
        source: `“${isolate(file.name)}”`,
        message: `The file could not be read (${error instanceof Error ? error.message : String(error)}). Choose it again.`,
      };
      return;
    }
    await importText(text, file.name);
  }

  async function importPasted(): Promise<void> {
    // Kept on failure so the admin can fix it in place; cleared once it is the active playbook.
    if (await importText(pasted.value, null)) pasted.value = '';
  }

  function askReset(): void {
    batch(() => {
      reset.value = { kind: 'confirming' };
      importOutcome.value = { kind: 'idle' };
    });
  }

  function cancelReset(): void {
    reset.value = { kind: 'idle' };
  }

  async function confirmReset(): Promise<void> {
    reset.value = { kind: 'resetting' };
    try {
      const a = await client('playbook/reset', {});
      batch(() => {
        active.value = a;
        reset.value = {
          kind: 'done',
          message: `Back to the built-in playbook “${isolate(a.playbook.name)}”. Ticks on deals are kept; reps see it on their next deal page.`,
        };
      });
    } catch (error) {
      reset.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  /** The active playbook as a file, in the same format an import reads. */
  function exportActive(): Download | null {
    const p = active.value?.playbook;
    return p ? download(p) : null;
  }

  return {
    locale,
    load,
    active,
    pasted,
    importOutcome,
    reset,
    editor,
    isBuiltin,
    importing,
    refresh,
    follow,
    importFile,
    importPasted,
    setPasted: (text: string): void => {
      pasted.value = text;
    },
    askReset,
    cancelReset,
    confirmReset,
    exportActive,
    /** The built-in playbook as a worked example of the format. */
    example: (): Download => download(DEFAULT_PLAYBOOK),
  };
}

function download(p: Playbook): Download {
  return { fileName: playbookFileName(p.name), text: serializePlaybook(p) };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
