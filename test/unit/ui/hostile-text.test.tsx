// @vitest-environment happy-dom
/**
 * The second guards behind the playbook validator, and what keeps text read from CRM pages (which has none) in
 * bounds: links made only for https, user text isolated from the UI words around it, a page's long text cut to what
 * the worker accepts. The browser test (test/e2e/hostile-text.test.ts) shows the same in real Chromium; these pin
 * each guard on its own, with a stored playbook no validator saw.
 */
import fc from 'fast-check';
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePayload } from '../../../src/background/payloads';
import { buildChecklist } from '../../../src/core/checklist';
import { fitRow, fitSnapshot, SNAPSHOT_LIMITS } from '../../../src/core/snapshot-fit';
import { PLAYBOOK_FORMAT, type Playbook } from '../../../src/core/types';
import { Overlay, type OverlayActions, type OverlayView } from '../../../src/content/overlay/Overlay';
import { revisionText } from '../../../src/ui/playbook-source';
import { clip, isHttps, isolate } from '../../../src/ui/text';
import { deal } from '../deal-fixture';

const IMG = '<img src=x onerror="globalThis.__pwned=1">';
const RLO = '\u202E';

/** A playbook as it might sit in storage from before a validator rule existed: every link kind a page must refuse. */
const STORED: Playbook = {
  format: PLAYBOOK_FORMAT,
  name: `${IMG} ${RLO}Stored`,
  stages: [
    {
      id: 'discover',
      name: `${RLO}Discover`,
      match: ['Discovery'],
      probability: 20,
      forecastCategory: 'pipeline',
      outcome: 'open',
      criteria: [
        {
          id: 'pain',
          label: `${IMG}${RLO}Pain`,
          required: false,
          help: IMG,
          links: [
            { title: 'Script', url: 'javascript:globalThis.__pwned=1' },
            { title: 'Data', url: 'data:text/html,<script>globalThis.__pwned=1</script>' },
            { title: 'Plain', url: 'http://guide.example.com/' },
            { title: 'Upper', url: 'HTTPS://guide.example.com/upper' },
            { title: 'Guide', url: 'https://guide.example.com/' },
          ],
        },
      ],
    },
  ],
};

const noop = async (): Promise<void> => {};
const ACTIONS: OverlayActions = { toggle: noop, chooseStage: noop, setCollapsed: () => {}, dismissNotice: noop, openOptions: noop };

function overlayView(snapshot = deal({ stage: { label: 'Discovery', value: null } })): OverlayView {
  const stage = STORED.stages[0]!;
  return {
    deal: snapshot,
    failure: null,
    missingParts: [],
    chosenStage: null,
    crmLabel: 'Salesforce',
    playbook: STORED,
    matched: true,
    checklist: buildChecklist(STORED, stage, snapshot, {}, new Date().toISOString().slice(0, 10)),
    collapsed: false,
    notice: { id: 'notice-1', playbookName: STORED.name, at: new Date().toISOString(), lines: [], total: 0 },
    noticeError: null,
    error: null,
    saving: new Set(),
  };
}

afterEach(() => {
  render(null, document.body);
  delete (globalThis as { __pwned?: unknown }).__pwned;
});

describe('Overlay with a stored playbook no validator saw', () => {
  it('makes a link only of the https address, opened without opener or referrer; the others stay text', () => {
    render(h(Overlay, { view: overlayView(), actions: ACTIONS }), document.body);
    const anchors = [...document.querySelectorAll('a')];
    expect(anchors.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')])).toEqual([
      ['HTTPS://guide.example.com/upper', 'noopener noreferrer', '_blank'],
      ['https://guide.example.com/', 'noopener noreferrer', '_blank'],
    ]);
    const links = [...document.querySelectorAll('.links li')].map((li) => li.textContent);
    expect(links).toEqual(['Script', 'Data', 'Plain', 'Upper', 'Guide']);
  });

  it('shows markup in names, labels and help as text, and makes no element of it', () => {
    render(h(Overlay, { view: overlayView(), actions: ACTIONS }), document.body);
    expect(document.querySelectorAll('img, script').length).toBe(0);
    expect(document.body.textContent).toContain(`${IMG}${RLO}Pain`);
    expect(document.querySelector('.help p')?.textContent).toBe(IMG);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('isolates playbook and page text from the UI words around it', () => {
    render(h(Overlay, { view: overlayView(), actions: ACTIONS }), document.body);
    const label = document.querySelector('.criterion label');
    // The override stays inside its <bdi>; "(optional)" is outside it.
    expect(label?.querySelector('bdi')?.textContent).toBe(`${IMG}${RLO}Pain`);
    expect(label?.querySelector('.tag')?.closest('bdi')).toBeNull();
    expect(document.querySelector('.stage-meta bdi')?.textContent).toBe(`${RLO}Discover`);
    expect(document.querySelector('.notice bdi')?.textContent).toBe(STORED.name);
  });

  it('quotes at most a line of a CRM stage the playbook lacks, however long the page wrote it', () => {
    const snapshot = deal({ stage: { label: `${RLO}${'S'.repeat(1_000_000)}`, value: null } });
    render(h(Overlay, { view: { ...overlayView(snapshot), matched: false, checklist: null }, actions: ACTIONS }), document.body);
    const quoted = document.querySelector('.problem bdi')?.textContent ?? '';
    expect(quoted).toHaveLength(120);
    expect(quoted.endsWith('…')).toBe(true);
  });
});

describe('isHttps', () => {
  it('accepts https addresses only', () => {
    expect(['https://a.example/', 'HTTPS://a.example/x'].map(isHttps)).toEqual([true, true]);
    const refused = ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'http://a.example/', '//a.example/', 'a.example', ''];
    expect(refused.filter(isHttps)).toEqual([]);
  });
});

describe('clip', () => {
  it('keeps short text, cuts long text to the limit with an ellipsis, never through a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 2, max: 150 }), (text, max) => {
        const out = clip(text, max);
        const chars = Array.from(out);
        if (Array.from(text).length <= max) expect(out).toBe(text);
        else {
          expect(chars).toHaveLength(max);
          expect(out.endsWith('…')).toBe(true);
          expect(text.startsWith(out.slice(0, -1))).toBe(true);
        }
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
      }),
    );
  });
});

describe('isolate', () => {
  it('leaves left-to-right text as it is', () => {
    expect(isolate('Acme Sales Playbook')).toBe('Acme Sales Playbook');
  });

  it('keeps an imported file name from turning the date after it around', () => {
    const revision = { id: 1, origin: 'import', savedAt: new Date().toISOString(), name: 'Acme', label: null, fileName: `playbook${RLO}nosj.exe`, url: null, stages: 2, criteria: 3 } as const;
    const text = revisionText(revision, 'en-US');
    expect(text).toMatch(new RegExp(`^Imported from \u2068playbook${RLO}nosj\.exe\u2069 on `));
  });

  it('wraps bidi text in one balanced isolate that its own stray pops cannot end early', () => {
    const bidi = fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', 'א', 'ب', 'a', ' ');
    fc.assert(
      fc.property(fc.array(bidi, { maxLength: 40 }).map((cs) => cs.join('')), (text) => {
        const out = isolate(text);
        if (!/[\u202A-\u202E\u2066-\u2069אب]/.test(text)) {
          expect(out).toBe(text);
          return;
        }
        expect(out.startsWith('\u2068')).toBe(true);
        expect(out.endsWith('\u2069')).toBe(true);
        // The wrapper's isolate is open from the first character to the last, never closed before.
        let depth = 0;
        for (const [i, char] of Array.from(out).entries()) {
          if (/[\u2066-\u2068]/.test(char)) depth++;
          else if (char === '\u2069') depth--;
          if (i < Array.from(out).length - 1) expect(depth).toBeGreaterThan(0);
        }
        expect(depth).toBe(0);
        // Nothing of the text is lost but its stray pops.
        expect(out.replace(/[\u2066-\u2069]/g, '')).toBe(text.replace(/[\u2066-\u2069]/g, ''));
      }),
    );
  });
});

describe('fitSnapshot', () => {
  it('cuts any deal page text to what the worker accepts, so every deal read is recorded', () => {
    const longText = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', minLength: 290, maxLength: 6_000 }));
    fc.assert(
      fc.property(
        longText,
        longText.filter((s) => s.length > 0),
        longText,
        fc.dictionary(longText, longText, { maxKeys: 3 }),
        (name, stage, text, fields) => {
          const snapshot = deal({ name, stage: { label: stage, value: stage }, nextStep: text, owner: text, forecastCategory: text, fields });
          const fitted = fitSnapshot(snapshot);
          const parsed = parsePayload('deal/seen', { deal: fitted });
          expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
          if (name.length <= SNAPSHOT_LIMITS.name) expect(fitted.name).toBe(name);
          else expect(fitted.name?.endsWith('…')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the first 500 fields of a page with more', () => {
    const fields = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`Field ${i}`, `${i}`]));
    const fitted = fitSnapshot(deal({ fields }));
    expect(Object.keys(fitted.fields)).toHaveLength(SNAPSHOT_LIMITS.fields);
    expect(fitted.fields['Field 0']).toBe('0');
    expect(parsePayload('deal/seen', { deal: fitted }).ok).toBe(true);
  });
});

describe('fitRow', () => {
  it('cuts a list row to what the worker accepts, so one long name does not keep a whole list unrecorded', () => {
    const url = 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view';
    const long = 'W'.repeat(10_000);
    const rows = [
      { url, name: long, stage: { label: long, value: null }, owner: long, forecastCategory: long },
      { url: url.replace('001AAA', '002AAA'), name: 'Globex renewal' },
    ];
    expect(parsePayload('deals/listed', { rows }).ok).toBe(false);
    const fitted = rows.map(fitRow);
    const parsed = parsePayload('deals/listed', { rows: fitted });
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    expect(fitted[0]?.name).toHaveLength(SNAPSHOT_LIMITS.name);
    expect(fitted[0]?.name?.endsWith('…')).toBe(true);
    // What a list does not show stays absent (a field the list leaves out must not overwrite the deal's).
    expect(fitted[1]).toEqual(rows[1]);
  });
});
