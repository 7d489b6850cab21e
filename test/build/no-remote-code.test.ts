/**
 * No remote code and no code built from data (the Chrome Web Store's MV3 rule, and the CSP's script-src 'self'
 * made checkable before a browser refuses it): every script in dist/ is scanned for the ways text becomes code
 * (eval, new Function, a timer given a string, importScripts, an import() or a <script> of a web address), and the
 * pages' HTML and CSS for scripts, styles and fonts from the web. A playbook, a team URL's answer or a CRM page's
 * text can then only ever be data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../e2e/harness';

/** Each way a script could run code it did not ship with, as it reads in built (minified) code. */
const CODE_FROM_TEXT: [string, RegExp][] = [
  ['eval(', /(?<![\w$.])eval\s*\(/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['Function(...) given code as text', /(?<![\w$.]|new\s+)Function\s*\(\s*["'`]/],
  ['setTimeout or setInterval given a string', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
  ['importScripts(', /\bimportScripts\s*\(/],
  ['import() of a web address', /\bimport\s*\(\s*["'`](?:https?:)?\/\//],
  ['a <script> from a web address', /<script\b[^>]*\bsrc\s*=\s*\\?["'`]?(?:https?:)?\/\//i],
  ['a worker or shared worker from a web address', /\bnew\s+(?:Shared)?Worker\s*\(\s*["'`](?:https?:)?\/\//],
];

/** In the pages' HTML and CSS: anything loaded from the web. */
const REMOTE_IN_PAGES: [string, RegExp][] = [
  ['a <script> from a web address', /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i],
  ['a stylesheet or preload from a web address', /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//i],
  ['an inline <script> (the CSP refuses it)', /<script\b(?![^>]*\bsrc\s*=)[^>]*>\s*\S/i],
  ['a CSS @import or url() of a web address', /(?:@import\s+|url\(\s*)["']?(?:https?:)?\/\//i],
];

function filesOf(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.includes(path.extname(entry.name)))
    .map((entry) => path.relative(DIST, path.join(entry.parentPath, entry.name)));
}

/** What `rules` find in `text`, as "<rule> at <excerpt>". */
function findings(text: string, rules: [string, RegExp][]): string[] {
  return rules.flatMap(([what, rule]) => {
    const match = rule.exec(text);
    if (!match) return [];
    const at = Math.max(0, match.index - 40);
    return [`${what} at …${text.slice(at, match.index + match[0].length + 40)}…`];
  });
}

const scripts = filesOf(DIST, ['.js', '.mjs']);
const pages = filesOf(DIST, ['.html', '.css']);

describe('the built extension runs only the code it ships', () => {
  it('has scripts and pages to scan (the background, the detector, each CRM’s module, the popup and options pages)', () => {
    expect(scripts.length).toBeGreaterThan(10);
    expect(scripts).toContain('content/detector.js');
    expect(pages).toEqual(expect.arrayContaining(['src/popup/index.html', 'src/options/index.html']));
  });

  it('turns no text into code: no eval, new Function, string timers, importScripts, or import() / <script> / worker of a web address', () => {
    const found = scripts.flatMap((file) => findings(readFileSync(path.join(DIST, file), 'utf8'), CODE_FROM_TEXT).map((f) => `${file}: ${f}`));
    expect(found).toEqual([]);
  });

  it('loads no script, style or font from the web in its pages, and has no inline script', () => {
    const found = pages.flatMap((file) => findings(readFileSync(path.join(DIST, file), 'utf8'), REMOTE_IN_PAGES).map((f) => `${file}: ${f}`));
    expect(found).toEqual([]);
  });

  it('would catch each form it looks for (the scan can fail)', () => {
    const samples = [
      'a=eval("1+1")',
      'b=new Function("return 1")',
      'c=Function(`return this`)()',
      'setTimeout("alert(1)",5)',
      'setInterval(\'x()\', 1)',
      'importScripts("lib.js")',
      'import("https://cdn.example.com/x.js")',
      'import(`//cdn.example.com/x.js`)',
      'el.innerHTML="<script src=\\"https://cdn.example.com/x.js\\"></script>"',
      'new Worker("https://cdn.example.com/w.js")',
    ];
    for (const sample of samples) expect(findings(sample, CODE_FROM_TEXT), sample).toHaveLength(1);
    // What the build really does is not caught: its own chunks and the extension's URL.
    for (const fine of ['import(`./Editor-x.js`)', 'import(`${location.origin}/content/zoho.js`)', 'import(J(Y(t.crm.id)))', 'x.evaluate(1)', 'setTimeout(()=>f(),5)']) {
      expect(findings(fine, CODE_FROM_TEXT), fine).toEqual([]);
    }
    const pageSamples = [
      '<script src="https://cdn.example.com/x.js"></script>',
      '<link rel="stylesheet" href="//fonts.example.com/a.css">',
      '<script>alert(1)</script>',
      '@import url("https://fonts.example.com/a.css");',
      'src: url(https://fonts.example.com/a.woff2)',
    ];
    for (const sample of pageSamples) expect(findings(sample, REMOTE_IN_PAGES), sample).toHaveLength(1);
    expect(findings('<script type="module" crossorigin src="/assets/index.js"></script><link rel="stylesheet" href="/assets/a.css">', REMOTE_IN_PAGES)).toEqual([]);
  });
});
