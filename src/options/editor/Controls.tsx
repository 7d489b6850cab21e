/**
 * The editor's way in, in the Active playbook card's header: "Edit playbook", "New from template" with its picker,
 * the reason both are off when the playbook is locked, and what a save did. Small and loaded with the page; the
 * editor itself loads when opened (./session.ts).
 */
import { useEffect, useRef } from 'preact/hooks';
import { ErrorIcon, SuccessIcon } from '../../ui/icons';
import type { Download } from '../model';
import type { EditorSession } from './session';
import './editor.css';

export function EditorControls({ session, saveFile }: { session: EditorSession; saveFile: (file: Download) => void }) {
  const lock = session.lock.value;
  const state = session.state.value;
  const picker = session.picker.value;
  const saved = session.saved.value;
  const editRef = useRef<HTMLButtonElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<HTMLSelectElement>(null);
  const busy = state.kind === 'opening';

  // Back from the editor: the keyboard goes to what the save said, or to the button that opened it.
  useEffect(() => {
    if (!session.returnFocus()) return;
    if (session.saved.value) savedRef.current?.focus();
    else editRef.current?.focus();
  }, [session]);
  useEffect(() => {
    if (picker.kind === 'open') pickerRef.current?.focus();
  }, [picker.kind]);

  const describedBy = lock !== null ? 'ed-lock' : undefined;
  return (
    <div class="ed-controls">
      <div class="ed-open-buttons">
        <button
          type="button"
          class="btn btn-brand"
          ref={editRef}
          disabled={lock !== null || busy}
          aria-describedby={describedBy}
          onClick={() => void session.editActive()}
        >
          <PencilIcon />
          Edit playbook
        </button>
        <button
          type="button"
          class="btn"
          disabled={lock !== null || busy}
          aria-describedby={describedBy}
          aria-expanded={picker.kind === 'open'}
          onClick={() => (picker.kind === 'open' ? session.closeTemplates() : void session.showTemplates())}
        >
          New from template
        </button>
      </div>
      {lock !== null && (
        <p class="ed-lock muted" id="ed-lock">
          <LockIcon />
          {lock}
        </p>
      )}
      {picker.kind === 'open' && (
        <div class="ed-picker" role="group" aria-label="New from template">
          <label class="field-label" for="ed-template">
            Template
          </label>
          <select
            id="ed-template"
            class="text-input"
            ref={pickerRef}
            value={picker.chosen}
            aria-describedby="ed-template-summary"
            onChange={(e) => session.chooseTemplate(e.currentTarget.value)}
          >
            {picker.templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <p class="ed-hint" id="ed-template-summary">
            {picker.templates.find((t) => t.id === picker.chosen)?.summary}{' '}
            It opens in the editor; nothing changes until you save it.
          </p>
          <div class="actions">
            <button type="button" class="btn btn-brand" disabled={busy} onClick={() => void session.useTemplate()}>
              Use template
            </button>
            <button type="button" class="btn" onClick={session.closeTemplates}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div role="status" class="status-slot">
        {picker.kind === 'loading' && <p class="muted">Loading the templates…</p>}
        {busy && <p class="muted">Opening the editor…</p>}
        {saved && (
          <div class="notice notice-success ed-saved" tabIndex={-1} ref={savedRef}>
            <SuccessIcon />
            <div>
              <p>{saved.message}</p>
              {saved.precedence !== null && <p>{saved.precedence}</p>}
              {saved.download !== null && (
                <button type="button" class="btn ed-export" onClick={() => saved.download && saveFile(saved.download)}>
                  Export saved playbook
                </button>
              )}
            </div>
          </div>
        )}
      </div>
      {(state.kind === 'failed' || picker.kind === 'failed') && (
        <div class="notice notice-error" role="alert">
          <ErrorIcon />
          <div>
            <p>{state.kind === 'failed' ? state.message : picker.kind === 'failed' ? picker.message : ''}</p>
          </div>
        </div>
      )}
    </div>
  );
}

/** The open editor, where the page shows it instead of the read-only playbook. */
export function OpenEditor({ session }: { session: EditorSession }) {
  const state = session.state.value;
  if (state.kind !== 'open') return null;
  const { View, model } = state;
  return <View model={model} />;
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M10.5 2.5l3 3L5.5 13.5H2.5v-3z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
    </svg>
  );
}

function LockIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 015 0v2" fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}
