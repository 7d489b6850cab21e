/**
 * The browser's script registry and host permissions, in memory, for worker tests: what is registered and granted
 * is plain state the tests read.
 */
import type { SiteBrowser } from '../../../src/background/sites';

export function fakeSiteBrowser(granted: Iterable<string> = []) {
  const origins = new Set(granted);
  const scripts = new Map<string, { id: string; matches: string[]; js: string[] }>();
  const browser: SiteBrowser = {
    scripting: {
      registered: async () => [...scripts.values()].map((script) => structuredClone(script)),
      async register(list) {
        for (const script of list) {
          // As Chrome does: a second registration under one id is an error, not a replacement.
          if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          scripts.set(script.id, structuredClone(script));
        }
      },
      async unregister(ids) {
        for (const id of ids) scripts.delete(id);
      },
    },
    permissions: {
      contains: async (list) => list.every((origin) => origins.has(origin)),
      async remove(list) {
        for (const origin of list) origins.delete(origin);
        return true;
      },
    },
  };
  return { browser, origins, scripts };
}
