/**
 * The "Revisions" section: every playbook this browser imported, saved or received, newest first, the one in force
 * marked "Active"; each can be exported, or made this browser's playbook again.
 */
import { useState } from 'preact/hooks';
import { plural } from '../core/format';
import type { RevisionInfo } from '../messages';
import { revisionText } from '../ui/playbook-source';
import { saveFile } from './download';
import type { SourcesModel } from './sources-model';
import { Notice } from './Notice';

/** Revisions listed before "Show all": the recent ones are what an admin goes back to. */
export const RECENT_REVISIONS = 5;

export function RevisionsSection({ model }: { model: SourcesModel }) {
  const state = model.revisions.value;
  const outcome = model.revisionOutcome.value;
  const problem =
    state.kind === 'failed' ? `The revisions could not be listed: ${state.message}` : outcome.kind === 'failed' ? outcome.message : null;
  const [showAll, setShowAll] = useState(false);
  return (
    <section class="card revisions" aria-labelledby="revisions-title">
      <div class="card-header">
        <h2 id="revisions-title">Revisions</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">Every playbook this browser imported, saved or received, newest first.</p>
        <div role="status" class="status-slot">
          {state.kind === 'loading' && <p class="muted">Loading revisions…</p>}
          {outcome.kind === 'done' && (
            <Notice kind="success"><p>{outcome.message}</p></Notice>
          )}
        </div>
        {problem !== null && (
          <Notice kind="error" alert><p>{problem}</p></Notice>
        )}
        {state.kind === 'loaded' &&
          (state.revisions.length === 0 ? (
            <p>No revisions yet: nothing was imported, saved or received in this browser.</p>
          ) : (
            <>
              <ol class="revision-list" aria-label="Stored revisions">
                {(showAll ? state.revisions : state.revisions.slice(0, RECENT_REVISIONS)).map((revision) => (
                  <RevisionRow key={revision.id} revision={revision} active={revision.id === state.activeId} model={model} />
                ))}
              </ol>
              {!showAll && state.revisions.length > RECENT_REVISIONS && (
                <button type="button" class="btn" onClick={() => setShowAll(true)}>
                  Show all {state.revisions.length} revisions
                </button>
              )}
            </>
          ))}
      </div>
    </section>
  );
}

function RevisionRow({ revision, active, model }: { revision: RevisionInfo; active: boolean; model: SourcesModel }) {
  const lock = model.lock.value;
  const { id } = revision;
  const titleId = `revision-${id}-title`;
  return (
    <li class="revision" aria-labelledby={titleId}>
      <div class="revision-head">
        <h3 id={titleId}>Revision {id}</h3>
        {active && <span class="pill outcome-won">Active</span>}
      </div>
      <p>
        <bdi class="revision-name">{revision.name}</bdi>
        {revision.label !== null && (
          <span class="muted">
            {' '}
            · labelled “<bdi>{revision.label}</bdi>”
          </span>
        )}
      </p>
      <p class="help">{revisionText(revision, model.locale)}</p>
      <p class="help">
        {plural(revision.stages, 'stage', 'stages')}, {plural(revision.criteria, 'criterion', 'criteria')}
      </p>
      <div class="actions">
        <button
          type="button"
          class="btn"
          onClick={() => {
            void model.exportRevision(id).then((file) => {
              if (file) saveFile(file);
            });
          }}
        >
          Export revision {id}
        </button>
        {!active && (
          <button
            type="button"
            class="btn"
            disabled={lock !== null || model.activating.value !== null}
            aria-describedby={lock !== null ? 'source-lock' : undefined}
            onClick={() => void model.activate(id)}
          >
            {model.activating.value === id ? 'Making it active…' : `Make revision ${id} active`}
          </button>
        )}
      </div>
    </li>
  );
}
