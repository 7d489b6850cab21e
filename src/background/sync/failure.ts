/**
 * Why one org's sync failed, in words the rep acts on. The clients throw these; the runner stores `message` as the
 * org's `failure` and keeps every deal already stored. Anything else thrown is a fault of ours and is reported as one.
 */
export class SyncFailure extends Error {
  override name = 'SyncFailure';
}

/** Asked to wait longer than a sync may (`retryAfterMs`); the message says so. */
export class RateLimited extends SyncFailure {
  override name = 'RateLimited';
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** The CRM and org as a rep names them in a message: "Salesforce (acme)". */
export const orgName = (crm: 'salesforce' | 'dynamics', org: string): string =>
  `${crm === 'salesforce' ? 'Salesforce' : 'Dynamics 365'} (${org})`;

export const signInAgain = (crm: 'salesforce' | 'dynamics', org: string): SyncFailure =>
  new SyncFailure(`Sign in to ${orgName(crm, org)} again, then sync.`);
