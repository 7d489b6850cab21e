/**
 * The stage checklist overlay, as a rep meets it beside a deal: the CRM's stage, where it sits in the playbook,
 * the checklist (manual criteria to tick, rules decided from the deal's fields) and the readiness badge.
 * Playbook and page text sits in `<bdi>` wherever UI words follow it: a right-to-left override it never closes then
 * cannot reverse them.
 */
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h } from 'preact';
import { checklistSummary } from '../../core/checklist';
import { normalizeText } from '../../core/text';
import type { Checklist, ChecklistItem, DealSnapshot, Playbook, Stage } from '../../core/types';
import type { ReadFailure } from '../../crm/types';
import type { ChangeNotice } from '../../messages';
import { Logo } from '../../ui/Logo';
import { clip, isHttps } from '../../ui/text';

/** What the overlay shows: plain values read from the model by the render effect. */
export interface OverlayView {
  deal: DealSnapshot | null;
  failure: ReadFailure | null;
  /** What the page did not show, in the rep's words, when it cannot be read. */
  missingParts: readonly string[];
  /** The stage the rep chose by hand for this unreadable page, if any. */
  chosenStage: Stage | null;
  crmLabel: string;
  playbook: Playbook | null;
  /** The deal's stage is in the playbook. */
  matched: boolean;
  checklist: Checklist | null;
  collapsed: boolean;
  /** What changed in the playbook, until the rep dismisses it; and why dismissing failed, if it did. */
  notice: ChangeNotice | null;
  noticeError: string | null;
  error: string | null;
  saving: ReadonlySet<string>;
}

export interface OverlayActions {
  toggle(criterionId: string, checked: boolean): Promise<void>;
  chooseStage(stageId: string): Promise<void>;
  setCollapsed(collapsed: boolean): void;
  dismissNotice(): Promise<void>;
  openOptions(): Promise<void>;
}


export function Overlay({ view, actions }: { view: OverlayView; actions: OverlayActions }) {
  const { deal, failure, checklist, playbook } = view;
  const summary = checklist ? checklistSummary(checklist) : null;
  const ready = checklist?.ready ?? false;
  const unreadable = failure?.kind === 'unreadable';

  if (view.collapsed) {
    const text = unreadable && !checklist ? 'Cannot read deal' : (summary ?? 'Stage not in playbook');
    return (
      <aside class="root" role="complementary" aria-label="Stage checklist">
        <button type="button" class={`badge ${ready ? 'is-ready' : ''}`} aria-expanded="false" onClick={() => actions.setCollapsed(false)}>
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
     
      onKeyDown={(e) => {
        if (e.key === 'Escape') actions.setCollapsed(true);
      }}
    >
      <header class="head">
        <Logo size={18} />
        <span class="title">Stage checklist</span>
        <button type="button" class="collapse" aria-expanded="true" aria-label="Collapse stage checklist" title="Collapse (Esc)" onClick={() => actions.setCollapsed(true)}>
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
        </button>
      </header>
      <div class="body">
        {view.notice && <Notice notice={view.notice} error={view.noticeError} onDismiss={() => void actions.dismissNotice()} />}
        {unreadable ? (
          <>
            <p class="problem" role="alert">
              Stagecoach cannot read this deal: it did not find {listed(view.missingParts)} on the page.
            </p>
            <p class="muted">
              {view.crmLabel} may have changed its page. Tell your Stagecoach admin: a playbook’s selectors can repair
              this without an update. Your ticks and recorded deals are safe.
            </p>
            {playbook && (
              <StagePicker stages={playbook.stages} chosen={view.chosenStage} onChoose={(id) => void actions.chooseStage(id)} />
            )}
            {view.error && !checklist && (
              <p class="problem" role="alert">
                {view.error}
              </p>
            )}
            {checklist && view.chosenStage && <ChecklistBody checklist={checklist} stageLabel={view.chosenStage.name} byHand view={view} actions={actions} />}
          </>
        ) : deal && playbook && !view.matched ? (
          <>
            <p class="stage-name">{deal.stage.label}</p>
            <p class="problem" role="status">
              “<bdi>{clip(deal.stage.label)}</bdi>” is not a stage in your playbook “<bdi>{playbook.name}</bdi>”.
            </p>
            <p class="muted">Add it to a stage’s match list, or import a playbook that has it.</p>
            <button type="button" class="link-button" onClick={() => void actions.openOptions()}>
              Open playbook settings
            </button>
          </>
        ) : deal && checklist ? (
          <ChecklistBody checklist={checklist} stageLabel={deal.stage.label} byHand={false} view={view} actions={actions} />
        ) : (
          <p class="muted" role="status">Reading this deal…</p>
        )}
      </div>
    </aside>
  );
}

/**
 * What changed in the playbook since the rep last looked, above the checklist until they choose "Got it" (in this
 * tab or any other, or in the popup). The lines come worded from the worker.
 */
function Notice({ notice, error, onDismiss }: { notice: ChangeNotice; error: string | null; onDismiss: () => void }) {
  const more = notice.total - notice.lines.length;
  return (
    <section class="notice" aria-labelledby="sc-notice">
      <h2 id="sc-notice">Playbook updated</h2>
      <p>
        “<bdi>{notice.playbookName}</bdi>” changed:
      </p>
      <ul>
        {notice.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {more > 0 && <p class="muted">and {more} more</p>}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={(e) => {
          // The button goes with the notice: keep a keyboard user in the panel, not sent back to the top of the page.
          e.currentTarget.closest('aside')?.querySelector<HTMLElement>('.collapse')?.focus();
          onDismiss();
        }}
      >
        Got it
      </button>
    </section>
  );
}

/** "the Amount field", "the Amount field and the Close Date field", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? 'what it needs') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * The deal's stage chosen by hand: a labelled list of the playbook's stages, never preset to a guess. The choice is
 * the rep's, so it stays shown here (and can be changed) until the page can be read again.
 */
function StagePicker({ stages, chosen, onChoose }: { stages: readonly Stage[]; chosen: Stage | null; onChoose: (id: string) => void }) {
  return (
    <div class="pick">
      <label for="sc-stage-pick">Choose this deal’s stage</label>
      <select id="sc-stage-pick" value={chosen?.id ?? ''} onChange={(e) => e.currentTarget.value !== '' && onChoose(e.currentTarget.value)}>
        <option value="" disabled>
          Choose a stage…
        </option>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The checklist of a stage: read from the page, or chosen by hand (`byHand`, said beside the stage). */
function ChecklistBody({ checklist, stageLabel, byHand, view, actions }: { checklist: Checklist; stageLabel: string; byHand: boolean; view: OverlayView; actions: OverlayActions }) {
  const ready = checklist.ready;
  return (
    <>
      <StageHeader stageLabel={stageLabel} stage={checklist.stage} position={checklist.position} total={checklist.openStageCount} byHand={byHand} />
      <div class={`status ${ready ? 'is-ready' : ''}`} role="status">
        <span class="meter" aria-hidden="true">
          <span style={{ width: `${checklist.requiredTotal ? (100 * checklist.requiredMet) / checklist.requiredTotal : 100}%` }} />
        </span>
        <span>{checklistSummary(checklist)}</span>
      </div>
      {view.error && (
        <p class="problem" role="alert">
          {view.error}
        </p>
      )}
      {checklist.items.length > 0 ? (
        <ul>
          {checklist.items.map((item) => (
            <Criterion key={item.criterion.id} item={item} saving={view.saving.has(item.criterion.id)} onToggle={(checked) => void actions.toggle(item.criterion.id, checked)} />
          ))}
        </ul>
      ) : (
        <p class="muted">This stage has no exit criteria in your playbook.</p>
      )}
      {checklist.stage.guidance && (
        <details class="guidance">
          <summary>How to advance</summary>
          <p>{checklist.stage.guidance}</p>
        </details>
      )}
    </>
  );
}

function StageHeader({ stageLabel, stage, position, total, byHand }: { stageLabel: string; stage: Stage; position: number | null; total: number; byHand: boolean }) {
  const where = position === null ? (stage.outcome === 'won' ? 'Won' : 'Lost') : `Stage ${position} of ${total}`;
  return (
    <div>
      <p class="stage-name">{stageLabel}</p>
      <p class="stage-meta">
        {byHand && <>Chosen by hand · </>}
        {where}
        {normalizeText(stage.name) !== normalizeText(stageLabel) && (
          <>
            {' · '}
            <bdi>{stage.name}</bdi>
          </>
        )}
        {` · ${stage.probability}%`}
      </p>
    </div>
  );
}

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
          <bdi>{criterion.label}</bdi>
          {!criterion.required && <span class="tag"> (optional)</span>}
        </label>
      </div>
      {isRule && (
        <p class={item.met ? 'reason' : 'reason no'} id={reasonId}>
          <span class="auto">Auto</span> {item.reason}
        </p>
      )}
      {(criterion.help || criterion.links.length > 0) && (
        <details class="help">
          <summary>
            Help
            <span class="sr">
              {' for '}
              <bdi>{criterion.label}</bdi>
            </span>
          </summary>
          {criterion.help && <p>{criterion.help}</p>}
          {criterion.links.length > 0 && (
            <ul class="links">
              {criterion.links.map((link) => (
                <li key={link.url}>
                  {isHttps(link.url) ? (
                    <a href={link.url} target="_blank" rel="noopener noreferrer">
                      {link.title}
                    </a>
                  ) : (
                    link.title
                  )}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </li>
  );
}
