/**
 * Where the active playbook comes from, in the words the options page and the popup both show: the source's detail
 * line and the team URL's alert. Pure functions over the worker's answer, unit-tested without a DOM.
 */
import { safeLocale } from '../core/format';
import type { PlaybookSource, RevisionInfo, TeamStatus } from '../messages';
import { isolate } from './text';

/** A stored time as the reader's locale writes it, e.g. "2 Dec 2026, 07:15"; the text itself when it is no time. */
export function formatTime(iso: string, locale: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** How a revision came to be, e.g. "Imported from acme.json on 2 Dec 2026, 07:15". */
export function revisionText(revision: RevisionInfo, locale: string): string {
  const when = formatTime(revision.savedAt, locale);
  switch (revision.origin) {
    case 'import':
      // A file name is the user's text: "invoice\u202Egpj.exe" must not turn "on <date>" around.
      return revision.fileName === null ? `Imported from pasted text on ${when}` : `Imported from ${isolate(revision.fileName)} on ${when}`;
    case 'editor':
      return `Saved in the editor on ${when}`;
    case 'team':
      return `Received from ${revision.url ?? 'the team URL'} on ${when}`;
    case 'policy':
      return `Set by your organization's browser policy on ${when}`;
  }
}

/** The detail under "why": which revision, from where and when. */
export function sourceText(source: PlaybookSource, locale: string): string {
  if (source.kind === 'builtin') return 'Built-in default';
  return `${revisionText(source.revision, locale)} (revision ${source.revision.id})`;
}

/**
 * The alert shown while the team URL cannot update the playbook, or null when its last check went well:
 * "Team playbook could not be updated: <reason>. Using the version from <date>." Before any version arrived, it says
 * which playbook is used instead. Only the source's kind matters, which is all the popup is sent.
 */
export function teamAlert(team: TeamStatus | null, active: { source: Pick<PlaybookSource, 'kind'> }, locale: string): string | null {
  if (!team?.failure) return null;
  if (team.receivedAt !== null) {
    return `Team playbook could not be updated: ${team.failure}. Using the version from ${formatTime(team.receivedAt, locale)}.`;
  }
  const instead = active.source.kind === 'builtin' ? 'the built-in playbook' : 'the playbook of this browser';
  return `Team playbook could not be updated: ${team.failure}. Using ${instead} until it can be loaded.`;
}
