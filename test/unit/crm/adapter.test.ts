// @vitest-environment happy-dom
/**
 * What every adapter promises the deal page, whatever its CRM: it agrees with its detector, and it reads nothing on a
 * URL that is not one of its deal pages (its own non-deal samples, other CRMs' deals), even if the page looked like one.
 */
import { describe, expect, it } from 'vitest';
import { CRMS_UNDER_TEST } from './crms';

const EMPTY_PAGE = '<!doctype html><html lang="en"><head><title>Not a deal</title></head><body><main></main></body></html>';

describe.each(CRMS_UNDER_TEST.map((c) => [c.crm.id, c] as const))('%s adapter', (id, { crm, samples }) => {
  it('carries its detector’s id and label', async () => {
    const adapter = await crm.load();
    expect({ id: adapter.id, label: adapter.label }).toEqual({ id: crm.id, label: crm.label });
  });

  it('reads no deal and gives no signature on pages that are not its deals', async () => {
    const adapter = await crm.load();
    const doc = new DOMParser().parseFromString(EMPTY_PAGE, 'text/html');
    const others = CRMS_UNDER_TEST.filter((other) => other.crm.id !== id).flatMap((other) => other.samples.deals.map(([href]) => href));
    for (const href of [...samples.notDeals, ...others]) {
      const url = new URL(href);
      expect(adapter.read(doc, url), href).toEqual({ ok: false, failure: { kind: 'not-deal' } });
      expect(adapter.signature(doc, url), href).toBeNull();
    }
  });

  it('says a deal page that has not rendered yet is not ready, never unreadable', async () => {
    const adapter = await crm.load();
    const doc = new DOMParser().parseFromString('<!doctype html><html><head></head><body></body></html>', 'text/html');
    const [first] = samples.deals;
    if (!first) throw new Error(`${id} has no deal sample`);
    const result = adapter.read(doc, new URL(first[0]));
    expect(result.ok ? 'ok' : result.failure.kind).toBe('not-ready');
  });
});
