/**
 * The layer lint (eslint.config.js, run by `npm test`) must reject what it exists to reject: each case lints a small
 * in-memory file placed in a layer and expects the rule's error, or none where the import is allowed.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The lint messages for `code` as if it were the file `file` (relative to the project root). */
async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), file) });
  if (!result) throw new Error(`ESLint returned nothing for ${file}`);
  return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the layer lint rejects', () => {
  it.each([
    ['src/core/x.ts', "import { handle } from '../background/router';", /src\/core may not import src\/background/],
    ['src/core/x.ts', "export * from '../crm/registry';", /src\/core may not import src\/crm\/registry\.ts/],
    ['src/core/x.ts', "const ui = () => import('../ui/Logo');", /src\/core may not import src\/ui/],
    ['src/core/x.ts', 'export const lang = document.documentElement.lang;', /no-restricted-globals.*pure/],
    ['src/core/x.ts', "export const save = () => chrome.storage.local.set({});", /no-restricted-globals.*src\/platform/],
    ['src/crm/salesforce/x.ts', 'export const here = window.location.href;', /no-restricted-globals/],
    ['src/background/x.ts', "export const id = globalThis.chrome.runtime.id;", /no-restricted-properties/],
    ['src/popup/x.ts', "import browser from 'webextension-polyfill';", /only src\/platform may import it/],
    ['src/popup/x.ts', "import { handlers } from '../background/handlers';", /src\/popup may not import src\/background/],
    ['src/options/x.ts', "import { showDeal } from '../content/deal-page';", /src\/options may not import src\/content/],
    ['src/content/x.ts', "import { openDb } from '../background/db';", /src\/content may not import src\/background/],
    ['src/content/x.ts', "import { storage } from '../platform';", /src\/content may not import src\/platform/],
    ['src/content/x.ts', "import { readOpportunity } from '../crm/salesforce/read';", /only src\/crm\/salesforce\/ knows salesforce/],
    ['src/popup/x.ts', "import type { CrmSamples } from '../crm/salesforce/detect';", /only src\/crm\/salesforce\/ knows salesforce/],
    ['src/crm/hubspot/read.ts', "import { collapse } from '../salesforce/read';", /src\/crm\/hubspot imports src\/crm\/salesforce/],
    ['src/crm/salesforce-classic/read.ts', "import { collapse } from '../salesforce/read';", /src\/crm\/salesforce-classic imports src\/crm\/salesforce/],
    ['src/crm/hubspot/read.ts', "import { CRMS } from '../registry';", /must not import the registry/],
    ['src/crm/dom.ts', "import { adapter } from './salesforce';", /only src\/crm\/salesforce\/ knows salesforce/],
    ['src/crm/hubspot/read.ts', "import { request } from '../../platform/content';", /src\/crm may not import src\/platform/],
    ['src/platform/x.ts', "import { showDeal } from '../content/deal-page';", /src\/platform may not import src\/content/],
  ])('%s: %s', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found.some((message) => expected.test(message)), found.join('\n') || 'no problem reported').toBe(true);
  });
});

describe('the layer lint allows', () => {
  it.each([
    ['src/content/x.ts', "import { recogniseDeal } from '../crm/registry';\nimport { storage } from '../platform/content';"],
    ['src/content/x.ts', "import type { CrmAdapter } from '../crm/types';\nimport { collapse } from '../crm/dom';"],
    ['src/popup/x.ts', "import { CRMS } from '../crm/registry';\nimport { client } from '../platform';\nimport { Logo } from '../ui/Logo';"],
    ['src/crm/registry.ts', "import { detector } from './salesforce/detect';\nexport const load = () => import('./salesforce');"],
    ['src/crm/salesforce/read.ts', "import { parseDate } from '../../core/dates';\nimport { collapse } from '../dom';\nimport { HIDDEN } from './selectors';"],
    ['src/crm/salesforce-classic/detect.ts', "import { dealKey } from '../salesforce/detect';"],
    ['src/platform/index.ts', "import browser from 'webextension-polyfill';\nexport const id = chrome.runtime.id + browser.runtime.id;"],
    ['src/background/x.ts', "import { recogniseDeal } from '../crm/registry';\nimport { createClient } from '../messages';"],
  ])('%s: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
