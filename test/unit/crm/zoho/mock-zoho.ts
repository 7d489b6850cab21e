/**
 * The mock Zoho CRM app of the demo and the browser tests (test/fixtures/zoho/zoho-app.{html,js}), booted in
 * happy-dom for unit tests. The window gets the test's Date, as the page and Stagecoach share one clock in a browser
 * and the app dates its deals from today. Call `closeMockZoho()` after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

const FIXTURES = join(process.cwd(), 'test/fixtures/zoho');
const HTML = readFileSync(join(FIXTURES, 'zoho-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'zoho-app.js'), 'utf8');

/** The part of `window.zohoApp` the unit tests drive. */
export interface MockZohoApi {
  recordIds(): string[];
  navigate(href: string): void;
  whenIdle(): Promise<void>;
  setStage(id: string, stage: string): void;
}

const open: Window[] = [];

export function openMockZoho(url: string, renderDelayMs = 5): { window: Window; doc: Document; api: MockZohoApi } {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date, zohoAppRenderDelayMs: renderDelayMs });
  window.document.write(HTML);
  window.eval(SCRIPT);
  return {
    window,
    doc: window.document as unknown as Document,
    api: (window as unknown as { zohoApp: MockZohoApi }).zohoApp,
  };
}

export async function closeMockZoho(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
