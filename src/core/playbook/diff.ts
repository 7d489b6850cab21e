// interim: replaced by the core8 branch
import type { Playbook } from '../types';
export type PlaybookChange = { kind: string; stage: string; criterion?: string };
export function playbookChanges(before: Playbook, after: Playbook): PlaybookChange[] {
  const ids = new Set(before.stages.map((s) => s.id));
  return after.stages.filter((s) => !ids.has(s.id)).map((s) => ({ kind: 'stage-added', stage: s.name }));
}
export const changeLines = (changes: PlaybookChange[]): string[] => changes.map((c) => `Added stage “${c.stage}”`);
