/** The popup's entry: wires the real worker client into the model and renders. */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { request, storage } from '../platform';
import '../ui/base.css';
import './popup.css';
import { createPopupModel } from './model';
import { Popup } from './Popup';

const root = document.getElementById('app');
if (!root) throw new Error('Stagecoach popup: #app is missing from index.html');
const model = createPopupModel(request, { storage });
render(<Popup model={model} />, root);
void model.load();
// Fold the deals for search and filters once they are in, when the popup is idle, so the first keystroke does not
// pay for it.
effect(() => {
  if (model.dealsState.value.kind === 'loaded') requestIdleCallback(model.prepareSearch);
});
