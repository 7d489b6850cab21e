/**
 * The "CRM sync" card: per org a switch "Sync my open opportunities from Salesforce (acme)", when it last synced, why
 * it failed in the rep's words, and one "Sync now" for every org switched on.
 */
import type { SyncStatus } from '../messages';
import { Notice } from './Notice';
import { lastSyncText, orgLabel, type SyncModel } from './sync-model';

export function SyncSection({ model, now = () => new Date() }: { model: SyncModel; now?: () => Date }) {
  const load = model.load.value;
  const problem = model.problem.value;
  const syncs = load.kind === 'ready' ? load.syncs : [];
  const anyOn = syncs.some((s) => s.enabled);
  const busy = model.busy.value;
  return (
    <section class="card sync" aria-labelledby="sync-title">
      <div class="card-header">
        <h2 id="sync-title">CRM sync</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">
          Bring in every open opportunity you own, not only those you opened, straight from your CRM with the session
          you are signed in with. Nothing leaves this browser; the browser asks you first.
        </p>
        {load.kind === 'loading' && <p role="status">Looking for your CRM orgs…</p>}
        {load.kind === 'failed' && (
          <Notice kind="error" alert>
            <p>{load.message}</p>
          </Notice>
        )}
        {load.kind === 'ready' && syncs.length === 0 && (
          <p>Open one of your Salesforce or Dynamics 365 deals or lists first: its org then appears here.</p>
        )}
        {syncs.length > 0 && (
          <ul class="sync-list" aria-label="CRM orgs">
            {syncs.map((status) => (
              <SyncRow key={status.id} status={status} model={model} busy={busy.has(status.id)} now={now()} />
            ))}
          </ul>
        )}
        {problem !== null && (
          <Notice kind="error" alert>
            <p>{problem}</p>
          </Notice>
        )}
        {anyOn && (
          <button type="button" class="btn" disabled={busy.size > 0} onClick={() => void model.syncNow()}>
            {busy.size > 0 ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
    </section>
  );
}

function SyncRow({ status, model, busy, now }: { status: SyncStatus; model: SyncModel; busy: boolean; now: Date }) {
  const label = `Sync my open opportunities from ${orgLabel(status)}`;
  const describedBy = `sync-${status.id.replace(/[^a-z0-9-]/g, '-')}`;
  return (
    <li class="sync-row">
      <label class="sync-switch">
        <input
          type="checkbox"
          role="switch"
          checked={status.enabled}
          disabled={busy}
          aria-describedby={describedBy}
          onChange={(event) => void model.toggle(status, event.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      <div id={describedBy} class="sync-state">
        <p class="muted" role="status">
          {busy ? 'Syncing…' : lastSyncText(status, now)}
        </p>
        {status.enabled && status.failure !== null && !busy && <p class="sync-failure">{status.failure}</p>}
      </div>
    </li>
  );
}
