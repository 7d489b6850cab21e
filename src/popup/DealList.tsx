/**
 * "All deals": every open deal, found by typing, narrowed by filters and sorted. The list is virtual: only the rows in view (plus a few either
 * side) are in the DOM, at fixed heights inside their own scroll box, so 10,000 deals cost what 20 do. Tab moves
 * through the rendered links; focusing one scrolls it into view, which renders the next ones.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { formatDate } from '../core/calendar';
import type { DealListItem } from '../core/forecast';
import type { AttentionReason } from '../core/types';
import { COMPACT, formatMoney, formatNumber } from '../core/format';
import { plainClick } from './Attention';
import { filterCount, UNKNOWN_STAGE, visibleRange, type ClosingFilter, type DealFilters, type SortKey } from './deal-list';
import type { PopupModel } from './model';
import { Problem } from './parts';
import { crmLabel, readinessText } from './words';

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

/** The sort menu: each order with the direction a rep wants first. */
const SORTS: { value: string; label: string }[] = [
  { value: 'attention:asc', label: 'Needs attention first' },
  { value: 'name:asc', label: 'Name, A to Z' },
  { value: 'amount:desc', label: 'Amount, largest first' },
  { value: 'amount:asc', label: 'Amount, smallest first' },
  { value: 'closeDate:asc', label: 'Close date, soonest first' },
  { value: 'closeDate:desc', label: 'Close date, latest first' },
  { value: 'stage:asc', label: 'Stage, earliest first' },
  { value: 'stage:desc', label: 'Stage, latest first' },
  { value: 'daysInStage:desc', label: 'Days in stage, most first' },
];

const CLOSING: { value: ClosingFilter; label: string }[] = [
  { value: 'month', label: 'This month' },
  { value: 'quarter', label: 'This quarter' },
  { value: 'overdue', label: 'Overdue' },
];

export function DealList({ model, crmLabels }: { model: PopupModel; crmLabels: ReadonlyMap<string, string> }) {
  const { locale } = model;
  const scrollTop = useSignal(0);
  const scroller = useRef<HTMLDivElement>(null);
  const deals = model.filteredDeals.value;
  const total = model.deals.value.length;
  const query = model.query.value.trim();
  const narrowed = query !== '' || filterCount(model.filters.value) > 0;

  // A new filter starts at the top of its results.
  useSignalEffect(() => {
    void model.filteredDeals.value;
    if (scroller.current) scroller.current.scrollTop = 0;
    scrollTop.value = 0;
  });

  const list = model.dealsState.value;
  if (list.kind !== 'loaded') {
    return (
      <section class="deals" aria-labelledby="deals-title">
        <h2 id="deals-title">All open deals</h2>
        {list.kind === 'loading' ? (
          <p class="loading" role="status">
            <span class="spinner" aria-hidden="true" />
            Loading every open deal…
          </p>
        ) : (
          <Problem title="Couldn’t load the deal list">{list.message}</Problem>
        )}
      </section>
    );
  }

  const { start, end } = visibleRange(scrollTop.value, VIEWPORT_HEIGHT, ROW_HEIGHT, deals.length, OVERSCAN);
  const rows: preact.JSX.Element[] = [];
  for (let i = start; i < end; i++) {
    const deal = deals[i] as DealListItem;
    rows.push(<DealRow key={deal.key} deal={deal} index={i} setSize={deals.length} model={model} />);
  }

  return (
    <section class="deals" aria-labelledby="deals-title">
      <div class="deals-head">
        <h2 id="deals-title">All open deals</h2>
        <p class="deals-count" data-deal-count aria-live="polite">
          {!narrowed
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
      <Filters model={model} crmLabels={crmLabels} />
      {model.openError.value !== null && (
        <p class="changes-error" role="alert">
          {model.openError.value}
        </p>
      )}
      {deals.length === 0 ? (
        <p class="deals-none">
          {query === '' ? 'No deals match these filters.' : `No deals match “${query}”${filterCount(model.filters.value) > 0 ? ' with these filters' : ''}.`}
        </p>
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

/**
 * Stage, CRM, closing period, readiness, stale, and the order. Native selects: compact, keyboard and screen-reader
 * ready as they are. The CRM filter lists only the CRMs the deals come from.
 */
function Filters({ model, crmLabels }: { model: PopupModel; crmLabels: ReadonlyMap<string, string> }) {
  const f = model.filters.value;
  const stages = model.summary.value?.stages ?? [];
  const crms = model.crms.value;
  const sort = `${model.sort.value.key}:${model.sort.value.descending ? 'desc' : 'asc'}`;
  const set = <K extends keyof DealFilters>(name: K) => (value: DealFilters[K]) => model.setFilter(name, value);
  const orNull = (v: string): string | null => (v === '' ? null : v);
  return (
    <div class="filters">
      <label class="filter">
        <span>Stage</span>
        <select value={f.stage ?? ''} onChange={(e) => set('stage')(orNull(e.currentTarget.value))}>
          <option value="">Any stage</option>
          {stages.map((s) => (
            <option key={s.stage.id} value={s.stage.id}>
              {s.stage.name}
            </option>
          ))}
          <option value={UNKNOWN_STAGE}>Not in playbook</option>
        </select>
      </label>
      <label class="filter">
        <span>Closing</span>
        <select value={f.closing ?? ''} onChange={(e) => set('closing')(orNull(e.currentTarget.value) as ClosingFilter | null)}>
          <option value="">Any time</option>
          {CLOSING.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label class="filter">
        <span>Readiness</span>
        <select value={f.ready ?? ''} onChange={(e) => set('ready')(orNull(e.currentTarget.value) as DealFilters['ready'])}>
          <option value="">Any</option>
          <option value="ready">Ready to advance</option>
          <option value="not-ready">Not ready</option>
        </select>
      </label>
      {crms.length > 1 && (
        <label class="filter">
          <span>CRM</span>
          <select value={f.crm ?? ''} onChange={(e) => set('crm')(orNull(e.currentTarget.value))}>
            <option value="">Any CRM</option>
            {crms.map((crm) => (
              <option key={crm} value={crm}>
                {crmLabel(crm, crmLabels)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="filter filter-sort">
        <span>Sort</span>
        <select
          value={sort}
          onChange={(e) => {
            const [key, direction] = e.currentTarget.value.split(':') as [SortKey, string];
            model.setSort(key, direction === 'desc');
          }}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label class="filter filter-check">
        <input type="checkbox" checked={f.stale} onChange={(e) => set('stale')(e.currentTarget.checked)} />
        <span>Stale only</span>
      </label>
      {filterCount(f) > 0 && (
        <button type="button" class="link filter-clear" onClick={model.clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function DealRow({ deal, index, setSize, model }: { deal: DealListItem; index: number; setSize: number; model: PopupModel }) {
  const { locale } = model;
  const readiness = readinessText(deal);
  // The reasons come most severe first, as the worker found them: overdue, closing, stale, unknown stage.
  const attention = deal.reasons[0]?.kind ?? null;
  const amount = deal.amount;
  const full = amount === null ? null : formatMoney(amount.amount, amount.currency, locale);
  return (
    // setsize/posinset: screen readers announce "deal 12 of 1,125" though only a window of rows exists.
    <li class="deal-row" style={{ top: `${index * ROW_HEIGHT}px` }} aria-setsize={setSize} aria-posinset={index + 1}>
      <a
        class={`row-link${attention ? ` is-${attention}` : ''}`}
        href={deal.url}
        target="_blank"
        rel="noreferrer"
        onClick={(e) => {
          if (!plainClick(e)) return;
          e.preventDefault();
          void model.openDeal(deal);
        }}
      >
        <span class="row-line">
          <bdi class="deal-name">{deal.name}</bdi>
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
            <bdi>{deal.crmStage}</bdi>
            {deal.closeDate !== null && ` · ${formatDate(deal.closeDate, locale)}`}
            {deal.daysInStage !== null && ` · ${formatNumber(deal.daysInStage, locale)} d in stage`}
          </span>
          {readiness === null ? (
            <span class="readiness">Not in playbook</span>
          ) : (
            <span class={deal.ready ? 'readiness is-ready' : 'readiness'}>{readiness}</span>
          )}
        </span>
        {attention !== null && <span class="sr-only">. Needs attention: {ATTENTION_WORDS[attention]}</span>}
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
