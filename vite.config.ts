import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { CRMS } from './src/crm/registry';
import { DETECTOR_FILE, dealPageFile, listPageFile } from './src/content/files';
import { SITE_SCRIPT_FILE } from './src/crm/site-keys';

const root = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = 'dist';
const TARGET = 'chrome120';

const crmDir = path.join(root, 'src/crm');
/** The CRM folder a module lives in (src/crm/<id>/...), or null. */
const crmOf = (file: string): string | null => {
  const relative = path.relative(crmDir, file);
  return relative.startsWith('..') || !relative.includes(path.sep) ? null : (relative.split(path.sep)[0] ?? null);
};
/**
 * The registry loads adapters with `import()`, which nothing built here calls: the detector, the worker and the
 * pages use only the registry's URL detectors, and a CRM's module takes its adapter from `virtual:stagecoach-adapter`.
 * Every `import()` of an adapter becomes a rejection that says where that adapter really loads from, so no adapter
 * chunk and no module-preload helper is built into them.
 */
const noAdapters: Plugin = {
  name: 'stagecoach-no-adapters',
  async transform(code, id) {
    let out = code;
    for (const match of code.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)) {
      const resolved = await this.resolve(match[2] as string, id);
      const owner = resolved ? crmOf(resolved.id) : null;
      if (!owner) continue;
      const message = `The ${owner} adapter is not in this bundle: it loads from ${dealPageFile(owner)}.`;
      out = out.replace(match[0], `Promise.reject(new Error(${JSON.stringify(message)}))`);
    }
    return out === code ? null : { code: out, map: null };
  },
};

/** In a CRM's deal-page module, `virtual:stagecoach-adapter` is that CRM's adapter (src/content/crm-page.ts). */
const ownAdapter = (crm: string | null): Plugin => ({
  name: 'stagecoach-own-adapter',
  resolveId(id) {
    if (id !== 'virtual:stagecoach-adapter') return null;
    if (!crm) throw new Error('virtual:stagecoach-adapter is only for a CRM\'s deal-page module (src/content/crm-page.ts).');
    return path.join(crmDir, crm, 'index.ts');
  },
});

/** In a CRM's list-page module, `virtual:stagecoach-lists` is that CRM's list reader (src/content/list-page.ts). */
const ownLists = (crm: string | null): Plugin => ({
  name: 'stagecoach-own-lists',
  resolveId(id) {
    if (id !== 'virtual:stagecoach-lists') return null;
    if (!crm) throw new Error('virtual:stagecoach-lists is only for a CRM\'s list-page module (src/content/list-page.ts).');
    return path.join(crmDir, crm, 'list.ts');
  },
});

/** The CRMs whose list views or boards Stagecoach reads: those whose detector recognises list pages. */
const LIST_CRMS = CRMS.filter((crm) => crm.listPage !== undefined);

/**
 * Content scripts are built here rather than by crxjs, whose loader makes a deal page import a chain of module
 * chunks (loader, entry, deal page, adapter, their shared chunks: three sequential `import()` steps, each a fetch,
 * compile and code-cache write). Instead:
 * - the detector (`src/content/index.ts`) is one classic script, injected at document_start with no loader;
 * - each CRM in the registry gets one self-contained module, `content/<crm>.js` (the overlay, Preact and that CRM's
 *   adapter), that the detector loads with a single `import()` on that CRM's deal pages.
 * - each CRM that reads its list pages gets `content/<crm>-list.js` (its list reader and the loop that sends rows;
 *   no overlay, no Preact), loaded the same way on its list views and boards;
 * - configured sites (an admin's own CRMs) get `content/site.js`, one classic script with the overlay and the
 *   configured-site reader: the worker registers it on each site the admin allowed, and it imports nothing, so no
 *   web-accessible resource is opened to those sites.
 * The manifest's content-script matches and web-accessible resources are generated from the registry, so adding a
 * CRM is its folder plus its registry line.
 */
function contentScripts(): Plugin {
  const common = (crm: string | null): InlineConfig => ({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), noAdapters, ownAdapter(crm), ownLists(crm)],
    // Without the `browser` condition, which picks signals-core's ES5-style build (var, function expressions), its
    // `import` build resolves instead: the same code in modern syntax, which every browser an MV3 extension runs in
    // supports, and smaller. (Preact's two builds are the same file.)
    resolve: { conditions: ['module', 'production'] },
    build: { outDir: OUT_DIR, emptyOutDir: false, copyPublicDir: false, target: TARGET, sourcemap: false, modulePreload: false },
  });
  return {
    name: 'stagecoach-content-scripts',
    apply: 'build',
    async closeBundle() {
      // Library mode: one file per build, with no module-preload wrapper around `import()`.
      const detector = common(null);
      await build({
        ...detector,
        build: {
          ...detector.build,
          lib: { entry: path.join(root, 'src/content/index.ts'), formats: ['iife'], name: 'stagecoach', fileName: () => DETECTOR_FILE },
        },
      });
      for (const crm of CRMS) {
        const config = common(crm.id);
        await build({
          ...config,
          build: {
            ...config.build,
            lib: { entry: path.join(root, 'src/content/crm-page.ts'), formats: ['es'], fileName: () => dealPageFile(crm.id) },
            // Vite keeps whitespace in library ES output (for other bundlers to read); this file goes to the browser as is.
            rollupOptions: { output: { codeSplitting: false, minify: true, comments: false } },
          },
        });
      }
      for (const crm of LIST_CRMS) {
        const config = common(crm.id);
        await build({
          ...config,
          build: {
            ...config.build,
            lib: { entry: path.join(root, 'src/content/list-page.ts'), formats: ['es'], fileName: () => listPageFile(crm.id) },
            rollupOptions: { output: { codeSplitting: false, minify: true, comments: false } },
          },
        });
      }
      const site = common(null);
      await build({
        ...site,
        build: {
          ...site.build,
          lib: { entry: path.join(root, 'src/content/site.ts'), formats: ['iife'], name: 'stagecoachSite', fileName: () => SITE_SCRIPT_FILE },
        },
      });
      const manifestPath = path.join(root, OUT_DIR, 'manifest.json');
      const built = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      const matches = CRMS.flatMap((crm) => crm.matches);
      built.content_scripts = [{ matches, js: [DETECTOR_FILE], run_at: 'document_start', all_frames: false }];
      // The same hosts again as host permissions, which the content script's matches do not give: the worker needs them
      // to start the new detector in the CRM tabs already open after an update or reload (scripting.executeScript).
      // The browser asks the rep for nothing more: its install prompt counts the content script's hosts already.
      built.host_permissions = matches;
      // Each CRM's module is reachable only from that CRM's hosts (any path: the pattern's path part is ignored).
      built.web_accessible_resources = CRMS.map((crm) => ({
        resources: crm.listPage ? [dealPageFile(crm.id), listPageFile(crm.id)] : [dealPageFile(crm.id)],
        matches: [...new Set(crm.matches.map((pattern) => pattern.replace(/^([^:]+:\/\/[^/]+)\/.*$/, '$1/*')))],
        use_dynamic_url: true,
      }));
      writeFileSync(manifestPath, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}

export default defineConfig({
  // The worker and the pages use the registry's URL detectors but never load an adapter: no adapter chunk for them.
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), noAdapters, crx({ manifest }), contentScripts()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: TARGET,
    sourcemap: false,
    modulePreload: false,
  },
});
