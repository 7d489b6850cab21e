/**
 * The stage checklist overlay, as a rep meets it beside a deal: the CRM's stage, where it sits in the playbook,
 * the checklist (manual criteria to tick, rules decided from the deal's fields) and the readiness badge.
 */
import { useEffect, useRef } from 'preact/hooks';
import { checklistSummary } from '../../core/checklist';
import type { ChecklistItem, Stage } from '../../core/types';
import { Logo } from '../../ui/Logo';
import type { OverlayModel } from '../model';


export function Overlay({ model }: { model: OverlayModel }) {
  const { deal, failure, collapsed, checklist, match, playbook } = model;
  const panelRef = useRef<HTMLElement>(null);
  const wasCollapsed = useRef(collapsed.value);

  // Keep focus where the rep is: on expand, into the panel; on collapse, onto the badge.
  useEffect(() => {
    if (wasCollapsed.current !== collapsed.value) {
      panelRef.current?.querySelector<HTMLElement>(collapsed.value ? '.badge' : '.collapse')?.focus();
      wasCollapsed.current = collapsed.value;
    }
  });

  const summary = checklist.value ? checklistSummary(checklist.value) : null;
  const ready = checklist.value?.ready ?? false;

  if (collapsed.value) {
    const text = failure.value?.kind === 'unreadable' ? 'Cannot read deal' : (summary ?? 'Stage not in playbook');
    return (
      <aside class="root collapsed" role="complementary" aria-label="Stage checklist" ref={panelRef}>
        <button type="button" class={`badge ${ready ? 'is-ready' : ''}`} aria-expanded="false" onClick={() => model.setCollapsed(false)}>
          <Logo size={18} />
          <span role="status">{ready ? 'Ready to advance' : text}</span>
          <span class="sr">, show stage checklist</span>
        </button>
      </aside>
    );
  }

  return (
    <aside
      class="root panel"
      role="complementary"
      aria-label="Stage checklist"
      ref={panelRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape') model.setCollapsed(true);
      }}
    >
      <header class="head">
        <Logo size={18} />
        <span class="title">Stage checklist</span>
        <button type="button" class="collapse" aria-expanded="true" aria-label="Collapse stage checklist" title="Collapse (Esc)" onClick={() => model.setCollapsed(true)}>
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M3 8h10" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      {failure.value?.kind === 'unreadable' ? (
        <div class="body">
          <p class="problem" role="alert">{failure.value.message}</p>
          <p class="muted">Your ticks and recorded deals are safe.</p>
        </div>
      ) : deal.value && playbook.value && !match.value ? (
        <div class="body">
          <p class="stage-name">{deal.value.stage.label}</p>
          <p class="problem" role="status">
            “{deal.value.stage.label}” is not a stage in your playbook “{playbook.value.name}”.
          </p>
          <p class="muted">Add it to a stage’s match list, or import a playbook that has it.</p>
          <button type="button" class="link-button" onClick={() => void model.openOptions()}>
            Open playbook settings
          </button>
        </div>
      ) : deal.value && checklist.value ? (
        <div class="body">
          <StageHeader stageLabel={deal.value.stage.label} stage={checklist.value.stage} position={checklist.value.position} total={checklist.value.openStageCount} />
          <div class={`status ${ready ? 'is-ready' : ''}`} role="status">
            <span class="meter" aria-hidden="true">
              <span style={{ width: `${checklist.value.requiredTotal ? (100 * checklist.value.requiredMet) / checklist.value.requiredTotal : 100}%` }} />
            </span>
            <span class="status-text">{summary}</span>
          </div>
          {model.error.value && (
            <p class="problem" role="alert">
              {model.error.value}
            </p>
          )}
          {checklist.value.items.length > 0 ? (
            <ul class="criteria">
              {checklist.value.items.map((item) => (
                <Criterion key={item.criterion.id} item={item} saving={model.saving.value.has(item.criterion.id)} onToggle={(checked) => void model.toggle(item.criterion.id, checked)} />
              ))}
            </ul>
          ) : (
            <p class="muted">This stage has no exit criteria in your playbook.</p>
          )}
          {checklist.value.stage.guidance && (
            <details class="guidance">
              <summary>How to advance</summary>
              <p>{checklist.value.stage.guidance}</p>
            </details>
          )}
        </div>
      ) : (
        <div class="body">
          <p class="muted" role="status">Reading this deal…</p>
        </div>
      )}
    </aside>
  );
}

function StageHeader({ stageLabel, stage, position, total }: { stageLabel: string; stage: Stage; position: number | null; total: number }) {
  const where = position === null ? (stage.outcome === 'won' ? 'Won' : 'Lost') : `Stage ${position} of ${total}`;
  return (
    <div class="stage">
      <p class="stage-name">{stageLabel}</p>
      <p class="stage-meta">
        {where}
        {normalized(stage.name) !== normalized(stageLabel) && <> · {stage.name}</>} · {stage.probability}%
      </p>
    </div>
  );
}

const normalized = (s: string) => s.trim().toLowerCase();

function Criterion({ item, saving, onToggle }: { item: ChecklistItem; saving: boolean; onToggle: (checked: boolean) => void }) {
  const { criterion } = item;
  const inputId = `c-${criterion.id}`;
  const reasonId = `r-${criterion.id}`;
  const isRule = item.kind === 'rule';
  return (
    <li class={`criterion ${item.met ? 'is-met' : ''} ${isRule ? 'is-rule' : ''}`} aria-busy={saving ? 'true' : undefined}>
      <div class="row">
        <input
          id={inputId}
          type="checkbox"
          checked={item.met}
          disabled={isRule}
          aria-describedby={isRule ? reasonId : undefined}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
        <label for={inputId}>
          {criterion.label}
          {!criterion.required && <span class="tag"> (optional)</span>}
        </label>
      </div>
      {isRule && (
        <p class={`reason ${item.met ? 'ok' : 'no'}`} id={reasonId}>
          <span class="auto">Auto</span> {item.reason}
        </p>
      )}
      {(criterion.help || criterion.links.length > 0) && (
        <details class="help">
          <summary>
            Help<span class="sr"> for {criterion.label}</span>
          </summary>
          {criterion.help && <p>{criterion.help}</p>}
          {criterion.links.length > 0 && (
            <ul class="links">
              {criterion.links.map((link) => (
                <li key={link.url}>
                  <a href={link.url} target="_blank" rel="noopener noreferrer">
                    {link.title}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </li>
  );
}
