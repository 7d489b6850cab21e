/**
 * The message router fuzzed with the real handlers over a real store (fake IndexedDB) and in-memory extension storage:
 * 10,000 generated and mutated messages from a content script, the popup and senders the worker must not trust
 * (test/arbitraries/messages.ts says what each case is and what the worker must do with it). Whatever comes, the
 * router answers a Reply and never throws; every refusal is an error a person can read; and a message that must be
 * refused leaves IndexedDB, storage.local and storage.session exactly as they were.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import type { MirrorStorage } from '../../../src/background/mirror';
import { parsePayload } from '../../../src/background/payloads';
import { ALLOWED_SENDERS, createRouter, type SenderInfo } from '../../../src/background/router';
import { createStore } from '../../../src/background/store';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import { TEMPLATES } from '../../../src/core/templates';
import type { MessageType } from '../../../src/messages';
import {
  OTHER_ORIGIN,
  dealAt,
  messageCases,
  nested,
  replyProblem,
  show,
  validPayloads,
  type MessageCase,
  type SenderName,
} from '../../arbitraries/messages';
import { deal as dealFixture } from '../deal-fixture';
import { fakeWorker } from './worker-fake';

const self = { id: 'stagecoach-id', origin: 'chrome-extension://stagecoach-id' };
const ACME = 'https://acme.lightning.force.com';
const tab = { id: 7 };

/** Each sender as Chrome describes it to the worker's onMessage. */
const SENDERS: Record<SenderName, SenderInfo> = {
  content: { id: self.id, origin: ACME, tab, frameId: 0 },
  popup: { id: self.id, origin: self.origin },
  'other-extension': { id: 'another-extension-id', origin: 'chrome-extension://another-extension-id' },
  'web-page': { origin: 'https://evil.example', tab, frameId: 0 },
  subframe: { id: self.id, origin: ACME, tab, frameId: 3 },
  'http-page': { id: self.id, origin: 'http://acme.lightning.force.com', tab, frameId: 0 },
  'no-origin': { id: self.id, tab, frameId: 0 },
};

// 10,000 levels: deeper than JSON.stringify can go in Node or a worker (it throws from about 5,000).
type Group = 'content' | 'popup' | 'foreign';
// Strings past every bound but data/restore's 500 MB, which is Chrome's 64 MB message cap to enforce.
const CASES = messageCases({ origin: ACME, maxDepth: 10_000, longest: 10_000_000 });
/**
 * 10,000 messages in all, in batches of 20 (short enough that a failing batch prints and shrinks quickly). Messages
 * that must not write go to a worker seeded with deals of both orgs, ticks, a chosen stage and a revision, in
 * batches bracketed by dumps; valid messages from allowed senders go to another seeded worker that keeps what they
 * write, where only the replies are checked (comparing dumps there would mean nothing, and cost most of the time).
 */
const PER_RUN = 20;
const RUNS = { content: 170, popup: 165, foreign: 165 };

/** Every store's rows and keys, and both storage areas, as one JSON text: equal texts, nothing written. */
async function dumpAll(db: IDBDatabase, local: Map<string, unknown>, session: Map<string, unknown>): Promise<string> {
  const stores: Record<string, unknown> = {};
  for (const name of [...db.objectStoreNames].sort()) {
    const tx = db.transaction(name, 'readonly');
    const keys = await request(tx.objectStore(name).getAllKeys());
    const values = await request(tx.objectStore(name).getAll());
    stores[name] = keys.map((key, i) => [key, values[i]]);
  }
  const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ stores, local: sorted(local), session: sorted(session) });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Lets writes a handler started after answering (the saved pipeline summary) land before a dump. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function startWorker() {
  const factory = new IDBFactory();
  const db = await openStagecoachDB({ factory });
  const store = createStore(db, () => {});
  const local = new Map<string, unknown>();
  const session = new Map<string, unknown>();
  const storage: MirrorStorage = {
    all: async () => Object.fromEntries([...local].map(([k, v]) => [k, structuredClone(v)])),
    async set(items) {
      for (const [k, v] of Object.entries(items)) local.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of keys) local.delete(k);
    },
  };
  const now = new Date();
  const worker = fakeWorker({
    store: async () => store,
    storage,
    session,
    now: () => now,
    log: () => {},
    // No network in unit tests: a team URL is never reached, as when its server is down.
    fetchTeam: async () => ({ kind: 'failed', reason: 'the server could not be reached' }),
  });
  const route = createRouter(worker.handlers, self);
  return {
    route,
    dump: async () => {
      await settle();
      return dumpAll(unwrap(db), local, session);
    },
    close: () => db.close(),
  };
}

/** A database with something to lose: deals of both orgs, ticks, a chosen stage and an imported revision. */
async function seed(route: ReturnType<typeof createRouter>): Promise<void> {
  const ids = ['006Hs00001AbCdEIAV', '006aj00000F4kQzAAJ'];
  const replies = [];
  for (const origin of [ACME, OTHER_ORIGIN]) {
    const sender = { ...SENDERS.content, origin };
    for (const id of ids) {
      const at = dealAt(origin, id);
      const deal = dealFixture({ ...at, stage: { label: 'Qualification', value: 'Qualification' }, amount: { amount: 1000, currency: 'USD' } });
      replies.push(await route({ type: 'deal/seen', payload: { deal } }, sender));
      replies.push(await route({ type: 'check/set', payload: { deal: { url: at.url }, criterionId: 'pain-identified', checked: true } }, sender));
    }
  }
  const meddpicc = TEMPLATES.find((t) => t.id === 'meddpicc');
  if (!meddpicc) throw new Error('No MEDDPICC template to seed with');
  replies.push(await route({ type: 'playbook/import', payload: { text: serializePlaybook(meddpicc.playbook), fileName: 'meddpicc.json' } }, SENDERS.popup));
  for (const reply of replies) expect(reply).toMatchObject({ ok: true });
}

type Worker = Awaited<ReturnType<typeof startWorker>>;

/** Sends `cases` in order, checking each reply against its case; the caller compares dumps around the batch. */
async function sendAll(worker: Worker, cases: MessageCase[], tally: Map<string, number>): Promise<void> {
  for (const c of cases) {
    // Must not throw: the await would, and fast-check would report this case.
    const reply = await worker.route(c.message, SENDERS[c.sender]);
    expect(replyProblem(c, reply), `${c.sender} sent ${c.why} (${c.expect}): ${show(c.message)}`).toBeNull();
    const bucket = `${c.sender === 'content' || c.sender === 'popup' ? c.sender : 'foreign'} ${c.expect}`;
    tally.set(bucket, (tally.get(bucket) ?? 0) + 1);
  }
}

/** A seeded worker, once the writes that follow seeding (the saved pipeline summary) have landed. */
async function seededWorker(): Promise<Worker> {
  const worker = await startWorker();
  await seed(worker.route);
  for (let last = await worker.dump(), again = await worker.dump(); again !== last; last = again, again = await worker.dump());
  return worker;
}

describe('the message arbitraries', () => {
  it('have a valid message of every message type, each of which its payload schema accepts', () => {
    const payloads = validPayloads(ACME);
    expect(Object.keys(payloads).sort()).toEqual(Object.keys(ALLOWED_SENDERS).sort());
    for (const type of Object.keys(payloads) as MessageType[]) {
      fc.assert(
        fc.property(payloads[type] as fc.Arbitrary<unknown>, (payload) => {
          const parsed = parsePayload(type, payload);
          expect(parsed, `${type}: ${JSON.stringify(payload)}`).toMatchObject({ ok: true });
        }),
        { numRuns: 20 },
      );
    }
  });
});

describe('what the fuzzing found', () => {
  it('answers a playbook nested deeper than JSON.stringify goes with an error, instead of throwing', async () => {
    const worker = await seededWorker();
    try {
      const reply = await worker.route({ type: 'playbook/save', payload: { playbook: nested(10_000, 'object') } }, SENDERS.popup);
      expect(reply).toEqual({
        ok: false,
        error: { code: 'invalid-payload', message: 'Invalid playbook/save message at playbook: the playbook is larger than 5 MB or nested too deeply to read.' },
      });
    } finally {
      worker.close();
    }
  });

  it('takes no array for a payload, not even for a message whose payload is empty', async () => {
    const worker = await seededWorker();
    try {
      expect(await worker.route({ type: 'pipeline/get', payload: [] }, SENDERS.popup)).toEqual({
        ok: false,
        error: { code: 'invalid-payload', message: 'Invalid pipeline/get message: its payload must be an object, not an array.' },
      });
    } finally {
      worker.close();
    }
  });

  it('says what is wrong without pasting in what was sent', async () => {
    const worker = await seededWorker();
    try {
      const longType = await worker.route({ type: 'x'.repeat(1_000_000), payload: {} }, SENDERS.popup);
      expect(longType).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
      expect(replyProblem({ expect: 'refused' }, longType)).toBeNull();
      expect(await worker.route({ type: 'team/save', payload: {} }, SENDERS.popup)).toEqual({
        ok: false,
        error: { code: 'invalid-payload', message: 'Invalid team/save message: "url" is missing.' },
      });
      expect(await worker.route({ type: 'check/set', payload: { deal: { key: 'k' }, criterionId: 'x'.repeat(100_000), checked: true } }, SENDERS.popup)).toEqual({
        ok: false,
        error: { code: 'invalid-payload', message: 'Invalid check/set message at criterionId: it is not in the form it must have.' },
      });
    } finally {
      worker.close();
    }
  });
});

describe('10,000 generated messages to the router, with the real handlers and store', () => {
  const tally = new Map<string, number>();

  it.each(Object.entries(RUNS) as [Group, number][])(
    'from %s senders: always a Reply, every refusal readable, nothing written by what must be refused',
    async (group, runs) => {
      const quiet = await seededWorker();
      const writer = await seededWorker();
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(CASES[group], { minLength: PER_RUN, maxLength: PER_RUN }), async (cases) => {
            const mustNotWrite = cases.filter((c) => c.expect !== 'may-write');
            const before = await quiet.dump();
            await sendAll(quiet, mustNotWrite, tally);
            const after = await quiet.dump();
            expect(after === before, `these messages changed IndexedDB or storage:\n${mustNotWrite.map((c) => `${c.sender} sent ${c.why}: ${show(c.message)}`).join('\n')}`).toBe(true);
            await sendAll(writer, cases.filter((c) => c.expect === 'may-write'), tally);
          }),
          { numRuns: runs },
        );
      } finally {
        quiet.close();
        writer.close();
      }
    },
    60_000,
  );

  it('tried every kind of case: valid writes, refusals and hostile values from each group', () => {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
    for (const bucket of ['content may-write', 'content refused', 'popup may-write', 'popup refused', 'popup unchanged', 'foreign refused']) {
      expect(tally.get(bucket) ?? 0, bucket).toBeGreaterThan(10);
    }
  });
});
