/**
 * The browser policy, without hanging on the browser. Chrome answers `storage.managed.get` only once its policy
 * service has started, which can take seconds after a browser start (Ghostery measured 3 to 8 s, and stopped waiting:
 * ghostery-extension#3367; Privacy Badger likewise, privacybadger#2982), minutes on a loaded machine (178 s in this
 * project's browser tests), and on some builds never (MicrosoftEdge-Extensions#299). Every message that needs the
 * playbook in force settles with the policy, so a read that waits on the browser left deal pages, the popup and the
 * options page without an answer for as long.
 *
 * So the reader waits a moment for the browser and then uses the values it last saw, remembered in IndexedDB: the
 * organization's playbook, lock and team URL as of the last read, which is what the worker was enforcing anyway. When
 * the browser's answer comes after all and differs, `late` settles the playbook again with it, as a changed policy
 * would. On a new install nothing is remembered, and a lock must not be missed: then it waits much longer, still
 * bounded, before it works as if no policy were set.
 */
import { parsePolicy, type Policy } from './policy';

/** How long a read waits for the browser before it goes on with the values last seen. */
export const POLICY_WAIT_MS = 1_000;
/**
 * How long a change a lock would refuse waits for the browser when no values were ever seen (a new install, or after
 * "Clear all data"): past the 3 to 8 s Chrome's policy service took to start for Ghostery, bounded for a browser that
 * never answers. Once waited out, changes go on as if no policy were set until the browser answers.
 */
export const FIRST_POLICY_WAIT_MS = 10_000;

/** The policy's values as the browser gives them (`storage.managed.get(null)`). */
export type PolicyValues = Record<string, unknown>;

export interface PolicyReaderEffects {
  /** The browser's values (src/platform `managed.all`); may answer late, or never. */
  read(): Promise<PolicyValues>;
  /** The values last read, as remembered in the database; null when none are. */
  remembered(): Promise<PolicyValues | null>;
  remember(values: PolicyValues): Promise<void>;
  /** The browser answered after a read had gone on without it, with other values: settle the playbook again. */
  late(): void;
  sleep(ms: number): Promise<void>;
  log(message: string, error?: unknown): void;
}

export interface PolicyReader {
  /** The policy: as the browser gives it now, or, when it takes longer than POLICY_WAIT_MS, as it gave it last. */
  read(): Promise<Policy>;
  /**
   * Resolves once the browser gave values at least once (now or before, remembered), or FIRST_POLICY_WAIT_MS passed:
   * what a change the lock would refuse waits for, outside the playbooks' queue, so no reader waits with it.
   */
  known(): Promise<void>;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

export function createPolicyReader(fx: PolicyReaderEffects): PolicyReader {
  /** The values the browser gave last (this worker's reads, or remembered from before); null when none are known. */
  let last: PolicyValues | null = null;
  let looked = false;
  /** A browser read that outlasted its wait and has not answered: later reads do not wait on the browser again. */
  let stuck: Promise<void> | null = null;
  /** A change waited FIRST_POLICY_WAIT_MS for `stuck` in vain: the next ones do not wait again for the same read. */
  let waitedOut: Promise<void> | null = null;
  const timeout = (ms: number) => fx.sleep(ms).then((): typeof TIMED_OUT => TIMED_OUT);

  async function lastSeen(): Promise<PolicyValues | null> {
    if (last !== null || looked) return last;
    looked = true;
    last = await fx.remembered().catch((error: unknown) => {
      fx.log('could not read the policy last seen from storage', error);
      return null;
    });
    return last;
  }

  /**
   * Values the browser gave: used from now on, and remembered for the next start. Written at every read the browser
   * answers, which is rare (the worker's start and each change of the playbook: the settled answer is kept between),
   * so that "Clear all data", which empties the database, is followed by the values again.
   */
  function keep(values: PolicyValues): void {
    last = values;
    fx.remember(values).catch((error: unknown) => fx.log('could not remember the policy for the next browser start', error));
  }

  async function read(): Promise<Policy> {
    if (stuck) return parsePolicy((await lastSeen()) ?? {});
    const fromBrowser = fx.read();
    const meanwhile = await lastSeen();
    const answer = await Promise.race([fromBrowser, timeout(POLICY_WAIT_MS)]);
    if (answer !== TIMED_OUT) {
      keep(answer);
      return parsePolicy(answer);
    }
    fx.log(
      meanwhile
        ? 'the browser has not given the policy yet; working with the one it gave last until it does'
        : 'the browser has not given the policy yet, and none was seen before; working as if none is set until it does',
    );
    const landed = fromBrowser.then(
      (values) => {
        const changed = JSON.stringify(values) !== JSON.stringify(last ?? {});
        keep(values);
        if (changed) fx.late();
      },
      (error: unknown) => fx.log('could not read the policy your organization set', error),
    );
    stuck = landed;
    void landed.finally(() => {
      if (stuck === landed) stuck = null;
    });
    return parsePolicy(meanwhile ?? {});
  }

  return {
    read,
    async known() {
      await read();
      const waiting = stuck;
      if (last !== null || waiting === null || waiting === waitedOut) return;
      const answer = await Promise.race([waiting, timeout(FIRST_POLICY_WAIT_MS)]);
      if (answer !== TIMED_OUT || waitedOut === waiting) return;
      waitedOut = waiting;
      fx.log(`the browser has not given the policy in ${FIRST_POLICY_WAIT_MS / 1000} s; going on as if none is set until it does`);
    },
  };
}
