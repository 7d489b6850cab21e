/** Small pieces every popup view uses: an error box, a per-currency money list, a deal count with its ready part. */
import type { ComponentChildren } from 'preact';
import { formatNumber } from '../core/format';
import type { CurrencyTotal } from '../core/types';
import { ErrorIcon } from '../ui/icons';
import { moneyTexts } from './words';

export function Problem({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="notice notice-error" role="alert">
      <ErrorIcon />
      <div>
        <p class="notice-title">{title}</p>
        <p>{children}</p>
      </div>
    </div>
  );
}

export function DealCount({ count, ready, locale }: { count: number; ready: number; locale: string }) {
  return (
    <>
      <span class="count">{formatNumber(count, locale)}</span>
      {ready > 0 && <span class="ready"> {formatNumber(ready, locale)} ready</span>}
    </>
  );
}

/** A dash for "nothing", read as "none" by screen readers. */
export function None() {
  return (
    <span class="none">
      <span aria-hidden="true">—</span>
      <span class="sr-only">none</span>
    </span>
  );
}

/** One line per currency, never summed across currencies. Compact figures carry the full amount in a tooltip. */
export function MoneyList({
  totals,
  which,
  locale,
  inline = false,
}: {
  totals: readonly CurrencyTotal[];
  which: 'amount' | 'weighted';
  locale: string;
  inline?: boolean;
}) {
  if (totals.length === 0) return <None />;
  return (
    <span class={inline ? 'money money-inline' : 'money'}>
      {moneyTexts(totals, which, locale, true).map((m) => (
        <span key={m.currency ?? ''} class="money-line" title={m.full === m.text ? undefined : m.full}>
          {m.text}
        </span>
      ))}
    </span>
  );
}
