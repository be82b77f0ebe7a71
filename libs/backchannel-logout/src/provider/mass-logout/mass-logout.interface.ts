/** What a mass logout ends. */
export type MassLogoutScope =
  /** Every OP session client `clientId` took part in (a compromised or retired RP). */
  | { readonly scope: 'client'; readonly clientId: string }
  /** Every session of every user (after a signing key or session store compromise). */
  | { readonly scope: 'all' };

/** Options of {@link MassLogoutService.start}. */
export type MassLogoutStartInput = MassLogoutScope & {
  /** Kept in each delivery's audit row (`reason`); default `mass_logout_client` / `mass_logout_all`. */
  readonly reason?: string;
  /** Sessions (scope `client`) or users (scope `all`) per batch, one outbox transaction each. Default 500. */
  readonly batchSize?: number;
};

/** `running` until every batch is stored; `failed` keeps its cursor and can be resumed. */
export type MassLogoutStatus = 'running' | 'done' | 'failed';

/** A mass logout run and its progress, as {@link MassLogoutService.get} reports it. */
export interface MassLogoutProgress {
  readonly id: string;
  readonly scope: 'client' | 'all';
  readonly clientId: string | null;
  readonly reason: string | null;
  readonly batchSize: number;
  readonly status: MassLogoutStatus;
  readonly error: string | null;
  readonly batches: number;
  /** OP sessions found so far (distinct `sid`s, plus one per sid-less RP session). */
  readonly sessionsSeen: number;
  /** OP sessions whose logout is stored (deliveries in the outbox, registry entries removed, `bcl_session` ended). */
  readonly sessionsEnded: number;
  /** Deliveries stored in the outbox for sending (planned failures not counted). */
  readonly deliveriesEnqueued: number;
  /** `true` while a process holds the run's lease. */
  readonly active: boolean;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
  /** Deliveries stored per second, from the start to the last batch (or the end). */
  readonly deliveriesPerSecond: number;
  /** Sessions ended per second, likewise. */
  readonly sessionsPerSecond: number;
}

/** What one stored batch added (for metrics). */
export interface MassLogoutBatchEvent {
  readonly id: string;
  readonly scope: 'client' | 'all';
  readonly sessionsSeen: number;
  readonly sessionsEnded: number;
  readonly deliveriesEnqueued: number;
}
