/** The popup's entry: wires the real worker client into the model and renders. */
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
// Fold the deals for search once they are shown, so the first keystroke does not pay for it.
void model.load().then(() => requestIdleCallback(model.prepareSearch));
