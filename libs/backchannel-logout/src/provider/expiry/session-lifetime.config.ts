import { InjectionToken } from '@nestjs/common';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { SessionExpirySource } from './session-expiry-source.interface';
import { BackchannelLogoutSessionLifetimeOptions } from './session-lifetime-options.interface';

/** `sessionLifetime` with defaults applied (part of the resolved module config). */
export interface SessionLifetimeConfig {
  /** `true` when lifetimes or a source are declared: the scheduled expiry job runs. */
  readonly enabled: boolean;
  readonly idleMs: number | null;
  readonly absoluteMs: number | null;
  readonly source:
    SessionExpirySource | { readonly useExisting: InjectionToken<SessionExpirySource> } | null;
  readonly checkIntervalMs: number;
  readonly batchSize: number;
  readonly touchIntervalMs: number;
  readonly clock: () => Date;
}

function atLeast(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < min) {
    throw BackchannelLogoutError.of(
      'invalid_options',
      `sessionLifetime.${name} must be a number >= ${min}, got ${value}`,
    );
  }
  return value;
}

/** Apply the defaults of {@link BackchannelLogoutSessionLifetimeOptions}; throws `invalid_options`. */
export function resolveSessionLifetime(
  options: BackchannelLogoutSessionLifetimeOptions | undefined,
): SessionLifetimeConfig {
  const o = options ?? {};
  const idle = atLeast('idleSeconds', o.idleSeconds, 1);
  const absolute = atLeast('absoluteSeconds', o.absoluteSeconds, 1);
  const idleMs = idle === undefined ? null : idle * 1000;
  const absoluteMs = absolute === undefined ? null : absolute * 1000;
  const defaultTouch = idleMs === null ? 60_000 : Math.min(60_000, Math.floor(idleMs / 10));
  return {
    enabled: idleMs !== null || absoluteMs !== null || !!o.source,
    idleMs,
    absoluteMs,
    source: o.source ?? null,
    checkIntervalMs: atLeast('checkIntervalMs', o.checkIntervalMs, 50) ?? 60_000,
    batchSize: Math.floor(atLeast('batchSize', o.batchSize, 1) ?? 100),
    touchIntervalMs: atLeast('touchIntervalMs', o.touchIntervalMs, 0) ?? defaultTouch,
    clock: o.clock ?? (() => new Date()),
  };
}
