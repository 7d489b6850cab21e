import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { CRMS } from './src/crm/registry';
import { DETECTOR_FILE, dealPageFile } from './src/content/files';
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
 * The registry loads adapters with `import()`. In a CRM's module that CRM's adapter becomes a static import (one
 * module, nothing initialised lazily); everywhere else (the detector, another CRM's module, the worker and the
 * pages, none of which calls `load()`) every adapter becomes a rejection that says where it really loads from, so
 * no adapter chunk and no module-preload helper is built into them.
 */
const onlyAdapterOf = (crm: string | null): Plugin => ({
  name: 'stagecoach-only-adapter',
  async transform(code, id) {
    const imports = [...code.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)];
    let out = code;
    let header = '';
    for (const [n, match] of imports.entries()) {
      const resolved = await this.resolve(match[2] as string, id);
      const owner = resolved ? crmOf(resolved.id) : null;
      if (!resolved || !owner) continue;
      let replacement: string;
      if (owner === crm) {
        // The adapter's exports by name, handed over in a plain object: a namespace import (`import * as`) would make
        // the bundler build a getter-per-export namespace object and its helper, which this module never needs.
        const { exports } = await this.load({ id: resolved.id });
        const locals = exports.map((_, i) => `__stagecoachAdapter${n}_${i}`);
        header += `import { ${exports.map((name, i) => `${name} as ${locals[i]}`).join(', ')} } from ${JSON.stringify(match[2])};\n`;
        replacement = `Promise.resolve({ ${exports.map((name, i) => `${JSON.stringify(name)}: ${locals[i]}`).join(', ')} })`;
      } else {
        const message = `The ${owner} adapter is not in this bundle: it loads from ${dealPageFile(owner)}.`;
        replacement = `Promise.reject(new Error(${JSON.stringify(message)}))`;
      }
      out = out.replace(match[0], replacement);
    }
    return out === code ? null : { code: header + out, map: null };
  },
});

/**
 * Content scripts are built here rather than by crxjs, whose loader makes a deal page import a chain of module
 * chunks (loader, entry, deal page, adapter, their shared chunks: three sequential `import()` steps, each a fetch,
 * compile and code-cache write). Instead:
 * - the detector (`src/content/index.ts`) is one classic script, injected at document_start with no loader;
 * - each CRM in the registry gets one self-contained module, `content/<crm>.js` (the overlay, Preact and that CRM's
 *   adapter), that the detector loads with a single `import()` on that CRM's deal pages.
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
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), onlyAdapterOf(crm)],
    define: { STAGECOACH_CRM: JSON.stringify(crm ?? '') },
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
      built.content_scripts = [
        { matches: CRMS.flatMap((crm) => crm.matches), js: [DETECTOR_FILE], run_at: 'document_start', all_frames: false },
      ];
      // Each CRM's module is reachable only from that CRM's hosts (any path: the pattern's path part is ignored).
      built.web_accessible_resources = CRMS.map((crm) => ({
        resources: [dealPageFile(crm.id)],
        matches: [...new Set(crm.matches.map((pattern) => pattern.replace(/^([^:]+:\/\/[^/]+)\/.*$/, '$1/*')))],
        use_dynamic_url: true,
      }));
      writeFileSync(manifestPath, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}

export default defineConfig({
  // The worker and the pages use the registry's URL detectors but never load an adapter: no adapter chunk for them.
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), onlyAdapterOf(null), crx({ manifest }), contentScripts()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: TARGET,
    sourcemap: false,
    modulePreload: false,
  },
});
