/**
 * Storage that stays true, in the built extension: ticks are kept in IndexedDB and copied to storage.local for the
 * overlay; the copy is rebuilt from the database when the browser starts, and a stored playbook that cannot be read
 * back leaves the built-in one in force and says so on the options page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dealUrl, launchExtension, type Ext } from './harness';
import { panel } from './overlay-locators';

const ACME = dealUrl('006Hs00001AbCdEIAV');
const PAIN = 'Situation, pain, impact and critical event captured';

let ext: Ext | undefined;
let profile: string | undefined;
afterEach(async () => {
  await ext?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  ext = undefined;
  profile = undefined;
});

describe('the copy of the ticks CRM pages read', () => {
  it('is rebuilt from the database when the browser starts again', async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'stagecoach-e2e-profile-'));
    ext = await launchExtension({ userDataDir: profile });
    const page = await ext.openDeal(ACME);
    await panel(page).getByRole('checkbox', { name: PAIN }).check();
    await expect.poll(() => panel(page).locator('[aria-busy="true"]').count()).toBe(0);

    // The copy is lost (as when a write to it failed before the browser closed); the database still has the tick.
    const worker = await ext.worker();
    await worker.evaluate(async () => {
      const items = await chrome.storage.local.get(null);
      await chrome.storage.local.remove(Object.keys(items).filter((key) => key.startsWith('mirror:')));
    });
    await ext.close();

    // Chromium fires onStartup at a browser start, and for an extension loaded with --load-extension (as here)
    // onInstalled as well: the worker rebuilds on both, and this checks the rebuild a rep gets, not which event ran it.
    ext = await launchExtension({ userDataDir: profile });
    const again = await ext.openDeal(ACME);
    // The overlay paints ticks only from the copy: a checked box means the copy was rebuilt.
    await expect.poll(() => panel(again).getByRole('checkbox', { name: PAIN }).isChecked(), { timeout: 15_000 }).toBe(true);
  });
});

describe('a stored playbook that cannot be read back', () => {
  it('leaves the built-in playbook in force, and the options page says so', async () => {
    ext = await launchExtension();
    const options = await ext.openOptions();
    const active = options.getByRole('region', { name: 'Active playbook', exact: true });
    await active.waitFor();

    const worker = await ext.worker();
    await worker.evaluate(
      (importedAt) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('stagecoach');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['revisions', 'sources'], 'readwrite');
            const playbook = { format: 'stagecoach.playbook/v1', name: 'Acme', stages: 'lost' };
            tx.objectStore('revisions').put({ id: 1, origin: 'import', playbook, fileName: 'acme.json', url: null, savedAt: importedAt });
            tx.objectStore('sources').put({ slot: 'local', revisionId: 1 });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      new Date().toISOString(),
    );

    // The worker keeps the playbook in force in memory: what it finds in the database shows from its next start.
    await ext.stopWorker();
    await options.reload();
    await active.waitFor();
    expect(await active.getByText('Stagecoach B2B playbook', { exact: true }).count()).toBe(1);
    const source = options.getByRole('region', { name: 'Playbook source', exact: true });
    await expect
      .poll(() => source.innerText())
      .toContain("The playbook of this browser (revision 1) can no longer be read from this browser's storage");

    // A deal page still gets its checklist, from the built-in playbook.
    const page = await ext.openDeal(ACME);
    await panel(page).getByRole('checkbox', { name: PAIN }).waitFor();
  });
});

describe('the daily clean-up of old closed deals', () => {
  it('is scheduled once a day when the extension is installed', async () => {
    ext = await launchExtension();
    const worker = await ext.worker();
    await expect.poll(() => worker.evaluate(async () => (await chrome.alarms.get('prune')) ?? null), { timeout: 10_000 }).not.toBeNull();
    expect(await worker.evaluate(async () => (await chrome.alarms.get('prune'))?.periodInMinutes)).toBe(24 * 60);
  });
});
