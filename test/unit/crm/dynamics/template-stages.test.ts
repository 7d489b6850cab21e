// @vitest-environment happy-dom
/**
 * The Dynamics 365 template on a default-configured org: every stage of the default "Opportunity Sales Process", as
 * the reader reports it (the active stage's GUID and label), is the template's stage of that name, in any UI
 * language, since the GUID is the same in all of them; closed opportunities' Won and Lost statuses are its won and
 * lost stages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { DYNAMICS_TEMPLATE } from '../../../../src/core/templates/dynamics';
import { closeMockApps, openMockApp } from './mock-dynamics';

afterEach(closeMockApps);

const TEMPLATE = DYNAMICS_TEMPLATE.playbook;

/** The default process's stages: GUID, English label, and a label in another UI language (the GUID decides). */
const PROCESS = [
  { value: '6b9ce798-221a-4260-90b2-2a95ed51a5bc', label: 'Qualify', translated: 'Qualifizieren' },
  { value: '650e06b4-789b-46c1-822b-0da76bedb1ed', label: 'Develop', translated: 'Entwickeln' },
  { value: 'd3ca8878-8d7b-47b9-852d-fcd838790cfd', label: 'Propose', translated: 'Vorschlagen' },
  { value: 'bb7e830a-61bd-441b-b1fd-6bb104ffa027', label: 'Close', translated: 'Schließen' },
];

describe('the Dynamics 365 template on a default org', () => {
  it.each(PROCESS)('maps $label by its GUID, in English and translated, and by its label alone', ({ value, label, translated }) => {
    expect(findStage(TEMPLATE, { label, value })?.stage.name).toBe(label);
    expect(findStage(TEMPLATE, { label: translated, value })?.stage.name).toBe(label);
    expect(findStage(TEMPLATE, { label, value: null })?.stage.name).toBe(label);
  });

  it('maps the Won and Lost statuses of closed opportunities to its won and lost stages', () => {
    expect(findStage(TEMPLATE, { label: 'Won', value: null })?.stage.outcome).toBe('won');
    expect(findStage(TEMPLATE, { label: 'Lost', value: null })?.stage.outcome).toBe('lost');
  });

  it('finds the stage of every deal of the mock app, as the reader reads it', async () => {
    const app = await openMockApp('/main.aspx?pagetype=dashboard');
    expect(app.api.stages().map((s) => s.id)).toEqual(PROCESS.map((s) => s.value));
    for (const id of app.api.recordIds()) {
      app.api.navigate(app.api.recordHref(id));
      await app.api.whenIdle();
      const result = app.read();
      if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.failure)}`);
      expect(findStage(TEMPLATE, result.deal.stage)?.stage.name, result.deal.stage.label).toBe(result.deal.stage.label);
    }
  });
});
