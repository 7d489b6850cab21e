/**
 * The "Playbook source" section: which source the active playbook comes from and why (policy, team URL, this
 * browser, built-in), what was passed over on the way, the policy's lock, and the team playbook URL's form with the
 * state of its last check. `LockNote` is the lock's words the other sections point their disabled controls at.
 */
import { sourceText } from '../ui/playbook-source';
import type { ActivePlaybook } from '../messages';
import type { SourcesModel } from './sources-model';
import { Notice } from './Notice';

export function SourcesSection({ model, active }: { model: SourcesModel; active: ActivePlaybook }) {
  const { source, why, problems, policy, lock } = active;
  return (
    <section class="card source" aria-labelledby="source-title">
      <div class="card-header">
        <h2 id="source-title">Playbook source</h2>
      </div>
      <div class="card-body stack">
        <div>
          <p class="source-why">{why}</p>
          <p class="muted">{sourceText(source, model.locale)}</p>
        </div>
        {lock !== null && <LockNote id="source-lock" lock={lock} />}
        {problems.length > 0 && <ProblemList title="Stagecoach passed over a playbook it could not use:" problems={problems} />}
        {policy !== null && policy.problems.length > 0 && (
          <ProblemList title="Your organization’s browser policy has problems:" problems={policy.problems} />
        )}
        <TeamUrlForm model={model} />
      </div>
    </section>
  );
}

/** The lock's reason, given an id so each disabled control can name it as its description. */
export function LockNote({ id, lock }: { id: string; lock: string }) {
  return (
    <p id={id} class="lock-note">
      {lock}
    </p>
  );
}

function ProblemList({ title, problems }: { title: string; problems: readonly string[] }) {
  return (
    <Notice kind="error" title={title} alert>
      <ul class="problems">
        {problems.map((problem, i) => (
          <li key={i}>{problem}</li>
        ))}
      </ul>
    </Notice>
  );
}

function TeamUrlForm({ model }: { model: SourcesModel }) {
  const team = model.team.value;
  const lock = model.lock.value;
  const byPolicy = model.setByPolicy.value;
  const busy = model.busy.value;
  const problem = model.urlProblem.value;
  const outcome = model.outcome.value;
  const alert = model.alert.value;
  const described = [
    'team-url-hint',
    byPolicy ? 'team-url-policy' : '',
    lock !== null ? 'source-lock' : '',
    problem !== null ? 'team-url-problem' : '',
  ].filter(Boolean).join(' ');
  const lockedOut = lock !== null ? 'source-lock' : undefined;
  return (
    <form
      class="team-url stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void model.saveUrl();
      }}
    >
      <div class="paste">
        <label for="team-url" class="field-label">
          Team playbook URL
        </label>
        <input
          id="team-url"
          type="text"
          inputMode="url"
          class="text-input"
          spellcheck={false}
          placeholder="https://intranet.example.com/playbook.json"
          value={model.urlText.value}
          readOnly={byPolicy}
          disabled={lock !== null && !byPolicy}
          aria-invalid={problem !== null ? 'true' : undefined}
          aria-describedby={described}
          onInput={(event) => model.setUrl(event.currentTarget.value)}
        />
        <p id="team-url-hint" class="help">
          A playbook file your team publishes (https://). Stagecoach checks it on a schedule, and keeps using the last
          good version whenever the file cannot be read.
        </p>
        {byPolicy && (
          <p id="team-url-policy" class="help">
            Set by your organization
          </p>
        )}
        {problem !== null && (
          <p id="team-url-problem" class="field-problem">
            {problem}
          </p>
        )}
      </div>
      <div class="actions">
        {!byPolicy && (
          <button type="submit" class="btn btn-brand" disabled={busy !== null || lock !== null} aria-describedby={lockedOut}>
            {busy === 'saving' ? 'Saving…' : 'Save URL'}
          </button>
        )}
        {!byPolicy && team !== null && (
          <button
            type="button"
            class="btn"
            disabled={busy !== null || lock !== null}
            aria-describedby={lockedOut}
            onClick={() => void model.removeUrl()}
          >
            Remove URL
          </button>
        )}
        {team !== null && (
          <button type="button" class="btn" disabled={busy !== null} onClick={() => void model.refreshNow()}>
            {busy === 'refreshing' ? 'Checking…' : 'Refresh now'}
          </button>
        )}
      </div>
      {model.teamLines.value.length > 0 && (
        <ul class="team-lines" aria-label="Team playbook URL status">
          {model.teamLines.value.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {alert !== null && (
        <Notice kind="error" alert><p>{alert}</p></Notice>
      )}
      <div role="status" class="status-slot">
        {outcome.kind === 'done' && (
          <Notice kind="success"><p>{outcome.message}</p></Notice>
        )}
      </div>
      {outcome.kind === 'failed' && (
        <Notice kind="error" alert><p>{outcome.message}</p></Notice>
      )}
    </form>
  );
}
