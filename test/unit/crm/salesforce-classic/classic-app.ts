/**
 * The mock Salesforce Classic pages of the demo and the browser tests (test/fixtures/salesforce-classic/classic-app.*),
 * rendered in happy-dom for unit tests at a URL, as the server would send them. The window gets the test's Date, so a
 * faked clock dates the deals as it dates Stagecoach's today. Call `closeClassicPages()` after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

const FIXTURES = join(process.cwd(), 'test/fixtures/salesforce-classic');
const HTML = readFileSync(join(FIXTURES, 'classic-app.html'), 'utf8');
const SCRIPT = readFileSync(join(FIXTURES, 'classic-app.js'), 'utf8');

const open: Window[] = [];

export function openClassicPage(url: string): { window: Window; doc: Document } {
  const window = new Window({ url, settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  open.push(window);
  Object.assign(window, { Date });
  // The page as parsed up to its script, then the script, as the browser runs it while parsing.
  window.document.write(HTML);
  window.eval(SCRIPT);
  return { window, doc: window.document as unknown as Document };
}

export async function closeClassicPages(): Promise<void> {
  await Promise.all(open.splice(0).map((w) => w.happyDOM.close()));
}
