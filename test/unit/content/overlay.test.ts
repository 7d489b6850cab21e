// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { DealSnapshot, Playbook } from '../../../src/core/types';
import { createOverlayModel, type OverlayModel } from '../../../src/content/model';
import { renderOverlay } from '../../../src/content/overlay/render';
import { ReplyError, type ChangeNotice, type Client } from '../../../src/messages';
import { deal as dealFixture } from '../deal-fixture';
import { getButton } from '../ui/fake-client';

const playbook: Playbook = {
  format: 'stagecoach.playbook/v1',
  name: 'Test playbook',
  stages: [
    {
      id: 'discovery', name: 'Discovery', match: ['Prospecting'], probability: 10, forecastCategory: 'pipeline', outcome: 'open',
      criteria: [{ id: 'meeting', label: 'First meeting held', required: true, links: [] }],
    },
    {
      id: 'qualify', name: 'Qualify', match: ['Needs Analysis'], probability: 20, forecastCategory: 'pipeline', outcome: 'open', guidance: 'Find the champion.',
      criteria: [
        { id: 'pain', label: 'Pain confirmed in the buyer’s words', required: true, help: 'Quote them.', links: [{ title: 'SPICED', url: 'https://example.com/spiced' }] },
        { id: 'champion', label: 'Champion named', required: false, links: [] },
        { id: 'amount', label: 'Amount entered', required: true, links: [], rule: { field: 'amount', op: 'present' } },
      ],
    },
    { id: 'won', name: 'Closed Won', match: [], probability: 100, forecastCategory: 'closed', outcome: 'won', criteria: [] },
  ],
};

const deal = (overrides: Partial<DealSnapshot> = {}): DealSnapshot =>
  dealFixture({ locale: 'en-US', stage: { label: 'Needs Analysis', value: 'Needs Analysis' }, ...overrides });

let container: HTMLElement;
let model: OverlayModel;
let send: ReturnType<typeof vi.fn>;
let saveSeen: ReturnType<typeof vi.fn<(id: string) => Promise<void>>>;
let unrender: () => void;

function setup() {
  send = vi.fn(async (_type: string, payload: { criterionId: string; checked: boolean }) => ({
    checks: payload.checked ? { [payload.criterionId]: { checkedAt: '2026-11-02T10:00:00.000Z' } } : {},
  }));
  saveSeen = vi.fn(async () => {});
  model = createOverlayModel({
    request: send as unknown as Client,
    saveCollapsed: async () => {},
    saveSeen,
    today: () => '2026-11-02',
    crmLabel: 'Salesforce',
    parts: {},
    page: { key: deal().key, url: deal().url },
  });
  model.playbook.value = playbook;
  model.deal.value = deal();
  unrender = renderOverlay(model, container);
}

/** The checkbox labelled `name`; a missing one fails the test here, by name, not later on `undefined`. */
function checkbox(name: string): HTMLInputElement {
  const found = [...container.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find((input) =>
    container.querySelector(`label[for="${input.id}"]`)?.textContent?.startsWith(name),
  );
  if (!found) throw new Error(`No checkbox labelled "${name}"`);
  return found;
}
const status = () => container.querySelector('[role=status]')?.textContent;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  setup();
});
afterEach(() => {
  unrender();
  container.remove();
});

describe('the stage checklist overlay', () => {
  it('is a landmark named "Stage checklist" that names the CRM stage and its place in the playbook', () => {
    const aside = container.querySelector('aside');
    expect(aside?.getAttribute('role')).toBe('complementary');
    expect(aside?.getAttribute('aria-label')).toBe('Stage checklist');
    expect(container.textContent).toContain('Needs Analysis');
    expect(container.textContent).toContain('Stage 2 of 2 · Qualify · 20%');
  });

  it('shows manual criteria as checkboxes and rules as disabled checkboxes with their reason', () => {
    expect(checkbox('Pain confirmed').disabled).toBe(false);
    expect(checkbox('Champion named').parentElement?.textContent).toContain('(optional)');
    const rule = checkbox('Amount entered');
    expect(rule.disabled).toBe(true);
    expect(rule.checked).toBe(false);
    expect(container.querySelector(`#${rule.getAttribute('aria-describedby')}`)?.textContent).toContain('Amount is empty');
  });

  it('counts required criteria, and says "Ready to advance" only when every required one is met', async () => {
    expect(status()).toBe('0 of 2 required met');
    checkbox('Pain confirmed').click();
    await vi.waitFor(() => expect(status()).toBe('1 of 2 required met'));
    expect(send).toHaveBeenCalledWith('check/set', { deal: { url: deal().url }, criterionId: 'pain', checked: true });
    model.deal.value = deal({ amount: { amount: 5000, currency: 'USD' } });
    await vi.waitFor(() => expect(status()).toBe('Ready to advance'));
  });

  it('puts a tick back and says so when the worker could not save it', async () => {
    send.mockRejectedValueOnce(new ReplyError('failed', 'Stagecoach could not complete this (disk full).'));
    checkbox('Pain confirmed').click();
    await vi.waitFor(() => expect(container.querySelector('[role=alert]')?.textContent).toContain('Your tick was not saved'));
    expect(checkbox('Pain confirmed').checked).toBe(false);
  });

  it('says when the CRM stage is not in the playbook, names it, and points to the options page', async () => {
    model.deal.value = deal({ stage: { label: 'Perception Analysis', value: 'Perception Analysis' } });
    await vi.waitFor(() => expect(container.textContent).toContain('“Perception Analysis” is not a stage in your playbook “Test playbook”'));
    getButton(container, 'Open playbook settings').click();
    expect(send).toHaveBeenCalledWith('options/open', {});
  });

  it('collapses to a badge that keeps the readiness, and expands again', async () => {
    getButton(container, 'Collapse stage checklist').click();
    await vi.waitFor(() => expect(container.querySelector('.badge')).not.toBeNull());
    expect(container.querySelector('aside')?.getAttribute('aria-label')).toBe('Stage checklist');
    expect(status()).toBe('0 of 2 required met');
    container.querySelector<HTMLButtonElement>('.badge')?.click();
    await vi.waitFor(() => expect(container.querySelectorAll('input[type=checkbox]').length).toBe(3));
  });

  it('collapses with Escape', async () => {
    checkbox('Pain confirmed').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await vi.waitFor(() => expect(container.querySelector('.badge')).not.toBeNull());
    expect(container.querySelectorAll('input[type=checkbox]')).toHaveLength(0);
  });

  it('works with the built-in playbook on a default Salesforce stage', async () => {
    model.playbook.value = DEFAULT_PLAYBOOK;
    model.deal.value = deal({ stage: { label: 'Prospecting', value: 'Prospecting' } });
    await vi.waitFor(() => expect(container.textContent).toContain('Stage 1 of 6'));
  });
});

const NOTICE: ChangeNotice = {
  id: '4@1764660000000',
  playbookName: 'Test playbook',
  at: new Date().toISOString(),
  lines: ['Added stage “Security Review”', 'Renamed “Budget” to “Budget confirmed” in Qualify', '“Champion named” is now required in Qualify'],
  total: 3,
};

/** The notice as a screen reader finds it: the section its heading names. */
function noticeRegion(): HTMLElement | null {
  const heading = [...container.querySelectorAll('h2')].find((h) => h.textContent === 'Playbook updated');
  const section = heading?.closest('section');
  return section && section.getAttribute('aria-labelledby') === heading?.id ? section : null;
}
const squash = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('what changed in the playbook, in the overlay', () => {
  it('is shown above the checklist: the playbook’s name and each change', async () => {
    expect(noticeRegion()).toBeNull();
    model.notice.value = NOTICE;
    await vi.waitFor(() => expect(noticeRegion()).not.toBeNull());
    const region = noticeRegion();
    expect(squash(region?.querySelector('p'))).toBe('“Test playbook” changed:');
    expect([...(region?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual(NOTICE.lines);
    expect(squash(region)).not.toContain('more');
    // Above the checklist: it comes before the status line and the first criterion.
    const first = region?.compareDocumentPosition(checkbox('Pain confirmed'));
    expect((first ?? 0) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(status()).toBe('0 of 2 required met');
  });

  it('says how many changes it leaves out', async () => {
    model.notice.value = { ...NOTICE, total: 11 };
    await vi.waitFor(() => expect(squash(noticeRegion())).toContain('and 8 more'));
  });

  it('is not shown when the rep already dismissed it, in this tab or another', async () => {
    model.seenNotice.value = NOTICE.id;
    model.notice.value = NOTICE;
    await Promise.resolve();
    expect(noticeRegion()).toBeNull();
    // A newer change is news again.
    model.notice.value = { ...NOTICE, id: '5@1764663600000' };
    await vi.waitFor(() => expect(noticeRegion()).not.toBeNull());
  });

  it('goes away on “Got it”, which is stored for every tab and the popup', async () => {
    model.notice.value = NOTICE;
    await vi.waitFor(() => expect(noticeRegion()).not.toBeNull());
    getButton(noticeRegion() ?? container, 'Got it').click();
    await vi.waitFor(() => expect(noticeRegion()).toBeNull());
    expect(saveSeen).toHaveBeenCalledWith(NOTICE.id);
    expect(status()).toBe('0 of 2 required met');
    // The focused button is gone: focus stays in the panel, on its first control.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Collapse stage checklist');
  });

  it('stays, and says why, when “Got it” could not be stored', async () => {
    saveSeen.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    model.notice.value = NOTICE;
    await vi.waitFor(() => expect(noticeRegion()).not.toBeNull());
    getButton(noticeRegion() ?? container, 'Got it').click();
    await vi.waitFor(() =>
      expect(squash(noticeRegion()?.querySelector('[role=alert]'))).toBe(
        'Stagecoach could not remember that you read this: Extension context invalidated.',
      ),
    );
    expect([...(noticeRegion()?.querySelectorAll('li') ?? [])]).toHaveLength(3);
  });

  it('is shown on a page Stagecoach cannot read too', async () => {
    model.failure.value = { kind: 'unreadable', message: 'The stage was not found.', missing: ['stage'] };
    model.notice.value = NOTICE;
    await vi.waitFor(() => expect(noticeRegion()).not.toBeNull());
    expect(container.textContent).toContain('Stagecoach cannot read this deal');
  });
});
