/**
 * The mock Dynamics 365 app of the demo and the browser tests (test/fixtures/dynamics/dynamics-app.{html,js}), booted
 * in happy-dom for unit tests, read through the real adapter. The window gets the test's Date, so the app's close
 * dates follow a faked clock as they follow the browser's in the e2e tests. Call `closeMockApps()` after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { adapter as dynamics } from '../../../../src/crm/dynamics';
import type { CrmAdapter, ReadResult } from '../../../../src/crm/types';

const FIXTURES = join(process.cwd(), 'test/fixtures/dynamics');
const HTML = readFileSync(join(FIXTURES, 'dynamics-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'dynamics-app.js'), 'utf8');

export const ORG = 'https://stagecoach-demo.crm.dynamics.com';

/** The part of `window.dynamicsApp` the tests drive. */
export interface MockApi {
  recordIds(): string[];
  stages(): { id: string; name: string }[];
  recordHref(id: string): string;
  listHref(): string;
  navigate(href: string): void;
  whenIdle(): Promise<void>;
}

export interface MockApp {
  window: Window;
  doc: Document;
  api: MockApi;
  read(adapter?: CrmAdapter): ReadResult;
  signature(): string | null;
  /** Clicks the first element matching `selector`; throws, naming it, when there is none. */
  click(selector: string): void;
}

const open: Window[] = [];

/** Opens the app at `pathAndQuery` (from /main.aspx) and waits until the page has rendered. */
export async function openMockApp(pathAndQuery: string): Promise<MockApp> {
  const window = new Window({ url: ORG + pathAndQuery, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date, dynamicsAppRenderDelayMs: 5 });
  window.document.write(HTML);
  window.eval(SCRIPT);
  const doc = window.document as unknown as Document;
  const api = (window as unknown as { dynamicsApp: MockApi }).dynamicsApp;
  await api.whenIdle();
  const url = (): URL => new URL(window.location.href);
  return {
    window,
    doc,
    api,
    read: (adapter = dynamics) => adapter.read(doc, url()),
    signature: () => dynamics.signature(doc, url()),
    click(selector) {
      const el = doc.querySelector<HTMLElement>(selector);
      if (!el) throw new Error(`Nothing to click at ${selector}`);
      el.click();
    },
  };
}

export async function closeMockApps(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
