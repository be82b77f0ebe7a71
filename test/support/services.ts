/**
 * scripts/services.js (the helpers `npm test`, the demo and the benchmarks use to reach their services), typed
 * for the tests: one free-port finder, one Redis ping.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../scripts/services') as {
  /** A free loopback TCP port (for servers whose URL must be known before they listen). */
  freePort(): Promise<number>;
  /** Whether a Redis answers PING at `url`. */
  ping(url: string, timeoutMs?: number): Promise<boolean>;
};

export const { freePort, ping } = services;
