/**
 * Follows a CRM list page with its reader: reads the rows once the list renders and again as it changes (rows added
 * as it scrolls, a Kanban switched), and sends the worker only rows that are new or changed since they were last
 * sent. `signal` owns the observer and timers: navigating away aborts it and the page is left as it was.
 */
import type { CrmListReader, ListRow } from '../crm/types';
import { extensionAlive } from '../platform/content';
import { traced } from './trace';

/** Changes settle for this long before the list is read again: a virtualised list adds its rows in bursts. */
const SETTLE_MS = 250;
/** The most rows one message carries (the worker's limit: one transaction each). */
export const BATCH_ROWS = 500;
/**
 * Rows read per task: parsing a row's amount and date is the dear part, and a virtualised list keeps every row it
 * loaded, so a list is read in slices with a yield between them and no task grows with the list.
 */
export const READ_ROWS = 50;

/** Yields to the browser between batches, so reading and sending a long list never makes one long task. */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Follows the list `reader` reads on this page until `signal` aborts, handing `send` the rows to record. */
export function followList(reader: CrmListReader, signal: AbortSignal, send: (rows: ListRow[]) => Promise<unknown>): void {
  /** Each deal's row as last sent, by URL: only rows that are new or changed are sent again. */
  const sent = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let observed: Element[] = [];
  let skippedSaid = 0;

  const observer = new MutationObserver(() => schedule());
  const observe = () => {
    // Before the list renders there is nothing of it to watch: the page's body is, until the reader finds it.
    const watched = reader.watched(document);
    const targets = watched.length > 0 ? watched : [document.body];
    if (targets.length === observed.length && targets.every((el, i) => el === observed[i])) return;
    observer.disconnect();
    observed = targets;
    for (const target of targets) observer.observe(target, { childList: true, subtree: true, characterData: true });
  };

  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const page = new URL(location.href);
        const first = traced('list-read', () => reader.read(document, page, { from: 0, to: READ_ROWS }));
        observe();
        if (!first) continue;
        const read = { rows: [...first.rows], skipped: first.skipped };
        for (let from = READ_ROWS; from < first.total && !signal.aborted; from += READ_ROWS) {
          await nextTask();
          // A change meanwhile schedules another pass, which reads the list again as it is then.
          const slice = traced('list-read', () => reader.read(document, page, { from, to: from + READ_ROWS }));
          if (!slice) break;
          read.rows.push(...slice.rows);
          read.skipped += slice.skipped;
        }
        if (read.skipped > skippedSaid) {
          // Said once per new count, for whoever looks into a list whose deals seem missing from the popup.
          skippedSaid = read.skipped;
          console.info(`[Stagecoach] ${read.skipped} rows of this list have no link to a deal page and were not recorded`);
        }
        const fresh: ListRow[] = [];
        const bodies = new Map<string, string>();
        traced('list-diff', () => {
          for (const row of read.rows) {
            const body = JSON.stringify(row);
            if (sent.get(row.url) !== body) {
              fresh.push(row);
              bodies.set(row.url, body);
            }
          }
        });
        for (let start = 0; start < fresh.length && !signal.aborted; start += BATCH_ROWS) {
          await nextTask();
          const batch = fresh.slice(start, start + BATCH_ROWS);
          try {
            // The message is serialised in the call itself: timed, as it is the batch's main-thread cost.
            await traced('list-send', () => send(batch));
            for (const row of batch) sent.set(row.url, bodies.get(row.url) ?? '');
          } catch (error) {
            // Left unmarked, these rows go again with the list's next change; unless the extension went away with
            // them in flight, when the new version's script takes over and there is nobody to tell.
            if (!extensionAlive()) return;
            console.warn('[Stagecoach] could not record the deals of this list (retried on its next change)', error);
          }
        }
      } while (again && !signal.aborted);
    } finally {
      running = false;
    }
  };

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  }

  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    observer.disconnect();
  });
  if (!signal.aborted) {
    observe();
    void run();
  }
}
