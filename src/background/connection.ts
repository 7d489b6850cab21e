/**
 * The worker's one database connection, opened on first need and shared by every later message. When the browser or
 * a newer version of the database closes it, the handle is dropped and the next message opens a new one: a closed
 * handle kept in a cache would fail every message until the worker stopped.
 *
 * An upgrade can be blocked: another connection at the older version (an extension page or a worker of the version
 * before) that does not step aside when asked. The open then waits, for as long as that connection lives. A message
 * waits for it at most BLOCKED_WAIT_MS and is answered with what to do (DatabaseBlocked); the open itself goes on, so
 * once the other connection closes the upgrade runs and the next message is served as usual.
 */
import { deleteDB } from 'idb';
import { DB_NAME, openStagecoachDB } from './db';
import { createStore, explainStorageError, StorageFull, type Log, type Store } from './store';

/** How long a message waits on a blocked upgrade before its sender is told. */
export const BLOCKED_WAIT_MS = 5_000;

/** The database cannot be opened while another Stagecoach tab holds it at its older version. */
export class DatabaseBlocked extends Error {
  constructor() {
    super(
      'Stagecoach is waiting for another of its tabs to close before it can update its storage: ' +
        'close other Stagecoach tabs (options or popup pages) and try again',
    );
    this.name = 'DatabaseBlocked';
  }
}

/**
 * The browser could not open the database: Chromium's bare "Internal error opening backing store for indexedDB.open."
 * Its usual cause is a disk with no room left (after a failed write Chromium closes the database, and on a full disk
 * may not open it again: test/e2e/quota.test.ts), so that is what the rep is told to look at, with the browser's own
 * words for anyone who digs further.
 */
export class StorageUnavailable extends Error {
  constructor(cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause);
    super(
      `your browser could not open Stagecoach's storage ("${said.length > 120 ? `${said.slice(0, 120)}…` : said}"); ` +
        "this happens when the computer's disk is full: free some space, then try again",
      { cause },
    );
    this.name = 'StorageUnavailable';
  }
}

/**
 * Why an open failed, in words the rep can act on. Right after a write found the disk full, Chromium closes the
 * database and cannot open it again until there is room: the open's bare UnknownError is then that same full disk.
 */
export function explainOpenFailure(error: unknown, fullBefore: boolean): unknown {
  const explained = explainStorageError(error);
  if (!(explained instanceof Error) || explained.name !== 'UnknownError') return explained;
  return fullBefore ? new StorageFull(error) : new StorageUnavailable(error);
}

/**
 * `factory`: idb reads the global indexedDB; tests hand in a fresh fake one, and a shorter `waitMs`. `restore`: run
 * on a database this open created, before anyone else gets it (mirror.ts restoreFromCopy: what a database the
 * browser lost left in its copy). If it fails, the new database is deleted again, so the next open tries again
 * rather than go on with an empty database that a rebuild would copy over what was left.
 */
export function createConnection(
  log: Log,
  factory?: IDBFactory,
  waitMs = BLOCKED_WAIT_MS,
  restore?: (store: Store) => Promise<void>,
): () => Promise<Store> {
  let current: Promise<Store> | null = null;
  /** The open under way is blocked; each waiting message's timer starts then. */
  let blocked = false;
  /** A write found the storage full since the last open that worked: an open failing now fails for that. */
  let full = false;
  const onBlock = new Set<() => void>();

  function open(): Promise<Store> {
    blocked = false;
    let created = false;
    const opening: Promise<Store> = openStagecoachDB({
      factory,
      onCreated() {
        created = true;
      },
      onClose() {
        if (current === opening) current = null;
      },
      onBlocked() {
        if (current !== opening) return;
        log('the database upgrade waits for another Stagecoach tab to close its older connection');
        blocked = true;
        for (const start of onBlock) start();
      },
    }).then(
      async (db) => {
        full = false;
        const opened = createStore(db, log, {
          onFull() {
            full = true;
          },
        });
        if (created && restore) {
          try {
            await restore(opened);
          } catch (error) {
            db.close();
            await deleteDB(DB_NAME).catch((deleting: unknown) => log('could not remove the database whose restore failed', deleting));
            throw error;
          }
        }
        return opened;
      },
      (error: unknown) => {
        throw explainOpenFailure(error, full);
      },
    );
    current = opening;
    // A failed open must not stick either: the next message tries again.
    opening.then(
      () => {
        if (current === opening) blocked = false;
      },
      () => {
        if (current === opening) current = null;
      },
    );
    return opening;
  }

  return function store(): Promise<Store> {
    const opening = current ?? open();
    return new Promise<Store>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const start = () => {
        timer ??= setTimeout(() => reject(new DatabaseBlocked()), waitMs);
      };
      if (blocked && current === opening) start();
      else onBlock.add(start);
      opening.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        onBlock.delete(start);
      });
    });
  };
}
