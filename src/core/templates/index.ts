/**
 * Playbooks to start from on the options page: the built-in B2B playbook, the MEDDPICC, BANT and SPICED frameworks
 * on the same stages, and the default pipelines of the CRMs Stagecoach reads, with their own stage names,
 * probabilities and forecast categories. Each is a valid v1 playbook, as a parsed file is (a test checks it).
 *
 * The options page loads this module only when templates are asked for (`import('../core/templates')`), so it
 * imports nothing but core. Templates are shared objects: copy one (structuredClone) before changing it.
 */
import { DEFAULT_PLAYBOOK, DEFAULT_PLAYBOOK_SOURCES } from '../default-playbook';
import type { Playbook } from '../types';
import { BANT_TEMPLATE } from './bant';
import { DYNAMICS_TEMPLATE } from './dynamics';
import { HUBSPOT_TEMPLATE } from './hubspot';
import { MEDDPICC_TEMPLATE } from './meddpicc';
import { PIPEDRIVE_TEMPLATE } from './pipedrive';
import { SALESFORCE_TEMPLATE } from './salesforce';
import { SPICED_TEMPLATE } from './spiced';
import { ZOHO_TEMPLATE } from './zoho';

export interface PlaybookTemplate {
  /** Stable, for code and tests: lowercase letters and dashes. */
  id: string;
  /** What the options page lists it as. */
  name: string;
  /** One sentence on what it is and where its numbers come from. */
  summary: string;
  /** Public https pages its stages, numbers and criteria are taken from. */
  sources: string[];
  playbook: Playbook;
}

const B2B_TEMPLATE: PlaybookTemplate = {
  id: 'b2b',
  name: 'Stagecoach B2B playbook',
  summary:
    'The built-in playbook: six open stages after GitLab’s public handbook, with criteria from MEDDPICC, SPICED and BANT, mapped to the default stages of every CRM Stagecoach reads.',
  sources: DEFAULT_PLAYBOOK_SOURCES.map((source) => source.url),
  playbook: DEFAULT_PLAYBOOK,
};

export const TEMPLATES: readonly PlaybookTemplate[] = [
  B2B_TEMPLATE,
  MEDDPICC_TEMPLATE,
  BANT_TEMPLATE,
  SPICED_TEMPLATE,
  SALESFORCE_TEMPLATE,
  HUBSPOT_TEMPLATE,
  PIPEDRIVE_TEMPLATE,
  DYNAMICS_TEMPLATE,
  ZOHO_TEMPLATE,
];
