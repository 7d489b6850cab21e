import type { DealSnapshot } from '../core/types';

/** Why a page gave no deal: not a deal page at all, or a deal page whose parts are not (yet) on screen. */
export type ReadFailure =
  | { kind: 'not-deal' }
  /** The page is a deal page but has not rendered what we need yet (loading, hidden view). */
  | { kind: 'not-ready'; missing: string[] }
  /** The page is a deal page but its markup no longer matches: the CRM changed. Say what was not found. */
  | { kind: 'unreadable'; message: string };

export type ReadResult = { ok: true; deal: DealSnapshot; warnings: string[] } | { ok: false; failure: ReadFailure };

/**
 * One CRM. The only code that knows that CRM's URLs and DOM lives in its folder and is reached through this.
 */
export interface CrmAdapter {
  /** `salesforce`, `hubspot`, ... */
  id: string;
  /** The CRM's name as people say it. */
  label: string;
  /**
   * A cheap string that changes whenever what `read` would return may have changed in a way a rep would see
   * (stage, key fields). Called on DOM mutations; must be far cheaper than `read`. null when nothing is readable.
   */
  signature(doc: Document, url: URL): string | null;
  /** Read the deal from the visible page. Never throws on odd markup: returns a failure that says what is wrong. */
  read(doc: Document, url: URL): ReadResult;
  /**
   * The CRM's own controls at the top of the record (its header, stage bar and their buttons) that the overlay must
   * never cover: the overlay keeps below this element's bottom edge. null when there is nothing to keep clear.
   */
  keepClear(doc: Document): Element | null;
  /**
   * The elements whose changes can change what `read` returns (the visible record's stage bar, header, field
   * lists). Page changes outside them are ignored without any read, so a busy CRM page costs nothing.
   */
  watched(doc: Document): Element[];
  /** Whether an element just added to the page may hold part of a deal (a stage bar, a field): worth a look. */
  mayHoldDeal(added: Element): boolean;
  /**
   * The smallest element that holds every record view (new ones included), to observe instead of the whole page, or
   * null when it cannot be told. The CRM's header, feeds and toasts outside it then cost nothing at all.
   */
  observeRoot(doc: Document): Element | null;
}
