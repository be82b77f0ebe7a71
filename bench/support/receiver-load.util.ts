/**
 * Load generation for the receiver bench: pre-minted Logout Tokens, garbage bodies, and autocannon runs
 * whose rate is computed from the first request to the last answer.
 */
import autocannon, { AutocannonResult } from 'autocannon';
import { randomBytes } from 'node:crypto';
import type { TestIssuer } from 'nestjs-backchannel-logout/testing';
import { count } from './format.util';
import { nowMs } from './stats.util';

export interface Throughput {
  readonly name: string;
  readonly connections: number;
  readonly perSecond: number;
  readonly ok: number;
  readonly other: string;
  readonly p50?: number;
  readonly p99?: number;
}

/** Valid Logout Tokens for sessions `from`..`to` of user `user-<i>`, sid `sid-<i>`. */
export async function mint(
  op: TestIssuer,
  clientId: string,
  from: number,
  to: number,
): Promise<string[]> {
  const iat = Math.floor(Date.now() / 1000);
  const tokens: string[] = [];
  for (let i = from; i < to; i++) {
    tokens.push(
      await op.logoutToken({
        clientId,
        sub: `user-${i}`,
        sid: `sid-${i}`,
        // Valid for the whole section (the receiver still checks iat against its 10-minute maximum age).
        claims: { exp: iat + 1800 },
      }),
    );
  }
  return tokens;
}

/** Malformed bodies of four kinds. */
export function garbageBodies(n: number): string[] {
  const b64 = (len: number) => randomBytes(len).toString('base64url');
  return Array.from({ length: n }, (_, i) => {
    switch (i % 4) {
      case 0:
        return `logout_token=${b64(40)}.${b64(120)}.${b64(256)}`; // JWS-shaped, not JSON
      case 1:
        return `logout_token=${encodeURIComponent(randomBytes(200).toString('latin1'))}`;
      case 2:
        return `logout_token=${b64(300)}`; // one segment
      default:
        return `${b64(8)}=${b64(64)}&foo=bar`; // no logout_token at all
    }
  });
}

/** POST every body once to `url`, or cycle them for `duration` seconds. */
export async function load(
  url: string,
  bodies: readonly string[],
  connections: number,
  duration?: number,
): Promise<{ result: AutocannonResult; seconds: number }> {
  let next = 0;
  // autocannon ends an `amount` run on its 1 s ticker and reports whole seconds: the window is taken
  // from the first request written to the last answer read instead.
  let first = Number.NaN;
  let last = Number.NaN;
  const result = await autocannon({
    url,
    connections,
    ...(duration ? { duration } : { amount: bodies.length }),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => {
          if (next === 0) first = nowMs();
          return { ...req, body: bodies[next++ % bodies.length] };
        },
        onResponse: () => {
          last = nowMs();
        },
      },
    ],
  });
  return { result, seconds: (last - first) / 1000 };
}

function statuses(result: AutocannonResult): string {
  const codes = Object.entries(result.statusCodeStats).map(
    ([code, s]) => `${code}: ${count(s.count)}`,
  );
  if (result.errors) codes.push(`errors: ${result.errors}`);
  return codes.join(', ');
}

/** Answers with an accepted status per second, and the status counts. */
export function throughput(
  name: string,
  connections: number,
  { result, seconds }: { result: AutocannonResult; seconds: number },
  okStatus: (code: number) => boolean,
): Throughput {
  const ok = Object.entries(result.statusCodeStats)
    .filter(([code]) => okStatus(Number(code)))
    .reduce((n, [, s]) => n + s.count, 0);
  return {
    name,
    connections,
    perSecond: ok / seconds,
    ok,
    other: statuses(result),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
