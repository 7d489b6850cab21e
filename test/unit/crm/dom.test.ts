// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  collapse,
  composedContains,
  containingShadowRoot,
  deepQueryAll,
  firstShown,
  hiddenByMarkup,
  isShown,
  labelValuePairs,
  lightText,
  openShadowRoot,
  queryTrees,
  seeShadowRootsWith,
  shadowRoots,
  shownText,
  treesBelow,
  type ShadowRootOf,
} from '../../../src/crm/dom';

function page(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
}

function byId(doc: Document | ShadowRoot, id: string): Element {
  const el = doc.querySelector(`#${id}`);
  if (!el) throw new Error(`no #${id} in the test page`);
  return el;
}

describe('visibility from markup', () => {
  it('counts the hidden attribute, aria-hidden, inline display:none and the CRM’s own hidden classes', () => {
    const doc = page(`
      <p id="plain">a</p><p id="attr" hidden>b</p><p id="aria" aria-hidden="true">c</p>
      <p id="aria-false" aria-hidden="false">d</p><p id="inline" style="color: red; DISPLAY :none">e</p>
      <p id="visible-style" style="display: block">f</p><p id="crm" class="x-hide">g</p>`);
    const hidden = (id: string, classes: string[] = []) => hiddenByMarkup(byId(doc, id), { classes });
    expect(['plain', 'attr', 'aria', 'aria-false', 'inline', 'visible-style', 'crm'].filter((id) => hidden(id))).toEqual([
      'attr',
      'aria',
      'inline',
    ]);
    expect(hidden('crm', ['x-hide'])).toBe(true);
  });

  it('looks at ancestors up to the stop element only', () => {
    const doc = page('<div id="cache" hidden><div id="view"><span id="field">x</span></div></div>');
    const field = byId(doc, 'field');
    expect(isShown(field, null)).toBe(false);
    expect(isShown(field, byId(doc, 'view'))).toBe(true);
  });

  it('sees a hidden shadow host hide what its shadow root renders', () => {
    const doc = page('<div id="cache" class="x-hide"><div id="host"></div></div>');
    const shadow = byId(doc, 'host').attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span id="inside">Prospecting</span>';
    const inside = byId(shadow, 'inside');
    expect(isShown(inside, null)).toBe(true);
    expect(isShown(inside, null, { classes: ['x-hide'] })).toBe(false);
  });

  it('finds the first shown match, trying selectors in order', () => {
    const doc = page('<b class="a" hidden>1</b><b class="b">2</b><b class="a">3</b>');
    expect(firstShown(doc, ['.a', '.b'])?.textContent).toBe('3');
    expect(firstShown(doc, ['.c'])).toBeNull();
  });
});

describe('text as the page shows it', () => {
  it('collapses HTML whitespace but keeps no-break spaces', () => {
    expect(collapse('  1\u202f517\u00a0250,00 €\n\t ')).toBe('1\u202f517\u00a0250,00 €');
  });

  it('leaves out assistive text and buttons, and separates element boundaries', () => {
    const doc = page('<div id="v"><span>Pat</span><span>Seller</span><span class="sr">Open Pat Seller Preview</span><button>Edit</button></div>');
    expect(collapse(lightText(byId(doc, 'v'), '.sr, button'))).toBe('Pat Seller');
  });

  it('reads a value rendered into (nested) shadow roots when the light DOM is empty', () => {
    const doc = page('<div id="value"><x-lookup id="outer"></x-lookup></div>');
    const outer = byId(doc, 'outer').attachShadow({ mode: 'open' });
    outer.innerHTML = '<x-link id="inner"></x-link>';
    byId(outer, 'inner').attachShadow({ mode: 'open' }).innerHTML = '<a>Pat Seller</a><button>x</button>';
    expect(shownText(byId(doc, 'value'), 'button')).toBe('Pat Seller');
  });

  it('prefers the light DOM when it has text', () => {
    const doc = page('<div id="value">Light<x-host id="h"></x-host></div>');
    byId(doc, 'h').attachShadow({ mode: 'open' }).innerHTML = 'Shadow';
    expect(shownText(byId(doc, 'value'), 'button')).toBe('Light');
  });
});

describe('shadow-root walking', () => {
  function nested(mode: ShadowRootMode): { doc: Document; closed: Map<Element, ShadowRoot> } {
    const doc = page('<main id="main"><x-record id="record"></x-record></main>');
    const closed = new Map<Element, ShadowRoot>();
    const record = byId(doc, 'record');
    const outer = record.attachShadow({ mode });
    closed.set(record, outer);
    outer.innerHTML = '<li class="stage">Qualify</li><x-field id="field"></x-field>';
    const field = byId(outer, 'field');
    const inner = field.attachShadow({ mode: 'open' });
    closed.set(field, inner);
    inner.innerHTML = '<li class="stage">Propose</li>';
    return { doc, closed };
  }

  it('walks open shadow roots at any depth, in document order', () => {
    const { doc } = nested('open');
    expect(shadowRoots(doc)).toHaveLength(2);
    expect(deepQueryAll(doc, 'li.stage').map((li) => li.textContent)).toEqual(['Qualify', 'Propose']);
  });

  it('walks closed shadow roots only through the opener the caller passes', () => {
    const { doc, closed } = nested('closed');
    expect(deepQueryAll(doc, 'li.stage')).toEqual([]);
    const openOrClosed: ShadowRootOf = (host) => closed.get(host) ?? host.shadowRoot;
    expect(deepQueryAll(doc, 'li.stage', openOrClosed).map((li) => li.textContent)).toEqual(['Qualify', 'Propose']);
  });

  it('sees closed roots everywhere once the content script hands over the browser’s opener', () => {
    const { doc, closed } = nested('closed');
    try {
      seeShadowRootsWith((host) => closed.get(host) ?? host.shadowRoot);
      expect(queryTrees(treesBelow(doc), 'li.stage').map((li) => li.textContent)).toEqual(['Qualify', 'Propose']);
      expect(shownText(byId(doc, 'record'), 'button')).toBe('Qualify Propose');
    } finally {
      seeShadowRootsWith(openShadowRoot);
    }
    expect(treesBelow(doc)).toEqual([doc]);
  });

  it('tells containment across shadow boundaries, which Node.contains does not', () => {
    const { doc } = nested('open');
    const main = byId(doc, 'main');
    const [, inner] = shadowRoots(doc);
    const propose = inner?.querySelector('li');
    if (!propose) throw new Error('no nested shadow content');
    expect(main.contains(propose)).toBe(false);
    expect(composedContains(main, propose)).toBe(true);
    expect(composedContains(main, main)).toBe(true);
    expect(composedContains(propose, main)).toBe(false);
    expect(containingShadowRoot(propose)).toBe(inner);
    expect(containingShadowRoot(main)).toBeNull();
  });
});

describe('label/value pairs', () => {
  it('maps each shown label to its value; the first of a repeated label wins; unlabelled rows are skipped', () => {
    const doc = page(`
      <dl><div class="row"><dt> Close
        Date </dt><dd>12/31</dd></div>
      <div class="row"><dt></dt><dd>orphan</dd></div>
      <div class="row"><dt>Close Date</dt><dd>01/01</dd></div>
      <div class="row"><dt>Amount</dt><dd></dd></div></dl>`);
    const pairs = labelValuePairs(doc.querySelectorAll('.row'), {
      label: (row) => row.querySelector('dt')?.textContent ?? '',
      value: (row) => collapse(row.querySelector('dd')?.textContent ?? ''),
    });
    expect(pairs).toEqual({ 'Close Date': '12/31', Amount: '' });
  });
});
