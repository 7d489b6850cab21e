/**
 * The options page's Sites section as a model: the form's checks in the admin's words, the access asked for in the
 * same click as the save, a refused access that saves nothing, the worker's problems shown, picking, removal.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/core/default-playbook';
import type { Site } from '../../../src/core/types';
import type { ActivePlaybook } from '../../../src/messages';
import { createSitesModel, siteId, type SiteAccess } from '../../../src/options/sites-model';
import { activeOf, fakeClient, revisionOf } from './fake-client';

const ORIGINS = 'https://crm.example-inhouse.test/*';
const ACME: Site = {
  id: 'acme-crm',
  name: 'Acme CRM',
  dealPages: 'https://crm.example-inhouse.test/deals/*',
  selectors: { name: 'h1', stage: '[data-field=stage]' },
};

function setup(options: { granted?: boolean; sites?: Site[] } = {}) {
  const active = { value: activeOf({ ...DEFAULT_PLAYBOOK, sites: options.sites ?? [] }) as ActivePlaybook | null };
  const saved: unknown[][] = [];
  const fake = fakeClient({
    'sites/save': ({ sites }) => {
      saved.push(sites);
      const playbook = { ...DEFAULT_PLAYBOOK, sites: sites as Site[] };
      return {
        saved: true,
        active: activeOf(playbook, { kind: 'local', revision: revisionOf(playbook, { id: 1, origin: 'editor', savedAt: new Date().toISOString() }) }),
        sites: (sites as Site[]).map((s) => ({ id: s.id, origins: ORIGINS, allowed: true })),
      };
    },
    'sites/status': () => ({ sites: [] }),
  });
  const access = {
    request: vi.fn<SiteAccess['request']>(async () => options.granted ?? true),
    remove: vi.fn<SiteAccess['remove']>(async () => {}),
    isSelector: (selector: string) => !selector.includes('[[') ,
    pick: vi.fn<SiteAccess['pick']>(async () => ({ selector: '#deal-amount', text: '$48,000.00' })),
  };
  const model = createSitesModel(fake.client, access, active, (a) => {
    active.value = a;
  });
  return { model, access, saved, active, fake };
}

function fill(model: ReturnType<typeof setup>['model'], fields: Partial<Record<'siteName' | 'dealPages' | 'name' | 'stage' | 'amount' | 'closeDate', string>>) {
  for (const [field, value] of Object.entries(fields)) model.setField(field as 'siteName', value);
}

describe('adding a site', () => {
  it('lists every problem of the form in words, and asks for nothing until the form is right', async () => {
    const { model, access, saved } = setup();
    model.add();
    fill(model, { dealPages: 'http://crm.example-inhouse.test/deals/*', stage: 'div[[x' });
    await model.save();
    expect(model.editor.value?.problems).toEqual({
      siteName: 'Give the site a name, e.g. “Acme CRM”.',
      dealPages: expect.stringContaining('Stagecoach works on https:// pages only'),
      name: "Give a CSS selector for the deal's name, or pick it on a page of the site.",
      stage: '“div[[x” is not a CSS selector the browser can use. Check it, or pick the element instead.',
    });
    expect(access.request).not.toHaveBeenCalled();
    expect(saved).toEqual([]);
  });

  it('asks for the site’s origins in the click, then saves the site under an id from its name', async () => {
    const { model, access, saved, active } = setup();
    model.add();
    fill(model, { siteName: 'Acme CRM', dealPages: 'crm.example-inhouse.test/deals/*', name: 'h1.deal-title', stage: '[data-field=stage]' });
    const done = model.save();
    // Asked before anything was awaited: the browser allows the question only inside the click.
    expect(access.request).toHaveBeenCalledWith(ORIGINS);
    await done;
    expect(saved).toEqual([
      [{ id: 'acme-crm', name: 'Acme CRM', dealPages: 'https://crm.example-inhouse.test/deals/*', selectors: { name: 'h1.deal-title', stage: '[data-field=stage]' } }],
    ]);
    expect(model.editor.value).toBeNull();
    expect(model.outcome.value).toEqual({ kind: 'done', message: expect.stringContaining('Added “Acme CRM”') });
    expect(active.value?.playbook.sites?.map((s) => s.id)).toEqual(['acme-crm']);
    expect(model.allowed.value.get('acme-crm')).toBe(true);
  });

  it('saves nothing when the access is refused, and says so', async () => {
    const { model, saved } = setup({ granted: false });
    model.add();
    fill(model, { siteName: 'Acme CRM', dealPages: 'https://crm.example-inhouse.test/deals/*', name: 'h1', stage: '.stage' });
    await model.save();
    expect(saved).toEqual([]);
    expect(model.editor.value?.saveProblems).toEqual([
      'Stagecoach was not allowed to run on https://crm.example-inhouse.test/*, so “Acme CRM” was not saved. Save again and choose Allow.',
    ]);
  });

  it('shows the worker’s problems and gives back access it asked for only for this site', async () => {
    const { model, access, fake } = setup();
    fake.handlers['sites/save'] = () => ({ saved: false, problems: [{ path: 'sites[0].id', message: 'duplicate id' }] });
    model.add();
    fill(model, { siteName: 'Acme CRM', dealPages: 'https://crm.example-inhouse.test/deals/*', name: 'h1', stage: '.stage' });
    await model.save();
    expect(model.editor.value?.saveProblems).toEqual(['sites[0].id: duplicate id']);
    expect(access.remove).toHaveBeenCalledWith(ORIGINS);
  });

  it('fills a part with the selector picked on the site, and shows what it found', async () => {
    const { model, access } = setup();
    model.add();
    fill(model, { dealPages: 'https://crm.example-inhouse.test/deals/*' });
    await model.pick('amount');
    expect(access.pick).toHaveBeenCalledWith('https://crm.example-inhouse.test/deals/*', ORIGINS, "the deal's amount");
    expect(model.editor.value?.draft.selectors.amount).toBe('#deal-amount');
    expect(model.editor.value?.picked).toEqual({ part: 'amount', selector: '#deal-amount', text: '$48,000.00' });
  });

  it('says to open a page of the site when none is open', async () => {
    const { model, access } = setup();
    access.pick.mockResolvedValueOnce('no-tab');
    model.add();
    fill(model, { dealPages: 'https://crm.example-inhouse.test/deals/*' });
    await model.pick('stage');
    expect(model.editor.value?.pickProblem).toBe('Open a deal page of the site (https://crm.example-inhouse.test/deals/*) in another tab, then pick again.');
  });
});

describe('editing and removing a site', () => {
  it('keeps the site’s id (its deals are stored under it) and the locale the form does not show', async () => {
    const { model, saved } = setup({ sites: [{ ...ACME, locale: 'de-DE' }] });
    model.edit('acme-crm');
    fill(model, { siteName: 'Acme CRM (EU)', amount: '#amount' });
    await model.save();
    expect(saved[0]).toEqual([{ ...ACME, name: 'Acme CRM (EU)', locale: 'de-DE', selectors: { ...ACME.selectors, amount: '#amount' } }]);
  });

  it('removes a site by saving the others', async () => {
    const { model, saved } = setup({ sites: [ACME] });
    model.askRemove('acme-crm');
    await model.remove('acme-crm');
    expect(saved).toEqual([[]]);
    expect(model.outcome.value).toEqual({ kind: 'done', message: 'Removed “Acme CRM”. Stagecoach no longer runs on its pages and gave back its access.' });
  });
});

describe('site ids', () => {
  it('come from the name, and never repeat one already taken', () => {
    expect(siteId('Acme CRM', [])).toBe('acme-crm');
    expect(siteId('Acme CRM', ['acme-crm'])).toBe('acme-crm-2');
    expect(siteId('Ünïcode Çrm!', [])).toBe('unicode-crm');
    expect(siteId('***', [])).toBe('site');
  });
});
