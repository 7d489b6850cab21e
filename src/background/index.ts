/**
 * Stagecoach's service worker. Listeners are registered synchronously at the top level, so a message that wakes
 * the worker is never missed; the database opens on first need and is shared by every later message.
 */
import { runtime } from '../platform';
import { openStagecoachDB } from './db';
import { createHandlers } from './handlers';
import { rebuildMirror, storageMirror } from './mirror';
import { createRouter } from './router';
import { createStore, type Store } from './store';

let storePromise: Promise<Store> | null = null;
function store(): Promise<Store> {
  storePromise ??= openStagecoachDB().then(createStore);
  // A failed open must not stick: the next message tries again.
  storePromise.catch(() => (storePromise = null));
  return storePromise;
}

const log = (message: string, error?: unknown) => console.error(`[Stagecoach] ${message}`, error ?? '');

const route = createRouter(
  createHandlers({ store, mirror: storageMirror, openOptionsPage: runtime.openOptionsPage, now: () => new Date() }),
  { id: runtime.id(), origin: runtime.origin() },
  log,
);

runtime.onMessage(route);

runtime.onInstalled(() => {
  store()
    .then(rebuildMirror)
    .catch((error) => log('could not prepare the playbook for CRM pages', error));
});
