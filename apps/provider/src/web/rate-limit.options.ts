import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { ProviderConfig } from '../config/provider-config';

/** The two counters every rate-limited route keeps: one per client address, one per account. */
export const RATE_LIMIT_THROTTLERS = { ip: 'ip', account: 'account' } as const;

/**
 * @nestjs/throttler's options for the provider. The limits given here are placeholders:
 * `RateLimitGuard` sets each route's limits from `config.rateLimits`; the window is shared. The
 * counters live in the process (one provider instance; behind several, each counts on its own).
 */
export function rateLimitOptions(config: ProviderConfig): ThrottlerModuleOptions {
  const ttl = config.rateLimits.windowSeconds * 1000;
  return {
    throttlers: [
      { name: RATE_LIMIT_THROTTLERS.ip, ttl, limit: 1 },
      { name: RATE_LIMIT_THROTTLERS.account, ttl, limit: 1 },
    ],
    // Only Retry-After, on a refusal (the guard sets it): no per-throttler X-RateLimit-* headers.
    setHeaders: false,
  };
}
