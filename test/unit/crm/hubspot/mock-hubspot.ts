/**
 * The mock HubSpot app of the demo and the browser tests (test/fixtures/hubspot/hubspot-app.{html,js}), booted in
 * happy-dom for unit tests, so the reader is tested against the very pages the browser tests serve. The window gets
 * the test's Date: the app dates its deals from today, as Stagecoach does. Call `closeMockHubSpots()` after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

const FIXTURES = join(process.cwd(), 'test/fixtures/hubspot');
const HTML = readFileSync(join(FIXTURES, 'hubspot-app.html'), 'utf8').replace(/<script src="[^"]*"><\/script>/, '');
const SCRIPT = readFileSync(join(FIXTURES, 'hubspot-app.js'), 'utf8');

/** The part of `window.hubspotApp` the unit tests drive. */
export interface HubSpotApi {
  portal: string;
  dealIds(): string[];
  navigate(href: string): void;
  whenRendered(): Promise<void>;
  setStage(id: string): void;
}

export interface MockHubSpot {
  window: Window;
  doc: Document;
  api: HubSpotApi;
  url(): URL;
}

const open: Window[] = [];

export function openMockHubSpot(url: string, options: { language?: 'en-US' | 'pt-BR' } = {}): MockHubSpot {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date, hubspotAppRenderDelayMs: 5, hubspotAppLanguage: options.language ?? 'en-US' });
  window.document.write(HTML);
  window.eval(SCRIPT);
  return {
    window,
    doc: window.document as unknown as Document,
    api: (window as unknown as { hubspotApp: HubSpotApi }).hubspotApp,
    url: () => new URL(window.location.href),
  };
}

export async function closeMockHubSpots(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
