/**
 * Configured sites: CRMs Stagecoach ships no adapter for, which an admin describes as data in the playbook's `sites`
 * (where the deal pages are, a CSS selector per deal part). This is the one reader for all of them; their deal keys
 * are made in ./site-keys.ts, which the worker loads without this reader.
 *
 * Nothing here is evidenced markup: every selector is the admin's, typed or picked on the site itself. So the
 * reader trusts nothing else about the page: it reads the first shown element each selector finds, and says which
 * part it could not find when one is missing.
 */
import { parseDate } from '../core/dates';
import { parseMoney } from '../core/money';
import { normalizeText } from '../core/text';
import type { DealSnapshot, Site, SitePart } from '../core/types';
import { collapse, isShown, lightText } from './dom';
import { selectorsWith } from './selectors';
import { SITE_PREFIX, knownSites, recogniseSiteDeal } from './site-keys';
import type { CrmAdapter, ReadResult, SelectorPart } from './types';

/** Scripts and styles hold no text a rep sees. */
const NOT_TEXT = 'script,style,template,noscript';
const DEFAULT_LOCALE = 'en-US';

/** What each part is, in a rep's words: said when it is not found on the page. */
const PART_LABELS: Record<SitePart, string> = {
  name: "the deal's name",
  stage: "the deal's stage",
  amount: "the deal's amount",
  closeDate: "the deal's close date",
};

/** Parts a deal cannot be shown without; amount and close date are read when the site says where. */
const REQUIRED_PARTS: readonly SitePart[] = ['name', 'stage'];

/** The site's parts with its selectors: those it gives, each its one selector. */
function partsOf(site: Site): Record<SitePart, SelectorPart> {
  const parts = {} as Record<SitePart, SelectorPart>;
  for (const id of Object.keys(PART_LABELS) as SitePart[]) {
    const selector = site.selectors[id];
    parts[id] = { label: PART_LABELS[id], selectors: selector === undefined ? [] : [selector] };
  }
  return parts;
}

/**
 * Elements matching `selector`: an admin's selector that is not valid CSS finds nothing (and is reported as such)
 * instead of throwing out of the read.
 */
function query(doc: Document, selector: string, invalid: Set<string>): Element[] {
  try {
    return [...doc.querySelectorAll(selector)];
  } catch {
    invalid.add(selector);
    return [];
  }
}

/** The first shown element any of `selectors` finds. */
function find(doc: Document, selectors: readonly string[], invalid: Set<string>): Element | null {
  for (const selector of selectors) {
    const el = query(doc, selector, invalid).find((candidate) => isShown(candidate, doc));
    if (el) return el;
  }
  return null;
}

const textOf = (el: Element | null): string => (el ? collapse(lightText(el, NOT_TEXT)) : '');

/**
 * The stage as shown. When the element holds more than the stage ("Stage: Proposal", a status line), the playbook
 * stage name it contains is taken, the longest when several fit ("Closed Won" over "Won"), so a picker's click on a
 * wider element still reads the stage the playbook knows.
 */
export function stageFromText(text: string, stageNames: readonly string[]): string {
  const shown = normalizeText(text);
  const exact = stageNames.find((name) => normalizeText(name) === shown);
  if (exact !== undefined) return text;
  let best: string | null = null;
  for (const name of stageNames) {
    const wanted = normalizeText(name);
    if (wanted === '' || (best !== null && wanted.length <= normalizeText(best).length)) continue;
    const at = shown.indexOf(wanted);
    // Whole words only: "Won" is not inside "Wonderful".
    const before = at > 0 ? shown[at - 1] : ' ';
    const after = shown[at + wanted.length] ?? ' ';
    if (at !== -1 && !/[\p{L}\p{N}]/u.test(before ?? ' ') && !/[\p{L}\p{N}]/u.test(after)) best = name;
  }
  return best ?? text;
}

function localeOf(site: Site, doc: Document): string {
  for (const tag of [site.locale, doc.documentElement.lang.trim()]) {
    if (!tag) continue;
    try {
      const canonical = Intl.getCanonicalLocales(tag)[0];
      if (canonical) return canonical;
    } catch {
      // Not a language tag: try the next source.
    }
  }
  return DEFAULT_LOCALE;
}

/**
 * The reader for one configured site. `stageNames` are the playbook's stage names and match names, used to find the
 * stage in an element that shows more than the stage.
 */
export function siteAdapter(site: Site, stageNames: readonly string[], selectors = partsOf(site)): CrmAdapter {
  const parts = partsOf(site);
  const order = Object.keys(parts) as SitePart[];
  const wanted = (id: SitePart) => selectors[id].selectors;

  function elements(doc: Document, invalid: Set<string>): Record<SitePart, Element | null> {
    const found = {} as Record<SitePart, Element | null>;
    for (const id of order) found[id] = wanted(id).length === 0 ? null : find(doc, wanted(id), invalid);
    return found;
  }

  function read(doc: Document, url: URL): ReadResult {
    const deal = recogniseSiteDeal(knownSites([site]), url);
    if (!deal) return { ok: false, failure: { kind: 'not-deal' } };
    const invalid = new Set<string>();
    const found = elements(doc, invalid);
    const missing = REQUIRED_PARTS.filter((id) => textOf(found[id]) === '');
    if (missing.length > 0) {
      // Still loading: the site's own scripts may not have rendered the deal yet. Once it has loaded, the parts are
      // truly not there and the rep is told which.
      if (doc.readyState !== 'complete' && invalid.size === 0) return { ok: false, failure: { kind: 'not-ready', missing } };
      const what = missing.map((id) => PART_LABELS[id]).join(' and ');
      const bad = invalid.size > 0 ? ` These selectors are not valid CSS: ${[...invalid].join(', ')}.` : '';
      return {
        ok: false,
        failure: {
          kind: 'unreadable',
          missing,
          message:
            `Stagecoach could not find ${what} on this ${site.name} page.${bad} ` +
            'Ask your Stagecoach admin to check the selectors of this site on the options page (Sites).',
        },
      };
    }
    const locale = localeOf(site, doc);
    const warnings: string[] = [];
    const parsed = <T>(id: SitePart, parse: (text: string, locale: string) => T | null): T | null => {
      const text = textOf(found[id]);
      const value = text ? parse(text, locale) : null;
      if (text && value === null) warnings.push(`Could not read ${PART_LABELS[id]} "${text}" (${locale}) on ${site.name}.`);
      return value;
    };
    const [, , , recordId = ''] = deal.key.split(':');
    const snapshot: DealSnapshot = {
      crm: `${SITE_PREFIX}:${site.id}`,
      key: deal.key,
      recordId,
      url: url.href,
      locale,
      name: textOf(found.name),
      stage: { label: stageFromText(textOf(found.stage), stageNames), value: null },
      amount: parsed('amount', parseMoney),
      closeDate: parsed('closeDate', parseDate),
      probability: null,
      nextStep: null,
      owner: null,
      forecastCategory: null,
      fields: {},
    };
    return { ok: true, deal: snapshot, warnings };
  }

  return {
    id: `${SITE_PREFIX}:${site.id}`,
    label: site.name,
    parts,
    withSelectors: (overrides) => siteAdapter(site, stageNames, partsWith(parts, selectorsWith(parts, overrides))),
    read,
    signature(doc) {
      const found = elements(doc, new Set());
      return order.map((id) => textOf(found[id])).join('\u0001');
    },
    // The site's own controls are unknown: the overlay keeps to its corner.
    keepClear: () => null,
    watched(doc) {
      return Object.values(elements(doc, new Set())).filter((el): el is Element => el !== null);
    },
    mayHoldDeal(added) {
      return order.some((id) =>
        wanted(id).some((selector) => {
          try {
            return added.matches(selector) || added.querySelector(selector) !== null;
          } catch {
            return false;
          }
        }),
      );
    },
    // Nothing says where the site keeps its deal view: the whole page is observed.
    observeRoot: () => null,
  };
}

function partsWith(parts: Record<SitePart, SelectorPart>, selectors: Record<SitePart, readonly string[]>): Record<SitePart, SelectorPart> {
  const out = {} as Record<SitePart, SelectorPart>;
  for (const id of Object.keys(parts) as SitePart[]) out[id] = { label: parts[id].label, selectors: selectors[id] };
  return out;
}

/** Every stage name and match name of a playbook: what a stage element's text is matched against. */
export function stageNamesOf(stages: readonly { name: string; match: readonly string[] }[]): string[] {
  return stages.flatMap((stage) => [stage.name, ...stage.match]);
}
