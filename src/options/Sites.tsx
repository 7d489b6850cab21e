/**
 * The Sites section: the CRMs added by configuration, each with whether Stagecoach runs on it, and the form to add
 * or edit one (name, deal-page address, a selector per deal part, typed or picked on the site).
 */
import { parseSitePattern } from '../core/site-pattern';
import type { Site } from '../core/types';
import { PARTS, PART_NAMES, type DraftField, type SitesModel } from './sites-model';
import { LockNote } from './Sources';
import { Notice } from './Notice';

/** `lock`: why the policy turned changes off (null when it did not); every change control then points at it. */
export function SitesSection({ model, sites, lock = null }: { model: SitesModel; sites: readonly Site[]; lock?: string | null }) {
  const editor = model.editor.value;
  const outcome = model.outcome.value;
  return (
    <section class="card sites" aria-labelledby="sites-title">
      <div class="card-header">
        <h2 id="sites-title">Sites</h2>
      </div>
      <div class="card-body stack">
        <p class="muted">
          Use Stagecoach on a CRM it has no built-in support for (an in-house CRM, Close, Attio, Copper, Freshsales…):
          say where its deal pages are and where each deal shows its name and stage. Stagecoach asks the browser for
          access to that site alone.
        </p>
        {lock !== null && <LockNote id="sites-lock" lock={lock} />}
        {sites.length > 0 && (
          <ul class="site-list" aria-label="Configured sites">
            {sites.map((site) => (
              <SiteRow key={site.id} site={site} model={model} lock={lock} />
            ))}
          </ul>
        )}
        <div role="status" class="status-slot">
          {outcome.kind === 'done' && (
            <Notice kind="success"><p>{outcome.message}</p></Notice>
          )}
        </div>
        {outcome.kind === 'failed' && (
          <Notice kind="error" alert><p>{outcome.message}</p></Notice>
        )}
        {editor ? <SiteForm model={model} /> : (
          <button type="button" class="btn btn-brand" disabled={lock !== null} aria-describedby={locked(lock)} onClick={model.add}>
            Add a site
          </button>
        )}
      </div>
    </section>
  );
}

/** The id of the lock's words, for a disabled control's description. */
const locked = (lock: string | null): string | undefined => (lock === null ? undefined : 'sites-lock');

function SiteRow({ site, model, lock }: { site: Site; model: SitesModel; lock: string | null }) {
  const allowed = model.allowed.value.get(site.id);
  const pattern = parseSitePattern(site.dealPages);
  const origins = pattern.ok ? pattern.pattern.origins : site.dealPages;
  const confirming = model.removing.value === site.id;
  return (
    <li class="site" aria-label={site.name}>
      <div class="site-head">
        <h3>{site.name}</h3>
        {allowed === true && <span class="pill outcome-won">Active</span>}
        {allowed === false && <span class="pill">Needs access</span>}
      </div>
      <p class="site-pattern">
        <code>{site.dealPages}</code>
      </p>
      {allowed === false && (
        <p class="help">Stagecoach may not run on {origins} yet: allow it to show the checklist on this site’s deals.</p>
      )}
      {confirming ? (
        <div class="confirm" role="group" aria-label={`Remove ${site.name}?`}>
          <p>Remove “<bdi>{site.name}</bdi>”? Stagecoach stops running on its pages and gives back its access. Deals already seen are kept.</p>
          <div class="actions">
            <button type="button" class="btn btn-destructive" onClick={() => void model.remove(site.id)}>
              Remove site
            </button>
            <button type="button" class="btn" onClick={model.cancelRemove}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          {allowed === false && (
            <button type="button" class="btn btn-brand" onClick={() => void model.allow(site.id)}>
              Allow access
            </button>
          )}
          <button
            type="button"
            class="btn"
            aria-label={`Edit ${site.name}`}
            disabled={lock !== null}
            aria-describedby={locked(lock)}
            onClick={() => model.edit(site.id)}
          >
            Edit
          </button>
          <button
            type="button"
            class="btn"
            aria-label={`Remove ${site.name}`}
            disabled={lock !== null}
            aria-describedby={locked(lock)}
            onClick={() => model.askRemove(site.id)}
          >
            Remove
          </button>
        </div>
      )}
    </li>
  );
}

const HINTS: Partial<Record<DraftField, string>> = {
  dealPages:
    'The address of a deal page with * where the deal’s id is, e.g. https://crm.example.com/deals/* for https://crm.example.com/deals/42. https only.',
  name: 'Usually the page’s main heading, e.g. h1.',
  stage: 'The element that shows the deal’s stage; its text is matched with your playbook’s stage names.',
  amount: 'Optional. Read with its currency.',
  closeDate: 'Optional.',
};

function SiteForm({ model }: { model: SitesModel }) {
  const editor = model.editor.value;
  if (!editor) return null;
  const { draft, problems, busy, picking, picked, pickProblem, saveProblems } = editor;
  const title = editor.editing === null ? 'Add a site' : `Edit ${draft.name || 'site'}`;
  return (
    <form
      class="site-form stack"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void model.save();
      }}
    >
      <h3>{title}</h3>
      <Field id="site-name" label="Site name" field="siteName" value={draft.name} model={model} problem={problems.siteName} />
      <Field id="site-pages" label="Deal pages" field="dealPages" value={draft.dealPages} model={model} problem={problems.dealPages} hint={HINTS.dealPages} />
      <fieldset class="stack">
        <legend class="field-label">Where each part of a deal is (CSS selectors)</legend>
        {PARTS.map((part) => (
          <div class="selector-row" key={part}>
            <Field
              id={`site-part-${part}`}
              label={`${PART_NAMES[part]} selector`}
              field={part}
              value={draft.selectors[part]}
              model={model}
              problem={problems[part]}
              hint={HINTS[part]}
            />
            <button
              type="button"
              class="btn pick"
              aria-label={`Pick ${PART_NAMES[part].toLowerCase()} on the site`}
              disabled={picking !== null}
              onClick={() => void model.pick(part)}
            >
              {picking === part ? 'Picking…' : 'Pick'}
            </button>
          </div>
        ))}
      </fieldset>
      <div role="status" class="status-slot">
        {picking !== null && <p class="muted">Click {PART_NAMES[picking].toLowerCase()} on the site’s page (Esc cancels).</p>}
        {picked && (
          <p>
            Picked <code>{picked.selector}</code> for {PART_NAMES[picked.part].toLowerCase()}: it shows “{picked.text}” on that page.
            Check it before saving.
          </p>
        )}
        {pickProblem && <p>{pickProblem}</p>}
      </div>
      {saveProblems.length > 0 && (
        <Notice kind="error" title="The site was not saved." alert>
          <ul class="problems">
            {saveProblems.map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
          </ul>
        </Notice>
      )}
      <div class="actions">
        <button type="submit" class="btn btn-brand" disabled={busy}>
          {editor.editing === null ? 'Add site' : 'Save site'}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={model.cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Field(props: { id: string; label: string; field: DraftField; value: string; model: SitesModel; problem?: string | undefined; hint?: string | undefined }) {
  const { id, label, field, value, model, problem, hint } = props;
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class="paste">
      <label for={id} class="field-label">
        {label}
      </label>
      <input
        id={id}
        type="text"
        class="text-input"
        spellcheck={false}
        value={value}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described || undefined}
        onInput={(event) => model.setField(field, event.currentTarget.value)}
      />
      {hint && (
        <p id={`${id}-hint`} class="help">
          {hint}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} class="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
