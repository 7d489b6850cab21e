/**
 * Renders the overlay from its model: one effect reads the signals, hands plain values to the component tree and
 * re-renders when any of them changes (Preact diffs the rest). It also moves focus with the collapsed state, so a
 * keyboard user lands on the badge after collapsing and inside the panel after expanding.
 */
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { effect } from '@preact/signals-core';
import { h, render } from 'preact';
import type { OverlayModel } from '../model';
import { traced } from '../trace';
import { Overlay } from './Overlay';

export function renderOverlay(model: OverlayModel, root: ShadowRoot | HTMLElement): () => void {
  let collapsed = model.collapsed.peek();
  const dispose = effect(() => {
    const view = {
      deal: model.deal.value,
      failure: model.failure.value,
      missingParts: model.missingParts.value,
      chosenStage: model.chosenStage.value,
      crmLabel: model.crmLabel,
      playbook: model.playbook.value,
      matched: model.match.value !== null,
      checklist: model.checklist.value,
      collapsed: model.collapsed.value,
      notice: model.unseenNotice.value,
      noticeError: model.noticeError.value,
      error: model.error.value,
      saving: model.saving.value,
    };
    traced('render', () => render(<Overlay view={view} actions={model} />, root));
    if (view.collapsed !== collapsed) {
      collapsed = view.collapsed;
      root.querySelector<HTMLElement>(collapsed ? '.badge' : '.collapse')?.focus();
    }
  });
  return () => {
    dispose();
    render(null, root);
  };
}
