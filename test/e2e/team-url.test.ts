/**
 * A team shares its playbook from its own web host: an admin saves the "Team playbook URL" on the options page of
 * the built extension, the worker fetches it from a real HTTP server this test starts on localhost (no mock of
 * fetch), and every rep's options page, popup and deal pages follow it. Every fault of the host keeps the last good
 * version and says why in an alert; a 304 to If-None-Match clears the alert; a new file becomes a new revision; the
 * cached version survives the host going away and the worker restarting; a team URL takes precedence over an
 * imported playbook until it is removed.
 *
 * The host permission the fetch needs is asked for in the Save URL click. The browser's prompt is a native dialog no
 * automation can answer, so the user's "Allow" is given as sites.test.ts gives it: through the browser's own
 * extension settings ("On specific sites"), after which Chrome answers the options page's request with "granted".
 * That setting also withholds the CRM sites the manifest's content scripts match until they are listed, so the demo
 * Salesforce org is listed with localhost, as a rep who chose "On specific sites" lists their CRM.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/core/default-playbook';
import { serializePlaybook } from '../../src/core/playbook/serialize';
import type { Playbook } from '../../src/core/types';
import { startServer, streamLongList, type TestServer } from '../team-server';
import { DEMO_ORIGIN, allowInExtensionSettings, dealUrl, launchExtension, type Ext } from './harness';
import { criterion, panel } from './overlay-locators';

const ORIGINS = 'http://localhost/*';
/** Sites the user lists under "On specific sites": the team's host, and the CRM the deal pages are on. */
const SPECIFIC_SITES = [ORIGINS, `${DEMO_ORIGIN}/*`];
const ACME_DEAL = dealUrl('006Hs00001AbCdEIAV'); // Needs Analysis: the Qualification stage of the playbooks here

/** A team's version of the built-in playbook: its own name, and its own words for a Qualification criterion. */
function teamPlaybook(name: string, spicedLabel: string): Playbook {
  return {
    ...DEFAULT_PLAYBOOK,
    name,
    stages: DEFAULT_PLAYBOOK.stages.map((stage) =>
      stage.id !== 'qualification'
        ? stage
        : { ...stage, criteria: stage.criteria.map((c) => (c.id === 'spiced' ? { ...c, label: spicedLabel } : c)) },
    ),
  };
}
const TEAM_V1 = teamPlaybook('Northwind Team Playbook', 'Pain and critical event confirmed with the champion');
const TEAM_V2 = teamPlaybook('Northwind Team Playbook, Q3', 'Critical event dated in the mutual plan');
const IMPORTED = { ...DEFAULT_PLAYBOOK, name: 'Acme Imported Playbook' };

const TEAM_WHY = "From your team's playbook URL";
const IMPORTED_WHY = 'Imported in this browser';
const ALERT_START = 'Team playbook could not be updated: ';

let server: TestServer;
beforeAll(async () => {
  server = await startServer('localhost');
});
afterAll(async () => {
  await server?.close();
});

/** Serves `playbook` at `path` with an ETag, answering 304 when the browser already has that version. */
function servePlaybook(req: IncomingMessage, res: ServerResponse, playbook: Playbook, etag: string): void {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, 'Not Modified', { ETag: etag }).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(serializePlaybook(playbook));
}

/** The user allows localhost and the CRM in the browser's extension settings (see the note at the top). */
const allowInBrowserSettings = (ext: Ext): Promise<void> => allowInExtensionSettings(ext, SPECIFIC_SITES);

const sourceRegion = (page: Page) => page.getByRole('region', { name: 'Playbook source', exact: true });
const revisionsRegion = (page: Page) => page.getByRole('region', { name: 'Revisions', exact: true });
const why = (page: Page) => sourceRegion(page).locator('.source-why');
const activeName = (page: Page) => page.getByRole('region', { name: 'Active playbook', exact: true }).locator('.playbook-name');
const teamAlertIn = (page: Page) => page.getByRole('alert').filter({ hasText: ALERT_START });
const urlBox = (page: Page) => sourceRegion(page).getByLabel('Team playbook URL', { exact: true });

async function saveUrl(options: Page, url: string): Promise<void> {
  await urlBox(options).fill(url);
  await sourceRegion(options).getByRole('button', { name: 'Save URL' }).click();
}

/** The popup's team alert, read from a fresh popup tab (another rep's view of the same browser). */
async function popupAlert(ext: Ext): Promise<string> {
  const popup = await ext.openPopup();
  try {
    const alert = teamAlertIn(popup);
    await alert.waitFor({ timeout: 10_000 });
    return ((await alert.textContent()) ?? '').trim();
  } finally {
    await popup.close();
  }
}

/**
 * The alert's exact sentence, "Team playbook could not be updated: <reason>. Using the version from <date>.", with
 * a reason that matches `reason`.
 */
function alertFor(reason: RegExp): RegExp {
  return new RegExp(`^${ALERT_START}${reason.source}.*\\. Using the version from .+\\.$`);
}

describe('a team playbook URL saved on the options page', () => {
  let ext: Ext;
  beforeEach(async () => {
    ext = await launchExtension();
  });
  afterEach(async () => {
    await ext?.close();
  });

  it('refuses an http address that is not localhost, saying why beside the box, and saves nothing', async () => {
    const options = await ext.openOptions();
    await saveUrl(options, 'http://playbooks.example.com/sales.json');
    await expect.poll(() => urlBox(options).getAttribute('aria-invalid')).toBe('true');
    const described = await urlBox(options).evaluate((box) =>
      (box.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
    );
    expect(described).toContain('The team playbook URL must start with https://');
    expect(await sourceRegion(options).getByRole('button', { name: 'Remove URL' }).count()).toBe(0);
    expect(await why(options).textContent()).toMatch(/^Built-in playbook/);
  });

  it('makes the team’s playbook active: the source says so, it is a revision, and deal pages show it', async () => {
    const url = server.serve('/northwind/active.json', (req, res) => servePlaybook(req, res, TEAM_V1, '"v1"'));
    await allowInBrowserSettings(ext);
    const options = await ext.openOptions();
    await saveUrl(options, url);
    await expect.poll(() => why(options).textContent(), { timeout: 15_000 }).toBe(TEAM_WHY);
    expect(await activeName(options).textContent()).toBe(TEAM_V1.name);
    expect(await sourceRegion(options).textContent()).toContain(`Received from ${url} on `);
    expect(await sourceRegion(options).getByRole('status').textContent()).toContain('Saved the team playbook URL.');
    expect(await sourceRegion(options).getByRole('list', { name: 'Team playbook URL status' }).textContent()).toMatch(
      /Last checked .+Using the version received .+/,
    );

    const revision = revisionsRegion(options).getByRole('listitem').filter({ hasText: 'Revision 1' });
    await revision.getByText('Active', { exact: true }).waitFor();
    expect(await revision.textContent()).toContain(TEAM_V1.name);
    expect(await revision.textContent()).toContain(`Received from ${url}`);
    const download = options.waitForEvent('download');
    await revision.getByRole('button', { name: 'Export revision 1' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('northwind-team-playbook-revision-1.json');
    expect(JSON.parse(await readFile(await file.path(), 'utf8'))).toMatchObject({ name: TEAM_V1.name });

    const deal = await ext.openDeal(ACME_DEAL);
    await criterion(deal, 'Pain and critical event confirmed with the champion').waitFor();
    expect(await panel(deal).textContent()).toContain('Qualification');
  });

  it('takes precedence over an imported playbook, which is back in force once the URL is removed', async () => {
    const url = server.serve('/northwind/precedence.json', (req, res) => servePlaybook(req, res, TEAM_V1, '"v1"'));
    await allowInBrowserSettings(ext);
    const options = await ext.openOptions();
    await options.getByLabel('Paste playbook', { exact: true }).fill(serializePlaybook(IMPORTED));
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => why(options).textContent()).toBe(IMPORTED_WHY);

    await saveUrl(options, url);
    await expect.poll(() => why(options).textContent(), { timeout: 15_000 }).toBe(TEAM_WHY);
    expect(await activeName(options).textContent()).toBe(TEAM_V1.name);

    // Making the imported revision active again changes nothing while the team URL is set, and says so.
    const imported = revisionsRegion(options).getByRole('listitem', { name: 'Revision 1' });
    await imported.getByRole('button', { name: 'Make revision 1 active' }).click();
    await expect.poll(() => revisionsRegion(options).getByRole('status').textContent()).toContain(
      `Revision 1 is now this browser’s own playbook, but another source takes precedence. In force: “${TEAM_V1.name}”. ${TEAM_WHY}.`,
    );
    expect(await why(options).textContent()).toBe(TEAM_WHY);

    await sourceRegion(options).getByRole('button', { name: 'Remove URL' }).click();
    await expect.poll(() => why(options).textContent()).toBe(IMPORTED_WHY);
    expect(await activeName(options).textContent()).toBe(IMPORTED.name);
    expect(await sourceRegion(options).getByRole('status').textContent()).toContain('Removed the team playbook URL.');
    expect(await urlBox(options).inputValue()).toBe('');
    // Both are kept as revisions, the imported one in force.
    const items = revisionsRegion(options).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.filter({ has: options.getByText('Active', { exact: true }) }).textContent()).toContain(IMPORTED.name);
    // Its host's access is given back with it.
    const worker = await ext.worker();
    const access = await worker.evaluate(
      (origins) => (globalThis as unknown as { chrome: typeof chrome }).chrome.permissions.contains({ origins: [origins] }),
      ORIGINS,
    );
    expect(access).toBe(false);

    const deal = await ext.openDeal(ACME_DEAL);
    await criterion(deal, 'Situation, pain, impact and critical event captured').waitFor();
  });

  it('works offline from the cached version, the worker restarted', async () => {
    const host = await startServer('localhost');
    const url = host.serve('/offline.json', (req, res) => servePlaybook(req, res, TEAM_V1, '"v1"'));
    try {
      await allowInBrowserSettings(ext);
      const options = await ext.openOptions();
      await saveUrl(options, url);
      await expect.poll(() => why(options).textContent(), { timeout: 15_000 }).toBe(TEAM_WHY);
      await options.close();
    } finally {
      await host.close();
    }
    await ext.stopWorker();

    const options = await ext.openOptions();
    await expect.poll(() => why(options).textContent(), { timeout: 15_000 }).toBe(TEAM_WHY);
    expect(await activeName(options).textContent()).toBe(TEAM_V1.name);
    const deal = await ext.openDeal(ACME_DEAL);
    await criterion(deal, 'Pain and critical event confirmed with the champion').waitFor();

    // Checking now, with the host gone, says so and keeps the version.
    await sourceRegion(options).getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => teamAlertIn(options).textContent(), { timeout: 15_000 }).toMatch(alertFor(/no answer came from localhost:\d+/));
    expect(await why(options).textContent()).toBe(TEAM_WHY);
  });
});

/**
 * Each fault of the team's host, one after the other on the same browser, whose team URL first received TEAM_V1:
 * every one keeps TEAM_V1 in force and raises the alert, with its own reason, on the options page and in the popup.
 */
describe('a team host at fault', () => {
  const PATH = '/northwind/faults.json';
  let ext: Ext;
  let options: Page;
  /** What the host answers now; each test sets its fault. */
  let answer: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => servePlaybook(req, res, TEAM_V1, '"v1"');

  beforeAll(async () => {
    const url = server.serve(PATH, (req, res) => answer(req, res));
    ext = await launchExtension();
    await allowInBrowserSettings(ext);
    options = await ext.openOptions();
    await saveUrl(options, url);
    await why(options).filter({ hasText: TEAM_WHY }).waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await ext?.close();
  });

  async function refreshNow(): Promise<void> {
    await sourceRegion(options).getByRole('button', { name: 'Refresh now' }).click();
  }

  const playbookText = serializePlaybook(TEAM_V2);
  const FAULTS: { fault: string; reason: RegExp; answer: (req: IncomingMessage, res: ServerResponse) => void; slow?: true }[] = [
    { fault: '404', reason: /the server answered 404 Not Found/, answer: (_req, res) => res.writeHead(404, 'Not Found').end('gone') },
    {
      fault: '500',
      reason: /the server answered 500 Internal Server Error/,
      answer: (_req, res) => res.writeHead(500, 'Internal Server Error').end('oops'),
    },
    {
      fault: 'a stall (the server holds its answer)',
      reason: /the server did not answer within 10 seconds/,
      answer: () => {},
      slow: true,
    },
    {
      fault: 'a truncated body',
      reason: /the connection closed before the whole file arrived/,
      answer: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(playbookText)) });
        res.write(playbookText.slice(0, 2000), () => res.destroy());
      },
    },
    {
      fault: 'invalid JSON',
      reason: /this is not valid JSON: /,
      answer: (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(playbookText.slice(0, -40)),
    },
    {
      fault: 'valid JSON that is not a playbook',
      reason: /the file is not a valid playbook: /,
      answer: (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ hello: 'world', stages: 3 })),
    },
    {
      fault: 'an HTML sign-in page served with 200',
      reason: /the address answered with a web page \(perhaps a sign-in page\), not a playbook file/,
      answer: (_req, res) =>
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><title>Sign in</title><form><label>Email <input name=email></label><button>Sign in</button></form>'),
    },
    {
      fault: 'a huge body (over 5 MB)',
      reason: /the file is larger than the 5 MB a playbook may be/,
      answer: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        void streamLongList(res, 6_000_000);
      },
    },
    {
      fault: 'a redirect to another host',
      reason: /the address redirected to .+: Stagecoach follows redirects within localhost:\d+ only/,
      answer: (_req, res) => res.writeHead(302, { Location: `http://127.0.0.1:${new URL(server.origin).port}${PATH}` }).end(),
    },
  ];

  it.each(FAULTS)('keeps the last good version on $fault and says why, in the options page and the popup', async (fault) => {
    answer = fault.answer;
    const before = await revisionsRegion(options).getByRole('listitem').count();
    await refreshNow();
    const timeout = fault.slow ? 25_000 : 15_000;
    await expect.poll(() => teamAlertIn(options).textContent(), { timeout }).toMatch(alertFor(fault.reason));
    expect(await why(options).textContent()).toBe(TEAM_WHY);
    expect(await activeName(options).textContent()).toBe(TEAM_V1.name);
    expect(await revisionsRegion(options).getByRole('listitem').count()).toBe(before);
    expect(await popupAlert(ext)).toMatch(alertFor(fault.reason));
  });

  it('clears the alert on 304 Not Modified to If-None-Match, and lists a new file as a new revision in force', async () => {
    answer = (_req, res) => res.writeHead(503, 'Service Unavailable').end();
    await refreshNow();
    // This fault's own reason: an alert still up from an earlier fault would not prove this check is over.
    await expect.poll(() => teamAlertIn(options).textContent(), { timeout: 15_000 }).toMatch(alertFor(/the server answered 503/));

    const asked = server.requests(PATH).length;
    answer = (req, res) => servePlaybook(req, res, TEAM_V1, '"v1"');
    await refreshNow();
    await expect.poll(() => teamAlertIn(options).count(), { timeout: 15_000 }).toBe(0);
    expect(server.requests(PATH).slice(asked).map((headers) => headers['if-none-match'])).toEqual(['"v1"']);
    expect(await sourceRegion(options).getByRole('status').textContent()).toContain('Checked: the team playbook has not changed.');
    expect(await activeName(options).textContent()).toBe(TEAM_V1.name);
    const popup = await ext.openPopup();
    // The popup shows the playbook's name from the same answer that carries the team's state.
    await popup.getByText(`Playbook: ${TEAM_V1.name}`, { exact: true }).waitFor();
    expect(await teamAlertIn(popup).count()).toBe(0);
    await popup.close();

    answer = (req, res) => servePlaybook(req, res, TEAM_V2, '"v2"');
    await refreshNow();
    await expect.poll(() => activeName(options).textContent(), { timeout: 15_000 }).toBe(TEAM_V2.name);
    expect(await why(options).textContent()).toBe(TEAM_WHY);
    const newest = revisionsRegion(options).getByRole('listitem').first();
    await expect.poll(() => newest.textContent()).toContain(TEAM_V2.name);
    expect(await newest.getByText('Active', { exact: true }).count()).toBe(1);
    const deal = await ext.openDeal(ACME_DEAL);
    await criterion(deal, 'Critical event dated in the mutual plan').waitFor();
  });
});
