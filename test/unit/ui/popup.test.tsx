// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPACT, formatMoney } from '../../../src/core/format';
import { briefOf, type DealListItem } from '../../../src/core/forecast';
import type { AttentionItem, PipelineSummary, Stage } from '../../../src/core/types';
import { CRMS } from '../../../src/crm/registry';
import { CHANGES_SEEN_KEY, ReplyError, type ChangeNotice, type PlaybookBrief, type TeamStatus } from '../../../src/messages';
import { ATTENTION_PREVIEW, createPopupModel, type PopupModel, type PopupStorage } from '../../../src/popup/model';
import { Popup } from '../../../src/popup/Popup';
import { readinessText, reasonText } from '../../../src/popup/words';
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

const EMPTY: PipelineSummary = {
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
};

const compact = (amount: number, currency: string): string => formatMoney(amount, currency, 'en-US', COMPACT);

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
    set: vi.fn<PopupStorage['set']>(async (changes) => change(changes)),
    onChanged(listener: (changes: Record<string, unknown>) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies PopupStorage;
  return { storage, items, change, listeners };
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

async function mount(handlers: FakeHandlers, storage = fakeStorage().storage) {
  const fake = fakeClient(handlers);
  model = createPopupModel(fake.client, { locale: 'en-US', storage });
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
});

const ACME_BRIEF: PlaybookBrief = { name: 'Acme Sales Playbook', source: 'local', why: 'Imported in this browser', team: null, notice: null };

const pipeline = (summary: PipelineSummary, deals: DealListItem[] = summary.attention.map(listed)): FakeHandlers => ({
  'pipeline/get': () => ({ summary: briefOf(summary), playbookName: 'Acme Sales Playbook', playbook: ACME_BRIEF }),
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
    expect(said).toMatch(/No deals yet\. Open a deal in .+ and Stagecoach will show its stage checklist there; deals you visit appear here\./);
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
        return { summary: briefOf(MIXED), playbookName: 'Acme Sales Playbook', playbook: ACME_BRIEF };
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
  'pipeline/get': () => ({ summary: briefOf(summary), playbookName: 'Acme Sales Playbook', playbook: { ...ACME_BRIEF, ...brief } }),
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
