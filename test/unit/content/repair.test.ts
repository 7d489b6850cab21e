// @vitest-environment happy-dom
/**
 * A deal page that cannot be read (issue 7 part 3): the overlay names the part that was not found, lets the rep
 * choose the deal's stage by hand from the playbook's stages, shows that stage's checklist as chosen by hand, and
 * goes back to the page's own stage once the page is readable again. It never guesses a stage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DealSnapshot, Playbook } from '../../../src/core/types';
import { createOverlayModel, type OverlayModel } from '../../../src/content/model';
import { renderOverlay } from '../../../src/content/overlay/render';
import type { ReadFailure } from '../../../src/crm/types';
import { ReplyError, type Client, type StagePick } from '../../../src/messages';
import { deal as dealFixture } from '../deal-fixture';

const playbook: Playbook = {
  format: 'stagecoach.playbook/v1',
  name: 'Test playbook',
  stages: [
    {
      id: 'discovery', name: 'Discovery', match: ['Prospecting'], probability: 10, forecastCategory: 'pipeline', outcome: 'open',
      criteria: [{ id: 'meeting', label: 'First meeting held', required: true, links: [] }],
    },
    {
      id: 'qualify', name: 'Qualify', match: ['Needs Analysis'], probability: 20, forecastCategory: 'pipeline', outcome: 'open',
      criteria: [
        { id: 'pain', label: 'Pain confirmed', required: true, links: [] },
        { id: 'amount', label: 'Amount entered', required: true, links: [], rule: { field: 'amount', op: 'present' } },
      ],
    },
  ],
};

const PAGE = { key: dealFixture().key, url: dealFixture().url };
const PARTS = { stage: { label: 'the current stage in the Path or the Stage field' }, amount: { label: 'the Amount field' } };
const unreadable = (missing: string[], read?: Omit<DealSnapshot, 'stage'>): ReadFailure => ({
  kind: 'unreadable',
  message: 'Salesforce may have changed its layout.',
  missing,
  ...(read && { read }),
});

let container: HTMLElement;
let model: OverlayModel;
let send: ReturnType<typeof vi.fn>;
let unrender: () => void;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  send = vi.fn(async (type: string, payload: { stageId?: string; criterionId?: string; checked?: boolean }) => {
    if (type === 'stage/choose') return { pick: { stageId: payload.stageId, chosenAt: '2026-11-02T10:00:00.000Z' } satisfies Partial<StagePick> };
    return { checks: payload.checked ? { [payload.criterionId ?? '']: { checkedAt: '2026-11-02T10:00:00.000Z' } } : {} };
  });
  model = createOverlayModel({
    request: send as unknown as Client,
    saveCollapsed: async () => {},
    saveSeen: async () => {},
    today: () => '2026-11-02',
    crmLabel: 'Salesforce',
    parts: PARTS,
    page: PAGE,
  });
  model.playbook.value = playbook;
  model.failure.value = unreadable(['stage']);
  unrender = renderOverlay(model, container);
});
afterEach(() => {
  unrender();
  container.remove();
});

const picker = () => {
  const select = container.querySelector<HTMLSelectElement>('select');
  if (!select) throw new Error('No stage picker');
  return select;
};
const labelOf = (el: Element) => container.querySelector(`label[for="${el.id}"]`)?.textContent;
const choose = (stageId: string) => {
  picker().value = stageId;
  picker().dispatchEvent(new Event('change', { bubbles: true }));
};
const text = () => container.textContent ?? '';

describe('a deal page that cannot be read', () => {
  it('says which part was not found, in the rep’s words, and shows no checklist until a stage is chosen', () => {
    expect(container.querySelector('[role=alert]')?.textContent).toBe(
      'Stagecoach cannot read this deal: it did not find the current stage in the Path or the Stage field on the page.',
    );
    expect(text()).toContain('Salesforce may have changed its page.');
    expect(container.querySelectorAll('input[type=checkbox]')).toHaveLength(0);
  });

  it('names every missing part', async () => {
    model.failure.value = unreadable(['stage', 'amount']);
    await vi.waitFor(() =>
      expect(container.querySelector('[role=alert]')?.textContent).toContain(
        'did not find the current stage in the Path or the Stage field and the Amount field on the page',
      ),
    );
  });

  it('offers the playbook’s stages in a labelled list, preset to none (never a guess)', () => {
    expect(labelOf(picker())).toBe('Choose this deal’s stage');
    expect([...picker().options].map((o) => o.text)).toEqual(['Choose a stage…', 'Discovery', 'Qualify']);
    expect(picker().value).toBe('');
  });

  it('remembers the rep’s choice with the worker, for the deal the page’s address names, and shows its checklist', async () => {
    choose('qualify');
    expect(send).toHaveBeenCalledWith('stage/choose', { deal: { url: PAGE.url }, stageId: 'qualify' });
    await vi.waitFor(() => expect(container.querySelector('.stage-meta')?.textContent).toBe('Chosen by hand · Stage 2 of 2 · 20%'));
    expect(container.querySelector('.stage-name')?.textContent).toBe('Qualify');
    expect(container.querySelector('[role=status]')?.textContent).toBe('0 of 2 required met');
    expect(picker().value).toBe('qualify');
  });

  it('decides rules on nothing when the page gave no fields, and on what it gave when it did', async () => {
    model.stagePick.value = { stageId: 'qualify', chosenAt: '2026-11-02T10:00:00.000Z' };
    await vi.waitFor(() => expect(text()).toContain('Amount is empty'));
    model.failure.value = unreadable(['stage'], { ...dealFixture(), amount: { amount: 5000, currency: 'USD' } });
    await vi.waitFor(() => expect(text()).not.toContain('Amount is empty'));
    expect(container.querySelector('[role=status]')?.textContent).toBe('1 of 2 required met');
  });

  it('ticks manual criteria of the chosen stage on the deal the page’s address names', async () => {
    model.stagePick.value = { stageId: 'discovery', chosenAt: '2026-11-02T10:00:00.000Z' };
    await vi.waitFor(() => expect(container.querySelector('input[type=checkbox]')).not.toBeNull());
    container.querySelector<HTMLInputElement>('input[type=checkbox]')?.click();
    await vi.waitFor(() => expect(container.querySelector('[role=status]')?.textContent).toBe('Ready to advance'));
    expect(send).toHaveBeenCalledWith('check/set', { deal: { url: PAGE.url }, criterionId: 'meeting', checked: true });
  });

  it('takes a choice back and says so when the worker could not save it', async () => {
    send.mockRejectedValueOnce(new ReplyError('forbidden', '"qualify" is not a stage of the playbook any more: choose the stage again.'));
    choose('qualify');
    await vi.waitFor(() =>
      expect(container.querySelector('[role=alert]:not(:first-child)')?.textContent).toContain('The stage you chose was not saved'),
    );
    expect(picker().value).toBe('');
    expect(container.querySelectorAll('input[type=checkbox]')).toHaveLength(0);
  });

  it('offers the choice again when the chosen stage is no longer in the playbook', async () => {
    model.stagePick.value = { stageId: 'negotiation', chosenAt: '2026-11-02T10:00:00.000Z' };
    await vi.waitFor(() => expect(picker().value).toBe(''));
    expect(container.querySelectorAll('input[type=checkbox]')).toHaveLength(0);
  });

  it('goes back to the stage the page shows once it can be read again, whatever was chosen', async () => {
    model.stagePick.value = { stageId: 'discovery', chosenAt: '2026-11-02T10:00:00.000Z' };
    await vi.waitFor(() => expect(text()).toContain('Chosen by hand'));
    model.failure.value = null;
    model.deal.value = dealFixture({ stage: { label: 'Needs Analysis', value: 'Needs Analysis' } });
    await vi.waitFor(() => expect(container.querySelector('.stage-name')?.textContent).toBe('Needs Analysis'));
    expect(text()).not.toContain('Chosen by hand');
    expect(container.querySelector('select')).toBeNull();
  });

  it('collapses to a badge that says it cannot read the deal, or the chosen stage’s readiness', async () => {
    model.setCollapsed(true);
    await vi.waitFor(() => expect(container.querySelector('.badge [role=status]')?.textContent).toBe('Cannot read deal'));
    model.stagePick.value = { stageId: 'discovery', chosenAt: '2026-11-02T10:00:00.000Z' };
    await vi.waitFor(() => expect(container.querySelector('.badge [role=status]')?.textContent).toBe('0 of 1 required met'));
  });
});
