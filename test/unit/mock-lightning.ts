/**
 * The mock Lightning app of the demo and the browser tests (test/fixtures/salesforce/lightning-app.{html,js}),
 * booted in happy-dom for unit tests. happy-dom gives each window its own Date; in a browser the page and
 * Stagecoach share one clock, and the app dates its deals from today, so the window gets the test's Date (a faked
 * clock reaches the app too). Call `closeMockApps()` after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

const FIXTURES = join(process.cwd(), 'test/fixtures/salesforce');
const HTML = readFileSync(join(FIXTURES, 'lightning-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'lightning-app.js'), 'utf8');

/** How the app renders its components (see the top of lightning-app.js): today's Lightning, or native shadow DOM. */
export type ShadowMode = 'synthetic' | 'native' | 'mixed' | 'closed';

/** The part of `window.lightningApp` the unit tests drive. */
export interface MockApi {
  recordIds(): string[];
  navigate(href: string): void;
  whenIdle(): Promise<void>;
  reset(): void;
  shadowMode(): ShadowMode;
  /** A component's shadow root, closed ones included: the unit tests' stand-in for the browser's opener. */
  shadowRootOf(host: Element): ShadowRoot | null;
}

const open: Window[] = [];

export function openMockApp(
  url: string,
  renderDelayMs: number,
  shadow: ShadowMode = 'synthetic',
): { window: Window; doc: Document; api: MockApi } {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date, lightningAppRenderDelayMs: renderDelayMs, lightningAppShadow: shadow });
  window.document.write(HTML);
  window.eval(SCRIPT);
  return {
    window,
    doc: window.document as unknown as Document,
    api: (window as unknown as { lightningApp: MockApi }).lightningApp,
  };
}

export async function closeMockApps(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
