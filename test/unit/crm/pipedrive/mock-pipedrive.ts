/**
 * The mock Pipedrive app of the demo and the browser tests (test/fixtures/pipedrive/pipedrive-app.{html,js}), booted
 * in happy-dom for unit tests. The window gets the test's Date, so the app dates its deals from the test's today (a
 * faked clock reaches it too), as the page and Stagecoach share one clock in a browser. Call `closeMockApps()` after
 * each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

const FIXTURES = join(process.cwd(), 'test/fixtures/pipedrive');
const HTML = readFileSync(join(FIXTURES, 'pipedrive-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'pipedrive-app.js'), 'utf8');

/** The part of `window.pipedriveApp` the unit tests drive. */
export interface MockApi {
  dealIds(): number[];
  navigate(href: string): void;
  whenIdle(): Promise<void>;
  scrollSidebar(top: number): void;
}

const open: Window[] = [];

export function openMockApp(url: string, renderDelayMs = 5): { window: Window; doc: Document; api: MockApi } {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date, pipedriveAppRenderDelayMs: renderDelayMs });
  window.document.write(HTML);
  window.eval(SCRIPT);
  return {
    window,
    doc: window.document as unknown as Document,
    api: (window as unknown as { pipedriveApp: MockApi }).pipedriveApp,
  };
}

export async function closeMockApps(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
