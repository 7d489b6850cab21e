import { describe, expect, it, vi } from 'vitest';
import { classifySender, createRouter, type Handlers } from '../../../src/background/router';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { ActivePlaybook } from '../../../src/messages';
import { deal as dealFixture } from '../deal-fixture';

const BUILTIN: ActivePlaybook = {
  playbook: DEFAULT_PLAYBOOK,
  source: { kind: 'builtin' },
  why: 'Built-in playbook',
  lock: null,
  team: null,
  policy: null,
  problems: [],
};

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const page = { id: 'ext-id', origin: 'chrome-extension://ext-id', url: 'chrome-extension://ext-id/src/popup/index.html' };
const contentScript = { id: 'ext-id', origin: 'https://acme.lightning.force.com', tab: { id: 7 }, frameId: 0 };

const deal = dealFixture({
  locale: 'en-US',
  stage: { label: 'Qualification', value: 'Qualification' },
  amount: { amount: 1000, currency: 'USD' },
  fields: { Amount: '$1,000.00' },
});

/** Every handler, typed by the protocol: a missing or mistyped one is a compile error here. */
function handlers() {
  return {
    'deal/seen': vi.fn<Handlers['deal/seen']>(async () => ({ history: [] })),
    'check/set': vi.fn<Handlers['check/set']>(async () => ({ checks: {} })),
    'stage/choose': vi.fn<Handlers['stage/choose']>(async () => ({ pick: { stageId: 'discovery', chosenAt: '2026-11-02T10:00:00.000Z' } })),
    'options/open': vi.fn<Handlers['options/open']>(async () => null),
    'pipeline/get': vi.fn<Handlers['pipeline/get']>(async () => {
      throw new Error('database is closed');
    }),
    'pipeline/deals': vi.fn<Handlers['pipeline/deals']>(async () => ({ deals: [] })),
    'playbook/get': vi.fn<Handlers['playbook/get']>(async () => BUILTIN),
    'playbook/import': vi.fn<Handlers['playbook/import']>(async () => ({ imported: true, active: BUILTIN })),
    'playbook/save': vi.fn<Handlers['playbook/save']>(async () => ({ saved: false, problems: [] })),
    'playbook/reset': vi.fn<Handlers['playbook/reset']>(async () => BUILTIN),
    'team/save': vi.fn<Handlers['team/save']>(async () => BUILTIN),
    'team/refresh': vi.fn<Handlers['team/refresh']>(async () => BUILTIN),
    'revisions/list': vi.fn<Handlers['revisions/list']>(async () => ({ revisions: [], activeId: null })),
    'revisions/get': vi.fn<Handlers['revisions/get']>(async () => {
      throw new Error('no revision');
    }),
    'revisions/activate': vi.fn<Handlers['revisions/activate']>(async () => BUILTIN),
    'sites/save': vi.fn<Handlers['sites/save']>(async () => ({ saved: true, active: BUILTIN, sites: [] })),
    'sites/status': vi.fn<Handlers['sites/status']>(async () => ({ sites: [] })),
    'deals/listed': vi.fn<Handlers['deals/listed']>(async () => ({ recorded: 0 })),
    'deal/open': vi.fn<Handlers['deal/open']>(async () => ({ focused: false })),
    'deal/forget': vi.fn<Handlers['deal/forget']>(async () => null),
    'sync/status': vi.fn<Handlers['sync/status']>(async () => ({ syncs: [] })),
    'sync/set': vi.fn<Handlers['sync/set']>(async () => ({ syncs: [] })),
    'sync/run': vi.fn<Handlers['sync/run']>(async () => ({ syncs: [] })),
    'data/csv': vi.fn<Handlers['data/csv']>(async () => ({ csv: '', rows: 0 })),
    'data/backup': vi.fn<Handlers['data/backup']>(async () => ({ backup: {}, counts: { deals: 0, checks: 0, revisions: 0, stagePicks: 0 } })),
    'data/restore': vi.fn<Handlers['data/restore']>(async () => ({ restored: false, problems: [] })),
    'data/clear': vi.fn<Handlers['data/clear']>(async () => ({ active: BUILTIN })),
  } satisfies Handlers;
}

describe('who sent a message', () => {
  it('recognises the extension’s own pages by origin, even when opened in a tab', () => {
    expect(classifySender(page, self)?.kind).toBe('page');
    expect(classifySender({ ...page, tab: { id: 3 }, frameId: 0 }, self)?.kind).toBe('page');
  });

  it('recognises a content script in a tab’s top frame on an https page', () => {
    expect(classifySender(contentScript, self)).toEqual({ kind: 'content', origin: 'https://acme.lightning.force.com', tabId: 7 });
  });

  it('trusts nobody else: other extensions, subframes, http pages, senders without an origin', () => {
    expect(classifySender({ ...page, id: 'other-extension' }, self)).toBeNull();
    expect(classifySender({ ...contentScript, frameId: 2 }, self)).toBeNull();
    expect(classifySender({ ...contentScript, origin: 'http://acme.lightning.force.com' }, self)).toBeNull();
    expect(classifySender({ id: 'ext-id', tab: { id: 1 }, frameId: 0 }, self)).toBeNull();
  });
});

describe('the message router', () => {
  it('runs the handler with the parsed payload and wraps its answer', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    await expect(route({ type: 'deal/seen', payload: { deal } }, contentScript)).resolves.toEqual({ ok: true, data: { history: [] } });
    expect(h['deal/seen']).toHaveBeenCalledWith({ deal }, expect.objectContaining({ kind: 'content' }));
  });

  it('lets only extension pages make privileged changes', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    const reply = await route({ type: 'playbook/reset', payload: {} }, contentScript);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only page may send playbook/reset.' } });
    expect(h['playbook/reset']).not.toHaveBeenCalled();
    await expect(route({ type: 'playbook/reset', payload: {} }, page)).resolves.toMatchObject({ ok: true });
  });

  it('takes a stage chosen by hand only from a CRM page, for a deal named by its address', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    const choose = { type: 'stage/choose', payload: { deal: { url: deal.url }, stageId: 'discovery' } };
    expect(await route(choose, page)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only content may send stage/choose.' } });
    const byKey = await route({ ...choose, payload: { deal: { key: deal.key }, stageId: 'discovery' } }, contentScript);
    expect(byKey).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const badId = await route({ ...choose, payload: { deal: { url: deal.url }, stageId: 'Discovery!' } }, contentScript);
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(h['stage/choose']).not.toHaveBeenCalled();
    await expect(route(choose, contentScript)).resolves.toMatchObject({ ok: true });
  });

  it('rejects unknown messages, unknown keys and malformed payloads without calling a handler', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    expect(await route({ type: 'cookies/steal', payload: {} }, page)).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
    expect(await route('deal/seen', page)).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
    expect(await route({ type: 'check/set', payload: { deal: { key: 'k' }, criterionId: 'pain', checked: true }, extra: 1 }, page)).toMatchObject({
      ok: false,
      error: { code: 'unknown-message' },
    });
    const bad = await route({ type: 'check/set', payload: { deal: { key: 'k' }, criterionId: 'Pain!', checked: true } }, page);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const both = await route({ type: 'check/set', payload: { deal: { key: 'k', url: deal.url }, criterionId: 'pain', checked: true } }, page);
    expect(both).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringContaining('at deal') } });
    const extraKey = await route({ type: 'deal/seen', payload: { deal: { ...deal, secret: 'x' } } }, contentScript);
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const httpDeal = await route({ type: 'deal/seen', payload: { deal: { ...deal, url: 'http://acme.lightning.force.com/x' } } }, contentScript);
    expect(httpDeal).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringContaining('https') } });
    expect(h['check/set']).not.toHaveBeenCalled();
    expect(h['deal/seen']).not.toHaveBeenCalled();
  });

  it('turns a handler failure into an error a person can read', async () => {
    const log = vi.fn();
    const route = createRouter(handlers(), self, log);
    const reply = await route({ type: 'pipeline/get', payload: {} }, page);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'failed', message: 'Stagecoach could not load your pipeline (database is closed). Try again.' },
    });
    expect(log).toHaveBeenCalled();
  });
});
