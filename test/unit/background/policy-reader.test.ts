/**
 * A browser slow to give the policy (policy-reader.ts): Chrome answers storage.managed.get only once its policy service
 * started, seconds or minutes after a browser start, and some builds never. The worker must keep answering with the
 * policy it saw last, apply the browser's when it comes, and never let a lock it has not read yet be got round.
 * The waits are the reader's own timers, run here by hand: a test that passes only with a hanging read fixed.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import { LOCK_REASON } from '../../../src/background/playbooks';
import { FIRST_POLICY_WAIT_MS, POLICY_WAIT_MS, createPolicyReader, type PolicyValues } from '../../../src/background/policy-reader';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { fakeWorker } from './worker-fake';

/** A browser silent until `answer`, then answering every read with those values at once. */
function browser() {
  const silent: ((values: PolicyValues) => void)[] = [];
  let values: PolicyValues | null = null;
  return {
    read: (): Promise<PolicyValues> => (values ? Promise.resolve(values) : new Promise((resolve) => void silent.push(resolve))),
    /** Reads asked and not answered. */
    unanswered: () => silent.length,
    answer(next: PolicyValues) {
      values = next;
      silent.splice(0).forEach((resolve) => resolve(next));
    },
  };
}

/** The reader's timers, each run when the test says so. */
function timers() {
  const waiting: { ms: number; resolve: () => void }[] = [];
  return {
    sleep: (ms: number) => new Promise<void>((resolve) => void waiting.push({ ms, resolve })),
    /** Lets every wait of `ms` pass; how many there were. */
    pass(ms: number): number {
      const due = waiting.filter((w) => w.ms === ms);
      for (const w of due) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
      return due.length;
    },
    waiting: () => waiting.map((w) => w.ms),
  };
}

/** Lets every promise chain that can move, move. */
const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

const LOCKED: PolicyValues = { lockPlaybook: true };
const ORG_PLAYBOOK: PolicyValues = { playbook: serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Organization playbook' }) };

/** A reader over a browser whose reads answer when the test says, and a remembered value kept in memory. */
function reader(remembered: PolicyValues | null) {
  const managed = browser();
  const clock = timers();
  const kept: PolicyValues[] = [];
  const late = vi.fn();
  const log = vi.fn();
  const policy = createPolicyReader({
    read: managed.read,
    remembered: async () => remembered,
    remember: async (values) => void kept.push(values),
    late,
    sleep: clock.sleep,
    log,
  });
  return { policy, managed, clock, kept, late, log, answer: managed.answer };
}

describe('the policy, read from a browser that may be slow to give it', () => {
  it('uses what the browser gives when it answers in time, and remembers it for the next start', async () => {
    const r = reader(null);
    const read = r.policy.read();
    await flush();
    r.answer(LOCKED);
    expect(await read).toMatchObject({ locked: true });
    expect(r.kept).toEqual([LOCKED]);
    expect(r.late).not.toHaveBeenCalled();
  });

  it('goes on after a second with the policy seen last, without asking the browser again, and applies its answer once it comes', async () => {
    const r = reader(LOCKED);
    const first = r.policy.read();
    await flush();
    expect(r.clock.pass(POLICY_WAIT_MS)).toBe(1);
    // The lock seen last still holds while the browser is silent.
    expect(await first).toMatchObject({ locked: true });
    // Later reads do not wait on the silent browser again, nor pile up reads of it.
    expect(await r.policy.read()).toMatchObject({ locked: true });
    expect(r.managed.unanswered()).toBe(1);
    expect(r.clock.waiting()).toEqual([]);
    expect(r.log).toHaveBeenCalledWith(expect.stringContaining('has not given the policy yet'));

    // The organization changed its policy meanwhile: the worker is told to settle again, once.
    r.answer(ORG_PLAYBOOK);
    await flush();
    expect(r.late).toHaveBeenCalledTimes(1);
    expect(r.kept).toEqual([ORG_PLAYBOOK]);
    expect(await r.policy.read()).toMatchObject({ locked: false, playbook: { name: 'Organization playbook' } });
    expect(r.late).toHaveBeenCalledTimes(1);
  });

  it('settles nothing again when the late answer is the policy it went on with', async () => {
    const r = reader(LOCKED);
    const first = r.policy.read();
    await flush();
    r.clock.pass(POLICY_WAIT_MS);
    await first;
    r.answer(LOCKED);
    await flush();
    expect(r.late).not.toHaveBeenCalled();
  });

  it('on a new install, lets reads go on as if no policy were set, but holds a change a lock would refuse until the browser answers', async () => {
    const r = reader(null);
    const first = r.policy.read();
    await flush();
    r.clock.pass(POLICY_WAIT_MS);
    expect(await first).toMatchObject({ locked: false });

    let known = false;
    void r.policy.known().then(() => {
      known = true;
    });
    await flush();
    expect(known).toBe(false);
    expect(r.clock.waiting()).toEqual([FIRST_POLICY_WAIT_MS]);
    r.answer(LOCKED);
    await flush();
    expect(known).toBe(true);
    expect(r.late).toHaveBeenCalledTimes(1);
    // The change then reads the lock, and is refused.
    expect(await r.policy.read()).toMatchObject({ locked: true });
  });

  it('on a new install with a browser that never answers, lets changes go on after 10 s, saying why, and the next ones at once', async () => {
    const r = reader(null);
    const known = r.policy.known();
    await flush();
    r.clock.pass(POLICY_WAIT_MS);
    await flush();
    expect(r.clock.pass(FIRST_POLICY_WAIT_MS)).toBe(1);
    await known;
    expect(r.log).toHaveBeenCalledWith(expect.stringContaining('10 s'));
    await r.policy.known();
    expect(r.clock.waiting()).toEqual([]);
  });

  it('does not hold a change when a policy was seen before', async () => {
    const r = reader({});
    const known = r.policy.known();
    await flush();
    r.clock.pass(POLICY_WAIT_MS);
    await known;
    expect(r.clock.waiting()).toEqual([]);
  });
});

describe('a worker whose browser has not given the policy yet', () => {
  let store: Store;
  const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };

  beforeEach(async () => {
    store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), () => {});
  });

  /** A worker over the store, its policy read through the reader from a browser answering when told. */
  function worker() {
    const managed = browser();
    const clock = timers();
    let w: ReturnType<typeof fakeWorker> | null = null;
    const policy = createPolicyReader({
      read: managed.read,
      remembered: async () => (await store.source('policyValues'))?.values ?? null,
      remember: (values) => store.putSource({ slot: 'policyValues', values }),
      late: () => void w?.playbooks.policyChanged(),
      sleep: clock.sleep,
      log: () => {},
    });
    w = fakeWorker({ store: async () => store, now: () => new Date(), log: () => {}, policy });
    return { w, clock, answer: managed.answer };
  }

  it('answers the popup with the playbook and lock it saw last, then applies the policy the browser gives', async () => {
    // Yesterday's worker read a lock and the organization's playbook, and remembered them.
    const yesterday = worker();
    const settled = yesterday.w.playbooks.policyChanged();
    await flush();
    yesterday.answer({ ...ORG_PLAYBOOK, ...LOCKED });
    await settled;

    // Today the browser is silent: the popup is answered after the reader's one-second wait, not when the browser is.
    const today = worker();
    const asked = today.w.handlers['playbook/get']({}, page);
    await flush();
    expect(today.clock.pass(POLICY_WAIT_MS)).toBe(1);
    expect(await asked).toMatchObject({ source: { kind: 'policy' }, lock: LOCK_REASON, playbook: { name: 'Organization playbook' } });
    // A change the lock refuses is refused with the lock seen last, without waiting on the browser.
    await expect(today.w.handlers['playbook/reset']({}, page)).rejects.toThrow(LOCK_REASON);

    // The browser answers at last: the organization dropped its policy, and the worker settles with that.
    today.answer({});
    await flush();
    await expect(today.w.handlers['playbook/get']({}, page)).resolves.toMatchObject({ source: { kind: 'builtin' }, lock: null });
  });
});
