// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPACT, formatMoney } from '../../../src/core/format';
import { briefOf, type DealListItem } from '../../../src/core/forecast';
import { VELOCITY_MIN_DEALS, type AttentionItem, type PipelineSummary, type Stage } from '../../../src/core/types';
import { CRMS } from '../../../src/crm/registry';
import { CHANGES_SEEN_KEY, ReplyError, STORAGE_LOST_KEY, type ChangeNotice, type PlaybookBrief, type SyncStatus, type TeamStatus } from '../../../src/messages';
import { ATTENTION_PREVIEW, createPopupModel, syncDue, type PopupModel, type PopupStorage } from '../../../src/popup/model';
import { Popup } from '../../../src/popup/Popup';
import { agoText, readinessText, reasonText } from '../../../src/popup/words';
import { formatTime } from '../../../src/ui/playbook-source';
import { fakeClient, getAllByRole, getButton, queryButton, settle, text, type FakeHandlers } from './fake-client';

const stage = (id: string, name: string, probability: number): Stage => ({
  id,
  name,
  match: [],
  probability,
  forecastCategory: 'pipeline',
  outcome: 'open',
  criteria: [],
});

const DISCOVERY = stage('discovery', 'Discovery', 10);
const PROPOSAL = stage('proposal', 'Proposal', 60);

/** The issue-9 figures of a pipeline with nothing in them, for summaries whose test is about something else. */
const NO_FIGURES = {
  categories: (['commit', 'best_case', 'pipeline', 'omitted'] as const).map((category) => ({ category, count: 0, totals: [] })),
  closing: { month: { count: 0, totals: [] }, quarter: { count: 0, totals: [] } },
  created: { last30: { count: 0, totals: [] }, last90: { count: 0, totals: [] }, undated: 0 },
  won: { last30: { count: 0, totals: [] }, last90: { count: 0, totals: [] } },
  velocity: { stages: [], minDeals: VELOCITY_MIN_DEALS },
  coverage: { open: 0, synced: [], pages: 0, lists: 0 },
  actNow: 0,
} satisfies Partial<PipelineSummary>;

const EMPTY: PipelineSummary = {
  ...NO_FIGURES,
  stages: [
    { stage: DISCOVERY, count: 0, ready: 0, totals: [] },
    { stage: PROPOSAL, count: 0, ready: 0, totals: [] },
  ],
  totals: [],
  openDeals: 0,
  readyDeals: 0,
  unmatchedDeals: 0,
  attention: [],
};

const attentionItem = (i: number, extra: Partial<AttentionItem> = {}): AttentionItem => ({
  key: `salesforce:demo:deal-${i}`,
  name: `Deal ${i}`,
  url: `https://demo.lightning.force.com/lightning/r/Opportunity/006${i}/view`,
  stageLabel: 'Proposal/Price Quote',
  requiredMet: 2,
  requiredTotal: 5,
  ready: false,
  reasons: [{ kind: 'stale', days: 34, limit: 14 }],
  ...extra,
});

/** Two currencies in one stage: USD 1,000,000 and EUR 300,000 must each stay their own figure. */
const MIXED: PipelineSummary = {
  ...NO_FIGURES,
  coverage: { open: 5, synced: [], pages: 5, lists: 0 },
  stages: [
    { stage: DISCOVERY, count: 1, ready: 0, totals: [{ currency: 'USD', amount: 200_000, weighted: 20_000 }] },
    {
      stage: PROPOSAL,
      count: 3,
      ready: 2,
      totals: [
        { currency: 'USD', amount: 1_000_000, weighted: 600_000 },
        { currency: 'EUR', amount: 300_000, weighted: 180_000 },
      ],
    },
  ],
  totals: [
    { currency: 'USD', amount: 1_200_000, weighted: 620_000 },
    { currency: 'EUR', amount: 300_000, weighted: 180_000 },
  ],
  openDeals: 5,
  readyDeals: 2,
  unmatchedDeals: 1,
  attention: [
    attentionItem(1, { reasons: [{ kind: 'overdue', closeDate: '2026-11-12' }] }),
    attentionItem(2, { reasons: [{ kind: 'closing-not-ready', closeDate: '2026-12-04', days: 3 }] }),
    attentionItem(3, { requiredMet: null, requiredTotal: null, stageLabel: 'Id. Decision Makers', reasons: [{ kind: 'unknown-stage' }] }),
  ],
  actNow: 3,
};

const compact = (amount: number, currency: string): string => formatMoney(amount, currency, 'en-US', COMPACT);
/** A compact figure as `text()` reads it (formatMoney's no-break space as a space). */
const flat = (amount: number, currency: string): string => compact(amount, currency).replace(/\s+/g, ' ');

/** Each currency's line as shown (formatMoney's own spacing kept). */
const moneyLines = (cell: Element | undefined): (string | null)[] =>
  [...(cell?.querySelectorAll('.money-line') ?? [])].map((line) => line.textContent);

/**
 * storage.local as the popup sees it: what it wrote, and every listener told of each change, as the browser tells
 * every page and CRM tab. `change` is a write made elsewhere (a deal page's overlay).
 */
function fakeStorage() {
  const items: Record<string, unknown> = {};
  const listeners = new Set<(changes: Record<string, unknown>) => void>();
  const change = (changes: Record<string, unknown>) => {
    Object.assign(items, changes);
    for (const listener of listeners) listener(changes);
  };
  const storage = {
    get: vi.fn<PopupStorage['get']>(async (keys) => Object.fromEntries(keys.filter((key) => key in items).map((key) => [key, items[key]]))),
    set: vi.fn<PopupStorage['set']>(async (changes) => change(changes)),
    remove: vi.fn<PopupStorage['remove']>(async (keys) => {
      for (const key of keys) delete items[key];
      for (const listener of listeners) listener(Object.fromEntries(keys.map((key) => [key, undefined])));
    }),
    onChanged(listener: (changes: Record<string, unknown>) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies PopupStorage;
  return { storage, items, change, listeners };
}

/** The clock the popup reads: sync times and closing periods are relative to it. */
const NOW = new Date();

/** The tab whose name starts with `name`, clicked as a rep does. */
async function showTab(name: string): Promise<HTMLElement> {
  const tab = getAllByRole(container, 'tab').find((t) => text(t).startsWith(name));
  if (!tab) throw new Error(`No tab "${name}"`);
  tab.click();
  await settle();
  return tab;
}

let container: HTMLElement;
let model: PopupModel | undefined;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  model?.dispose();
  model = undefined;
});

async function mount(handlers: FakeHandlers, storage = fakeStorage().storage, openTab: (url: string) => void = () => {}) {
  const fake = fakeClient(handlers);
  model = createPopupModel(fake.client, { locale: 'en-US', storage, now: () => NOW, openTab });
  render(<Popup model={model} />, container);
  const loading = model.load();
  return { fake, model, loading };
}

/** A listed deal; attention entries become the head of the list, as the worker sends it. */
const listed = (item: AttentionItem): DealListItem => ({
  key: item.key,
  name: item.name,
  url: item.url,
  crmStage: item.stageLabel,
  stageName: 'Proposal',
  owner: 'Ana Souza',
  amount: { amount: 84_000, currency: 'USD' },
  closeDate: '2026-12-04',
  requiredMet: item.requiredMet,
  requiredTotal: item.requiredTotal,
  ready: item.ready,
  reasons: item.reasons,
  crm: 'salesforce',
  stageId: 'proposal',
  category: 'pipeline',
  daysInStage: 12,
  stale: item.reasons.some((r) => r.kind === 'stale'),
  lastSeen: new Date().toISOString(),
  source: 'page',
});

const ACME_BRIEF: PlaybookBrief = { name: 'Acme Sales Playbook', source: 'local', why: 'Imported in this browser', team: null, notice: null };

const pipeline = (summary: PipelineSummary, deals: DealListItem[] = summary.attention.map(listed), sync: SyncStatus[] = []): FakeHandlers => ({
  'pipeline/get': () => ({ summary: briefOf(summary), playbookName: 'Acme Sales Playbook', playbook: ACME_BRIEF, sync }),
  'pipeline/deals': () => ({ deals }),
  'options/open': () => null,
});

describe('popup: first run', () => {
  it('shows a loading state, then tells a new user what to do when no deals are recorded', async () => {
    const { fake, loading } = await mount(pipeline(EMPTY));
    expect(text(container.querySelector('[role="status"]'))).toContain('Loading your pipeline');
    await loading;
    await settle();
    const said = text(container);
    expect(said).toMatch(/No deals yet\. Open a deal in .+ and Stagecoach will show its stage checklist there; deals you visit, or see in a list or board, appear here\./);
    // Every CRM Stagecoach reads is named, as the registry grows.
    for (const crm of CRMS) expect(said).toContain(crm.label);
    expect(container.querySelector('table')).toBeNull();
    getButton(container, 'Playbook settings').click();
    await settle();
    expect(fake.calls.map((c) => c.type)).toEqual(['pipeline/get', 'pipeline/deals', 'options/open']);
  });

  it('names the active playbook in the header', async () => {
    const { loading } = await mount(pipeline(EMPTY));
    await loading;
    await settle();
    expect(text(container.querySelector('header'))).toContain('Acme Sales Playbook');
  });
});

describe('popup: pipeline', () => {
  it('has a "Pipeline by stage" table with one row per open playbook stage and a totals row', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    const [table] = getAllByRole(container, 'table');
    expect(text(table?.querySelector('caption'))).toBe('Pipeline by stage');
    const headers = [...(table?.querySelectorAll('thead th') ?? [])].map(text);
    expect(headers).toEqual(['Stage', 'Deals', 'Amount', 'Weighted']);
    const rows = [...(table?.querySelectorAll('tbody tr') ?? [])];
    expect(rows.map((r) => text(r.querySelector('th[scope="row"] .stage-name')))).toEqual(['Discovery', 'Proposal']);
    expect(text(rows[1]?.querySelectorAll('td')[0])).toBe('3 2 ready');
    const total = table?.querySelector('tfoot tr');
    expect(text(total?.querySelector('th'))).toBe('Total');
    // The table counts deals in playbook stages (4); the unmatched one is explained below it.
    expect(text(total?.querySelectorAll('td')[0])).toBe('4 2 ready');
  });

  it('never sums amounts in different currencies: each currency is its own line', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    const proposal = container.querySelectorAll('tbody tr')[1];
    const amountLines = moneyLines(proposal?.querySelectorAll('td')[1]);
    expect(amountLines).toEqual([compact(1_000_000, 'USD'), compact(300_000, 'EUR')]);
    const weightedLines = moneyLines(proposal?.querySelectorAll('td')[2]);
    expect(weightedLines).toEqual([compact(600_000, 'USD'), compact(180_000, 'EUR')]);
    // Compact figures carry the full amount for a tooltip.
    expect(proposal?.querySelector('td .money-line')?.getAttribute('title')).toBe(formatMoney(1_000_000, 'USD', 'en-US'));

    const figures = [...container.querySelectorAll('.figure')].map(moneyLines);
    expect(figures[1]).toEqual([compact(1_200_000, 'USD'), compact(300_000, 'EUR')]);
    expect(figures[2]).toEqual([compact(620_000, 'USD'), compact(180_000, 'EUR')]);
    // No figure anywhere adds USD and EUR (1.5M would be USD 1.2M + EUR 300K).
    expect(text(container)).not.toMatch(/1[.,]5\s?M|1,500,000/);
  });

  it('writes large counts the reader’s way', async () => {
    const { loading } = await mount(pipeline({ ...MIXED, openDeals: 10_000, readyDeals: 1_234 }));
    await loading;
    await settle();
    const figure = container.querySelector('.figure');
    expect([...(figure?.querySelectorAll('dt, dd') ?? [])].map(text)).toEqual(['Open deals', '10,000', '1,234 ready']);
  });

  it('shows empty stages with a dash that reads as "none"', async () => {
    const summary: PipelineSummary = {
      ...MIXED,
      stages: [{ stage: DISCOVERY, count: 0, ready: 0, totals: [] }, ...MIXED.stages.slice(1)],
    };
    const { loading } = await mount(pipeline(summary));
    await loading;
    await settle();
    const discovery = container.querySelector('tbody tr');
    const amount = discovery?.querySelectorAll('td')[1];
    expect(amount?.querySelector('[aria-hidden="true"]')?.textContent).toBe('—');
    expect(text(amount?.querySelector('.sr-only'))).toBe('none');
  });

  it('says how many deals are in stages that are not in the playbook', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    expect(text(container)).toContain('1 deal is in a CRM stage that is not in the playbook');
  });

  it('lists deals that need attention as links to the deal, with readiness and reasons in words', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    await showTab('Attention');
    const section = [...container.querySelectorAll('section')].find((s) => text(s.querySelector('h2')).startsWith('Needs attention'));
    const links = getAllByRole(section ?? container, 'link') as HTMLAnchorElement[];
    expect(links).toHaveLength(3);
    expect(links[0]?.getAttribute('href')).toBe(MIXED.attention[0]?.url);
    expect(links[0]?.target).toBe('_blank');
    expect(links[0]?.rel).toBe('noreferrer');
    expect(text(links[0])).toContain('Deal 1');
    expect(text(links[0])).toContain('Proposal/Price Quote');
    expect(text(links[0])).toContain('2 of 5 required met');
    expect(text(links[0])).toContain('Close date passed (Nov 12, 2026)');
    expect(text(links[1])).toContain('Closes in 3 days, not ready');
    expect(text(links[2])).toContain('Stage not in playbook');
    expect(text(links[2])).not.toContain('required met');
  });

  it('caps the attention list and expands it with "Show all N"', async () => {
    const many = Array.from({ length: 12 }, (_, i) => attentionItem(i + 1));
    const { loading } = await mount(pipeline({ ...MIXED, attention: many }));
    await loading;
    await settle();
    await showTab('Attention');
    expect(container.querySelectorAll('.attention-list li')).toHaveLength(ATTENTION_PREVIEW);
    getButton(container, 'Show all 12').click();
    await settle();
    expect(container.querySelectorAll('.attention-list li')).toHaveLength(12);
    expect(queryButton(container, 'Show all 12')).toBeNull();
  });
});

describe('popup: errors', () => {
  it('shows the worker’s message in an alert and loads again on Retry', async () => {
    let fail = true;
    const { fake, loading } = await mount({
      'pipeline/get': () => {
        if (fail) throw new ReplyError('failed', 'The database could not be opened. Reload the extension.');
        return { summary: briefOf(MIXED), playbookName: 'Acme Sales Playbook', playbook: ACME_BRIEF, sync: [] };
      },
    });
    await loading;
    await settle();
    const alert = container.querySelector('[role="alert"]');
    expect(text(alert)).toContain('The database could not be opened. Reload the extension.');
    fail = false;
    getButton(container, 'Retry').click();
    await settle();
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(container.querySelector('table')).not.toBeNull();
    expect(fake.calls.filter((c) => c.type === 'pipeline/get')).toHaveLength(2);
  });

  it('says so when the settings cannot be opened, and keeps the pipeline', async () => {
    const { loading } = await mount({
      ...pipeline(MIXED),
      'options/open': () => {
        throw new ReplyError('failed', 'Could not open the options page.');
      },
    });
    await loading;
    await settle();
    getButton(container, 'Settings').click();
    await settle();
    expect(text(container.querySelector('[role="alert"]'))).toContain('Could not open the options page.');
    expect(container.querySelector('table')).not.toBeNull();
  });
});

describe('popup words', () => {
  it('says each attention reason in words', () => {
    expect(reasonText({ kind: 'stale', days: 34, limit: 14 }, 'en-GB')).toBe('34 days in stage (limit 14)');
    expect(reasonText({ kind: 'overdue', closeDate: '2026-11-12' }, 'en-GB')).toBe('Close date passed (12 Nov 2026)');
    expect(reasonText({ kind: 'closing-not-ready', closeDate: '2026-12-04', days: 3 }, 'en-GB')).toBe('Closes in 3 days, not ready');
    expect(reasonText({ kind: 'closing-not-ready', closeDate: '2026-12-01', days: 0 }, 'en-GB')).toBe('Closes today, not ready');
    expect(reasonText({ kind: 'unknown-stage' }, 'en-GB')).toBe('Stage not in playbook');
  });

  it('says readiness the way the overlay does', () => {
    expect(readinessText(attentionItem(1))).toBe('2 of 5 required met');
    expect(readinessText(attentionItem(1, { ready: true, requiredMet: 5 }))).toBe('Ready to advance');
    expect(readinessText(attentionItem(1, { requiredMet: null, requiredTotal: null }))).toBeNull();
  });
});

const NOTICE: ChangeNotice = {
  id: '4@1764660000000',
  playbookName: 'Acme Sales Playbook',
  at: new Date().toISOString(),
  lines: ['Added stage “Security Review”', 'Renamed “Budget” to “Budget confirmed” in Qualification', '“Champion named” is now required in Qualification'],
  total: 3,
};

/** The notice as a screen reader finds it: the section its heading names. */
function changesRegion(): HTMLElement | null {
  const heading = [...container.querySelectorAll('h2')].find((h) => text(h) === 'Playbook updated');
  const section = heading?.closest('section');
  return section && section.getAttribute('aria-labelledby') === heading?.id ? section : null;
}

const withBrief = (brief: Partial<PlaybookBrief>, summary: PipelineSummary = MIXED): FakeHandlers => ({
  ...pipeline(summary),
  'pipeline/get': () => ({ summary: briefOf(summary), playbookName: 'Acme Sales Playbook', playbook: { ...ACME_BRIEF, ...brief }, sync: [] }),
});

describe('popup: where the playbook comes from', () => {
  it('says why this playbook is the active one, under its name', async () => {
    const { loading } = await mount(withBrief({ source: 'policy', why: 'Managed by your organization' }));
    await loading;
    await settle();
    const header = container.querySelector('header');
    expect(text(header?.querySelector('.bar-playbook'))).toBe('Playbook: Acme Sales Playbook');
    expect(text(header?.querySelector('.bar-playbook + p'))).toBe('Managed by your organization');
  });

  it('alerts while the team URL cannot update the playbook, naming the version in use', async () => {
    const receivedAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const team: TeamStatus = {
      url: 'https://playbooks.example.com/acme.json',
      setBy: 'user',
      checkedAt: new Date().toISOString(),
      receivedAt,
      failure: 'the server answered 503 Service Unavailable',
      nextCheckAt: null,
    };
    const { loading } = await mount(withBrief({ source: 'team', why: 'From your team’s playbook URL', team }));
    await loading;
    await settle();
    const alerts = getAllByRole(container, 'alert').map(text);
    expect(alerts).toEqual([
      `Team playbook could not be updated: the server answered 503 Service Unavailable. Using the version from ${formatTime(receivedAt, 'en-US')}.`,
    ]);
    // The pipeline is still there: the last good playbook is in use.
    expect(container.querySelector('table')).not.toBeNull();
  });

  it('says which playbook is used while the team URL never gave one, on the first-run screen too', async () => {
    const team: TeamStatus = {
      url: 'https://playbooks.example.com/acme.json', setBy: 'policy', checkedAt: new Date().toISOString(), receivedAt: null,
      failure: 'the address answered with a web page, not a playbook', nextCheckAt: null,
    };
    const { loading } = await mount(withBrief({ source: 'builtin', why: 'Built-in playbook', team }, EMPTY));
    await loading;
    await settle();
    expect(getAllByRole(container, 'alert').map(text)).toEqual([
      'Team playbook could not be updated: the address answered with a web page, not a playbook. Using the built-in playbook until it can be loaded.',
    ]);
    expect(text(container)).toContain('No deals yet.');
  });

  it('has no alert while the team URL works', async () => {
    const team: TeamStatus = {
      url: 'https://playbooks.example.com/acme.json', setBy: 'user', checkedAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(), failure: null, nextCheckAt: null,
    };
    const { loading } = await mount(withBrief({ source: 'team', team }));
    await loading;
    await settle();
    expect(getAllByRole(container, 'alert')).toEqual([]);
  });
});

describe('popup: what changed in the playbook', () => {
  it('shows each change under the playbook’s name, above the pipeline', async () => {
    const { loading } = await mount(withBrief({ notice: NOTICE }));
    await loading;
    await settle();
    const region = changesRegion();
    expect(region).not.toBeNull();
    expect(text(region?.querySelector('p'))).toBe('“Acme Sales Playbook” changed:');
    expect([...(region?.querySelectorAll('li') ?? [])].map(text)).toEqual(NOTICE.lines);
    expect(text(region)).not.toContain('more');
    const table = container.querySelector('table');
    expect(table && ((region?.compareDocumentPosition(table) ?? 0) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
  });

  it('says how many changes it leaves out', async () => {
    const { loading } = await mount(withBrief({ notice: { ...NOTICE, total: 10 } }));
    await loading;
    await settle();
    expect(text(changesRegion())).toContain('and 7 more');
  });

  it('shows nothing when there is no change the rep has not seen', async () => {
    const { loading } = await mount(withBrief({ notice: null }));
    await loading;
    await settle();
    expect(changesRegion()).toBeNull();
    expect(queryButton(container, 'Got it')).toBeNull();
  });

  it('goes away on “Got it”, which stores the notice’s id for every CRM tab', async () => {
    const { storage, items } = fakeStorage();
    const { loading } = await mount(withBrief({ notice: NOTICE }), storage);
    await loading;
    await settle();
    getButton(changesRegion() ?? container, 'Got it').click();
    await settle();
    expect(changesRegion()).toBeNull();
    expect(items).toEqual({ [CHANGES_SEEN_KEY]: NOTICE.id });
    expect(container.querySelector('table')).not.toBeNull();
  });

  it('goes away when the rep dismisses it on a deal page while the popup is open', async () => {
    const { storage, change } = fakeStorage();
    const { loading } = await mount(withBrief({ notice: NOTICE }), storage);
    await loading;
    await settle();
    change({ 'ui:overlayCollapsed': true });
    await settle();
    expect(changesRegion()).not.toBeNull();
    change({ [CHANGES_SEEN_KEY]: NOTICE.id });
    await settle();
    expect(changesRegion()).toBeNull();
    expect(storage.set).not.toHaveBeenCalled();
  });

  it('stays, and says why, when “Got it” could not be stored', async () => {
    const { storage } = fakeStorage();
    storage.set.mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    const { loading } = await mount(withBrief({ notice: NOTICE }), storage);
    await loading;
    await settle();
    getButton(changesRegion() ?? container, 'Got it').click();
    await settle();
    expect(text(changesRegion()?.querySelector('[role="alert"]'))).toBe(
      'Stagecoach could not remember that you read this: QUOTA_BYTES quota exceeded',
    );
    expect([...(changesRegion()?.querySelectorAll('li') ?? [])]).toHaveLength(3);
  });

  it('stops following storage once disposed', async () => {
    const { storage, listeners } = fakeStorage();
    const { loading, model: popup } = await mount(withBrief({ notice: NOTICE }), storage);
    await loading;
    expect(listeners.size).toBe(1);
    popup.dispose();
    expect(listeners.size).toBe(0);
  });
});

const minutesAgo = (n: number): string => new Date(NOW.getTime() - n * 60_000).toISOString();

/** One org's sync as the worker reports it; on and synced 10 minutes ago unless told otherwise. */
const syncStatus = (extra: Partial<SyncStatus> = {}): SyncStatus => ({
  id: 'salesforce:acme',
  crm: 'salesforce',
  org: 'acme',
  apiOrigin: 'https://acme.my.salesforce.com',
  needs: { permissions: ['cookies'], origins: ['https://acme.my.salesforce.com/*'] },
  enabled: true,
  running: false,
  lastSyncedAt: minutesAgo(10),
  lastCount: 48,
  failure: null,
  dueAt: new Date(NOW.getTime() + 50 * 60_000).toISOString(),
  ...extra,
});

const COVERED: PipelineSummary = { ...MIXED, openDeals: 62, coverage: { open: 62, synced: [{ crm: 'salesforce', count: 48 }], pages: 14, lists: 0 } };

/** A table row's cells joined by " | ", each cell's own lines (its spans) by " / ". */
const cellTexts = (row: Element): string =>
  [...row.children].map((cell) => (cell.querySelector('.behind') ? [...cell.children].map(text).join(' / ') : text(cell))).join(' | ');

const coverageLine = () => text(container.querySelector('[aria-label="Where these numbers come from"] p'));

describe('popup: a database the browser lost', () => {
  const LOST = { at: '2026-12-03T09:30:00.000Z', ticks: 12, deals: 4, playbook: 'Acme Sales Playbook' };

  function lostRegion(): HTMLElement | null {
    const heading = [...container.querySelectorAll('h2')].find((h) => text(h) === 'Your browser lost Stagecoach’s data');
    const section = heading?.closest('section');
    return section && section.getAttribute('aria-labelledby') === heading?.id ? section : null;
  }

  it('says what came back and what did not, above the pipeline, until “Got it”, which forgets it for good', async () => {
    const { storage, items, change } = fakeStorage();
    change({ [STORAGE_LOST_KEY]: LOST });
    const { loading } = await mount(pipeline(MIXED), storage);
    await loading;
    await settle();
    expect([...(lostRegion()?.querySelectorAll('p') ?? [])].map(text)).toEqual([
      'On Dec 3, 2026 Stagecoach found its storage deleted by the browser, which happens after the disk was full. Brought back from Stagecoach’s own copy: 12 ticks on 4 deals and the playbook “Acme Sales Playbook”.',
      'Deals come back as you open them. Their stage history does not, nor a team playbook address: if you have a backup, restore it in the settings (Your data).',
    ]);
    const table = container.querySelector('table');
    expect(table && ((lostRegion()?.compareDocumentPosition(table) ?? 0) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();

    getButton(lostRegion() ?? container, 'Got it').click();
    await settle();
    expect(lostRegion()).toBeNull();
    expect(STORAGE_LOST_KEY in items).toBe(false);
  });

  it('stays, and says why, when “Got it” could not be stored', async () => {
    const { storage, change } = fakeStorage();
    change({ [STORAGE_LOST_KEY]: { ...LOST, ticks: 1, deals: 1, playbook: null } });
    storage.remove.mockRejectedValueOnce(new Error('IO error'));
    const { loading } = await mount(pipeline(MIXED), storage);
    await loading;
    await settle();
    expect(text(lostRegion()?.querySelector('p'))).toContain('Brought back from Stagecoach’s own copy: 1 tick on 1 deal.');
    getButton(lostRegion() ?? container, 'Got it').click();
    await settle();
    expect(text(lostRegion()?.querySelector('[role="alert"]'))).toBe('Stagecoach could not remember that you read this: IO error');
  });

  it('appears when the worker brings the data back while the popup is open, and ignores what is not its notice', async () => {
    const { storage, change } = fakeStorage();
    change({ [STORAGE_LOST_KEY]: { at: 'yesterday', ticks: 'many' } });
    const { loading } = await mount(pipeline(MIXED), storage);
    await loading;
    await settle();
    expect(lostRegion()).toBeNull();
    change({ [STORAGE_LOST_KEY]: LOST });
    await settle();
    expect(lostRegion()).not.toBeNull();
  });
});

describe('popup: where the numbers come from, and sync', () => {
  it('says how many open deals were synced, when, and how many were seen on pages', async () => {
    const { fake, loading } = await mount(pipeline(COVERED, [], [syncStatus()]));
    await loading;
    await settle();
    expect(coverageLine()).toBe('62 open deals: 48 synced from Salesforce 10 min ago, 14 seen on their pages');
    expect(text(container.querySelector('.sync-list'))).toBe('Salesforce (acme): synced 10 min ago, 48 open deals');
    // Synced 10 minutes ago and next due in 50: opening the popup does not sync again.
    expect(fake.calls.map((c) => c.type)).not.toContain('sync/run');
  });

  it('has no sync controls while no org has sync on', async () => {
    const { loading } = await mount(pipeline(MIXED, [], [syncStatus({ enabled: false })]));
    await loading;
    await settle();
    expect(coverageLine()).toBe('5 open deals: 5 seen on their pages');
    expect(queryButton(container, 'Sync now')).toBeNull();
  });

  it('syncs the orgs that are due after the summary is painted, then shows what sync brought', async () => {
    let answerSync: (value: { syncs: SyncStatus[] }) => void = () => {};
    const due = syncStatus({ dueAt: minutesAgo(1), lastSyncedAt: minutesAgo(61) });
    let synced = false;
    const { fake, loading } = await mount({
      ...pipeline(MIXED, [], [due]),
      'pipeline/get': () => ({
        summary: briefOf(synced ? COVERED : MIXED),
        playbookName: 'Acme Sales Playbook',
        playbook: ACME_BRIEF,
        sync: [synced ? syncStatus({ lastSyncedAt: NOW.toISOString() }) : due],
      }),
      'sync/run': () => new Promise((resolve) => (answerSync = resolve)),
    });
    await settle();
    // Painted from pipeline/get while sync is under way: the sync never holds the first paint.
    expect(container.querySelector('table')).not.toBeNull();
    expect(fake.calls.filter((c) => c.type === 'sync/run').map((c) => c.payload)).toEqual([{ force: false }]);
    expect(getButton(container, 'Syncing…').disabled).toBe(true);

    synced = true;
    answerSync({ syncs: [syncStatus({ lastSyncedAt: NOW.toISOString() })] });
    await loading;
    await settle();
    expect(coverageLine()).toBe('62 open deals: 48 synced from Salesforce just now, 14 seen on their pages');
    expect(fake.calls.filter((c) => c.type === 'pipeline/get')).toHaveLength(2);
    expect(getButton(container, 'Sync now').disabled).toBe(false);
  });

  it('"Sync now" syncs every enabled org even when none is due, and says an org’s failure in words', async () => {
    const failure = 'Sign in to Salesforce again (acme.my.salesforce.com): the session has expired.';
    const { fake, loading } = await mount({
      ...pipeline(COVERED, [], [syncStatus()]),
      'sync/run': () => ({ syncs: [syncStatus({ failure })] }),
    });
    await loading;
    await settle();
    getButton(container, 'Sync now').click();
    await settle();
    expect(fake.calls.filter((c) => c.type === 'sync/run').map((c) => c.payload)).toEqual([{ force: true }]);
    // The reload after sync brings the worker's statuses again; the fake's pipeline/get still says synced.
    expect(fake.calls.filter((c) => c.type === 'pipeline/get')).toHaveLength(2);
  });

  it('shows the failure the worker reports for an org', async () => {
    const failure = 'Sign in to Salesforce again: the session has expired.';
    const { loading } = await mount(pipeline(COVERED, [], [syncStatus({ failure })]));
    await loading;
    await settle();
    expect(text(container.querySelector('.sync-failed'))).toBe(`Salesforce (acme): ${failure}`);
  });

  it('says so when the sync message itself fails, and keeps the pipeline', async () => {
    const { loading } = await mount({
      ...pipeline(COVERED, [], [syncStatus()]),
      'sync/run': () => {
        throw new ReplyError('failed', 'The worker could not start the sync.');
      },
    });
    await loading;
    await settle();
    getButton(container, 'Sync now').click();
    await settle();
    expect(text(container.querySelector('.sync-error'))).toBe('Sync didn’t run: The worker could not start the sync.');
    expect(container.querySelector('table')).not.toBeNull();
  });
});

describe('popup: summary figures', () => {
  const FIGURED: PipelineSummary = {
    ...MIXED,
    categories: [
      { category: 'commit', count: 2, totals: [{ currency: 'USD', amount: 500_000, weighted: 400_000 }] },
      { category: 'best_case', count: 1, totals: [{ currency: 'EUR', amount: 300_000, weighted: 180_000 }] },
      { category: 'pipeline', count: 1, totals: [{ currency: 'USD', amount: 700_000, weighted: 220_000 }] },
      { category: 'omitted', count: 0, totals: [] },
    ],
    closing: { month: { count: 1, totals: [{ currency: 'USD', amount: 84_000, weighted: 50_400 }] }, quarter: { count: 2, totals: [{ currency: 'USD', amount: 284_000, weighted: 70_400 }] } },
    created: { last30: { count: 0, totals: [] }, last90: { count: 3, totals: [{ currency: 'EUR', amount: 300_000, weighted: 180_000 }] }, undated: 2 },
  };

  it('draws one bar per stage, as long as its deal count, matching the table', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    const chart = container.querySelector('svg[role="img"]');
    expect(chart?.getAttribute('aria-label')).toBe('Open deals by stage: Discovery 1, Proposal 3');
    const bars = [...(chart?.querySelectorAll('g') ?? [])].map((g) => ({
      stage: g.getAttribute('data-stage'),
      count: g.querySelector('.chart-count')?.textContent,
      width: Number(g.querySelector('.chart-bar')?.getAttribute('width')),
    }));
    const rows = [...container.querySelectorAll('table')[0]!.querySelectorAll('tbody tr')].map((r) => ({
      stage: text(r.querySelector('.stage-name')),
      count: text(r.querySelector('.count')),
    }));
    expect(bars.map(({ stage, count }) => ({ stage, count }))).toEqual(rows);
    // Proposal has three times Discovery's deals: its bar is three times as long.
    expect(bars[1]!.width / bars[0]!.width).toBeCloseTo(3);
  });

  it('shows the forecast by category and what closes and was created lately, per currency', async () => {
    const { loading } = await mount(pipeline(FIGURED));
    await loading;
    await settle();
    const tables = getAllByRole(container, 'table');
    const byCaption = (caption: string) => tables.find((t) => text(t.querySelector('caption')) === caption);
    const rowsOf = (table: HTMLElement | undefined) => [...(table?.querySelectorAll('tbody tr') ?? [])].map(cellTexts);
    expect(rowsOf(byCaption('Forecast by category'))).toEqual([
      `Commit | 2 | ${flat(500_000, 'USD')} | ${flat(400_000, 'USD')}`,
      `Best case | 1 | ${flat(300_000, 'EUR')} | ${flat(180_000, 'EUR')}`,
      `Pipeline | 1 | ${flat(700_000, 'USD')} | ${flat(220_000, 'USD')}`,
      'Omitted | 0 | —none | —none',
    ]);
    expect(rowsOf(byCaption('Closing, created and won'))).toEqual([
      `Closing this month | 1 | ${flat(84_000, 'USD')}`,
      `Closing this quarter | 2 | ${flat(284_000, 'USD')}`,
      'Created, last 30 days | 0 | —none',
      `Created, last 90 days | 3 | ${flat(300_000, 'EUR')}`,
      'Won, last 30 days | 0 | —none',
      'Won, last 90 days | 0 | —none',
    ]);
    expect(text(container)).toContain('2 deals have no known creation date');
  });

  it('points to the deals needing attention from the summary, those to act on now first', async () => {
    const notReady = attentionItem(4, { reasons: [{ kind: 'not-ready', missing: 3 }] });
    const { loading } = await mount(pipeline({ ...MIXED, attention: [...MIXED.attention, notReady] }));
    await loading;
    await settle();
    expect(text(container.querySelector('.attention-line'))).toBe('3 deals need action now, 1 more is not ready for its stage. See why');
    getButton(container, 'See why').click();
    await settle();
    expect(text(container.querySelector('[role="tab"][aria-selected="true"]'))).toBe('Attention, 4');
  });
});

describe('popup: views', () => {
  it('opens on the summary, with one tab stop, and arrows move between the views', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    const tabs = getAllByRole(container, 'tab');
    expect(tabs.map(text)).toEqual(['Summary', 'Attention, 3', 'Velocity', 'All deals']);
    expect(tabs.map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);
    const panel = container.querySelector('[role="tabpanel"]');
    expect(panel?.getAttribute('aria-labelledby')).toBe(tabs[0]?.id);
    tabs[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await settle();
    expect(text(container.querySelector('[role="tab"][aria-selected="true"]'))).toBe('All deals');
    expect(document.activeElement?.id).toBe('tab-deals');
    expect(container.querySelector('input[type="search"]')).not.toBeNull();
    // Only the open view is in the page: the summary's table is gone while the rep types.
    expect(container.querySelector('table')).toBeNull();
  });
});

describe('popup: attention opens the deal', () => {
  it('asks the worker to open the deal (it focuses a tab already on it)', async () => {
    const opened: string[] = [];
    const { fake, loading } = await mount({ ...pipeline(MIXED), 'deal/open': () => ({ focused: true }) }, undefined, (url) => opened.push(url));
    await loading;
    await settle();
    await showTab('Attention');
    const link = getAllByRole(container.querySelector('.attention-list')!, 'link')[0]!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    await settle();
    expect(click.defaultPrevented).toBe(true);
    expect(fake.calls.filter((c) => c.type === 'deal/open').map((c) => c.payload)).toEqual([{ key: MIXED.attention[0]?.key }]);
    expect(opened).toEqual([]);
  });

  it('opens the page in a new tab when the worker cannot, and leaves modified clicks to the browser', async () => {
    const opened: string[] = [];
    const { fake, loading } = await mount(
      {
        ...pipeline(MIXED),
        'deal/open': () => {
          throw new ReplyError('failed', 'No deal with that key.');
        },
      },
      undefined,
      (url) => opened.push(url),
    );
    await loading;
    await settle();
    await showTab('Attention');
    const link = getAllByRole(container.querySelector('.attention-list')!, 'link')[1]!;
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    await settle();
    expect(opened).toEqual([MIXED.attention[1]?.url]);
    // What the popup left to the browser, noted where the click ends; then cancelled, so the test DOM fetches nothing.
    let leftToBrowser = false;
    container.addEventListener('click', (e) => {
      leftToBrowser = !e.defaultPrevented;
      e.preventDefault();
    });
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ctrlKey: true }));
    await settle();
    expect(leftToBrowser).toBe(true);
    expect(fake.calls.filter((c) => c.type === 'deal/open')).toHaveLength(1);
  });

  it('says each entry’s reasons in one line', async () => {
    const item = attentionItem(7, { reasons: [{ kind: 'pushed', times: 3 }, { kind: 'not-ready', missing: 2 }] });
    const { loading } = await mount(pipeline({ ...MIXED, attention: [item] }));
    await loading;
    await settle();
    await showTab('Attention');
    expect(text(container.querySelector('.deal-why'))).toBe('Proposal/Price Quote · : Close date pushed out 3 times; 2 required not met');
  });
});

describe('popup: velocity', () => {
  it('gives days in stage and conversion with the deals behind each, and no number below the threshold', async () => {
    const velocity = {
      minDeals: VELOCITY_MIN_DEALS,
      stages: [
        { stageId: 'discovery', stageName: 'Discovery', avgDays: 12, timedDeals: 8, conversion: 0.75, exitedDeals: 12 },
        { stageId: 'proposal', stageName: 'Proposal', avgDays: null, timedDeals: 3, conversion: null, exitedDeals: 4 },
      ],
    };
    const { loading } = await mount(pipeline({ ...MIXED, velocity }));
    await loading;
    await settle();
    await showTab('Velocity');
    const rows = [...container.querySelectorAll('tbody tr')].map(cellTexts);
    expect(rows).toEqual([
      'Discovery | 12 days / 8 deals | 75% / of 12 deals that left',
      'Proposal | Not enough history yet / 3 deals | Not enough history yet / of 4 deals that left',
    ]);
    expect(text(container)).not.toContain('Not enough history yet: figures appear');
  });

  it('says there is not enough history yet when no stage has a figure', async () => {
    const { loading } = await mount(pipeline(MIXED));
    await loading;
    await settle();
    await showTab('Velocity');
    expect(text(container)).toContain('Not enough history yet: figures appear as deals move through the stages.');
  });
});

describe('popup: all deals', () => {
  const deal = (i: number, extra: Partial<DealListItem>): DealListItem => ({ ...listed(attentionItem(i, { reasons: [] })), ...extra });
  const DEALS = [
    deal(1, { name: 'Globex - Renewal', stageId: 'proposal', ready: true, amount: { amount: 90_000, currency: 'USD' } }),
    deal(2, { name: 'Acme - Pilot', stageId: 'discovery', crm: 'hubspot', amount: { amount: 10_000, currency: 'USD' } }),
    deal(3, { name: 'Initech - Upsell', stageId: 'proposal', stale: true, amount: { amount: 50_000, currency: 'USD' } }),
  ];
  const listedNames = () => [...container.querySelectorAll('.deal-row .deal-name')].map(text);
  const select = async (label: string, value: string) => {
    const field = [...container.querySelectorAll('label')].find((l) => text(l.querySelector('span')) === label)?.querySelector('select');
    if (!field) throw new Error(`No select "${label}"`);
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
  };

  it('filters by stage, CRM, readiness and stale, and sorts', async () => {
    const { loading } = await mount(pipeline(MIXED, DEALS));
    await loading;
    await settle();
    await showTab('All deals');
    expect(listedNames()).toEqual(['Globex - Renewal', 'Acme - Pilot', 'Initech - Upsell']);
    await select('Stage', 'proposal');
    expect(listedNames()).toEqual(['Globex - Renewal', 'Initech - Upsell']);
    expect(text(container.querySelector('[data-deal-count]'))).toBe('2 of 3 deals');
    await select('Readiness', 'ready');
    expect(listedNames()).toEqual(['Globex - Renewal']);
    getButton(container, 'Clear filters').click();
    await settle();
    await select('CRM', 'hubspot');
    expect(listedNames()).toEqual(['Acme - Pilot']);
    getButton(container, 'Clear filters').click();
    await settle();
    const stale = [...container.querySelectorAll('input[type="checkbox"]')][0] as HTMLInputElement;
    stale.click();
    await settle();
    expect(listedNames()).toEqual(['Initech - Upsell']);
    stale.click();
    await settle();
    await select('Sort', 'amount:desc');
    expect(listedNames()).toEqual(['Globex - Renewal', 'Initech - Upsell', 'Acme - Pilot']);
    await select('Sort', 'name:asc');
    expect(listedNames()).toEqual(['Acme - Pilot', 'Globex - Renewal', 'Initech - Upsell']);
  });

  it('says when the filters leave nothing', async () => {
    const { loading } = await mount(pipeline(MIXED, DEALS));
    await loading;
    await settle();
    await showTab('All deals');
    await select('Closing', 'overdue');
    expect(text(container.querySelector('.deals-none'))).toBe('No deals match these filters.');
  });
});

describe('popup words for issue 9', () => {
  it('says every attention reason in words', () => {
    expect(reasonText({ kind: 'pushed', times: 2 }, 'en-US')).toBe('Close date pushed out 2 times');
    expect(reasonText({ kind: 'skipped', stageName: 'Qualification', missing: 2 }, 'en-US')).toBe('2 required in Qualification still open');
    expect(reasonText({ kind: 'not-ready', missing: 1 }, 'en-US')).toBe('1 required not met');
  });

  it('decides when sync is due on open', () => {
    expect(syncDue([syncStatus()], NOW)).toBe(false);
    expect(syncDue([syncStatus({ dueAt: minutesAgo(1) })], NOW)).toBe(true);
    expect(syncDue([syncStatus({ dueAt: null, lastSyncedAt: null })], NOW)).toBe(true);
    expect(syncDue([syncStatus({ dueAt: minutesAgo(1), enabled: false })], NOW)).toBe(false);
    expect(syncDue([syncStatus({ dueAt: minutesAgo(1), running: true })], NOW)).toBe(false);
  });

  it('says how long ago', () => {
    expect(agoText(minutesAgo(0), NOW)).toBe('just now');
    expect(agoText(minutesAgo(59), NOW)).toBe('59 min ago');
    expect(agoText(minutesAgo(125), NOW)).toBe('2 h ago');
    expect(agoText(minutesAgo(3 * 24 * 60), NOW)).toBe('3 days ago');
  });
});

describe('popup: the deal list on its way', () => {
  it('says the list is loading, then why it failed, while the summary stays', async () => {
    let fail: (error: Error) => void = () => {};
    const { loading } = await mount({ ...pipeline(MIXED), 'pipeline/deals': () => new Promise((_, reject) => (fail = reject)) });
    await settle();
    await showTab('All deals');
    expect(text(container.querySelector('[role="status"]'))).toBe('Loading every open deal…');
    fail(new ReplyError('failed', 'The worker stopped while sending the deals. Open the popup again.'));
    await loading;
    await settle();
    expect(text(container.querySelector('[role="alert"]'))).toContain('The worker stopped while sending the deals. Open the popup again.');
    await showTab('Summary');
    expect(container.querySelector('table')).not.toBeNull();
  });
});
