import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, beforeEach } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, openStagecoachDB } from '../../../src/background/db';
import { createHandlers, type Mirror } from '../../../src/background/handlers';
import { createStore, type Store } from '../../../src/background/store';
import type { SenderContext } from '../../../src/background/router';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { DealChecks, DealSnapshot, Playbook } from '../../../src/core/types';
import { deal } from '../deal-fixture';

const content: SenderContext = { kind: 'content', origin: 'https://acme.lightning.force.com', tabId: 1 };
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };

function snapshot(overrides: Partial<DealSnapshot> = {}): DealSnapshot {
  return deal({
    locale: 'en-US',
    name: 'Acme - 1,200 Widgets',
    stage: { label: 'Needs Analysis', value: 'Needs Analysis' },
    amount: { amount: 1_517_250, currency: 'USD' },
    closeDate: '2026-12-31',
    ...overrides,
  });
}

let factory: IDBFactory;
let store: Store;
let clock: Date;
let mirrored: { playbook: Playbook | null; checks: Map<string, DealChecks> };

function handlers() {
  const mirror: Mirror = {
    playbook: async (p) => void (mirrored.playbook = p),
    checks: async (k, c) => void mirrored.checks.set(k, c),
  };
  return createHandlers({ store: async () => store, mirror, openOptionsPage: async () => {}, now: () => clock });
}

beforeEach(async () => {
  factory = new IDBFactory();
  store = createStore(await openStagecoachDB(factory));
  clock = new Date('2026-11-02T10:00:00Z');
  mirrored = { playbook: null, checks: new Map() };
});

describe('the database', () => {
  it('creates every store at the current version from nothing', async () => {
    const db = await openDB(DB_NAME, DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['checks', 'deals', 'playbooks']);
    expect([...db.transaction('checks').store.indexNames]).toEqual(['byDeal']);
    db.close();
  });
});

describe('deals seen', () => {
  it('records first and last seen, and opens a stage visit only when the stage changes', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    clock = new Date('2026-11-03T10:00:00Z');
    await h['deal/seen']({ deal: snapshot({ amount: { amount: 2, currency: 'USD' } }) }, content);
    expect((await store.deal(snapshot().key))?.snapshot.amount).toEqual({ amount: 2, currency: 'USD' });
    clock = new Date('2026-11-05T10:00:00Z');
    const { history } = await h['deal/seen']({ deal: snapshot({ stage: { label: 'Value Proposition', value: 'Value Proposition' } }) }, content);
    expect(history).toEqual([
      { stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, enteredAt: '2026-11-02T10:00:00.000Z' },
      { stage: { label: 'Value Proposition', value: 'Value Proposition' }, enteredAt: '2026-11-05T10:00:00.000Z' },
    ]);
    const record = await store.deal(snapshot().key);
    expect(record?.firstSeen).toBe('2026-11-02T10:00:00.000Z');
    expect(record?.lastSeen).toBe('2026-11-05T10:00:00.000Z');
    expect(record?.snapshot.stage.label).toBe('Value Proposition');
  });

  it('refuses a deal whose address is not the sending page’s', async () => {
    const h = handlers();
    await expect(h['deal/seen']({ deal: snapshot({ url: 'https://evil.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view' }) }, content)).rejects.toThrow(
      /not the page/,
    );
  });
});

describe('manual checks', () => {
  it('keep the time of the first tick, survive a reopened database, and mirror to the overlay', async () => {
    const h = handlers();
    const key = snapshot().key;
    await h['check/set']({ dealKey: key, criterionId: 'pain', checked: true }, content);
    clock = new Date('2026-11-04T10:00:00Z');
    const { checks } = await h['check/set']({ dealKey: key, criterionId: 'pain', checked: true }, content);
    expect(checks).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });
    expect(mirrored.checks.get(key)).toEqual(checks);

    // A stopped worker reopens the database: nothing is lost.
    store = createStore(await openStagecoachDB(factory));
    expect(await store.checks(key)).toEqual({ pain: { checkedAt: '2026-11-02T10:00:00.000Z' } });

    await h['check/set']({ dealKey: key, criterionId: 'pain', checked: false }, page);
    expect(await store.checks(key)).toEqual({});
    expect(mirrored.checks.get(key)).toEqual({});
  });
});

describe('playbooks', () => {
  it('start with the built-in playbook', async () => {
    const active = await handlers()['playbook/get']({}, page);
    expect(active).toEqual({ playbook: DEFAULT_PLAYBOOK, source: { kind: 'builtin' } });
  });

  it('import a valid playbook, mirror it, and keep check states whose criterion ids persist', async () => {
    const h = handlers();
    const key = snapshot().key;
    const criterionId = DEFAULT_PLAYBOOK.stages[0]!.criteria[0]!.id;
    await h['check/set']({ dealKey: key, criterionId, checked: true }, content);
    const renamed: Playbook = { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook' };
    const reply = await h['playbook/import']({ text: serializePlaybook(renamed), fileName: 'acme.json' }, page);
    expect(reply).toMatchObject({ imported: true, active: { playbook: { name: 'Acme Sales Playbook' }, source: { kind: 'import', fileName: 'acme.json' } } });
    expect(mirrored.playbook?.name).toBe('Acme Sales Playbook');
    expect(Object.keys(await store.checks(key))).toEqual([criterionId]);
  });

  it('leave the active playbook unchanged when an import is invalid, and say every problem', async () => {
    const h = handlers();
    await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Kept' }), fileName: null }, page);
    const reply = await h['playbook/import']({ text: '{"format":"stagecoach.playbook/v1","name":"","stages":[]}', fileName: 'bad.json' }, page);
    expect(reply.imported).toBe(false);
    if (!reply.imported) expect(reply.problems.length).toBeGreaterThanOrEqual(2);
    expect((await h['playbook/get']({}, page)).playbook.name).toBe('Kept');
  });

  it('reset to the built-in playbook', async () => {
    const h = handlers();
    await h['playbook/import']({ text: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Temp' }), fileName: null }, page);
    const active = await h['playbook/reset']({}, page);
    expect(active.source).toEqual({ kind: 'builtin' });
    expect(mirrored.playbook).toEqual(DEFAULT_PLAYBOOK);
  });
});

describe('the pipeline', () => {
  it('summarises recorded deals by playbook stage', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    await h['deal/seen']({ deal: snapshot({ key: 'salesforce:acme:006000000000002AAA', recordId: '006000000000002AAA', amount: { amount: 100, currency: 'EUR' } }) }, content);
    const { summary, playbookName } = await h['pipeline/get']({}, page);
    expect(playbookName).toBe(DEFAULT_PLAYBOOK.name);
    expect(summary.openDeals).toBe(2);
    const row = summary.stages.find((s) => s.count > 0);
    expect(row?.count).toBe(2);
    expect(row?.totals.map((t) => t.currency).sort()).toEqual(['EUR', 'USD']);
  });

  it('keeps the pipeline between reads and redoes only what each write changed', async () => {
    const h = handlers();
    await h['deal/seen']({ deal: snapshot() }, content);
    const first = await h['pipeline/deals']({}, page);
    expect(first.deals.map((d) => [d.name, d.crmStage, d.stageName])).toEqual([['Acme - 1,200 Widgets', 'Needs Analysis', 'Qualification']]);
    const readiness = first.deals[0]?.requiredMet;

    // A tick, a stage change and a new deal: each shows on the next read, from the warm cache.
    await h['check/set']({ dealKey: snapshot().key, criterionId: 'spiced', checked: true }, content);
    expect((await h['pipeline/deals']({}, page)).deals[0]?.requiredMet).toBe((readiness ?? 0) + 1);
    await h['deal/seen']({ deal: snapshot({ stage: { label: 'Proposal/Price Quote', value: null } }) }, content);
    await h['deal/seen']({ deal: snapshot({ key: 'salesforce:acme:006000000000002AAA', recordId: '006000000000002AAA', name: 'Beta' }) }, content);
    const after = await h['pipeline/deals']({}, page);
    expect(after.deals.map((d) => [d.name, d.stageName]).sort()).toEqual([['Acme - 1,200 Widgets', 'Proposal'], ['Beta', 'Qualification']]);
    const { summary } = await h['pipeline/get']({}, page);
    expect(summary.openDeals).toBe(2);
    expect(summary.attentionPreview.length).toBeLessThanOrEqual(5);

    // A won deal leaves the list; a new playbook re-evaluates everything.
    await h['deal/seen']({ deal: snapshot({ key: 'salesforce:acme:006000000000002AAA', recordId: '006000000000002AAA', name: 'Beta', stage: { label: 'Closed Won', value: null } }) }, content);
    expect((await h['pipeline/deals']({}, page)).deals.map((d) => d.name)).toEqual(['Acme - 1,200 Widgets']);
    const renamed = { ...DEFAULT_PLAYBOOK, stages: DEFAULT_PLAYBOOK.stages.map((st) => (st.id === 'proposal' ? { ...st, name: 'Offer' } : st)) };
    await h['playbook/import']({ text: serializePlaybook(renamed), fileName: null }, page);
    expect((await h['pipeline/deals']({}, page)).deals[0]?.stageName).toBe('Offer');
  });

  it('rebuilds from the database when the worker starts again', async () => {
    await handlers()['deal/seen']({ deal: snapshot() }, content);
    // A new worker: new handlers, same database.
    const { deals } = await handlers()['pipeline/deals']({}, page);
    expect(deals.map((d) => d.key)).toEqual([snapshot().key]);
  });
});
