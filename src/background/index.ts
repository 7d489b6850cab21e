/**
 * Stagecoach's service worker. Listeners are registered synchronously at the top level, so a message that wakes
 * the worker is never missed; the database opens on first need and is shared by every later message.
 */
import { permissions, runtime, scripting, storage } from '../platform';
import { createConnection } from './connection';
import { createHandlers } from './handlers';
import { createMirror } from './mirror';
import { createRouter } from './router';
import { createSiteRegistrations } from './sites';
import { activePlaybook } from './store';

const log = (message: string, error?: unknown) => console.error(`[Stagecoach] ${message}`, error ?? '');

const store = createConnection(log);
const mirror = createMirror(storage, store, log);
const sites = createSiteRegistrations({ scripting, permissions }, log);

const route = createRouter(
  createHandlers({ store, mirror, sites, openOptionsPage: runtime.openOptionsPage, now: () => new Date() }),
  { id: runtime.id(), origin: runtime.origin() },
  log,
);

runtime.onMessage(route);

// The mirror is rebuilt whenever it may have drifted from the database: after an install or update (a migration may
// have re-keyed deals) and at browser start (a mirror write may have failed before the browser closed).
/**
 * The configured sites' scripts as the active playbook says: registrations persist across sessions, but an update
 * or a copied profile can lose them, and access granted or taken back in the browser's settings changes where the
 * script may run.
 */
const syncSites = () =>
  store()
    .then(activePlaybook)
    .then(({ playbook }) => sites.sync(playbook.sites ?? []))
    .catch((error: unknown) => log('could not register the content script of the configured sites', error));

runtime.onInstalled(() => {
  void mirror.rebuild();
  void syncSites();
});
runtime.onStartup(() => {
  void mirror.rebuild();
  void syncSites();
});
permissions.onChanged(() => void syncSites());
