/**
 * The deals that need attention, most urgent first, each with why in one line. Activating one opens the deal through
 * the worker, which focuses its tab when one is already open on it instead of opening a second.
 */
import { formatNumber } from '../core/format';
import type { AttentionItem } from '../core/types';
import type { PopupModel } from './model';
import { readinessText, reasonsLine } from './words';

export function Attention({ model, total }: { model: PopupModel; total: number }) {
  return (
    <section class="attention" aria-labelledby="attention-title">
      <h2 id="attention-title" class="section-title">
        Needs attention <span class="count-pill">{formatNumber(total, model.locale)}</span>
      </h2>
      {total === 0 ? (
        <p class="muted">Nothing needs attention: no stale, overdue, pushed or unready deals.</p>
      ) : (
        <>
          <ul class="attention-list">
            {model.visibleAttention.value.map((item) => (
              <AttentionEntry key={item.key} item={item} model={model} />
            ))}
          </ul>
          {model.hiddenAttentionCount.value > 0 && (
            <button type="button" class="btn show-all" onClick={model.showAllAttention}>
              Show all {formatNumber(total, model.locale)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** True for a plain click: a click with a modifier (new window, background tab) is the browser's to handle. */
export function plainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;
}

function AttentionEntry({ item, model }: { item: AttentionItem; model: PopupModel }) {
  const readiness = readinessText(item);
  const why = reasonsLine(item.reasons, model.locale);
  return (
    <li>
      <a
        class="deal"
        href={item.url}
        target="_blank"
        rel="noreferrer"
        onClick={(e) => {
          if (!plainClick(e)) return;
          e.preventDefault();
          void model.openDeal(item);
        }}
      >
        <span class="deal-top">
          <bdi class="deal-name">{item.name}</bdi>
          {readiness !== null && <span class={`readiness ${item.ready ? 'is-ready' : ''}`}>{readiness}</span>}
        </span>
        <span class="deal-why" title={why}>
          <bdi class="deal-stage">{item.stageLabel}</bdi>
          <span aria-hidden="true"> · </span>
          <span class="sr-only">: </span>
          <span class={`reason-text reason-${item.reasons[0]?.kind ?? 'none'}`}>{why}</span>
        </span>
      </a>
    </li>
  );
}
