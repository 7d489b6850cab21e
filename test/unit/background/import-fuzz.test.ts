/**
 * A refused import leaves everything as it was, to the byte: generated hostile playbook files (through "Import",
 * and as the editor's save sends them) and backups (through "Restore") are sent to the worker over a fake IndexedDB
 * holding a rep's data, and after each refusal every object store (keys and values) and the storage mirror the CRM
 * pages read are encoded to bytes (see `encode`) and compared with what they were before.
 * The generators are in test/arbitraries/playbook.ts.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openStagecoachDB } from '../../../src/background/db';
import type { SenderContext } from '../../../src/background/router';
import { createStore, type Store } from '../../../src/background/store';
import { parseBackupText } from '../../../src/core/backup';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import { parsePlaybook, parsePlaybookText, type SelectorKnowledge } from '../../../src/core/playbook';
import { serializePlaybook } from '../../../src/core/playbook/serialize';
import type { Playbook } from '../../../src/core/types';
import { canonicalPlaybook, CRM_IDS, fileText, mutated } from '../../arbitraries/playbook';
import { fakeWorker, type FakeWorker } from './worker-fake';
import { acmeOpportunity as snapshot } from '../deal-fixture';

const ORIGIN = 'https://acme.lightning.force.com';
const content: SenderContext = { kind: 'content', origin: ORIGIN, tabId: 1 };
const page: SenderContext = { kind: 'page', origin: 'chrome-extension://x', tabId: null };
const WORKER_KNOWLEDGE: SelectorKnowledge = { crms: new Map(CRM_IDS.map((id) => [id, null])) };

const ACME: Playbook = {
  ...DEFAULT_PLAYBOOK,
  name: 'Acme playbook',
  sites: [{ id: 'inhouse', name: 'In-house CRM', dealPages: 'https://crm.acme.test/deals/*', selectors: { name: 'h1', stage: '.stage' } }],
  selectors: { salesforce: { stage: ['li.path-item.is-current'] } },
};
const criterion = DEFAULT_PLAYBOOK.stages[0]!.criteria.find((c) => !c.rule)!.id;


let store: Store;
let mirrored: Map<string, unknown>;
let w: FakeWorker;

beforeEach(async () => {
  store = createStore(await openStagecoachDB({ factory: new IDBFactory() }), () => {});
  mirrored = new Map();
  w = fakeWorker({
    store: async () => store,
    storage: {
      all: async () => Object.fromEntries(mirrored),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => mirrored.set(k, structuredClone(v))),
      remove: async (keys) => void keys.forEach((k) => mirrored.delete(k)),
    },
    now: () => new Date('2026-05-04T10:00:00Z'),
    log: vi.fn(),
    fetchTeam: async () => ({ kind: 'failed', reason: 'no network in unit tests' }),
  });
  // A rep's data: an imported playbook with a site and a repair, two deals, a tick (and its log), a stage chosen by hand.
  const h = w.handlers;
  expect(await h['playbook/import']({ text: serializePlaybook(ACME), fileName: 'acme.json' }, page)).toMatchObject({ imported: true });
  await h['deal/seen']({ deal: snapshot('006000000000001AAA', 'Acme renewal') }, content);
  await h['deal/seen']({ deal: snapshot('006000000000002AAA', 'Globex expansion') }, content);
  await h['check/set']({ deal: { key: 'salesforce:acme:006000000000001AAA' }, criterionId: criterion, checked: true }, page);
  await h['stage/choose']({ deal: { url: snapshot('006000000000002AAA', '').url }, stageId: DEFAULT_PLAYBOOK.stages[1]!.id }, content);
});

/**
 * A value as text that tells apart everything a structured clone keeps: types (undefined, -0, dates, typed arrays),
 * key order, prototypes. v8.serialize would be shorter, but it writes a string in whichever of two encodings V8 holds
 * it in, so the same data read twice can give different bytes.
 */
function encode(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')})`;
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value instanceof Map) return `Map(${encode([...value.entries()])})`;
  if (value instanceof Set) return `Set(${encode([...value])})`;
  const kind = Object.getPrototypeOf(value) === Object.prototype ? '' : `${String(value.constructor?.name)}`;
  return `${kind}{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${encode(item)}`).join(',')}}`;
}

/**
 * Every store's keys and values, in key order, and the mirror's items, each encoded (see `encode`): equal encodings are
 * equal bytes, and a failure names the store that changed.
 */
async function dump(): Promise<Record<string, string>> {
  const db = store.database;
  const stores: Record<string, string> = {};
  for (const name of [...db.objectStoreNames].sort()) {
    const tx = db.transaction(name, 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    stores[name] = encode({ keys, values });
  }
  stores['storage.local mirror'] = encode([...mirrored.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return stores;
}

/**
 * The dump once the worker's own background work is done: after an accepted import it hands the new playbook to the
 * mirror, and after deals are written it evaluates them again into their index rows, neither awaited by the message
 * that started it. Dumped until two dumps a moment apart agree.
 */
async function settledDump(): Promise<Record<string, string>> {
  let last = await dump();
  for (let tries = 0; tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await dump();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the worker kept writing for 2 seconds after the data was seeded');
}

/** Dozens of generated files, each a message to the worker and a dump of every store: seconds on a shared machine. */
const FUZZ_TIMEOUT = 30_000;

const validJson = canonicalPlaybook.map((playbook) => JSON.parse(JSON.stringify(playbook)) as unknown);

describe('a refused import or restore leaves the database and the storage mirror byte-identical', () => {
  it('holds data to compare: every store the rep’s data lives in is filled', async () => {
    const db = store.database;
    for (const name of ['revisions', 'sources', 'deals', 'summaries', 'checks', 'checkLog', 'stagePicks'] as const) {
      expect(await db.count(name), name).toBeGreaterThan(0);
    }
    expect(mirrored.size).toBeGreaterThan(0);
  });

  it('playbook/import of hostile playbook files (one hostile value or key anywhere in a valid one), and of any text', async () => {
    const before = await settledDump();
    const files = fc.oneof(
      { weight: 3, arbitrary: mutated(validJson).map(fileText) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
    );
    await fc.assert(
      fc.asyncProperty(files, async (text) => {
        fc.pre(!parsePlaybookText(text, { selectors: WORKER_KNOWLEDGE }).ok);
        const answer = await w.handlers['playbook/import']({ text, fileName: 'hostile.json' }, page);
        expect(answer.imported).toBe(false);
        expect(await dump()).toEqual(before);
      }),
      { numRuns: 30 },
    );
    expect(await settledDump()).toEqual(before);
  }, FUZZ_TIMEOUT);

  it('playbook/save of hostile playbooks from the editor', async () => {
    const before = await settledDump();
    await fc.assert(
      fc.asyncProperty(mutated(validJson).map((value) => JSON.parse(fileText(value)) as unknown), async (playbook) => {
        fc.pre(!parsePlaybook(playbook, { selectors: WORKER_KNOWLEDGE }).ok);
        const answer = await w.handlers['playbook/save']({ playbook }, page);
        expect(answer.saved).toBe(false);
        expect(await dump()).toEqual(before);
      }),
      { numRuns: 25 },
    );
    expect(await settledDump()).toEqual(before);
  }, FUZZ_TIMEOUT);

  it('data/restore of hostile backups (one hostile value or key anywhere in the rep’s own backup), and of any text', async () => {
    const { backup } = await w.handlers['data/backup']({}, page);
    const before = await settledDump();
    const files = fc.oneof(
      { weight: 3, arbitrary: mutated(fc.constant(backup)).map(fileText) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
    );
    await fc.assert(
      fc.asyncProperty(files, async (text) => {
        fc.pre(!parseBackupText(text).ok);
        const answer = await w.handlers['data/restore']({ text }, page);
        expect(answer.restored).toBe(false);
        expect(await dump()).toEqual(before);
      }),
      { numRuns: 30 },
    );
    expect(await settledDump()).toEqual(before);
  }, FUZZ_TIMEOUT);

  it('notices a change: one accepted import changes the bytes (so the comparison can fail)', async () => {
    const before = await settledDump();
    const text = serializePlaybook({ ...ACME, name: 'Acme playbook, revised' });
    expect(await w.handlers['playbook/import']({ text, fileName: 'acme.json' }, page)).toMatchObject({ imported: true });
    expect(await settledDump()).not.toEqual(before);
  });
});
