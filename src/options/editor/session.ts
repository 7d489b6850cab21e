/**
 * Opening and closing the playbook editor from the options page: on a copy of the active playbook ("Edit playbook")
 * or on a template ("New from template"), and what the page says once a playbook is saved. The editor itself, the
 * format's parser it validates with and the templates load only when asked for, so the options page opens without
 * them.
 */
import { batch, computed, signal, type Signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { serializePlaybook } from '../../core/playbook/serialize';
import type { ActivePlaybook, Client } from '../../messages';
import { errorMessage } from '../../ui/errors';
import type { Download } from '../model';
import { playbookFileName } from '../words';
import type { EditorModel, EditorStart, SavedPlaybook } from './model';
import { isolate } from '../../ui/text';

/** A template as the picker lists it. */
export interface TemplateChoice {
  id: string;
  name: string;
  summary: string;
}

export type EditorState =
  | { kind: 'closed' }
  | { kind: 'opening' }
  | { kind: 'open'; model: EditorModel; View: ComponentType<{ model: EditorModel }> }
  | { kind: 'failed'; message: string };

export type TemplatePicker =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'open'; templates: TemplateChoice[]; chosen: string }
  | { kind: 'failed'; message: string };

/** Said once a playbook is saved: which revision it became, and whether another source still takes precedence. */
export interface SavedNotice {
  message: string;
  /** Why reps do not get the saved playbook yet (a team URL or the organization's policy comes first), or null. */
  precedence: string | null;
  /** The saved playbook as a file, offered when another source takes precedence, to publish it there. */
  download: Download | null;
}

/** The words for a save whose playbook is not the one reps get: who takes precedence, and how to change that. */
export function precedenceText(active: ActivePlaybook): string | null {
  const name = `“${isolate(active.playbook.name)}”`;
  switch (active.source.kind) {
    case 'team':
      return (
        `The team playbook ${name} from ${active.source.url} still takes precedence, so reps keep getting it. ` +
        'Export this playbook and publish it at that address to share it with the team.'
      );
    case 'policy':
      return (
        `Your organization’s playbook ${name}, set by browser policy, still takes precedence, so reps keep getting it. ` +
        'Export this playbook and give it to whoever manages the policy.'
      );
    default:
      return null;
  }
}

export function createEditorSession(client: Client, active: Signal<ActivePlaybook | null>) {
  const state = signal<EditorState>({ kind: 'closed' });
  const picker = signal<TemplatePicker>({ kind: 'closed' });
  const saved = signal<SavedNotice | null>(null);
  const lock = computed(() => active.value?.lock ?? null);
  let focusOnReturn = false;

  const loadEditor = () => import('./Editor');
  const loadTemplates = () => import('../../core/templates');

  async function open(make: (editor: Awaited<ReturnType<typeof loadEditor>>) => Promise<EditorStart> | EditorStart): Promise<void> {
    if (lock.value !== null || state.value.kind === 'opening' || state.value.kind === 'open') return;
    batch(() => {
      state.value = { kind: 'opening' };
      saved.value = null;
    });
    try {
      const module = await loadEditor();
      const start = await make(module);
      const model = module.createEditorModel(client, start, {
        saved: (result) => onSaved(result),
        closed: () => {
          focusOnReturn = true;
          state.value = { kind: 'closed' };
        },
      });
      batch(() => {
        state.value = { kind: 'open', model, View: module.Editor };
        picker.value = { kind: 'closed' };
      });
    } catch (error) {
      state.value = { kind: 'failed', message: `The editor could not be opened. ${errorMessage(error)}` };
    }
  }

  function onSaved({ active: now, revision, playbook }: SavedPlaybook): void {
    const precedence = precedenceText(now);
    focusOnReturn = true;
    batch(() => {
      active.value = now;
      state.value = { kind: 'closed' };
      saved.value = {
        message: `Saved “${isolate(playbook.name)}” as revision ${revision.id}.`,
        precedence,
        download: precedence === null ? null : { fileName: playbookFileName(playbook.name), text: serializePlaybook(playbook) },
      };
    });
  }

  return {
    state,
    /** The editor is open: the page shows it in place of the read-only playbook. */
    isOpen: computed(() => state.value.kind === 'open'),
    /**
     * The editor just closed (saved or discarded): the page puts the keyboard back where the admin left off, on the
     * saved notice or the Edit playbook button, once. `returnFocus()` reads and clears it.
     */
    returnFocus(): boolean {
      const was = focusOnReturn;
      focusOnReturn = false;
      return was;
    },
    picker,
    saved,
    lock,
    /** Open the editor on a copy of the active playbook. */
    editActive(): Promise<void> {
      const current = active.value;
      if (!current) return Promise.resolve();
      return open(({ draftOf }) => ({ draft: draftOf(current.playbook), title: 'Edit playbook', unsaved: false }));
    },
    /** Show the templates to choose from (loaded now, the first time). */
    async showTemplates(): Promise<void> {
      if (lock.value !== null) return;
      picker.value = { kind: 'loading' };
      try {
        const { TEMPLATES } = await loadTemplates();
        const templates = TEMPLATES.map(({ id, name, summary }) => ({ id, name, summary }));
        picker.value = { kind: 'open', templates, chosen: templates[0]?.id ?? '' };
      } catch (error) {
        picker.value = { kind: 'failed', message: `The templates could not be loaded. ${errorMessage(error)}` };
      }
    },
    chooseTemplate(id: string): void {
      const p = picker.value;
      if (p.kind === 'open') picker.value = { ...p, chosen: id };
    },
    closeTemplates(): void {
      picker.value = { kind: 'closed' };
    },
    /**
     * Open the editor on the chosen template. The active playbook's sites and selector repairs come along: they are
     * about this team's CRMs, not its sales process, and saving without them would stop Stagecoach on those sites.
     */
    useTemplate(): Promise<void> {
      const p = picker.value;
      const current = active.value;
      if (p.kind !== 'open' || !current) return Promise.resolve();
      return open(async ({ draftOf }) => {
        const { TEMPLATES } = await loadTemplates();
        const template = TEMPLATES.find((t) => t.id === p.chosen);
        if (!template) throw new Error(`no template “${p.chosen}”`);
        return { draft: draftOf(template.playbook, current.playbook), title: `New playbook from “${isolate(template.name)}”`, unsaved: true };
      });
    },
    dismissSaved(): void {
      saved.value = null;
    },
  };
}

export type EditorSession = ReturnType<typeof createEditorSession>;
