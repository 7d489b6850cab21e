/**
 * A fake worker client for the UI models: each message answered by a plain function, every call recorded, so
 * popup and options tests run without a browser.
 */
import { act } from 'preact/test-utils';
import type { Playbook } from '../../../src/core/types';
import {
  ReplyError,
  type ActivePlaybook,
  type Client,
  type MessageType,
  type Payload,
  type PlaybookSource,
  type Response,
  type RevisionInfo,
} from '../../../src/messages';

export type FakeHandlers = {
  [K in MessageType]?: (payload: Payload<K>) => Response<K> | Promise<Response<K>>;
};

export interface FakeClient {
  client: Client;
  calls: { type: MessageType; payload: unknown }[];
  handlers: FakeHandlers;
}

export function fakeClient(handlers: FakeHandlers): FakeClient {
  const calls: FakeClient['calls'] = [];
  const client = async <K extends MessageType>(type: K, payload: Payload<K>): Promise<Response<K>> => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((p: Payload<K>) => Response<K> | Promise<Response<K>>) | undefined;
    if (!handler) throw new ReplyError('unknown-message', `The fake worker has no handler for ${type}`);
    return handler(payload);
  };
  return { client, calls, handlers };
}

/** Let pending requests settle and Preact re-render. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** The element a `<label>` with exactly this text names (the way a user finds a field). */
export function getByLabel(root: ParentNode, text: string): HTMLElement {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const target = label?.htmlFor ? (root.ownerDocument ?? document).getElementById(label.htmlFor) : null;
  if (!target) throw new Error(`No field labelled "${text}"`);
  return target;
}

/** The button whose visible text (or aria-label) is exactly `name`. */
export function getButton(root: ParentNode, name: string): HTMLButtonElement {
  const button = queryButton(root, name);
  if (!button) throw new Error(`No button "${name}"`);
  return button;
}

export function queryButton(root: ParentNode, name: string): HTMLButtonElement | null {
  return (
    [...root.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name,
    ) ?? null
  );
}

/** Every element with this role (explicit, or implied by the tag for the few tags these pages use). */
export function getAllByRole(root: ParentNode, role: string): HTMLElement[] {
  const implicit: Record<string, string> = { table: 'table', link: 'a[href]', heading: 'h1,h2,h3,h4,h5,h6', list: 'ul,ol' };
  const selector = [`[role="${role}"]`, implicit[role]].filter(Boolean).join(',');
  return [...root.querySelectorAll<HTMLElement>(selector)];
}

export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The worker's answer for a playbook in force from `source` (built-in by default), with no lock, team or policy. */
export function activeOf(playbook: Playbook, source: PlaybookSource = { kind: 'builtin' }, why = 'Built-in playbook'): ActivePlaybook {
  return { playbook, source, why, lock: null, team: null, policy: null, problems: [] };
}

/** A stored revision's description, as the worker lists it. */
export function revisionOf(playbook: Playbook, fields: Partial<RevisionInfo> & Pick<RevisionInfo, 'id' | 'origin' | 'savedAt'>): RevisionInfo {
  return {
    name: playbook.name,
    label: playbook.revision ?? null,
    fileName: null,
    url: null,
    stages: playbook.stages.length,
    criteria: playbook.stages.reduce((n, stage) => n + stage.criteria.length, 0),
    ...fields,
  };
}
