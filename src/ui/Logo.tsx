/**
 * The Stagecoach mark, as on the toolbar icon (stage steps under a tick), shared by the overlay and the pages so
 * reps recognise it everywhere.
 */
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from 'preact';
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect width="24" height="24" rx="5" fill="#0b5cab" />
      <path d="M4 17h4v-3.4h4v-3.4h4V6.8h4" fill="none" stroke="#7fb8f0" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
      <path d="M7 12l3.4 3.4 6.8-7.2" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
