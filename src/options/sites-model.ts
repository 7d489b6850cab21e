/**
 * The Sites section of the options page: CRMs Stagecoach has no adapter for, added by the admin. Adding or editing
 * a site asks the browser for that site's access in the same click (the browser allows the question only there),
 * then saves the site into the active playbook through the worker, which registers the site's script. Each part's
 * selector is typed or picked by clicking the element on an open page of the site.
 * The worker client and the browser calls are injected, so tests run the model without a browser.
 */
import { batch, computed, signal } from '@preact/signals';
import { parseSitePattern } from '../core/site-pattern';
import type { Site, SitePart } from '../core/types';
import type { ActivePlaybook, Client, SiteStatus } from '../messages';
import { errorMessage } from '../ui/errors';
import type { Picked } from './picker';
import { isolate } from '../ui/text';

/** What the section needs from the browser (src/platform on the page, fakes in tests). */
export interface SiteAccess {
  /** Asks for access to `origins`; must be the first thing a click does (no await before it). */
  request(origins: string): Promise<boolean>;
  /** Gives access back (a site that was not saved after all). */
  remove(origins: string): Promise<void>;
  /** Whether `selector` is CSS the browser can run. */
  isSelector(selector: string): boolean;
  /**
   * Lets the admin click `what` on an open tab of the site whose deal pages are `pattern` (a match pattern); null
   * when they cancelled, 'no-tab' when no page of the site is open.
   */
  pick(pattern: string, origins: string, what: string): Promise<Picked | null | 'no-tab'>;
}

export const PART_NAMES: Readonly<Record<SitePart, string>> = {
  name: 'Deal name',
  stage: 'Stage',
  amount: 'Amount',
  closeDate: 'Close date',
};
const PART_WORDS: Readonly<Record<SitePart, string>> = {
  name: "the deal's name",
  stage: "the deal's stage",
  amount: "the deal's amount",
  closeDate: "the deal's close date",
};
export const PARTS = Object.keys(PART_NAMES) as SitePart[];
const REQUIRED: readonly SitePart[] = ['name', 'stage'];

export interface Draft {
  name: string;
  dealPages: string;
  selectors: Record<SitePart, string>;
}

/** A field of the form: the site's name, its deal pages, or a part's selector (the deal's `name` is a part). */
export type DraftField = 'siteName' | 'dealPages' | SitePart;

export type Editor = {
  /** The id of the site being edited; null when adding one. */
  editing: string | null;
  draft: Draft;
  problems: Partial<Record<DraftField, string>>;
  /** Problems the worker found in the playbook the site would make (paths and messages). */
  saveProblems: string[];
  busy: boolean;
  /** The part being picked on the site's page, and what the last pick found. */
  picking: SitePart | null;
  picked: { part: SitePart; text: string; selector: string } | null;
  pickProblem: string | null;
};

export type SitesOutcome = { kind: 'idle' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

const emptyDraft = (): Draft => ({ name: '', dealPages: '', selectors: { name: '', stage: '', amount: '', closeDate: '' } });

/** A short id from the site's name: what its deals are stored under (`site:<id>:...`). */
export function siteId(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'site';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export function createSitesModel(client: Client, access: SiteAccess, active: { value: ActivePlaybook | null }, onSaved: (a: ActivePlaybook) => void) {
  const statuses = signal<SiteStatus[]>([]);
  const editor = signal<Editor | null>(null);
  const outcome = signal<SitesOutcome>({ kind: 'idle' });
  const removing = signal<string | null>(null);
  const sites = (): Site[] => active.value?.playbook.sites ?? [];
  const allowed = computed(() => new Map(statuses.value.map((s) => [s.id, s.allowed])));

  async function refresh(): Promise<void> {
    try {
      statuses.value = (await client('sites/status', {})).sites;
    } catch (error) {
      outcome.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  function edit(id: string | null): void {
    const site = id === null ? undefined : sites().find((s) => s.id === id);
    const draft = site
      ? {
          name: site.name,
          dealPages: site.dealPages,
          selectors: {
            name: site.selectors.name,
            stage: site.selectors.stage,
            amount: site.selectors.amount ?? '',
            closeDate: site.selectors.closeDate ?? '',
          },
        }
      : emptyDraft();
    batch(() => {
      editor.value = { editing: site?.id ?? null, draft, problems: {}, saveProblems: [], busy: false, picking: null, picked: null, pickProblem: null };
      outcome.value = { kind: 'idle' };
      removing.value = null;
    });
  }

  const update = (change: Partial<Editor>) => {
    if (editor.value) editor.value = { ...editor.value, ...change };
  };

  function setField(field: DraftField, value: string): void {
    const e = editor.value;
    if (!e) return;
    const draft =
      field === 'siteName'
        ? { ...e.draft, name: value }
        : field === 'dealPages'
          ? { ...e.draft, dealPages: value }
          : { ...e.draft, selectors: { ...e.draft.selectors, [field]: value } };
    const problems = { ...e.problems };
    delete problems[field];
    update({ draft, problems });
  }

  /** Every problem of the form, by field, in the admin's words; the pattern's own reader words its problems. */
  function check(draft: Draft): { problems: Partial<Record<DraftField, string>>; origins: string | null; pattern: string | null } {
    const problems: Partial<Record<DraftField, string>> = {};
    if (draft.name.trim() === '') problems.siteName = 'Give the site a name, e.g. “Acme CRM”.';
    const pattern = parseSitePattern(draft.dealPages);
    if (!pattern.ok) problems.dealPages = pattern.problem;
    for (const part of PARTS) {
      const selector = draft.selectors[part].trim();
      if (selector === '') {
        if (REQUIRED.includes(part)) problems[part] = `Give a CSS selector for ${PART_WORDS[part]}, or pick it on a page of the site.`;
      } else if (!access.isSelector(selector)) {
        problems[part] = `“${isolate(selector)}” is not a CSS selector the browser can use. Check it, or pick the element instead.`;
      }
    }
    return { problems, origins: pattern.ok ? pattern.pattern.origins : null, pattern: pattern.ok ? pattern.pattern.source : null };
  }

  /** The site as the playbook holds it; `dealPages` as the pattern reads it (with https://, as the worker matches it). */
  function siteOf(draft: Draft, id: string, dealPages: string): Site {
    const previous = sites().find((s) => s.id === id);
    const selectors: Site['selectors'] = { name: draft.selectors.name.trim(), stage: draft.selectors.stage.trim() };
    if (draft.selectors.amount.trim() !== '') selectors.amount = draft.selectors.amount.trim();
    if (draft.selectors.closeDate.trim() !== '') selectors.closeDate = draft.selectors.closeDate.trim();
    return {
      id,
      name: draft.name.trim(),
      dealPages,
      // A locale written in the playbook file is kept: the form does not show it.
      ...(previous?.locale !== undefined && { locale: previous.locale }),
      selectors,
    };
  }

  /** Saves the form. Called straight from the click: the access question must come before anything is awaited. */
  function save(): Promise<void> {
    const e = editor.value;
    if (!e || e.busy) return Promise.resolve();
    const { problems, origins, pattern } = check(e.draft);
    if (Object.keys(problems).length > 0 || origins === null || pattern === null) {
      update({ problems, saveProblems: [] });
      return Promise.resolve();
    }
    // Access another site still needs is not given back if this save fails.
    const alreadyNeeded = sites().some((s) => s.id !== e.editing && originsOf(s) === origins);
    const asked = access.request(origins);
    update({ busy: true, saveProblems: [] });
    return finishSave(e, { origins, pattern }, asked, alreadyNeeded);
  }

  async function finishSave(
    e: Editor,
    { origins, pattern }: { origins: string; pattern: string },
    asked: Promise<boolean>,
    alreadyNeeded: boolean,
  ): Promise<void> {
    const name = e.draft.name.trim();
    let granted: boolean;
    try {
      granted = await asked;
    } catch (error) {
      update({ busy: false, saveProblems: [`The browser could not ask for access to ${origins} (${errorMessage(error)}).`] });
      return;
    }
    if (!granted) {
      update({
        busy: false,
        saveProblems: [`Stagecoach was not allowed to run on ${origins}, so “${isolate(name)}” was not saved. Save again and choose Allow.`],
      });
      return;
    }
    const id = e.editing ?? siteId(name, sites().map((s) => s.id));
    const site = siteOf(e.draft, id, pattern);
    const list = e.editing === null ? [...sites(), site] : sites().map((s) => (s.id === id ? site : s));
    try {
      const result = await client('sites/save', { sites: list });
      if (!result.saved) {
        if (!alreadyNeeded) await access.remove(origins).catch(() => undefined);
        update({ busy: false, saveProblems: result.problems.map((p) => `${p.path}: ${p.message}`) });
        return;
      }
      batch(() => {
        onSaved(result.active);
        statuses.value = result.sites;
        editor.value = null;
        outcome.value = {
          kind: 'done',
          message: `${e.editing === null ? 'Added' : 'Saved'} “${isolate(name)}”. Stagecoach runs on its deal pages; reload a page of the site that was already open.`,
        };
      });
    } catch (error) {
      update({ busy: false, saveProblems: [errorMessage(error)] });
    }
  }

  async function remove(id: string): Promise<void> {
    const site = sites().find((s) => s.id === id);
    if (!site) return;
    try {
      const result = await client('sites/save', { sites: sites().filter((s) => s.id !== id) });
      if (!result.saved) {
        outcome.value = { kind: 'failed', message: result.problems.map((p) => `${p.path}: ${p.message}`).join(' ') };
        return;
      }
      batch(() => {
        onSaved(result.active);
        statuses.value = result.sites;
        removing.value = null;
        outcome.value = { kind: 'done', message: `Removed “${isolate(site.name)}”. Stagecoach no longer runs on its pages and gave back its access.` };
      });
    } catch (error) {
      outcome.value = { kind: 'failed', message: errorMessage(error) };
    }
  }

  /** Asks for a listed site's access (a playbook imported with sites asks for none by itself). */
  function allow(id: string): Promise<void> {
    const site = sites().find((s) => s.id === id);
    const origins = site ? originsOf(site) : null;
    if (!site || !origins) return Promise.resolve();
    const asked = access.request(origins);
    return (async () => {
      try {
        if (!(await asked)) {
          outcome.value = { kind: 'failed', message: `Stagecoach was not allowed on ${origins}: it does not run on “${isolate(site.name)}”.` };
          return;
        }
        await refresh();
        outcome.value = { kind: 'done', message: `Stagecoach runs on “${isolate(site.name)}” now; reload a page of the site that was already open.` };
      } catch (error) {
        outcome.value = { kind: 'failed', message: errorMessage(error) };
      }
    })();
  }

  /** Picks a part on an open page of the site: asks for the site's access first, in the click, when needed. */
  function pick(part: SitePart): Promise<void> {
    const e = editor.value;
    if (!e || e.picking) return Promise.resolve();
    const pattern = parseSitePattern(e.draft.dealPages);
    if (!pattern.ok) {
      update({ problems: { ...e.problems, dealPages: pattern.problem }, pickProblem: 'Give the address of the deal pages first: the picker opens on one of them.' });
      return Promise.resolve();
    }
    const { origins, source } = pattern.pattern;
    const asked = access.request(origins);
    update({ picking: part, pickProblem: null, picked: null });
    return (async () => {
      try {
        if (!(await asked)) {
          update({ picking: null, pickProblem: `Stagecoach needs access to ${origins} to pick on its pages.` });
          return;
        }
        const found = await access.pick(source, origins, PART_WORDS[part]);
        if (found === 'no-tab') {
          update({ picking: null, pickProblem: `Open a deal page of the site (${source}) in another tab, then pick again.` });
          return;
        }
        if (found === null) {
          update({ picking: null, pickProblem: 'Nothing was picked.' });
          return;
        }
        setField(part, found.selector);
        update({ picking: null, picked: { part, selector: found.selector, text: found.text } });
      } catch (error) {
        update({ picking: null, pickProblem: `The picker could not run on the site’s page (${errorMessage(error)}).` });
      }
    })();
  }

  return {
    statuses,
    editor,
    outcome,
    removing,
    allowed,
    refresh,
    add: () => edit(null),
    edit: (id: string) => edit(id),
    cancel: () => {
      editor.value = null;
    },
    setField,
    save,
    pick,
    allow,
    askRemove: (id: string) => {
      batch(() => {
        removing.value = id;
        outcome.value = { kind: 'idle' };
      });
    },
    cancelRemove: () => {
      removing.value = null;
    },
    remove,
  };
}

function originsOf(site: Site): string | null {
  const parsed = parseSitePattern(site.dealPages);
  return parsed.ok ? parsed.pattern.origins : null;
}

export type SitesModel = ReturnType<typeof createSitesModel>;
