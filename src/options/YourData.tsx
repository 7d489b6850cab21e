/**
 * The "Your data" card: the pipeline as CSV, a backup of everything and its restore, forgetting one deal, clearing
 * everything. Restore and clear each ask first, saying what goes and what stays; clear asks the rep to tick that they
 * understand before its button works, so one stray click deletes nothing.
 */
import { useEffect, useRef } from 'preact/hooks';
import { saveFile } from './download';
import { countsText, type DataModel } from './data-model';
import { Notice } from './Notice';
import { isolate } from '../ui/text';

export function YourDataSection({ model }: { model: DataModel }) {
  const busy = model.busy.value;
  const outcome = model.outcome.value;
  const lock = model.lock.value;
  return (
    <section class="card your-data" aria-labelledby="data-title">
      <div class="card-header">
        <h2 id="data-title">Your data</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">Everything Stagecoach knows stays in this browser. Take it with you, or remove it.</p>
        {lock !== null && (
          <p class="lock-note">
            Your organization manages the playbook: restoring and clearing keep it, and change your deals, ticks and history
            only.
          </p>
        )}

        <h3>Export pipeline (CSV)</h3>
        <p class="muted">For a spreadsheet: one row per deal, amounts as numbers, dates as dates.</p>
        <div class="actions">
          <button type="button" class="btn" disabled={busy !== null} onClick={() => void model.exportCsv(true).then((d) => d && saveFile(d))}>
            Open deals
          </button>
          <button type="button" class="btn" disabled={busy !== null} onClick={() => void model.exportCsv(false).then((d) => d && saveFile(d))}>
            All deals, closed too
          </button>
        </div>

        <h3>Back up and restore</h3>
        <button type="button" class="btn" disabled={busy !== null} onClick={() => void model.backup().then((d) => d && saveFile(d))}>
          Back up everything
        </button>
        <RestorePart model={model} />

        <h3>Forget a deal</h3>
        <ForgetPart model={model} />

        <h3>Clear everything</h3>
        <ClearPart model={model} />

        <div role="status" class="status-slot">
          {busy === 'restore' && <p class="muted">Restoring…</p>}
          {outcome.kind === 'done' && (
            <Notice kind="success">
              <p>{outcome.message}</p>
            </Notice>
          )}
        </div>
        {outcome.kind === 'failed' && (
          <Notice kind="error" title={outcome.title} alert>
            <p>{outcome.message}</p>
          </Notice>
        )}
      </div>
    </section>
  );
}

function RestorePart({ model }: { model: DataModel }) {
  const state = model.restore.value;
  const busy = model.busy.value;
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind === 'confirming') confirmRef.current?.focus();
  }, [state.kind]);
  return (
    <>
      <div class="file-pick">
        <input
          id="restore-file"
          class="sr-only"
          type="file"
          accept=".json,application/json"
          disabled={busy !== null}
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            // Cleared at once so choosing the same file again fires another change.
            input.value = '';
            if (file) void model.chooseBackup(file);
          }}
        />
        <label for="restore-file" class="btn">
          Restore from backup…
        </label>
      </div>
      {state.kind === 'confirming' && (
        <div class="confirm" role="group" aria-labelledby="restore-question" tabIndex={-1} ref={confirmRef}>
          <p id="restore-question">
            Replace everything in this browser with “{state.fileName}”, made on {model.madeOn(state.exportedAt)}? It holds{' '}
            {countsText(state.counts)}. The deals, ticks, history and playbooks here now are deleted.
          </p>
          <div class="actions">
            <button type="button" class="btn btn-destructive" disabled={busy !== null} onClick={() => void model.confirmRestore()}>
              Replace everything
            </button>
            <button type="button" class="btn" disabled={busy !== null} onClick={model.cancelRestore}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {state.kind === 'rejected' && (
        <Notice kind="error" title={`“${isolate(state.fileName)}” was not restored. Nothing was changed.`} alert>
          <ul class="problems" aria-label="Problems in the backup">
            {state.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Notice>
      )}
    </>
  );
}

function ForgetPart({ model }: { model: DataModel }) {
  const list = model.forgetList.value;
  const matches = model.forgetMatches.value;
  const deal = model.forgetting.value;
  const busy = model.busy.value;
  const query = model.forgetQuery.value;
  return (
    <>
      <label for="forget-search" class="field-label">
        Find an open deal by name
      </label>
      <input
        id="forget-search"
        type="search"
        value={query}
        onFocus={() => void model.loadDeals()}
        onInput={(e) => {
          model.forgetQuery.value = e.currentTarget.value;
          void model.loadDeals();
        }}
      />
      {list.kind === 'failed' && (
        <Notice kind="error">
          <p>{list.message}</p>
        </Notice>
      )}
      {list.kind === 'loaded' && query.trim() !== '' && matches.length === 0 && <p class="muted">No open deal is named like that.</p>}
      {matches.length > 0 && deal === null && (
        <ul class="forget-matches" aria-label="Matching deals">
          {matches.map((match) => (
            <li key={match.key}>
              <span>
                <bdi>{match.name}</bdi>{' '}
                <span class="muted">
                  (<bdi>{match.stage}</bdi>)
                </span>
              </span>
              <button type="button" class="btn" aria-label={`Forget ${match.name}`} disabled={busy !== null} onClick={() => model.askForget(match.key)}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      {deal !== null && (
        <div class="confirm" role="group" aria-labelledby="forget-question">
          <p id="forget-question">
            Forget “<bdi>{deal.name}</bdi>”? Its ticks, stage history and check history are deleted from this browser. If a CRM list or sync
            shows it again, it comes back without them.
          </p>
          <div class="actions">
            <button type="button" class="btn btn-destructive" disabled={busy !== null} onClick={() => void model.confirmForget()}>
              Forget deal
            </button>
            <button type="button" class="btn" disabled={busy !== null} onClick={model.cancelForget}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}

function ClearPart({ model }: { model: DataModel }) {
  const busy = model.busy.value;
  const lock = model.lock.value;
  if (!model.confirmingClear.value) {
    return (
      <button type="button" class="btn" disabled={busy !== null} onClick={model.askClear}>
        Clear everything…
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-labelledby="clear-question">
      <p id="clear-question">
        {lock === null
          ? 'Delete every deal, tick, stage history, stage chosen by hand, sync setting, playbook revision, site and your team URL from this browser? You are back on the built-in playbook; a playbook your organization sets by policy still applies.'
          : 'Delete every deal, tick, stage history, stage chosen by hand and sync setting from this browser? Your organization’s playbook stays.'}{' '}
        This cannot be undone: back up first to keep a copy.
      </p>
      <label class="check-label">
        <input type="checkbox" checked={model.clearUnderstood.value} onChange={(e) => (model.clearUnderstood.value = e.currentTarget.checked)} />
        Yes, delete everything listed above
      </label>
      <div class="actions">
        <button type="button" class="btn btn-destructive" disabled={busy !== null || !model.clearUnderstood.value} onClick={() => void model.confirmClear()}>
          Clear everything
        </button>
        <button type="button" class="btn" disabled={busy !== null} onClick={model.cancelClear}>
          Cancel
        </button>
      </div>
    </div>
  );
}
