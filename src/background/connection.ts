/**
 * The worker's one database connection, opened on first need and shared by every later message. When the browser or
 * a newer version of the database closes it, the handle is dropped and the next message opens a new one: a closed
 * handle kept in a cache would fail every message until the worker stopped.
 */
import { openStagecoachDB } from './db';
import { createStore, type Log, type Store } from './store';

export function createConnection(log: Log, factory?: IDBFactory): () => Promise<Store> {
  let current: Promise<Store> | null = null;
  return function store(): Promise<Store> {
    if (current) return current;
    const opening: Promise<Store> = openStagecoachDB({
      factory,
      onClose() {
        if (current === opening) current = null;
      },
    }).then((db) => createStore(db, log));
    current = opening;
    // A failed open must not stick either: the next message tries again.
    opening.catch(() => {
      if (current === opening) current = null;
    });
    return opening;
  };
}
