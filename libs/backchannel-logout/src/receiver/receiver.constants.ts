/** Defaults of `BackchannelLogoutReceiverOptions`, in one place. */
export const RECEIVER_DEFAULTS = {
  path: 'backchannel-logout',
  clockToleranceSeconds: 60,
  maxTokenAgeSeconds: 600,
  maxLogoutAgeSeconds: 24 * 3600,
  duplicateWaitMs: 5000,
  transientFailureStatus: 503,
  /** How long an in-progress replay record holds its `jti` if its process dies before finishing. */
  replayLeaseMs: 30_000,
  /** `Retry-After` of a transient answer that has no better estimate. */
  retryAfterSeconds: 5,
  idTokenSignedResponseAlg: 'RS256',
  requireExp: true,
  typPolicy: 'lenient',
  maxTokenBytes: 16 * 1024,
  maxBodyBytes: 64 * 1024,
  jwksCooldownSeconds: 30,
  jwksMaxAgeSeconds: 600,
  fetchTimeoutMs: 5000,
  maxResponseBytes: 512 * 1024,
  destroyConcurrency: 16,
  markerTtlSeconds: 7 * 24 * 3600,
} as const;

/** Name of the event emitted (with `@nestjs/event-emitter`, if installed) after a successful logout. */
export const BACKCHANNEL_LOGOUT_RECEIVED = 'backchannel-logout.received';
