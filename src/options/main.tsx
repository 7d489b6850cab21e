/** The options page's entry: wires the real worker client into the model and renders. */
import { render } from 'preact';
import { request } from '../platform';
import '../ui/base.css';
import './options.css';
import { createOptionsModel } from './model';
import { Options } from './Options';

const root = document.getElementById('app');
if (!root) throw new Error('Stagecoach options: #app is missing from index.html');
const model = createOptionsModel(request);
render(<Options model={model} />, root);
void model.refresh();
