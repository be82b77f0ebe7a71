import { BackchannelLogoutError } from '../common/backchannel-logout.error';
import { ASYMMETRIC_ALGORITHMS, isMacAlgorithm } from './issuers/jws-algorithms.util';
import { RECEIVER_DEFAULTS } from './receiver.constants';
import type {
  BackchannelLogoutReceiverOptions,
  TrustedIssuerOptions,
} from './receiver-options.interface';
import type { ReplayStore } from './replay/replay-store.interface';
import { expandReceiverStores } from './sessions/express-session-strategy.factory';
import type { ExpandedSessionOptions } from './sessions/session-options.interface';
import type { TypPolicy } from './token/typ-policy.util';

/** The options with every default applied and validated, resolved once (injected as `RECEIVER_CONFIG`). */
export interface ResolvedReceiverConfig {
  readonly issuers: readonly TrustedIssuerOptions[];
  readonly replayStore: ReplayStore;
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number;
  readonly maxLogoutAgeSeconds: number;
  readonly duplicateWaitMs: number;
  readonly transientFailureStatus: 400 | 503;
  readonly requireExp: boolean;
  readonly typPolicy: TypPolicy;
  readonly maxTokenBytes: number;
  readonly maxBodyBytes: number;
  readonly jwks: {
    readonly cooldownMs: number;
    readonly maxAgeMs: number;
    readonly timeoutMs: number;
    readonly maxResponseBytes: number;
  };
  /** The options as given, except that `sessions` is expanded from its short form. */
  readonly options: Omit<BackchannelLogoutReceiverOptions, 'sessions'> & {
    readonly sessions: ExpandedSessionOptions;
  };
}

export const RECEIVER_CONFIG = Symbol('BackchannelLogoutReceiverConfig');

export function resolveReceiverConfig(
  options: BackchannelLogoutReceiverOptions,
): ResolvedReceiverConfig {
  assertIssuers(options.issuers);
  if (!options.sessions || typeof options.sessions !== 'object') invalid('sessions is required');
  assertDownstream(options);
  const d = RECEIVER_DEFAULTS;
  const settings = {
    issuers: options.issuers,
    clockToleranceSeconds: nonNegative(
      'clockToleranceSeconds',
      options.clockToleranceSeconds,
      d.clockToleranceSeconds,
    ),
    maxTokenAgeSeconds: positive(
      'maxTokenAgeSeconds',
      options.maxTokenAgeSeconds,
      d.maxTokenAgeSeconds,
    ),
    maxLogoutAgeSeconds: positive(
      'maxLogoutAgeSeconds',
      options.maxLogoutAgeSeconds,
      d.maxLogoutAgeSeconds,
    ),
    duplicateWaitMs: nonNegative('duplicateWaitMs', options.duplicateWaitMs, d.duplicateWaitMs),
    transientFailureStatus: transientStatus(options.transientFailureStatus),
    requireExp: options.requireExp ?? d.requireExp,
    typPolicy: typPolicy(options.typPolicy),
    maxTokenBytes: positive('maxTokenBytes', options.maxTokenBytes, d.maxTokenBytes),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, d.maxBodyBytes),
    jwks: {
      cooldownMs:
        1000 *
        nonNegative('jwks.cooldownSeconds', options.jwks?.cooldownSeconds, d.jwksCooldownSeconds),
      maxAgeMs:
        1000 * positive('jwks.maxAgeSeconds', options.jwks?.maxAgeSeconds, d.jwksMaxAgeSeconds),
      timeoutMs: positive('jwks.timeoutMs', options.jwks?.timeoutMs, d.fetchTimeoutMs),
      maxResponseBytes: positive(
        'jwks.maxResponseBytes',
        options.jwks?.maxResponseBytes,
        d.maxResponseBytes,
      ),
    },
  };
  // Last, once every option is valid: a store built from a Redis URL opens a connection.
  const { sessions, replayStore } = expandReceiverStores(options);
  return { ...settings, replayStore, options: { ...options, sessions } };
}

function assertIssuers(issuers: readonly TrustedIssuerOptions[] | undefined): void {
  if (!isList(issuers) || issuers.length === 0) invalid('issuers must list at least one issuer');
  const seen = new Set<string>();
  for (const entry of issuers) {
    if (!nonEmptyString(entry?.issuer)) invalid('issuer must be a non-empty string');
    if (seen.has(entry.issuer)) invalid(`issuer ${entry.issuer} is listed twice`);
    seen.add(entry.issuer);
    if (!nonEmptyString(entry.clientId))
      invalid(`clientId of ${entry.issuer} must be a non-empty string`);
    if (entry.clientSecret !== undefined && !nonEmptyString(entry.clientSecret)) {
      invalid(`clientSecret of ${entry.issuer} must be a non-empty string`);
    }
    if (
      entry.algorithms !== undefined &&
      (!isList(entry.algorithms) || entry.algorithms.length === 0)
    ) {
      invalid(`algorithms of ${entry.issuer} must be a non-empty array`);
    }
    for (const alg of entry.algorithms ?? []) checkAlgorithm(entry, alg);
    if (entry.idTokenSignedResponseAlg !== undefined) {
      if (!nonEmptyString(entry.idTokenSignedResponseAlg)) {
        invalid(`idTokenSignedResponseAlg of ${entry.issuer} must be a non-empty string`);
      }
      checkAlgorithm(entry, entry.idTokenSignedResponseAlg);
    }
  }
}

/** Core §2: a `sub` is unique only per issuer; with several issuers the local user must be mapped with it. */
function assertDownstream(options: BackchannelLogoutReceiverOptions): void {
  const downstream = options.downstream;
  if (!downstream || typeof downstream === 'function') return;
  if (options.issuers.length > 1 && !downstream.userIdFor) {
    invalid(
      'downstream.userIdFor is required with several trusted issuers: map (iss, sub) to your local user id',
    );
  }
}

function transientStatus(value: 400 | 503 | undefined): 400 | 503 {
  const status = value ?? RECEIVER_DEFAULTS.transientFailureStatus;
  if (status !== 400 && status !== 503) invalid('transientFailureStatus must be 400 or 503');
  return status;
}

/** BCL §2.6 step 3: never `none`; only algorithms this receiver verifies; MAC only with a client secret. */
function checkAlgorithm(entry: TrustedIssuerOptions, alg: string): void {
  if (isMacAlgorithm(alg) && entry.clientSecret === undefined) {
    invalid(`${alg} for ${entry.issuer} needs a clientSecret`);
  }
  if (!isMacAlgorithm(alg) && !ASYMMETRIC_ALGORITHMS.has(alg)) {
    invalid(`algorithm ${alg} for ${entry.issuer} is not supported (none is never allowed)`);
  }
}

function isList<T>(value: readonly T[] | undefined): value is readonly T[] {
  return Array.isArray(value);
}

function typPolicy(value: TypPolicy | undefined): TypPolicy {
  const policy = value ?? RECEIVER_DEFAULTS.typPolicy;
  if (policy !== 'lenient' && policy !== 'strict') invalid('typPolicy must be lenient or strict');
  return policy;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) invalid(`${name} must be a positive number`);
  return v;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) invalid(`${name} must be a number >= 0`);
  return v;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function invalid(detail: string): never {
  throw BackchannelLogoutError.of('receiver_invalid_options', detail);
}
