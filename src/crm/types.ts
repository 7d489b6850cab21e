import type { DealSnapshot, ListedRow } from '../core/types';

/** Why a page gave no deal: not a deal page at all, or a deal page whose parts are not (yet) on screen. */
export type ReadFailure =
  | { kind: 'not-deal' }
  /** The page is a deal page but has not rendered what we need yet (loading, hidden view). */
  | { kind: 'not-ready'; missing: string[] }
  /**
   * The page is a deal page but its markup no longer matches: the CRM changed. `missing` names the parts (ids of
   * the adapter's `parts`) that were not found, so the overlay can say which and a playbook's `selectors` can
   * repair them.
   */
  | {
      kind: 'unreadable';
      message: string;
      missing: string[];
      /**
       * The deal as far as it could be read without the missing parts (its stage is not among it), when the adapter
       * can tell: once the rep chooses the stage by hand, the checklist's rules are decided on these fields.
       */
      read?: Omit<DealSnapshot, 'stage'>;
    };

export type ReadResult = { ok: true; deal: DealSnapshot; warnings: string[] } | { ok: false; failure: ReadFailure };

/**
 * What the always-loaded detector knows of one CRM, exported as `detector` by its folder's detect.ts: pure and tiny,
 * so the content script on every CRM page, the worker, the build (manifest matches) and Node tests can all load it.
 */
export interface CrmDetector {
  /** `salesforce`, `hubspot`, ...: the name of the CRM's folder under src/crm/, and the first part of its deal keys unless `keyPrefix` says otherwise. */
  id: string;
  /** The CRM's name as people say it, e.g. in "Open a deal in Salesforce". */
  label: string;
  /**
   * The first part of its deal keys when that is not `id`: a second UI of a CRM another adapter reads already
   * (Salesforce Classic shows the opportunities Lightning shows), whose deals must be the same deals, with the same
   * ticks, whichever UI the rep opens them in. Absent for nearly every CRM.
   */
  keyPrefix?: string;
  /**
   * Chrome match patterns for the content script, as narrow as the CRM's deal pages and the single-page app they
   * navigate within allow (the content script must be there before the rep navigates to a deal in-app).
   */
  matches: readonly string[];
  /** The deal's key when `url` is one of this CRM's deal pages, else null. Pure and cheap: runs on every navigation. */
  dealKey(url: URL): string | null;
  /**
   * Whether `url` is one of this CRM's pages that list deals (a list view, a board, a Kanban), whose rows the list
   * reader records. Absent when Stagecoach reads no list of this CRM. Pure and cheap: runs on every navigation.
   */
  listPage?(url: URL): boolean;
}

/**
 * One deal row or card of a CRM list view or board, as read from the page: the deal page's URL (absolute) and what
 * the row shows. A field left out was not shown there (a hidden column, a card without it); null: shown empty.
 */
export type ListRow = ListedRow;

/** A slice of a list's rows and cards, in page order: `from` included, `to` not. */
export interface RowRange {
  from: number;
  to: number;
}

/**
 * One CRM's list and board reader, exported as `lists` by its folder's list.ts and loaded only on its list pages
 * (`CrmDetector.listPage`). Like the adapter it never throws on odd markup.
 */
export interface CrmListReader {
  id: string;
  /**
   * Every deal row or card the page shows now, or with `range` only those from `range.from` to before `range.to`
   * in page order: a long list is read a slice per task, so no task grows with the list. `total` is how many rows
   * and cards the page shows. null when no list of deals is on screen (yet). Rows whose deal cannot be told (no link)
   * are left out and counted in `skipped`.
   */
  read(doc: Document, url: URL, range?: RowRange): { rows: ListRow[]; skipped: number; total: number } | null;
  /** The elements whose changes can add or change rows (the table body, the board's columns), to observe. */
  watched(doc: Document): Element[];
}

/**
 * Sample URLs beside a detector (exported as `SAMPLE_URLS` by detect.ts, for tests only, so they never ship): deal
 * pages with the key each must give, and pages that are not deals. Every CRM's detector is also run against every
 * other CRM's deal samples.
 */
export interface CrmSamples {
  deals: readonly (readonly [href: string, key: string])[];
  notDeals: readonly string[];
}

/**
 * A part of a deal page that an adapter finds with CSS selectors (the stage, the deal's name, ...). An admin can
 * repair a part by data the day the CRM changes its markup: a playbook's `selectors` section lists selectors that
 * are tried before the adapter's own.
 */
export interface SelectorPart {
  /** What the part is, in a rep's words ("the current stage in the stage bar"): said when it is not found. */
  label: string;
  /** The adapter's own selectors for it, tried in order after any override. */
  selectors: readonly string[];
}

/** One CRM's selector overrides, by part id: CSS selectors tried before the adapter's own for that part. */
export type SelectorOverrides = Readonly<Record<string, readonly string[]>>;

/**
 * One CRM. The only code that knows that CRM's URLs and DOM lives in its folder and is reached through this.
 */
export interface CrmAdapter {
  /** As in the CRM's detector. */
  id: string;
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
  /**
   * Attributes, beyond those that hide an element (class, hidden, style, aria-hidden), whose changes can change
   * what `read` returns, e.g. an attribute holding a stage's value. Other attribute changes are not observed.
   */
  watchedAttributes?: readonly string[];
  /** Whether an element just added to the page may hold part of a deal (a stage bar, a field): worth a look. */
  mayHoldDeal(added: Element): boolean;
  /**
   * The smallest element that holds every record view (new ones included), to observe instead of the whole page, or
   * null when it cannot be told. The CRM's header, feeds and toasts outside it then cost nothing at all.
   */
  observeRoot(doc: Document): Element | null;
  /**
   * How long, after navigating from one deal to another inside the CRM's app, the previous deal's view may still be
   * the one on screen (Lightning keeps showing the old record for a moment while it renders the new one). A read
   * within this time that gives the previous deal's name is taken for the old view and ignored. Absent when the
   * CRM swaps the record view at once.
   */
  staleViewGraceMs?: number;
  /**
   * The parts of the page this adapter finds by selector, by part id (`stage`, `name`, `amount`, `closeDate`, ...):
   * what a playbook's `selectors` section can repair. Every id a failure's `missing` names is here.
   */
  parts: Readonly<Record<string, SelectorPart>>;
  /**
   * This adapter, reading with `overrides` tried before its own selectors for the parts they name. Ids it does not
   * know are ignored (the playbook's validation reports them). Every override is valid CSS: the content script
   * drops one that does not parse, and says so, before it gets here.
   */
  withSelectors(overrides: SelectorOverrides): CrmAdapter;
}
