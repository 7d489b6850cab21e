/**
 * Opt-in timing of Stagecoach's own work on the page's performance timeline (User Timing), read by
 * `npm run bench` and visible in DevTools. Only a page whose timeline already holds a `stagecoach:trace` mark when
 * the content script starts is traced, so ordinary CRM pages get no entries at all.
 */
const enabled = performance.getEntriesByName('stagecoach:trace', 'mark').length > 0;

export function traced<T>(name: string, work: () => T): T {
  if (!enabled) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(`stagecoach:${name}`, { start, end: performance.now() });
  }
}
