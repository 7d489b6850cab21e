// interim: replaced by the team8 branch
import { parsePlaybookText } from '../core/playbook';
import type { Playbook } from '../core/types';
export interface TeamCache { etag: string | null; lastModified: string | null }
export type TeamFetch =
  | { kind: 'new'; playbook: Playbook; etag: string | null; lastModified: string | null }
  | { kind: 'unchanged' }
  | { kind: 'failed'; reason: string };
export async function fetchTeamPlaybook(url: string, cache: TeamCache | null): Promise<TeamFetch> {
  try {
    const headers: Record<string, string> = {};
    if (cache?.etag) headers['If-None-Match'] = cache.etag;
    const r = await fetch(url, { headers, cache: 'no-store' });
    if (r.status === 304) return { kind: 'unchanged' };
    if (!r.ok) return { kind: 'failed', reason: `the server answered ${r.status}` };
    const parsed = parsePlaybookText(await r.text());
    if (!parsed.ok) return { kind: 'failed', reason: parsed.problems[0]?.message ?? 'invalid' };
    return { kind: 'new', playbook: parsed.playbook, etag: r.headers.get('etag'), lastModified: r.headers.get('last-modified') };
  } catch (e) {
    return { kind: 'failed', reason: String(e) };
  }
}
