/**
 * A disk with no room left, for real: the browser's profile lives on a small tmpfs of its own, and the test fills it
 * to the last byte while a rep works. Chromium then aborts the write (its IndexedDB says only "IO error …
 * FILE_ERROR_NO_SPACE" on the transaction, and a bare AbortError on the request), closes the database, and cannot
 * open it again until there is room. The rep is told, in words, every time; nothing saved before is lost; and once
 * space is freed Stagecoach saves again without a restart.
 *
 * The browser's quota for the extension cannot be used instead: Chromium gives an extension's origin far more than a
 * disk (10 GiB over its use here) and ignores `Storage.overrideQuotaForOrigin` for it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import { dealUrl, launchExtension, type Ext } from './harness';
import { criterion, panel } from './overlay-locators';

const DEAL = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis
const PAIN = 'Situation, pain, impact and critical event captured';
const BUDGET = 'Buyer acknowledged budget and timing';
const CHAMPION = 'Champion and economic buyer named';
const FULL =
  "your computer's disk is full, and the browser can neither open nor save Stagecoach's data until there is room: free some space on the disk, then try again";

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** A 64 MB disk of the test's own, mounted for it: the profile on it fills without touching the machine's disk. */
let disk: string;
let filler: string;
beforeAll(() => {
  disk = mkdtempSync(path.join(tmpdir(), 'stagecoach-small-disk-'));
  filler = path.join(disk, 'filler');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', disk], { stdio: 'pipe' });
  } catch (error) {
    const said = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
    throw new Error(
      `This test fills a disk: it mounts a 64 MB tmpfs at ${disk}, which needs root (CAP_SYS_ADMIN), as this project's ` +
        `machines and its CI have. mount said: ${said}`,
    );
  }
});
afterAll(() => {
  if (!disk) return;
  execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
  rmSync(disk, { recursive: true, force: true });
});

const freeBytes = (): number => {
  const { bavail, bsize } = statfsSync(disk);
  return bavail * bsize;
};

/** Takes every free byte of the disk; run again, it takes what was freed since. */
function fillDisk(): void {
  const fd = openSync(filler, 'a');
  try {
    const chunk = Buffer.alloc(1 << 20, 7);
    while (freeBytes() > chunk.length) writeSync(fd, chunk);
    if (freeBytes() > 0) writeSync(fd, chunk.subarray(0, freeBytes()));
  } finally {
    closeSync(fd);
  }
  expect(freeBytes()).toBe(0);
}

describe('a disk with no room left', () => {
  let ext: Ext | undefined;
  afterAll(async () => {
    await ext?.close();
  });

  it('refuses each tick in words, keeps what was saved, and saves again once there is room', async () => {
    const profile = path.join(disk, 'profile');
    mkdirSync(profile);
    // A browser the rep has used before: the first tick in one session, the rest in the next. (A profile whose
    // first session fills the disk never gets its preferences written, and Chromium then installs the extension
    // afresh, with empty storage, at the next start: not a rep's browser.)
    ext = await launchExtension({ userDataDir: profile });
    // The team's playbook, imported: the built-in one under another name, so the checklist reads the same.
    const options = await ext.openOptions();
    await options.getByLabel('Import playbook', { exact: true }).setInputFiles({
      name: 'acme.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializePlaybook({ ...DEFAULT_PLAYBOOK, name: 'Acme Sales Playbook' })),
    });
    await options.getByRole('region', { name: 'Active playbook', exact: true }).getByText('Acme Sales Playbook').first().waitFor();
    const first = await ext.openDeal(DEAL);
    await criterion(first, PAIN).check();
    await expect.poll(() => panel(first).locator('[aria-busy="true"]').count()).toBe(0);
    await ext.close();
    ext = await launchExtension({ userDataDir: profile });
    const page = await ext.openDeal(DEAL);
    await expect.poll(() => criterion(page, PAIN).isChecked()).toBe(true);

    // The disk fills (a download, another program): the next tick's write has nowhere to go. A tick writes about
    // 6.5 KB to the database's log, more than the one page of slack its last write may have left.
    fillDisk();
    const alert = panel(page).getByRole('alert');
    await criterion(page, BUDGET).click();
    await expect.poll(async () => squash(await alert.textContent())).toBe(
      `Your tick was not saved: Stagecoach could not save this tick (${FULL}). Nothing was changed; try again.`,
    );
    expect(await criterion(page, BUDGET).isChecked()).toBe(false);
    expect(await criterion(page, PAIN).isChecked()).toBe(true);

    // Trying again while the disk is still full: Chromium closed the database after the failed write, and the next
    // try either cannot open it (a bare "Internal error opening backing store") or fails its write again. The rep
    // hears the same cause either way.
    await criterion(page, CHAMPION).click();
    await expect.poll(async () => squash(await alert.textContent())).toBe(
      `Your tick was not saved: Stagecoach could not save this tick (${FULL}). Nothing was changed; try again.`,
    );
    expect(await criterion(page, CHAMPION).isChecked()).toBe(false);

    // Reading goes on where the browser can still open the database (a profile it has used before, as here): the
    // popup shows the pipeline saved so far. Where it cannot, the popup says why, in the same words.
    const popup = await ext.openPopup();
    const summary = popup.getByText('1 open deal: 1 seen on its page');
    const problem = popup.getByRole('alert');
    await summary.or(problem).first().waitFor();
    if (await problem.isVisible()) {
      expect(squash(await problem.innerText())).toBe(`Couldn’t load your pipeline Stagecoach could not load your pipeline (${FULL}). Try again.`);
    }

    // Space is freed: the same tick goes through, with no restart, and the popup loads (on Retry, if it could not).
    rmSync(filler);
    await criterion(page, BUDGET).click();
    await expect.poll(() => criterion(page, BUDGET).isChecked()).toBe(true);
    await expect.poll(() => alert.count()).toBe(0);
    if (await problem.isVisible()) await popup.getByRole('button', { name: 'Retry' }).click();
    await summary.waitFor();

    // At the next start Chromium deletes the whole database: the failed write left a torn record in its log, and
    // the writes after it, once there was room, made that a corruption in the middle of the log. What the copy in
    // storage.local (which the overlay reads) still has is put back: the ticks are all there, the refused one is not,
    // the imported playbook is in force, and the deal is recorded again as its page is seen.
    await ext.close();
    ext = await launchExtension({ userDataDir: profile });
    const again = await ext.openDeal(DEAL);
    await expect.poll(() => criterion(again, BUDGET).isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await criterion(again, PAIN).isChecked()).toBe(true);
    expect(await criterion(again, CHAMPION).isChecked()).toBe(false);
    const worker = await ext.worker();
    const stored = await worker.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('stagecoach');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = <T,>(store: string) =>
        new Promise<T[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
        });
      const [checks, deals] = await Promise.all([all<{ criterionId: string }>('checks'), all<{ snapshot: { name: string } }>('deals')]);
      db.close();
      return { ticks: checks.map((c) => c.criterionId).sort(), deals: deals.map((d) => d.snapshot.name) };
    });
    expect(stored).toEqual({ ticks: ['budget-timing', 'spiced'], deals: ['Acme - 1,200 Widgets'] });
    const optionsAgain = await ext.openOptions();
    const active = optionsAgain.getByRole('region', { name: 'Active playbook', exact: true });
    await expect.poll(async () => squash(await active.innerText())).toContain('Acme Sales Playbook');
    // Brought back from the copy here (Chromium 150 deleted the database); a browser that kept it shows the file.
    const source = squash(await active.innerText());
    expect(source).toMatch(/Imported from (Stagecoach’s copy, after the browser lost its data|acme\.json) on /);

    // The popup tells the rep what happened, once: until "Got it".
    const lost = async () => (await ext!.openPopup()).getByRole('region', { name: 'Your browser lost Stagecoach’s data' });
    const told = await lost();
    if (source.includes('Stagecoach’s copy')) {
      await told.waitFor();
      expect(squash(await told.innerText())).toContain('Brought back from Stagecoach’s own copy: 2 ticks on 1 deal and the playbook “Acme Sales Playbook”.');
      await told.getByRole('button', { name: 'Got it' }).click();
      await expect.poll(() => told.count()).toBe(0);
    }
    const later = await lost();
    await later.page().getByRole('tab', { name: 'Summary' }).waitFor();
    expect(await later.count()).toBe(0);
  });
});
