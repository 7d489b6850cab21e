/**
 * A playbook as file text. Kept apart from the parser so that exporting (the options page) does not load the
 * format's definition and valibot.
 */
import type { Playbook } from '../types';

/**
 * Pretty JSON with every field written out, defaults too, so the file documents itself; optional fields left out
 * when unset. A parsed playbook already has its defaults filled in and its keys in the definition's order (the
 * built-in playbook is written that way too, which its test checks), so writing it is plain JSON.stringify.
 * Parsing the result gives back an equal playbook.
 */
export function serializePlaybook(playbook: Playbook): string {
  return `${JSON.stringify(playbook, null, 2)}\n`;
}
