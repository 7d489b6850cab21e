/**
 * Hostile text, in the built extension: a playbook (imported on the options page, then opened in the editor) and a
 * CRM deal page whose every field holds markup, script and data links, bidi overrides, zero-width characters, emoji,
 * CR/LF, unbroken words and a megabyte of text. What a rep must see: the text as written, never markup made from it
 * (no img, script or svg, no `on*` handler, a trap variable that stays unset), links only to https and opened
 * without a way back to the page, user text unable to reorder the words around it, and everything inside the
 * overlay, the popup and the options page. One browser for the whole file: each test reads what the earlier ones set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startServer, type TestServer } from '../team-server';
import { allowInExtensionSettings, launchExtension, type Ext } from './harness';
import { panel } from './overlay-locators';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile/opportunity.html');

// Each would set the trap if it ever became markup or a followed link.
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const SVG = '"><svg onload="window.__pwned=1">';
/** RIGHT-TO-LEFT OVERRIDE, never closed: unisolated, it reverses the UI text that follows it on the line. */
const RLO = '\u202E';
const ZERO_WIDTH = 'Zero\u200Bwidth\u200Cjoin\u200D\uFEFF';
const EMOJI = 'Rocket 🚀 dev 👩🏽‍💻 flag 🇪🇺';

const STAGE_NAME = `${SCRIPT} Discover`;
/** The CRM stage as the page shows it, and as the playbook's stage matches it. */
const CRM_STAGE = `${SVG} ${RLO}Proposal`;
const PLAYBOOK_NAME = `${IMG} ${RLO}Hostile playbook`;
const LONG_LABEL = 'L'.repeat(300);
const LONG_HELP = 'H'.repeat(2000);
const LONG_GUIDANCE = `Call first\r\nthen ${'G'.repeat(1900)}`;
const HTTPS_LINK = 'https://guide.example.com/qualify?x=%3Cimg%3E';

const HOSTILE_PLAYBOOK = {
  format: 'stagecoach.playbook/v1',
  name: PLAYBOOK_NAME,
  stages: [
    {
      id: 'discover',
      name: STAGE_NAME,
      match: [CRM_STAGE],
      probability: 20,
      forecastCategory: 'pipeline',
      guidance: LONG_GUIDANCE,
      criteria: [
        {
          id: 'img',
          label: `${IMG} ${ZERO_WIDTH}`,
          help: `${SCRIPT}\r\n${LONG_HELP.slice(0, 1900)}`,
          links: [
            { title: `${SVG} guide`, url: HTTPS_LINK },
            { title: 'W'.repeat(200), url: 'https://guide.example.com/long' },
          ],
        },
        { id: 'rlo', label: `${RLO}Budget confirmed`, required: false },
        { id: 'long', label: LONG_LABEL, required: false },
        { id: 'emoji', label: EMOJI },
      ],
    },
    { id: 'won', name: 'Closed Won', probability: 100, forecastCategory: 'closed', outcome: 'won' },
  ],
  sites: [
    {
      id: 'hostile-crm',
      name: `${IMG} ${RLO}CRM`,
      dealPages: 'https://crm.hostile.example/deals/*',
      selectors: { name: 'h1', stage: '[data-field=stage]' },
    },
  ],
};

/** The deal page's fields: no validator stands between them and the overlay and popup. */
const MEGABYTE = 'M'.repeat(1_000_000);
const DEAL_NAME = `${IMG}\r\n${RLO}${'N'.repeat(10_000)} ${EMOJI}`;
const OWNER = `${SCRIPT}\r\nOwner ${RLO}name`;
const NEXT_STEP = `${SVG}\r\n${MEGABYTE}`;
const DEAL_URL = 'https://hostile.lightning.force.com/lightning/r/Opportunity/006Hs00001HoStIIAA/view';

/** As Salesforce writes what a user typed into its page: escaped, so the page shows the characters. */
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function hostilePage(): string {
  const values: Record<string, string> = { name: DEAL_NAME, stage: CRM_STAGE, owner: OWNER, nextStep: NEXT_STEP };
  return readFileSync(FIXTURE, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => escapeHtml(values[key] ?? ''));
}

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** What hostile text would have made, had it become markup anywhere under `root`. */
async function markupFromText(scope: Locator): Promise<{ handlers: string[]; images: number; inlineScripts: number; pwned: unknown }> {
  return scope.evaluate((root) => {
    const all = [root, ...root.querySelectorAll('*')];
    const handlers = all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.localName}[${a.name}]`));
    return {
      handlers,
      images: root.querySelectorAll('img').length,
      inlineScripts: [...root.querySelectorAll('script')].filter((s) => !s.hasAttribute('src')).length,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    };
  });
}

/** Every element of `scope` whose box pokes out of the container's, beyond a rounding pixel; and whether it scrolls sideways. */
async function overflow(scope: Locator): Promise<{ outside: string[]; scrollsSideways: boolean }> {
  return scope.evaluate((container) => {
    const box = container.getBoundingClientRect();
    // Screen-reader text sits in a 1px clipped box on purpose: nobody sees it stick out.
    const visuallyHidden = (el: Element): boolean => {
      for (let at: Element | null = el; at && at !== container; at = at.parentElement) {
        if (getComputedStyle(at).position === 'absolute' && at.getBoundingClientRect().width <= 1) return true;
      }
      return false;
    };
    const outside = [...container.querySelectorAll('*')]
      .filter((el) => {
        if (visuallyHidden(el)) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
      })
      .map((el) => `${el.localName}.${el.className}: ${Math.round(el.getBoundingClientRect().width)}px`);
    const scrollers = [container, ...container.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden' && getComputedStyle(el).overflowX !== 'clip' && getComputedStyle(el).display !== 'inline');
    return { outside, scrollsSideways: scrollers.length > 0 };
  });
}

/**
 * Whether `word`, UI text written after user text in `scope`, is laid out left to right: an override leaking out of
 * the user text would draw its last letter left of its first.
 */
async function readsLeftToRight(scope: Locator, word: string): Promise<boolean> {
  return scope.evaluate((el, w) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.nodeValue?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const x = (i: number) => {
        const range = document.createRange();
        range.setStart(node, at + i);
        range.setEnd(node, at + i + 1);
        return range.getBoundingClientRect().left;
      };
      return x(0) < x(w.length - 1);
    }
    throw new Error(`"${w}" is not in ${el.localName}.${el.className}`);
  }, word);
}

/** No sideways scrolling on a whole page. */
const pageScrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

let ext: Ext;
let options: Page;
let server: TestServer;

beforeAll(async () => {
  server = await startServer('localhost');
  ext = await launchExtension();
  // Routed after the harness's Salesforce mock, so this org's pages are the hostile one (later routes win).
  await ext.context.route(/^https:\/\/hostile\.lightning\.force\.com\//, (route) =>
    new URL(route.request().url()).pathname.startsWith('/assets/')
      ? route.fallback()
      : route.fulfill({ body: hostilePage(), contentType: 'text/html' }),
  );
  // Where the playbook's https links lead: a page that tells whether it knows who opened it.
  await ext.context.route(/^https:\/\/guide\.example\.com\//, (route) =>
    route.fulfill({ body: '<!DOCTYPE html><title>Guide</title><p>Guide</p>', contentType: 'text/html' }),
  );
  options = await ext.openOptions();
  await options.getByRole('region', { name: 'Active playbook', exact: true }).waitFor();
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function paste(text: string): Promise<void> {
  // Set as a paste would, in one input event: typing a megabyte key by key takes Playwright tens of seconds.
  await options.getByLabel('Paste playbook', { exact: true }).evaluate((box, value) => {
    (box as HTMLTextAreaElement).value = value;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await options.getByRole('button', { name: 'Import', exact: true }).click();
}

describe('Hostile text', () => {
  it('refuses script, data and http links and a 1 MB name at import, naming each field and what to change', async () => {
    const bad = structuredClone(HOSTILE_PLAYBOOK);
    bad.name = MEGABYTE;
    bad.stages[0]!.criteria![0]!.links = [
      { title: 'Script', url: 'javascript:window.__pwned=1' },
      { title: 'Data', url: 'data:text/html,<script>window.__pwned=1</script>' },
      { title: 'Plain', url: 'http://guide.example.com/' },
    ];
    await paste(JSON.stringify(bad));
    const alert = options.getByRole('alert');
    await alert.waitFor();
    const problems = (await alert.getByRole('listitem').allInnerTexts()).map(squash);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: is 1000000 characters long: at most 200 are allowed$/),
        expect.stringMatching(/^stages\[0\]\.criteria\[0\]\.links\[0\]\.url: must start with https:\/\//),
        expect.stringMatching(/^stages\[0\]\.criteria\[0\]\.links\[1\]\.url: must start with https:\/\//),
        expect.stringMatching(/^stages\[0\]\.criteria\[0\]\.links\[2\]\.url: must start with https:\/\//),
      ]),
    );
    // The megabyte is not echoed back into the message.
    expect((await alert.innerText()).length).toBeLessThan(5_000);
    expect(await markupFromText(options.locator('body'))).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    expect(await pageScrollsSideways(options)).toBe(false);
  });

  it('shows an imported hostile playbook on the options page as plain text, inside the page, links to https only', async () => {
    await paste(JSON.stringify(HOSTILE_PLAYBOOK));
    const active = options.getByRole('region', { name: 'Active playbook', exact: true });
    await expect.poll(() => active.innerText(), { timeout: 10_000 }).toContain('Hostile playbook');

    for (const text of [PLAYBOOK_NAME, STAGE_NAME, `${IMG} ${ZERO_WIDTH}`, `${RLO}Budget confirmed`, LONG_LABEL, EMOJI]) {
      expect(await active.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0);
    }
    const sites = options.getByRole('region', { name: 'Sites', exact: true });
    await expect.poll(() => sites.getByRole('heading', { name: `${IMG} ${RLO}CRM` }).count()).toBe(1);

    const links = active.getByRole('link');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([HTTPS_LINK, 'https://guide.example.com/long']);
    for (const rel of await links.evaluateAll((as) => as.map((a) => a.getAttribute('rel')))) {
      expect(rel?.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    }

    expect(await markupFromText(options.locator('body'))).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    expect(await pageScrollsSideways(options)).toBe(false);
    expect((await overflow(active)).outside).toEqual([]);
    // A criterion's override cannot turn the words after it around.
    const rlo = active.locator('.criterion-label').filter({ hasText: 'Budget confirmed' });
    expect(await readsLeftToRight(rlo, 'Optional')).toBe(true);
    // Nor can the playbook's name in the sentence that says it was imported.
    const imported = options.getByRole('region', { name: 'Import', exact: true }).getByRole('status');
    expect(await readsLeftToRight(imported, 'next deal page')).toBe(true);
    await options.screenshot({ path: '/tmp/hostile-options.png', fullPage: false });
  });

  it('opens hostile text in the editor as the fields’ values, never as markup', async () => {
    await options.getByRole('button', { name: 'Edit playbook' }).click();
    const editor = options.getByRole('region', { name: 'Edit playbook', exact: true });
    await expect.poll(() => editor.getByRole('textbox', { name: 'Playbook name' }).inputValue()).toBe(PLAYBOOK_NAME);
    expect(await editor.getByRole('textbox', { name: 'Stage name' }).first().inputValue()).toBe(STAGE_NAME);
    expect(await editor.getByRole('heading', { name: STAGE_NAME }).count()).toBe(1);
    expect(await markupFromText(options.locator('body'))).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    expect(await pageScrollsSideways(options)).toBe(false);
    expect((await overflow(editor)).outside).toEqual([]);
    await options.screenshot({ path: '/tmp/hostile-editor.png' });
  });

  it('shows hostile playbook and deal page text in the overlay as plain text, isolated, inside the panel', async () => {
    const deal = await ext.openDeal(DEAL_URL);
    const overlay = panel(deal);
    await overlay.getByText(`${RLO}Budget confirmed`).waitFor();

    // The CRM's stage and the playbook's words, as written.
    expect(await overlay.getByText(CRM_STAGE, { exact: true }).count()).toBe(1);
    for (const label of [`${IMG} ${ZERO_WIDTH}`, `${RLO}Budget confirmed`, LONG_LABEL, EMOJI]) {
      expect(await overlay.getByRole('checkbox', { name: label }).count(), label).toBe(1);
    }
    await overlay.locator('details.help > summary').first().click();
    await overlay.getByText('How to advance').click();
    expect(await overlay.getByText(`${SVG} guide`, { exact: true }).count()).toBe(1);

    expect(await markupFromText(overlay)).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    // The page's own world: where an onerror from the overlay's shadow root would run.
    expect(await deal.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

    expect(await overflow(overlay)).toEqual({ outside: [], scrollsSideways: false });
    // The stage's position and probability follow the playbook's stage name, whose override must stay inside it.
    expect(await readsLeftToRight(overlay.locator('.stage-meta'), '20%')).toBe(true);
    expect(await readsLeftToRight(overlay.locator('label').filter({ hasText: 'Budget confirmed' }), '(optional)')).toBe(true);
    expect(await readsLeftToRight(overlay.locator('.notice'), 'changed:')).toBe(true);
    await overlay.screenshot({ path: '/tmp/hostile-overlay.png' });

    // The https link opens in a new tab that cannot reach back to the CRM page.
    const link = overlay.getByRole('link', { name: `${SVG} guide` });
    expect((await link.getAttribute('rel'))?.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    const opened = ext.context.waitForEvent('page');
    await link.click();
    const guide = await opened;
    await guide.waitForURL(HTTPS_LINK);
    expect(await guide.evaluate(() => ({ opener: window.opener as unknown, referrer: document.referrer }))).toEqual({ opener: null, referrer: '' });
    await guide.close();
    await deal.close();
  });

  it('records a deal whose page holds a megabyte of text, listed in the popup on clamped single lines', async () => {
    const popup = await ext.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    expect(await readsLeftToRight(popup.getByRole('region', { name: 'Playbook updated' }), 'changed:')).toBe(true);
    await popup.getByRole('tab', { name: 'All deals' }).click();
    const list = popup.getByRole('list', { name: 'Open deals' });
    const row = list.getByRole('link').filter({ hasText: IMG });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    // Recorded, cut to the 500 characters the worker keeps; CR/LF read as a space.
    const name = row.locator('.deal-name');
    expect(await name.textContent()).toBe(`${IMG} ${RLO}${'N'.repeat(500 - IMG.length - 3)}…`);
    // Each on one line, ellipsized in the row: the name, and the stage with its UI text after it.
    for (const slot of [name, row.locator('.row-stage')]) {
      expect(await slot.evaluate((el) => ({ lines: el.getClientRects().length, overflow: getComputedStyle(el).textOverflow, tall: el.getBoundingClientRect().height < 24 }))).toEqual({
        lines: 1,
        overflow: 'ellipsis',
        tall: true,
      });
    }
    expect(squash(await row.locator('.row-stage').textContent())).toContain(squash(CRM_STAGE));
    expect(await markupFromText(popup.locator('body'))).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    expect(await pageScrollsSideways(popup)).toBe(false);
    expect((await overflow(list)).outside).toEqual([]);
    await popup.screenshot({ path: '/tmp/hostile-popup.png' });
    await popup.close();
  });

  it('refuses a script address as the team URL, and shows a hostile team playbook as plain text', async () => {
    // A fresh page: the one before still has the editor open, which hides the playbook's sources.
    await options.close();
    options = await ext.openOptions();
    const source = options.getByRole('region', { name: 'Playbook source', exact: true });
    const urlBox = source.getByLabel('Team playbook URL', { exact: true });
    await urlBox.fill('javascript:window.__pwned=1', { timeout: 10_000 });
    await source.getByRole('button', { name: 'Save URL' }).click();
    await expect.poll(() => urlBox.getAttribute('aria-invalid')).toBe('true');
    expect(await source.textContent()).toContain('The team playbook URL must start with https://');

    const teamName = `${SCRIPT} ${RLO}Team playbook`;
    const team = { ...HOSTILE_PLAYBOOK, name: teamName, sites: undefined };
    const url = server.serve('/hostile.json', (_, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(team)));
    await allowInExtensionSettings(ext, ['http://localhost/*']);
    await urlBox.fill(url);
    await source.getByRole('button', { name: 'Save URL' }).click();
    const active = options.getByRole('region', { name: 'Active playbook', exact: true });
    await expect.poll(() => active.locator('.playbook-name').textContent(), { timeout: 15_000 }).toBe(teamName);
    expect(await active.getByRole('heading', { name: STAGE_NAME, exact: true }).count()).toBe(1);
    expect(await markupFromText(options.locator('body'))).toEqual({ handlers: [], images: 0, inlineScripts: 0, pwned: undefined });
    expect(await pageScrollsSideways(options)).toBe(false);
    const revisions = options.getByRole('region', { name: 'Revisions', exact: true });
    expect(await revisions.getByRole('listitem').filter({ hasText: teamName }).textContent()).toContain(`Received from ${url}`);
  });
});
