import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { BenchSigningKey } from '../fixtures/bench-op.app';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * The physical floor of one delivery on this machine: sign a Logout Token with jose (same key, alg,
 * header and claims as the library) and POST it with plain node:http, the way the library's sender does
 * (a fresh connection per request, `agent: false`, same headers, the answer read to the end) - but no
 * database, no queue, no address check.
 */
export async function rawDeliver(
  url: URL,
  key: BenchSigningKey,
  issuer: string,
  aud: string,
  sid: string,
): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ events: { [EVENT]: {} }, sub: 'bench-user', sid })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'logout+jwt' })
    .setIssuer(issuer)
    .setAudience(aud)
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .setJti(randomBytes(18).toString('base64url'))
    .sign(key.privateKey);
  return post(url, `logout_token=${encodeURIComponent(token)}`);
}

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'nestjs-backchannel-logout',
        accept: 'application/json',
      },
    });
    const timer = setTimeout(() => req.destroy(new Error('timeout')), 5000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
    });
    req.end(body);
  });
}

/** Run `task(i)` for i in [0, n) with at most `concurrency` in flight. */
export async function pool(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}
