/** The options page's entry: wires the real worker client into the model and renders. */
import { render } from 'preact';
import { MIRROR_PLAYBOOK_KEY, POLICY_APPLIED_KEY, type ActivePlaybook } from '../messages';
import { access as optionalAccess, permissions, request, scripting, session, storage, tabs } from '../platform';
import '../ui/base.css';
import './options.css';
import { createOptionsModel } from './model';
import { Options } from './Options';
import { pickElement } from './picker';
import { createSitesModel, type SiteAccess } from './sites-model';
import { createSourcesModel } from './sources-model';
import { createSyncModel } from './sync-model';
import { createDataModel } from './data-model';

const root = document.getElementById('app');
if (!root) throw new Error('Stagecoach options: #app is missing from index.html');
const model = createOptionsModel(request);

const access: SiteAccess = {
  request: (origins) => permissions.request([origins]),
  remove: async (origins) => {
    await permissions.remove([origins]);
  },
  isSelector(selector) {
    try {
      document.createDocumentFragment().querySelector(selector);
      return true;
    } catch {
      return false;
    }
  },
  async pick(pattern, origins, what) {
    // A deal page of the site first; any page of the site will do.
    const [tab] = [...(await tabs.matching(pattern)), ...(await tabs.matching(origins))];
    if (!tab) return 'no-tab';
    const back = await tabs.current();
    await tabs.show(tab.id);
    try {
      return (await scripting.run(tab.id, pickElement, [what])) ?? null;
    } finally {
      // Back to the form, where the picked selector waits for the admin's check.
      if (back !== null) await tabs.show(back);
    }
  },
};
const setActive = (active: ActivePlaybook): void => {
  model.active.value = active;
};
const sites = createSitesModel(request, access, model.active, setActive);
// The team URL's host is asked for in the Save URL click, the same way as a site's.
const sources = createSourcesModel(request, access, model.active, setActive, { locale: model.locale });

// CRM sync asks for its org's cookie and API host in the click that switches it on, as sites ask for theirs.
const sync = createSyncModel(request, { request: optionalAccess.request });

// A restore or clear changes the playbook and its revisions and sites: every section shows the new state.
const data = createDataModel(request, model.active, (active) => {
  setActive(active);
  void sources.loadRevisions();
  void sites.refresh();
  void sync.refresh();
});

render(<Options model={model} sites={sites} sources={sources} sync={sync} data={data} />, root);
void model.refresh();
void sync.refresh();
void sites.refresh();
// The worker writes the playbook's copy for CRM pages whenever the active one changes, whatever changed it: the page
// follows, so a policy or team URL update shows here without a reload.
storage.onChanged((changes) => {
  if (MIRROR_PLAYBOOK_KEY in changes) void model.follow();
});
// A policy that only locks (or unlocks) changes no playbook: the worker says when it applied one.
session.onChanged(POLICY_APPLIED_KEY, () => void model.follow());
