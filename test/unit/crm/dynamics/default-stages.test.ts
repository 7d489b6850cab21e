// @vitest-environment happy-dom
/**
 * A fresh install on a default-configured Dynamics 365 Sales org shows a checklist (issue 7 part 5): every stage of
 * the default "Opportunity Sales Process", and the Won and Lost statuses of closed opportunities, as the reader
 * reports them, is a stage of the built-in playbook, in the process's order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findStage } from '../../../../src/core/checklist';
import { DEFAULT_PLAYBOOK } from '../../../../src/core/default-playbook';
import { closeMockApps, openMockApp } from './mock-dynamics';

afterEach(closeMockApps);

/** The process's stages as the mock app (and the default process) ship them: GUID and English label. */
const PROCESS = [
  { value: '6b9ce798-221a-4260-90b2-2a95ed51a5bc', label: 'Qualify' },
  { value: '650e06b4-789b-46c1-822b-0da76bedb1ed', label: 'Develop' },
  { value: 'd3ca8878-8d7b-47b9-852d-fcd838790cfd', label: 'Propose' },
  { value: 'bb7e830a-61bd-441b-b1fd-6bb104ffa027', label: 'Close' },
];

describe('the built-in playbook on a default Dynamics 365 org', () => {
  it('maps every default process stage to an open playbook stage, in the process’s order', () => {
    const found = PROCESS.map((stage) => findStage(DEFAULT_PLAYBOOK, stage));
    expect(found.map((f) => f?.stage.name)).toEqual(['Qualification', 'Solution Validation', 'Proposal', 'Negotiation']);
    expect(found.every((f) => f?.stage.outcome === undefined || f.stage.outcome === 'open')).toBe(true);
    const order = found.map((f) => f?.index ?? -1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('maps the Won and Lost statuses to the won and lost stages', () => {
    expect(findStage(DEFAULT_PLAYBOOK, { label: 'Won', value: null })?.stage.outcome).toBe('won');
    expect(findStage(DEFAULT_PLAYBOOK, { label: 'Lost', value: null })?.stage.outcome).toBe('lost');
  });

  it('has a stage for every deal of the mock app, as the reader reads it', async () => {
    const app = await openMockApp('/main.aspx?pagetype=dashboard');
    for (const id of app.api.recordIds()) {
      app.api.navigate(app.api.recordHref(id));
      await app.api.whenIdle();
      const result = app.read();
      if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.failure)}`);
      expect(findStage(DEFAULT_PLAYBOOK, result.deal.stage), result.deal.stage.label).not.toBeNull();
    }
  });

  it('knows the stages the mock app’s process shows', async () => {
    const app = await openMockApp('/main.aspx?pagetype=dashboard');
    expect(app.api.stages().map((s) => ({ value: s.id, label: s.name }))).toEqual(PROCESS);
  });
});
