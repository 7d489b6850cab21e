/**
 * Stagecoach's service worker. Listeners are registered synchronously at the top level, so a message that wakes
 * the worker is never missed; the database opens on first need and is shared by every later message.
 */
import { runtime, storage } from '../platform';
import { createConnection } from './connection';
import { createHandlers } from './handlers';
import { createMirror } from './mirror';
import { createRouter } from './router';

const log = (message: string, error?: unknown) => console.error(`[Stagecoach] ${message}`, error ?? '');

const store = createConnection(log);
const mirror = createMirror(storage, store, log);

const route = createRouter(
  createHandlers({ store, mirror, openOptionsPage: runtime.openOptionsPage, now: () => new Date() }),
  { id: runtime.id(), origin: runtime.origin() },
  log,
);

runtime.onMessage(route);

// The mirror is rebuilt whenever it may have drifted from the database: after an install or update (a migration may
// have re-keyed deals) and at browser start (a mirror write may have failed before the browser closed).
runtime.onInstalled(() => void mirror.rebuild());
runtime.onStartup(() => void mirror.rebuild());
