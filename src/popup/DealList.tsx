/**
 * "Open deals": every open deal, found by typing. The list is virtual: only the rows in view (plus a few either
 * side) are in the DOM, at fixed heights inside their own scroll box, so 10,000 deals cost what 20 do. Tab moves
 * through the rendered links; focusing one scrolls it into view, which renders the next ones.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { formatDate } from '../core/calendar';
import type { DealListItem } from '../core/forecast';
import type { AttentionReason } from '../core/types';
import { COMPACT, formatMoney, formatNumber } from '../core/format';
import { visibleRange } from './deal-list';
import type { PopupModel } from './model';
import { readinessText } from './words';

/** Must match `.deal-row` in popup.css: the list places rows by it. */
export const ROW_HEIGHT = 56;
/** Must match `.deal-scroll`'s max-height: six rows, the last one cut so it is clear the list scrolls. */
const VIEWPORT_HEIGHT = 5.5 * ROW_HEIGHT;
/** Rows rendered beyond each edge, so a fast scroll or a Tab shows a row before it is needed. */
const OVERSCAN = 4;

const ATTENTION_WORDS: Record<AttentionReason['kind'], string> = {
  overdue: 'Close date passed',
  'closing-not-ready': 'Closing soon, not ready',
  stale: 'Stale in stage',
  pushed: 'Close date pushed out',
  skipped: 'Earlier stage unfinished',
  'not-ready': 'Not ready for its stage',
  'unknown-stage': 'Stage not in playbook',
};

export function DealList({ model }: { model: PopupModel }) {
  const { locale } = model;
  const scrollTop = useSignal(0);
  const scroller = useRef<HTMLDivElement>(null);
  const deals = model.filteredDeals.value;
  const total = model.deals.value.length;
  const query = model.query.value.trim();

  // A new filter starts at the top of its results.
  useSignalEffect(() => {
    void model.filteredDeals.value;
    if (scroller.current) scroller.current.scrollTop = 0;
    scrollTop.value = 0;
  });

  const { start, end } = visibleRange(scrollTop.value, VIEWPORT_HEIGHT, ROW_HEIGHT, deals.length, OVERSCAN);
  const rows: preact.JSX.Element[] = [];
  for (let i = start; i < end; i++) {
    const deal = deals[i] as DealListItem;
    rows.push(<DealRow key={deal.key} deal={deal} index={i} setSize={deals.length} locale={locale} />);
  }

  return (
    <section class="deals" aria-labelledby="deals-title">
      <div class="deals-head">
        <h2 id="deals-title">Open deals</h2>
        <p class="deals-count" data-deal-count aria-live="polite">
          {query === ''
            ? `${formatNumber(total, locale)} ${total === 1 ? 'deal' : 'deals'}`
            : `${formatNumber(deals.length, locale)} of ${formatNumber(total, locale)} ${total === 1 ? 'deal' : 'deals'}`}
        </p>
      </div>
      <div class="search">
        <SearchIcon />
        <input
          type="search"
          class="search-input"
          aria-label="Find a deal"
          placeholder="Find a deal by name, stage or owner"
          autocomplete="off"
          spellcheck={false}
          value={model.query.value}
          onInput={(e) => model.setQuery(e.currentTarget.value)}
        />
      </div>
      {deals.length === 0 ? (
        <p class="deals-none">No deals match “{query}”.</p>
      ) : (
        <div
          class="deal-scroll"
          ref={scroller}
          onScroll={(e) => {
            scrollTop.value = e.currentTarget.scrollTop;
          }}
        >
          <ul class="deal-rows" aria-label="Open deals" style={{ height: `${deals.length * ROW_HEIGHT}px` }}>
            {rows}
          </ul>
        </div>
      )}
    </section>
  );
}

function DealRow({ deal, index, setSize, locale }: { deal: DealListItem; index: number; setSize: number; locale: string }) {
  const readiness = readinessText(deal);
  // The reasons come most severe first, as the worker found them: overdue, closing, stale, unknown stage.
  const attention = deal.reasons[0]?.kind ?? null;
  const amount = deal.amount;
  const full = amount === null ? null : formatMoney(amount.amount, amount.currency, locale);
  return (
    // setsize/posinset: screen readers announce "deal 12 of 1,125" though only a window of rows exists.
    <li class="deal-row" style={{ top: `${index * ROW_HEIGHT}px` }} aria-setsize={setSize} aria-posinset={index + 1}>
      <a class={`row-link${attention ? ` is-${attention}` : ''}`} href={deal.url} target="_blank" rel="noreferrer">
        <span class="row-line">
          <span class="deal-name">{deal.name}</span>
          {amount === null ? (
            <span class="row-amount none">No amount</span>
          ) : (
            <span class="row-amount" title={full ?? undefined}>
              {formatMoney(amount.amount, amount.currency, locale, COMPACT)}
            </span>
          )}
        </span>
        <span class="row-line row-sub">
          <span class="row-stage">
            {deal.crmStage}
            {deal.closeDate !== null && ` · ${formatDate(deal.closeDate, locale)}`}
          </span>
          {readiness === null ? (
            <span class="readiness">Not in playbook</span>
          ) : (
            <span class={deal.ready ? 'readiness is-ready' : 'readiness'}>{readiness}</span>
          )}
        </span>
        {attention !== null && <span class="sr-only">. Needs attention: {ATTENTION_WORDS[attention]}</span>}
        <span class="sr-only"> (opens in a new tab)</span>
      </a>
    </li>
  );
}

function SearchIcon() {
  return (
    <svg class="search-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M11 11l3.5 3.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}
