// interim: replaced by the policy8 branch
import type { Playbook } from '../core/types';
export interface Policy { teamUrl: string | null; playbook: Playbook | null; locked: boolean; refreshMinutes: number; problems: string[] }
export const NO_POLICY: Policy = { teamUrl: null, playbook: null, locked: false, refreshMinutes: 360, problems: [] };
export function parsePolicy(values: Record<string, unknown>): Policy {
  return { ...NO_POLICY, locked: values.lockPlaybook === true, teamUrl: typeof values.teamPlaybookUrl === 'string' ? values.teamPlaybookUrl : null };
}
