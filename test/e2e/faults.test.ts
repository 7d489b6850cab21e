/**
 * Faults a rep's browser meets on its own: the service worker stopped by the browser in the middle of an import, and
 * the browser killed and started again on the same profile. After each, what is stored is wholly the old or wholly
 * the new state (read raw from the database and through the UI), the next try does the work, and the page that
 * started an operation that did not finish says so, truthfully.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { startServer } from '../team-server';
import { deal } from '../unit/deal-fixture';
import { allowInExtensionSettings, dealUrl, launchExtension, type Ext } from './harness';
import { criterion, panel, panelText } from './overlay-locators';
import { seedVersion1 } from './version1';

const ACME = {
  format: 'stagecoach.playbook/v1',
  name: 'Acme Sales Playbook',
  revision: '7',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Qualification', 'Needs Analysis'],
      probability: 20,
      forecastCategory: 'pipeline',
      criteria: [{ id: 'pain', label: 'Pain confirmed in the buyer’s words' }],
    },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
  ],
};

const ACME_DEAL = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis: the Acme playbook's "Qualify"
const PAIN = 'Pain confirmed in the buyer’s words';

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * An extension page that sends the worker no message (an icon, opened as a page): raw IndexedDB from there sees the
 * worker's database as it is, without waking the worker or changing anything.
 */
async function rawPage(ext: Ext): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/icons/icon-16.png`);
  return page;
}

/** Every store of the database, every record, as JSON: a read-only dump to compare before and after a fault. */
function dump(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stagecoach');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readonly');
    const all = await Promise.all(
      names.map(
        (name) =>
          new Promise<[string, unknown[]]>((resolve, reject) => {
            const get = tx.objectStore(name).getAll();
            get.onsuccess = () => resolve([name, get.result as unknown[]]);
            get.onerror = () => reject(get.error);
          }),
      ),
    );
    db.close();
    return Object.fromEntries(all);
  });
}

/**
 * Holds a read-write transaction over every store of the database from `page` until `release` is called: each
 * transaction of the worker waits behind it, so the worker can be stopped while an operation is surely in progress.
 */
async function holdDatabase(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stagecoach');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readwrite');
    const store = tx.objectStore(names[0]!);
    const held = globalThis as unknown as { release: boolean; released: Promise<void> };
    held.release = false;
    held.released = new Promise((resolve) => {
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
    });
    // A transaction stays open while it has requests: one read after another, until released.
    const spin = () => {
      if (!held.release) store.count().onsuccess = spin;
    };
    spin();
  });
  return () =>
    page.evaluate(async () => {
      const held = globalThis as unknown as { release: boolean; released: Promise<void> };
      held.release = true;
      await held.released;
    });
}

/** Chooses `content` as the playbook file to import on the options page; resolves once the page says it was imported. */
async function importPlaybook(options: Page, content: object): Promise<void> {
  const file = { name: 'acme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) };
  await options.getByLabel('Import playbook', { exact: true }).setInputFiles(file);
  const importRegion = options.getByRole('region', { name: 'Import', exact: true });
  await expect.poll(async () => squash(await importRegion.innerText())).toContain('Imported “Acme Sales Playbook”');
}

let ext: Ext;
beforeAll(async () => {
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
});

describe('the service worker stopped in the middle of an operation', () => {
  it('an import: nothing changes, the options page says the import did not finish, and importing again works', async () => {
    const options = await ext.openOptions();
    const active = options.getByRole('region', { name: 'Active playbook', exact: true });
    await expect.poll(async () => squash(await active.innerText())).toContain('Stagecoach B2B playbook');
    const raw = await rawPage(ext);
    const before = await dump(raw);

    const release = await holdDatabase(raw);
    const file = { name: 'acme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ACME)) };
    await options.getByLabel('Import playbook', { exact: true }).setInputFiles(file);
    const importRegion = options.getByRole('region', { name: 'Import', exact: true });
    await expect.poll(async () => squash(await importRegion.innerText())).toContain('Importing');
    // The import's message is with the worker, whose transaction waits behind the one held: stop the worker now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ext.stopWorker();
    await release();

    // Said on the page that started it, with what is in force read back from the worker.
    const alert = importRegion.getByRole('alert');
    await expect.poll(async () => squash(await alert.innerText())).toBe(
      '“acme.json” was not imported. The import did not finish because Stagecoach stopped. Try again. The active playbook “Stagecoach B2B playbook” is unchanged.',
    );
    expect(await dump(raw)).toEqual(before);
    expect(squash(await active.innerText())).toContain('Stagecoach B2B playbook');

    await options.getByLabel('Import playbook', { exact: true }).setInputFiles(file);
    await expect.poll(async () => squash(await importRegion.innerText())).toContain('Imported “Acme Sales Playbook” (2 stages)');
    await expect.poll(async () => squash(await active.innerText())).toContain('Acme Sales Playbook');
    const after = await dump(raw);
    expect(after.revisions).toHaveLength((before.revisions?.length ?? 0) + 1);
    await Promise.all([options.close(), raw.close()]);
  });
});

describe('the service worker stopped in the middle of a team-URL check', () => {
  it('while the host is slow to answer, or while the new version is being stored: the version in force stays whole, the page says so, and the next check gets the new one', async () => {
    const server = await startServer('localhost');
    try {
      const v1 = { ...ACME, name: 'Northwind Team Playbook' };
      const v2 = { ...ACME, name: 'Northwind Team Playbook, Q3' };
      // What the host answers, changed by the test; `gate` holds an answer back until opened.
      let playbook: object = v1;
      let gate: Promise<void> = Promise.resolve();
      const url = server.serve('/northwind.json', (_req, res) => {
        void gate.then(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(playbook)));
      });
      const asked = () => server.requests('/northwind.json').length;
      await allowInExtensionSettings(ext, ['http://localhost/*']);
      const options = await ext.openOptions();
      const source = options.getByRole('region', { name: 'Playbook source', exact: true });
      await source.getByLabel('Team playbook URL', { exact: true }).fill(url);
      await source.getByRole('button', { name: 'Save URL' }).click();
      const active = options.getByRole('region', { name: 'Active playbook', exact: true });
      await expect.poll(async () => squash(await active.innerText()), { timeout: 15_000 }).toContain('Northwind Team Playbook');
      const raw = await rawPage(ext);
      const before = await dump(raw);
      const interrupted =
        'The check of the team playbook URL did not finish because Stagecoach stopped. In force: “Northwind Team Playbook”. ' +
        "From your team's playbook URL. Choose Refresh now to check again.";
      const said = () => source.getByRole('alert').innerText().then(squash);

      // The host is slow: the worker is stopped with the fetch pending.
      playbook = v2;
      let open = () => {};
      gate = new Promise((resolve) => (open = resolve));
      const first = asked();
      await source.getByRole('button', { name: 'Refresh now' }).click();
      await expect.poll(asked).toBe(first + 1);
      await ext.stopWorker();
      open();
      await expect.poll(said).toBe(interrupted);
      expect(await dump(raw)).toEqual(before);

      // The host answers, and the worker is stopped while the new version waits to be stored.
      gate = new Promise((resolve) => (open = resolve));
      const second = asked();
      await source.getByRole('button', { name: 'Refresh now' }).click();
      await expect.poll(asked).toBe(second + 1);
      const release = await holdDatabase(raw);
      open();
      // The answer reaches the worker, whose write then waits behind the held transaction.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await ext.stopWorker();
      await release();
      await expect.poll(said).not.toBe('');
      expect(await said()).toBe(interrupted);
      expect(await dump(raw)).toEqual(before);
      expect(squash(await active.innerText())).not.toContain('Q3');

      // The next check fetches it whole.
      await source.getByRole('button', { name: 'Refresh now' }).click();
      await expect
        .poll(async () => squash(await source.innerText()))
        .toContain('Received a new version of the team playbook. In force: “Northwind Team Playbook, Q3”.');
      expect((await dump(raw)).revisions).toHaveLength((before.revisions?.length ?? 0) + 1);
      await Promise.all([options.close(), raw.close()]);
    } finally {
      await server.close();
    }
  });
});

/** What a database holds, in short: its version, and per store the number of records and a hash of them all. */
function digest(page: Page): Promise<{ version: number; stores: Record<string, { count: number; hash: number }> }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stagecoach');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores: Record<string, { count: number; hash: number }> = {};
    const names = [...db.objectStoreNames];
    const tx = db.transaction(names, 'readonly');
    for (const name of names) {
      const all = await new Promise<unknown[]>((resolve) => {
        const get = tx.objectStore(name).getAll();
        get.onsuccess = () => resolve(get.result);
      });
      let hash = 0;
      for (const char of JSON.stringify(all)) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
      stores[name] = { count: all.length, hash };
    }
    const version = db.version;
    db.close();
    return { version, stores };
  });
}

describe('the service worker stopped in the middle of a database migration', () => {
  it('from version 1 with 5,000 deals and 10,000 ticks: after each stop the database is wholly version 1 or wholly migrated, and the next wake completes it', async () => {
    const DEALS = 5_000;
    const day = 86_400_000;
    const daysAgo = (days: number) => new Date(Date.now() - days * day).toISOString();
    const template = {
      snapshot: deal({ name: 'Acme - 1,200 Widgets', stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, amount: { amount: 48_000, currency: 'USD' } }),
      firstSeen: daysAgo(60),
      lastSeen: daysAgo(2),
      history: [
        { stage: { label: 'Qualification', value: 'Qualification' }, enteredAt: daysAgo(60) },
        { stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, enteredAt: daysAgo(20) },
      ],
    };
    const imported = { slot: 'import', playbook: { ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook' }, fileName: 'acme.json', importedAt: daysAgo(30) };

    await ext.stopWorker();
    const raw = await rawPage(ext);
    // What a rep of the first release has: version 1's stores, full of deals (each under the key its URL gives) and ticks.
    await seedVersion1(raw, { count: DEALS, record: template, playbook: imported, tickedAt: daysAgo(10) });
    const old = await digest(raw);
    expect(old.version).toBe(1);
    expect(old.stores.deals?.count).toBe(DEALS);

    // Wake the worker with a message from this page (the upgrade starts as it opens the database), stop it after a
    // while, and look: several delays, from early in the upgrade to near its end.
    // (Measured here: the upgrade of 5,000 such deals takes 3 to 4 s, about 0.7 ms a deal, so a stop at 0.3 s and one at
    // 1.5 s each land inside it; with fewer deals the faster upgrade finished before the second stop.)
    for (const delay of [300, 1_500]) {
      void raw.evaluate(() => chrome.runtime.sendMessage({ type: 'playbook/get', payload: {} }).catch(() => null));
      await new Promise((resolve) => setTimeout(resolve, delay));
      await ext.stopWorker();
      const now = await digest(raw);
      if (now.version === 1) {
        expect(now).toEqual(old);
      } else {
        expect(now.version).toBe(5);
        expect(now.stores.deals?.count).toBe(DEALS);
        expect(now.stores.summaries?.count).toBe(DEALS);
        expect(now.stores.checks?.count).toBe(2 * DEALS);
        expect(now.stores.checkLog?.count).toBe(2 * DEALS);
      }
    }

    // The next wake completes it: the options page shows the imported playbook, and every deal and tick is there.
    const options = await ext.openOptions();
    const active = options.getByRole('region', { name: 'Active playbook', exact: true });
    await expect.poll(async () => squash(await active.innerText()), { timeout: 60_000 }).toContain('Acme Sales Playbook');
    const done = await digest(raw);
    expect(done.version).toBe(5);
    expect(done.stores.deals?.count).toBe(DEALS);
    expect(done.stores.summaries?.count).toBe(DEALS);
    expect(done.stores.checkLog?.count).toBe(2 * DEALS);
    await Promise.all([options.close(), raw.close()]);
  }, 150_000);
});

describe('a database upgrade blocked by another extension page', () => {
  it('tells the rep to close the other Stagecoach tab instead of leaving the popup waiting, and upgrades once it closes, every deal and tick kept', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await ext.stopWorker();
    const raw = await rawPage(ext);
    // A page of the version before holds the database at version 1 and does not step aside when asked.
    await seedVersion1(
      raw,
      {
        count: 3,
        record: {
          snapshot: deal({ name: 'Acme - 1,200 Widgets', stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, amount: { amount: 48_000, currency: 'USD' } }),
          firstSeen: daysAgo(30),
          lastSeen: daysAgo(1),
          history: [{ stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, enteredAt: daysAgo(30) }],
        },
        playbook: { slot: 'import', playbook: DEFAULT_PLAYBOOK, fileName: 'team.json', importedAt: daysAgo(30) },
        tickedAt: daysAgo(5),
      },
      true,
    );

    // The popup wakes the worker, whose upgrade to the current version waits on that page: the rep is told what to do.
    const popup = await ext.openPopup();
    await expect
      .poll(async () => squash((await popup.getByRole('alert').allInnerTexts()).join(' ')), { timeout: 20_000 })
      .toContain('close other Stagecoach tabs (options or popup pages) and try again');

    // The other page closes: the upgrade runs, and the popup opened again shows the deals.
    await raw.evaluate(() => (globalThis as unknown as { heldDatabase: IDBDatabase }).heldDatabase.close());
    await popup.reload();
    const sources = popup.getByRole('region', { name: 'Where these numbers come from' });
    await expect.poll(async () => squash(await sources.innerText().catch(() => '')), { timeout: 20_000 }).toBe('3 open deals: 3 seen on their pages');
    const done = await digest(raw);
    expect(done.version).toBe(5);
    expect(done.stores.deals?.count).toBe(3);
    expect(done.stores.checks?.count).toBe(6);
    await Promise.all([popup.close(), raw.close()]);
  }, 90_000);
});

describe('the browser killed and started again on the same profile', () => {
  it('keeps the tick and the imported playbook made just before, and the deal: the overlay shows them', async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'stagecoach-killed-'));
    try {
      const first = await launchExtension({ userDataDir: profile });
      const options = await first.openOptions();
      await importPlaybook(options, ACME);
      const deal = await first.openDeal(ACME_DEAL);
      await criterion(deal, PAIN).check();
      // The moment the worker has answered the tick (the overlay stops showing it as being saved), the browser dies.
      await expect.poll(() => panel(deal).getByRole('listitem').filter({ has: deal.getByRole('checkbox', { name: PAIN }) }).getAttribute('aria-busy')).toBeNull();
      const browser = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profile}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
      for (const pid of browser) process.kill(Number(pid), 'SIGKILL');
      await first.close().catch(() => {
        // The browser is gone already: nothing is left to close.
      });

      const again = await launchExtension({ userDataDir: profile });
      try {
        const page = await again.openDeal(ACME_DEAL);
        await expect.poll(() => panelText(page)).toContain('Qualify');
        expect(await criterion(page, PAIN).isChecked()).toBe(true);
        const active = (await again.openOptions()).getByRole('region', { name: 'Active playbook', exact: true });
        await expect.poll(async () => squash(await active.innerText())).toContain('Acme Sales Playbook');
        const stored = await dump(await rawPage(again));
        expect(stored.deals?.map((d) => (d as { snapshot?: { url?: string } }).snapshot?.url)).toContain(ACME_DEAL);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
