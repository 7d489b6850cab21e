/**
 * Enterprise policy, for real: the test writes a managed policy file where Chromium on Linux reads it
 * (`/etc/chromium/policies/managed/`, `/etc/opt/chrome/...` for Google Chrome), for Stagecoach's pinned id, and
 * checks what a rep then sees on the options page and the deal page. The file is written before the browser starts,
 * or while it runs (Chromium notices a changed policy file about 5 seconds later), and removed after each test.
 *
 * Writing there needs root, as CI runs: where the folder cannot be written, every test here fails and says so.
 * Chromium reads the folder for every profile on the machine, so the file lives only as long as one test.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID } from '../extension-id';
import { chromePath, dealUrl, launchExtension, type Ext, type LaunchOptions } from './harness';
import { criterion, panel } from './overlay-locators';

/** Google Chrome reads its own folder; Chromium (Debian's and upstream builds) reads /etc/chromium. */
const POLICY_DIR = /google-chrome|\/opt\/google\//.test(chromePath())
  ? '/etc/opt/chrome/policies/managed'
  : '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, `stagecoach-test-${process.pid}.json`);

/** Sets Stagecoach's policy values, replacing the file at once: Chromium never reads half of it. */
function writePolicy(values: Record<string, unknown>): void {
  const partial = path.join(POLICY_DIR, `.stagecoach-test-${process.pid}.partial`);
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(partial, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: values } } }));
    renameSync(partial, POLICY_FILE);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new Error(
      `Cannot write the managed policy file ${POLICY_FILE} (${error instanceof Error ? error.message : String(error)}). ` +
        `These tests set enterprise policy the way an admin does: run as root, as CI does, or give this user write access to ${POLICY_DIR}.`,
    );
  }
}

const removePolicy = (): void => rmSync(POLICY_FILE, { force: true });

/** Chromium applies a changed policy file about 5 seconds after it changes; the page then follows. */
const POLICY_CHANGE = { timeout: 15_000, interval: 250 };

const DEAL = dealUrl('006Hs00001AbCdEIAV'); // Stage "Needs Analysis" in the mock Lightning app

/** The organization's playbook: its criterion on the deal's stage is one the built-in playbook does not have. */
const ORG_PLAYBOOK = {
  format: 'stagecoach.playbook/v1',
  name: 'Initech Policy Playbook',
  stages: [
    {
      id: 'qualify',
      name: 'Qualify',
      match: ['Prospecting', 'Qualification', 'Needs Analysis'],
      probability: 20,
      forecastCategory: 'pipeline',
      criteria: [{ id: 'security', label: 'Security questionnaire received', required: true }],
    },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
  ],
};

const TEAM_PLAYBOOK = {
  ...ORG_PLAYBOOK,
  name: 'Initech Team Playbook',
  stages: [
    {
      ...ORG_PLAYBOOK.stages[0],
      id: 'discover',
      name: 'Discover',
      criteria: [{ id: 'budget', label: 'Budget holder named', required: true }],
    },
    ORG_PLAYBOOK.stages[1],
  ],
};

let ext: Ext | undefined;

beforeEach(() => {
  // Each test fails at its start, with the reason, where the policy folder cannot be written (a failing beforeAll
  // would report the tests as skipped).
  writePolicy({});
  removePolicy();
});

afterEach(async () => {
  removePolicy();
  await ext?.close();
  ext = undefined;
});

afterAll(removePolicy);

async function launch(options: LaunchOptions = {}): Promise<Ext> {
  ext = await launchExtension(options);
  // A policy file names the extension by its id: under another id Chromium would apply nothing, and every check
  // below would fail for a reason no message showed.
  expect(ext.extensionId, 'the manifest key no longer gives the id docs/admin.md and the policy files use').toBe(EXTENSION_ID);
  return ext;
}

async function openOptions(browser: Ext): Promise<Page> {
  const page = await browser.openOptions();
  await activePlaybook(page).waitFor();
  return page;
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await activePlaybook(page).waitFor();
}

const activePlaybook = (page: Page) => page.getByRole('region', { name: 'Active playbook', exact: true });
const stageHeadings = (page: Page): Promise<string[]> => activePlaybook(page).getByRole('heading', { level: 3 }).allInnerTexts();
const pageText = async (page: Page): Promise<string> => (await page.locator('body').innerText()).replace(/\s+/g, ' ');
const teamUrlBox = (page: Page) => page.getByRole('textbox', { name: 'Team playbook URL', exact: true });

describe('a playbook set by enterprise policy', () => {
  it('is the playbook reps see, and the options page says the organization manages it', async () => {
    writePolicy({ playbook: JSON.stringify(ORG_PLAYBOOK) });
    const browser = await launch();
    const deal = await browser.openDeal(DEAL);
    await criterion(deal, 'Security questionnaire received').waitFor({ timeout: 10_000 });

    const options = await openOptions(browser);
    expect(await stageHeadings(options)).toEqual(['Qualify', 'Closed Won']);
    expect(await activePlaybook(options).innerText()).toContain('Initech Policy Playbook');
    expect(await pageText(options)).toContain('Managed by your organization');
  });

  it('shows a hostile playbook set by policy as plain text: markup, scripts and right-to-left overrides in its names run nothing', async () => {
    // Each would set the trap if it ever became markup; the override, never closed, would reverse the words after it.
    const IMG = '<img src=x onerror="window.__pwned=1">';
    const SCRIPT = '<script>window.__pwned=1</script>';
    const RLO = '\u202E';
    const hostile = {
      ...ORG_PLAYBOOK,
      name: `${IMG} ${RLO}Initech`,
      stages: [
        {
          ...ORG_PLAYBOOK.stages[0],
          name: `${SCRIPT} Qualify`,
          guidance: `${IMG} Ask who signs`,
          criteria: [
            {
              id: 'security',
              label: `${IMG} ${RLO}Security questionnaire received`,
              required: true,
              help: SCRIPT,
              links: [{ title: `${IMG} guide`, url: 'https://guide.example.com/security' }],
            },
          ],
        },
        ORG_PLAYBOOK.stages[1],
      ],
    };
    writePolicy({ playbook: JSON.stringify(hostile), lockPlaybook: true });
    const browser = await launch();
    const deal = await browser.openDeal(DEAL);
    await criterion(deal, `${IMG} ${RLO}Security questionnaire received`).waitFor({ timeout: 10_000 });
    // The criterion's help, opened as a rep opens it, holds the link.
    await panel(deal).locator('summary').filter({ hasText: 'Help' }).click();
    expect(await panel(deal).getByRole('link', { name: `${IMG} guide` }).getAttribute('href')).toBe('https://guide.example.com/security');

    const options = await openOptions(browser);
    await expect.poll(() => stageHeadings(options), POLICY_CHANGE).toEqual([`${SCRIPT} Qualify`, 'Closed Won']);
    expect(await activePlaybook(options).getByText(`${IMG} Ask who signs`, { exact: true }).count()).toBe(1);
    // The text is text: no element was made of it, in the page, the overlay's shadow root or the options page.
    for (const page of [deal, options]) {
      const found = await page.evaluate(() => {
        const roots: (Document | ShadowRoot)[] = [document];
        for (const host of document.querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
        return {
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          made: roots
            .flatMap((root) => [...root.querySelectorAll('img, script')])
            .filter((el) => el.hasAttribute('onerror') || el.getAttribute('src') === 'x' || (el.textContent ?? '').includes('__pwned')).length,
        };
      });
      expect(found).toEqual({ pwned: undefined, made: 0 });
    }
  });

  it('locked, leaves nothing for a rep to change and says why, also on a page opened before the browser gave the policy', async () => {
    writePolicy({ lockPlaybook: true });
    // The page opens in the first seconds of the browser, before Chromium gives extensions their policy: it shows the
    // lock as soon as the browser does, with no reload (a lock changes no playbook, so the worker says it applied one).
    const browser = await launch({ policyStarted: false });
    const options = await openOptions(browser);
    await expect.poll(() => pageText(options), POLICY_CHANGE).toContain('Your organization manages this playbook');
    expect(await options.getByRole('button', { name: 'Edit playbook', exact: true }).isDisabled()).toBe(true);
    expect(await options.getByLabel('Import playbook', { exact: true }).isDisabled()).toBe(true);
    expect(await teamUrlBox(options).isEditable()).toBe(false);
  });

  it('follows a policy changed while the browser runs: an open deal page at once, without a reload; the options page', async () => {
    const browser = await launch();
    const options = await openOptions(browser);
    const builtIn = await stageHeadings(options);
    const deal = await browser.openDeal(DEAL);
    await panel(deal).waitFor();
    expect(await criterion(deal, 'Security questionnaire received').count()).toBe(0);

    writePolicy({ playbook: JSON.stringify(ORG_PLAYBOOK), lockPlaybook: true });
    await criterion(deal, 'Security questionnaire received').waitFor({ timeout: POLICY_CHANGE.timeout });
    // The deal page showing it proves the worker applied the policy; the options page shows it when next loaded.
    await reload(options);
    expect(await stageHeadings(options)).toEqual(['Qualify', 'Closed Won']);
    expect(await pageText(options)).toContain('Managed by your organization');
    expect(await options.getByRole('button', { name: 'Edit playbook', exact: true }).isDisabled()).toBe(true);

    // The organization lifts its policy: the rep's own playbook comes back, and so does editing.
    removePolicy();
    await criterion(deal, 'Security questionnaire received').waitFor({ state: 'detached', timeout: POLICY_CHANGE.timeout });
    await reload(options);
    expect(await stageHeadings(options)).toEqual(builtIn);
    expect(await pageText(options)).not.toContain('Managed by your organization');
    expect(await options.getByRole('button', { name: 'Edit playbook', exact: true }).isEnabled()).toBe(true);
  });
});

describe('a team playbook URL set by enterprise policy', () => {
  let server: Server;
  let url: string;
  const requests: { method: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    const body = JSON.stringify(TEAM_PLAYBOOK);
    // What docs/admin.md tells a team's host to send when the URL comes from policy, where no permission is asked.
    server = createServer((request, response) => {
      requests.push({ method: request.method ?? '', headers: request.headers });
      response.setHeader('Access-Control-Allow-Origin', `chrome-extension://${EXTENSION_ID}`);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Vary', 'Origin');
      if (request.method === 'OPTIONS') {
        response.writeHead(204, { 'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since' }).end();
        return;
      }
      if (request.url !== '/team.json') {
        response.writeHead(404).end();
        return;
      }
      const etag = '"team-1"';
      response.setHeader('Access-Control-Expose-Headers', 'ETag');
      response.setHeader('ETag', etag);
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    url = `http://localhost:${(server.address() as AddressInfo).port}/team.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('is fetched without asking the rep, and its playbook is active, set by the organization', async () => {
    writePolicy({ teamPlaybookUrl: url });
    const browser = await launch();
    const deal = await browser.openDeal(DEAL);
    // The worker asks the URL as soon as it reads the policy at start, which on a busy machine is seconds after launch.
    await criterion(deal, 'Budget holder named').waitFor({ timeout: 30_000 });
    const gets = requests.filter((request) => request.method === 'GET');
    expect(gets.length).toBeGreaterThan(0);
    expect(gets[0]?.headers.origin).toBe(`chrome-extension://${EXTENSION_ID}`);

    const options = await openOptions(browser);
    expect(await stageHeadings(options)).toEqual(['Discover', 'Closed Won']);
    expect(await activePlaybook(options).innerText()).toContain('Initech Team Playbook');
    expect(await pageText(options)).toMatch(/(managed|set) by your organization/i);
    // The box shows the organization's address, and the rep cannot replace it (read-only or disabled, either way).
    expect(await teamUrlBox(options).inputValue()).toBe(url);
    expect(await teamUrlBox(options).isEditable()).toBe(false);
  }, 90_000);
});
