/**
 * The options page: where the active playbook comes from (policy, team URL, this browser, built-in) and its stored
 * revisions, the playbook read-only (every stage, criterion and rule in words), and the admin's actions on it: import
 * (file or pasted text), export, reset to the built-in playbook, and the sites (CRMs added by configuration) it
 * carries. A policy's lock turns every change off, its reason shown beside each control.
 */
import { useEffect, useRef } from 'preact/hooks';
import { normalizeText } from '../core/text';
import { formatDays, plural } from '../core/format';
import type { Criterion, Stage } from '../core/types';
import { Logo } from '../ui/Logo';
import { saveFile } from './download';
import { EditorControls, OpenEditor } from './editor/Controls';
import { VISIBLE_PROBLEMS, type OptionsModel } from './model';
import { RevisionsSection } from './Revisions';
import { Notice } from './Notice';
import { SitesSection } from './Sites';
import type { SitesModel } from './sites-model';
import { LockNote, SourcesSection } from './Sources';
import type { SourcesModel } from './sources-model';
import { SyncSection } from './Sync';
import type { SyncModel } from './sync-model';
import type { DataModel } from './data-model';
import { YourDataSection } from './YourData';
import { sourceText } from '../ui/playbook-source';
import { isHttps, isolate } from '../ui/text';
import { FORECAST_CATEGORY_NAMES, OUTCOME_NAMES, ruleText } from './words';

export function Options({
  model,
  sites,
  sources,
  sync,
  data,
}: {
  model: OptionsModel;
  sites?: SitesModel;
  sources?: SourcesModel;
  sync?: SyncModel;
  data?: DataModel;
}) {
  const load = model.load.value;
  const active = model.active.value;
  return (
    <div class="page">
      <header class="page-header">
        <div class="inner header-inner">
          <Logo size={36} />
          <div>
            <p class="eyebrow">Stagecoach settings</p>
            <h1>Stagecoach playbook</h1>
          </div>
        </div>
      </header>
      <main class="inner">
        {load.kind === 'loading' ? (
          <p class="loading" role="status">
            Loading the active playbook…
          </p>
        ) : load.kind === 'failed' ? (
          <div class="stack">
            <Notice kind="error" title="Couldn’t load the playbook" alert>
              <p>{load.message}</p>
            </Notice>
            <button type="button" class="btn btn-brand" onClick={() => void model.refresh()}>
              Retry
            </button>
          </div>
        ) : (
          <div class="layout">
            <div class="main">
              {/* While editing, the editor comes first: it is what the admin opened, and the page's other sections wait below. */}
              {model.editor.isOpen.value && <OpenEditor session={model.editor} />}
              {sources && active && <SourcesSection model={sources} active={active} />}
              {sources && <RevisionsSection model={sources} />}
              {sync && <SyncSection model={sync} />}
              {sites && <SitesSection model={sites} sites={active?.playbook.sites ?? []} lock={active?.lock ?? null} />}
              {!model.editor.isOpen.value && <ActivePlaybook model={model} />}
            </div>
            <div class="side">
              <ImportSection model={model} />
              <ExportSection model={model} />
              <ResetSection model={model} />
              {/* Beside the playbook, not below it: the active playbook's stages run to several screens. */}
              {data && <YourDataSection model={data} />}
              <FormatSection model={model} />
            </div>
          </div>
        )}
      </main>
      <footer class="inner page-footer">
        <p>Everything stays in this browser: Stagecoach has no server and sends no data anywhere.</p>
      </footer>
    </div>
  );
}

function ActivePlaybook({ model }: { model: OptionsModel }) {
  const active = model.active.value;
  if (!active) return null;
  const { playbook, source } = active;
  return (
    <section class="card active" aria-labelledby="active-title">
      <div class="card-header">
        <h2 id="active-title">Active playbook</h2>
        <EditorControls session={model.editor} saveFile={saveFile} />
      </div>
      <div class="card-body">
        <p class="playbook-name">{playbook.name}</p>
        <dl class="facts summary">
          <div>
            <dt>Revision</dt>
            <dd>{playbook.revision ?? 'Not set'}</dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>{sourceText(source, model.locale)}</dd>
          </div>
          <div>
            <dt>Stages</dt>
            <dd>{playbook.stages.length}</dd>
          </div>
        </dl>
        <ol class="stage-list">
          {playbook.stages.map((stage, i) => (
            <StageView key={stage.id} stage={stage} number={i + 1} locale={model.locale} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function StageView({ stage, number, locale }: { stage: Stage; number: number; locale: string }) {
  const headingId = `stage-${stage.id}`;
  return (
    <li class="stage" aria-labelledby={headingId}>
      <div class="stage-head">
        <span class="stage-num" aria-hidden="true">
          {number}
        </span>
        <h3 id={headingId}>{stage.name}</h3>
        {stage.outcome !== 'open' && <span class={`pill outcome-${stage.outcome}`}>{OUTCOME_NAMES[stage.outcome]}</span>}
      </div>
      <dl class="facts">
        <div>
          <dt>Probability</dt>
          <dd>{stage.probability}%</dd>
        </div>
        <div>
          <dt>Forecast category</dt>
          <dd>{FORECAST_CATEGORY_NAMES[stage.forecastCategory]}</dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>{OUTCOME_NAMES[stage.outcome]}</dd>
        </div>
        <div>
          <dt>Stale after</dt>
          <dd>{stage.staleAfterDays === undefined ? 'Never flagged' : formatDays(stage.staleAfterDays)}</dd>
        </div>
      </dl>
      <div class="matches">
        <h4>Matches CRM stages</h4>
        <ul class="chips">
          {crmNames(stage).map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      </div>
      {stage.guidance !== undefined && (
        <div class="guidance">
          <h4>Guidance</h4>
          <p>{stage.guidance}</p>
        </div>
      )}
      <div class="criteria">
        <h4>Criteria</h4>
        {stage.criteria.length === 0 ? (
          <p class="muted">No criteria: nothing to check in this stage.</p>
        ) : (
          <ul>
            {stage.criteria.map((c) => (
              <CriterionView key={c.id} criterion={c} locale={locale} />
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** The stage's own name first, then its match list, each name once however it is spelled. */
function crmNames(stage: Stage): string[] {
  const seen = new Set<string>();
  return [stage.name, ...stage.match].filter((n) => {
    const key = normalizeText(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function CriterionView({ criterion, locale }: { criterion: Criterion; locale: string }) {
  return (
    <li class="criterion">
      <p class="criterion-label">
        {/* dir=auto isolates as <bdi> does: the label's override cannot reach the tag after it. */}
        <span dir="auto">{criterion.label}</span>{' '}
        <span class={`tag ${criterion.required ? 'tag-required' : 'tag-optional'}`}>
          {criterion.required ? 'Required' : 'Optional'}
        </span>
      </p>
      {criterion.rule !== undefined && (
        <p class="auto">
          <span class="auto-label">Auto:</span> {ruleText(criterion.rule, locale)}
        </p>
      )}
      {criterion.help !== undefined && <p class="help">{criterion.help}</p>}
      {criterion.links.length > 0 && (
        <ul class="links">
          {criterion.links.map((l) => (
            <li key={l.url}>
              {isHttps(l.url) ? (
                <a href={l.url} target="_blank" rel="noopener noreferrer">
                  <bdi>{l.title}</bdi>
                  <span class="sr-only"> (opens in a new tab)</span>
                </a>
              ) : (
                <bdi>{l.title}</bdi>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ImportSection({ model }: { model: OptionsModel }) {
  const outcome = model.importOutcome.value;
  const lock = model.active.value?.lock ?? null;
  const busy = model.importing.value || lock !== null;
  const lockedOut = lock === null ? undefined : 'import-lock';
  return (
    <section class="card" aria-labelledby="import-title">
      <div class="card-header">
        <h2 id="import-title">Import</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">Replace the active playbook with your team’s. A file with problems changes nothing.</p>
        {lock !== null && <LockNote id="import-lock" lock={lock} />}
        <div class="file-pick">
          <input
            id="import-file"
            class="sr-only"
            type="file"
            accept=".json,application/json"
            disabled={busy}
            aria-describedby={lockedOut}
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              // Cleared at once so choosing the same (fixed) file again fires another change.
              input.value = '';
              if (file) void model.importFile(file);
            }}
          />
          <label for="import-file" class="btn btn-brand">
            <UploadIcon />
            Import playbook
          </label>
          <span class="muted file-hint">.json file</span>
        </div>
        <div class="paste">
          <label for="paste-playbook" class="field-label">
            Paste playbook
          </label>
          <textarea
            id="paste-playbook"
            rows={7}
            spellcheck={false}
            placeholder={'{ "format": "stagecoach.playbook/v1", "name": …, "stages": […] }'}
            value={model.pasted.value}
            disabled={lock !== null}
            aria-describedby={lockedOut}
            onInput={(e) => model.setPasted(e.currentTarget.value)}
          />
          <button type="button" class="btn" disabled={busy} aria-describedby={lockedOut} onClick={() => void model.importPasted()}>
            Import
          </button>
        </div>
        <div role="status" class="status-slot">
          {outcome.kind === 'importing' && <p class="muted">Importing {outcome.source}…</p>}
          {outcome.kind === 'imported' && (
            <Notice kind="success">
              <p>{outcome.message}</p>
            </Notice>
          )}
        </div>
        {(outcome.kind === 'rejected' || outcome.kind === 'failed') && <ImportFailure model={model} />}
      </div>
    </section>
  );
}

function ImportFailure({ model }: { model: OptionsModel }) {
  const outcome = model.importOutcome.value;
  if (outcome.kind !== 'rejected' && outcome.kind !== 'failed') return null;
  const name = model.active.value?.playbook.name;
  const unchanged = name === undefined ? 'The active playbook is unchanged.' : `The active playbook “${isolate(name)}” is unchanged.`;
  return (
    <Notice kind="error" title={`${outcome.source} was not imported.`} alert>
      {outcome.kind === 'failed' ? (
        <p>
          {outcome.message} {outcome.unsure ? '' : unchanged}
        </p>
      ) : (
        <>
          <p>
            {unchanged} Fix {outcome.problems.length === 1 ? 'this problem' : `these ${outcome.problems.length} problems`} and
            import again:
          </p>
          <ul class="problems">
            {outcome.problems.slice(0, VISIBLE_PROBLEMS).map((p, i) => (
              <li key={i}>
                <code>{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
          {outcome.problems.length > VISIBLE_PROBLEMS && (
            <p>and {plural(outcome.problems.length - VISIBLE_PROBLEMS, 'more problem', 'more problems')}.</p>
          )}
        </>
      )}
    </Notice>
  );
}

function ExportSection({ model }: { model: OptionsModel }) {
  return (
    <section class="card" aria-labelledby="export-title">
      <div class="card-header">
        <h2 id="export-title">Export</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">Download the active playbook as a file to edit, keep, or share with other admins.</p>
        <button
          type="button"
          class="btn"
          onClick={() => {
            const file = model.exportActive();
            if (file) saveFile(file);
          }}
        >
          <DownloadIcon />
          Export playbook
        </button>
      </div>
    </section>
  );
}

function ResetSection({ model }: { model: OptionsModel }) {
  const state = model.reset.value;
  const name = model.active.value?.playbook.name ?? '';
  const lock = model.active.value?.lock ?? null;
  const confirmRef = useRef<HTMLDivElement>(null);
  const resetButtonRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previous = useRef(state.kind);
  const confirming = state.kind === 'confirming' || state.kind === 'resetting';
  // Keep keyboard focus where the admin is: into the question when it appears, back to the button on Cancel,
  // and onto the section once the button it was on is gone.
  useEffect(() => {
    if (state.kind === 'confirming') confirmRef.current?.focus();
    else if (state.kind === 'idle' && previous.current === 'confirming') resetButtonRef.current?.focus();
    else if (state.kind === 'done') headingRef.current?.focus();
    previous.current = state.kind;
  }, [state.kind]);
  return (
    <section class="card" aria-labelledby="reset-title">
      <div class="card-header">
        <h2 id="reset-title" tabIndex={-1} ref={headingRef}>
          Reset
        </h2>
      </div>
      <div class="card-body stack">
        {model.isBuiltin.value ? (
          <p class="muted">You are using the built-in playbook.</p>
        ) : confirming ? (
          <div class="confirm" role="group" aria-labelledby="confirm-question" tabIndex={-1} ref={confirmRef}>
            <p id="confirm-question">Replace “{name}” with the built-in playbook? Ticks on deals are kept.</p>
            <div class="actions">
              <button type="button" class="btn btn-destructive" disabled={state.kind === 'resetting'} onClick={() => void model.confirmReset()}>
                Confirm
              </button>
              <button type="button" class="btn" disabled={state.kind === 'resetting'} onClick={model.cancelReset}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <>
            <p class="muted">Go back to the playbook Stagecoach ships with. Ticks on deals are kept.</p>
            {lock !== null && <LockNote id="reset-lock" lock={lock} />}
            <button
              type="button"
              class="btn"
              disabled={lock !== null}
              aria-describedby={lock === null ? undefined : 'reset-lock'}
              onClick={model.askReset}
              ref={resetButtonRef}
            >
              Reset to built-in playbook
            </button>
          </>
        )}
        <div role="status" class="status-slot">
          {state.kind === 'done' && (
            <Notice kind="success">
              <p>{state.message}</p>
            </Notice>
          )}
        </div>
        {state.kind === 'failed' && (
          <Notice kind="error" title="The playbook was not reset." alert>
            <p>{state.message}</p>
          </Notice>
        )}
      </div>
    </section>
  );
}

function FormatSection({ model }: { model: OptionsModel }) {
  return (
    <section class="card" aria-labelledby="format-title">
      <div class="card-header">
        <h2 id="format-title">Playbook format</h2>
      </div>
      <div class="card-body stack format">
        <p>
          A playbook is a JSON file with <code>"format": "stagecoach.playbook/v1"</code>, a <code>name</code> and its{' '}
          <code>stages</code> in order. Each stage has a <code>probability</code> (0–100), a{' '}
          <code>forecastCategory</code>, the CRM stage names it stands for (<code>match</code>), and its{' '}
          <code>criteria</code>.
        </p>
        <p>
          A criterion is ticked by the rep, or decided from the deal’s fields when it has a <code>rule</code> such as{' '}
          <code>{'{ "field": "amount", "op": "present" }'}</code>.
        </p>
        <p class="muted">
          The full reference is <code>docs/playbook-format.md</code> in the Stagecoach repository. The built-in playbook
          is a complete example to start from.
        </p>
        <button type="button" class="btn" onClick={() => saveFile(model.example())}>
          <DownloadIcon />
          Download example
        </button>
      </div>
    </section>
  );
}

function UploadIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M8 11V2M4.5 5.5L8 2l3.5 3.5M2 11v3h12v-3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M8 2v9M4.5 7.5L8 11l3.5-3.5M2 11v3h12v-3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
