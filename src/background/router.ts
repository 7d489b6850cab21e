/**
 * The worker's one message router: decide who sent a message, check that sender may send it, parse its
 * payload, and only then run the handler. Every outcome is a `Reply`; nothing throws back to the sender.
 */
import type { MessageType, Payload, Protocol, Reply, Response, SenderKind } from '../messages';
import { Refused } from './access';
import { parsePayload } from './payloads';

/**
 * Which contexts may send each message: the protocol's `from`, as the allow list the router checks before anything
 * else. The type keeps it equal to the protocol. (It lives here, not in messages.ts, so content scripts do not
 * carry it.)
 */
export const ALLOWED_SENDERS: { readonly [K in MessageType]: readonly Protocol[K]['from'][] } = {
  'deal/seen': ['content'],
  'check/set': ['content', 'page'],
  'stage/choose': ['content'],
  'options/open': ['content', 'page'],
  'pipeline/get': ['page'],
  'pipeline/deals': ['page'],
  'playbook/get': ['page'],
  'playbook/import': ['page'],
  'playbook/save': ['page'],
  'playbook/reset': ['page'],
  'team/save': ['page'],
  'team/refresh': ['page'],
  'revisions/list': ['page'],
  'revisions/get': ['page'],
  'revisions/activate': ['page'],
  'sites/save': ['page'],
  'sites/status': ['page'],
  'deals/listed': ['content'],
  'deal/open': ['page'],
  'deal/forget': ['page'],
  'sync/status': ['page'],
  'sync/set': ['page'],
  'sync/run': ['page'],
  'data/csv': ['page'],
  'data/backup': ['page'],
  'data/restore': ['page'],
  'data/clear': ['page'],
};

/** The parts of a runtime.MessageSender the decision uses. Never `sender.url`: a page can lie about paths. */
export interface SenderInfo {
  id?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface Self {
  id: string;
  /** `chrome-extension://<id>` */
  origin: string;
}

export interface SenderContext {
  kind: SenderKind;
  /** The sender's origin: for content scripts, the CRM page's origin. */
  origin: string;
  tabId: number | null;
}

/** Who sent this: one of our extension pages, one of our content scripts in a tab's top frame, or nobody we trust. */
export function classifySender(sender: SenderInfo, self: Self): SenderContext | null {
  if (sender.id !== self.id || !sender.origin) return null;
  if (sender.origin === self.origin) return { kind: 'page', origin: sender.origin, tabId: sender.tab?.id ?? null };
  if (typeof sender.tab?.id === 'number' && sender.frameId === 0 && sender.origin.startsWith('https://')) {
    return { kind: 'content', origin: sender.origin, tabId: sender.tab.id };
  }
  return null;
}

/**
 * One handler per message. A handler throws only when it wrote nothing (`Refused` when the sender may not do this),
 * so the router can tell the sender that nothing changed.
 */
export type Handlers = {
  [K in MessageType]: (payload: Payload<K>, sender: SenderContext) => Promise<Response<K>>;
};

/** What each message does, in the words of "Stagecoach could not …", and whether it writes. */
const ACTIONS: { readonly [K in MessageType]: { does: string; writes: boolean } } = {
  'deal/seen': { does: 'record this deal', writes: true },
  'check/set': { does: 'save this tick', writes: true },
  'stage/choose': { does: 'remember the stage you chose', writes: true },
  'options/open': { does: 'open its options page', writes: false },
  'pipeline/get': { does: 'load your pipeline', writes: false },
  'pipeline/deals': { does: 'load your deals', writes: false },
  'playbook/get': { does: 'load the active playbook', writes: false },
  'playbook/import': { does: 'import this playbook', writes: true },
  'playbook/save': { does: 'save this playbook', writes: true },
  'playbook/reset': { does: 'go back to the built-in playbook', writes: true },
  'team/save': { does: 'save the team playbook URL', writes: true },
  'team/refresh': { does: 'check the team playbook URL', writes: true },
  'revisions/list': { does: 'list the playbook revisions', writes: false },
  'revisions/get': { does: 'load this revision', writes: false },
  'revisions/activate': { does: 'make this revision active', writes: true },
  'sites/save': { does: 'save the sites', writes: true },
  'sites/status': { does: 'check which sites it may run on', writes: false },
  'deals/listed': { does: 'record the deals in this list', writes: true },
  'deal/open': { does: 'open this deal', writes: false },
  'deal/forget': { does: 'forget this deal', writes: true },
  'sync/status': { does: 'load the sync settings', writes: false },
  'sync/set': { does: 'change the sync setting', writes: true },
  'sync/run': { does: 'sync your deals', writes: true },
  'data/csv': { does: 'export your pipeline', writes: false },
  'data/backup': { does: 'back up your data', writes: false },
  'data/restore': { does: 'restore this backup', writes: true },
  'data/clear': { does: 'clear your data', writes: true },
};

const fail = (code: 'unknown-message' | 'forbidden' | 'invalid-payload' | 'failed', message: string): Reply<never> => ({
  ok: false,
  error: { code, message },
});

const isMessageType = (type: unknown): type is MessageType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(ALLOWED_SENDERS, type);

export function createRouter(handlers: Handlers, self: Self, log: (message: string, error?: unknown) => void = () => {}) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    const context = classifySender(sender, self);
    if (!context) return fail('forbidden', 'This sender may not talk to Stagecoach.');
    if (typeof message !== 'object' || message === null) return fail('unknown-message', 'Stagecoach received a message it does not understand.');
    const { type, payload, ...rest } = message as Record<string, unknown>;
    if (!isMessageType(type)) {
      // The type is the sender's text: quoted, and cut short, so a crafted or megabyte-long name cannot fill the error.
      const named = typeof type === 'string' ? `of type ${JSON.stringify(type.length > 60 ? `${type.slice(0, 60)}…` : type)}` : 'without a message type';
      return fail('unknown-message', `Stagecoach received a message ${named}, which it does not understand.`);
    }
    if (Object.keys(rest).length > 0) {
      return fail('unknown-message', `Stagecoach received a ${type} message with more than a type and a payload, which it does not understand.`);
    }
    if (!(ALLOWED_SENDERS[type] as readonly SenderKind[]).includes(context.kind)) {
      return fail('forbidden', `Only ${ALLOWED_SENDERS[type].join(' or ')} may send ${type}.`);
    }
    const parsed = parsePayload(type, payload);
    if (!parsed.ok) return fail('invalid-payload', parsed.message);
    try {
      const handler = handlers[type] as (p: unknown, s: SenderContext) => Promise<unknown>;
      return { ok: true, data: await handler(parsed.value, context) };
    } catch (error) {
      if (error instanceof Refused) {
        log(`refused ${type} from ${context.origin}: ${error.message}`);
        return fail('forbidden', error.message);
      }
      log(`${type} failed`, error);
      const detail = error instanceof Error ? error.message : String(error);
      const { does, writes } = ACTIONS[type];
      // Handlers throw only before anything was written (see Handlers), so "nothing was changed" is the truth.
      return fail('failed', `Stagecoach could not ${does} (${detail}). ${writes ? 'Nothing was changed; try again.' : 'Try again.'}`);
    }
  };
}
