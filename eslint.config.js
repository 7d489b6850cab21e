/**
 * The layer rules of src/, checked on every `npm test` (`npm run lint`), so they hold by check, not by habit:
 * - src/core is pure logic: no browser API, and it imports nothing but core (and plain libraries);
 * - only src/platform touches the extension APIs (`chrome`, `browser`, webextension-polyfill); content scripts reach
 *   them through src/platform/content.ts;
 * - only src/crm/<crm>/ knows a CRM: everything else reaches CRMs through src/crm/registry.ts and the shared
 *   src/crm/types.ts, dom.ts and match-pattern.ts; one CRM never imports another;
 * - nothing imports upwards: popup/options never import background or content, content never imports background.
 * Syntax only (no type information), so linting all of src/ takes about a second.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * Which layers each layer may import. `crm-shared` is src/crm's top-level files; `crm` a CRM's own folder (always
 * allowed to import itself); `platform/content` the content scripts' door to the extension APIs.
 */
const MAY_IMPORT = {
  core: ['core'],
  messages: ['core', 'messages'],
  crm: ['core', 'crm-shared'],
  'crm-shared': ['core', 'crm-shared'],
  platform: ['core', 'messages', 'platform', 'platform/content'],
  ui: ['core', 'messages', 'ui'],
  background: ['core', 'messages', 'crm-shared', 'platform', 'background'],
  content: ['core', 'messages', 'crm-shared', 'platform/content', 'ui', 'content'],
  popup: ['core', 'messages', 'crm-shared', 'platform', 'ui', 'popup'],
  options: ['core', 'messages', 'crm-shared', 'platform', 'ui', 'options'],
  env: [],
};

/** Why each rule exists, for the error a person reads. */
const WHY = {
  core: 'src/core is pure logic every other layer builds on and Node tests run as is',
  messages: 'the message protocol is shared by every context, so it may rest on src/core only',
  crm: 'a CRM adapter rests on src/core and the shared src/crm files only; one CRM never imports another',
  'crm-shared': 'the shared CRM files rest on src/core only, and reach CRM folders only through the registry',
  platform: 'src/platform wraps the browser and may use the message protocol, nothing above it',
  ui: 'shared UI pieces rest on src/core and the message protocol only',
  background: 'the worker never imports content scripts or extension pages',
  content: 'content scripts never import the worker or the extension pages, and reach the browser through src/platform/content.ts',
  popup: 'extension pages talk to the worker through messages, never by importing it or the content scripts',
  options: 'extension pages talk to the worker through messages, never by importing it or the content scripts',
  env: 'type declarations import nothing',
};

/**
 * The layer a file of src/ belongs to, or null outside src/. Works for file names and for import paths alike, which
 * may leave out the extension or name a folder (`../platform` is platform/index.ts).
 */
function layerOf(file) {
  const relative = path.relative(SRC, file).split(path.sep).join('/');
  if (relative.startsWith('../') || path.isAbsolute(relative)) return null;
  const parts = relative.replace(/(\.d)?\.tsx?$/, '').split('/');
  const [top = '', second = ''] = parts;
  if (parts.length === 1) {
    if (top === 'messages') return { layer: 'messages' };
    return top in MAY_IMPORT && top !== 'crm' ? { layer: top } : { layer: 'env' };
  }
  if (top === 'crm') {
    // `./salesforce` names the CRM's folder (its index.ts), `./dom` a shared file.
    const folder = parts.length > 2 || statSync(path.join(SRC, 'crm', second), { throwIfNoEntry: false })?.isDirectory();
    return folder ? { layer: 'crm', crm: second, module: parts[2] ?? 'index' } : { layer: 'crm-shared', file: second };
  }
  if (top === 'platform' && second === 'content') return { layer: 'platform/content' };
  return { layer: top };
}

/**
 * The one exception to "one CRM never imports another": a second UI of the same CRM may use that CRM's URL detector.
 * Salesforce Classic shows the opportunities Lightning shows and must give them Lightning's deal keys, so it asks
 * Lightning's detector for them instead of keeping a copy that could drift.
 */
const SAME_CRM = { 'salesforce-classic': ['salesforce/detect'] };

/** Whether `from` may import `to`, with the reason when it may not. */
function verdict(from, to) {
  if (from.layer === 'crm' && to.layer === 'crm') {
    if (to.crm === from.crm || SAME_CRM[from.crm]?.includes(`${to.crm}/${to.module}`)) return null;
    return `src/crm/${from.crm} imports src/crm/${to.crm}: ${WHY.crm}`;
  }
  if (to.layer === 'crm') {
    // The registry is the one place that loads CRM folders.
    if (from.layer === 'crm-shared' && from.file === 'registry') return null;
    return `only src/crm/${to.crm}/ knows ${to.crm}; import it through src/crm/registry.ts (or the shared src/crm/types.ts, dom.ts)`;
  }
  if (from.layer === 'crm' && to.layer === 'crm-shared' && to.file === 'registry') {
    return `a CRM adapter must not import the registry that lists it: ${WHY.crm}`;
  }
  const own = from.layer === 'platform/content' ? 'platform' : from.layer;
  const allowed = MAY_IMPORT[own] ?? [];
  if (allowed.includes(to.layer)) return null;
  const target = to.layer === 'crm-shared' ? `src/crm/${to.file}.ts` : to.layer === 'messages' ? 'src/messages.ts' : `src/${to.layer}`;
  return `src/${own === 'messages' ? 'messages.ts' : own} may not import ${target}: ${WHY[own] ?? 'unknown layer'}`;
}

/** Packages that are the browser's extension API in disguise. */
const BROWSER_PACKAGES = new Set(['webextension-polyfill']);

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layers of src/ (core, crm, platform, background, content, pages, ui).' },
    schema: [],
    messages: { layer: '{{reason}}.' },
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value.split('?')[0];
      let reason = null;
      if (specifier.startsWith('.')) {
        const to = layerOf(path.resolve(path.dirname(context.filename), specifier));
        reason = to ? verdict(from, to) : null;
      } else if (BROWSER_PACKAGES.has(specifier) && from.layer !== 'platform') {
        reason = `${specifier} is the browser's extension API: only src/platform may import it`;
      }
      if (reason) context.report({ node, messageId: 'layer', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

const EXTENSION_API_GLOBALS = ['chrome', 'browser'].map((name) => ({
  name,
  message: `The extension API is src/platform's alone: import what you need from src/platform (content scripts: src/platform/content.ts).`,
}));
const PAGE_GLOBALS = ['document', 'window', 'location', 'navigator'].map((name) => ({
  name,
  message: 'This layer is pure: take the Document (or URL) you need as a parameter, so it runs in Node tests as is.',
}));
const VIA_GLOBAL_THIS = ['chrome', 'browser'].map((property) => ({
  object: 'globalThis',
  property,
  message: 'The extension API is src/platform’s alone.',
}));

export default [
  { ignores: ['dist/**', 'node_modules/**', '.demo/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { stagecoach: { rules: { layers } } },
    rules: {
      'stagecoach/layers': 'error',
      'no-restricted-globals': ['error', ...EXTENSION_API_GLOBALS],
      'no-restricted-properties': ['error', ...VIA_GLOBAL_THIS],
    },
  },
  {
    files: ['src/core/**/*.{ts,tsx}', 'src/crm/**/*.{ts,tsx}'],
    rules: { 'no-restricted-globals': ['error', ...EXTENSION_API_GLOBALS, ...PAGE_GLOBALS] },
  },
  {
    files: ['src/platform/**/*.{ts,tsx}'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
];
