/**
 * What a person reads when a request fails. ReplyError messages are written for people by the client and the
 * worker; anything else is a bug, so say so plainly rather than show a stack-trace fragment.
 */
import { ReplyError } from '../messages';

export function errorMessage(error: unknown): string {
  if (error instanceof ReplyError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `Something went wrong in Stagecoach (${detail}). Reload this page; if it keeps happening, reload the extension.`;
}

/** The reader's locale for numbers and dates; pages pass it to their models so tests can pin one. */
export function browserLocale(): string {
  return globalThis.navigator?.language || 'en-US';
}
