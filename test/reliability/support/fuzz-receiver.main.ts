/**
 * The sample relying party (apps/receiver) as a child process for the fuzz test (run with
 * `node --expose-gc -r scripts/ts-register.js`). Config in FUZZ_CONFIG. It seeds express-session sessions
 * (Redis store) linked in its session index, then answers over IPC: `port`, `memory` (after a forced GC),
 * `sessions` (how many seeded sessions survive in the store, and linked in the index), and `stop`.
 */
import type { SessionData, Store } from 'express-session';
import { SessionIndexService, SessionIndexStore } from 'nestjs-backchannel-logout';
import type { AddressInfo } from 'node:net';
import type { ReceiverConfig } from '../../../apps/receiver/src/config/receiver-config';
import { createReceiverApp } from '../../../apps/receiver/src/receiver-app.factory';
import { RECEIVER_SESSION_STORE } from '../../../apps/receiver/src/session/session-store.provider';

export interface FuzzReceiverConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly redisUrl: string;
  readonly prefix: string;
  /** Seeded sessions: id, and the sub/sid they are linked to. */
  readonly sessions: ReadonlyArray<{ sessionId: string; sub: string; sid: string }>;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

async function main(): Promise<void> {
  const input = JSON.parse(process.env.FUZZ_CONFIG ?? '') as FuzzReceiverConfig;
  const config: ReceiverConfig = {
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://127.0.0.1:3999',
    issuerBaseUrl: input.issuer,
    clientId: input.clientId,
    clientSecret: 'fuzz-client-secret-0123456789',
    backchannelPath: '/backchannel-logout',
    redis: { url: input.redisUrl, prefix: input.prefix },
    database: { type: 'better-sqlite3', database: ':memory:' },
    sessionCookieName: 'rp_fuzz',
    secureCookies: false,
    pollIntervalMs: 1000,
  };
  const app = await createReceiverApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const store = app.get<Store>(RECEIVER_SESSION_STORE);
  const index = app.get(SessionIndexService);
  const getSession = (id: string): Promise<SessionData | null | undefined> =>
    new Promise((resolve, reject) =>
      store.get(id, (err: unknown, s) => (err ? reject(asError(err)) : resolve(s))),
    );
  for (const s of input.sessions) {
    const data = { cookie: { originalMaxAge: 3_600_000 }, user: s.sub } as unknown as SessionData;
    await new Promise<void>((resolve, reject) =>
      store.set(s.sessionId, data, (err: unknown) => (err ? reject(asError(err)) : resolve())),
    );
    await index.link({ iss: input.issuer, sub: s.sub, sid: s.sid, sessionId: s.sessionId });
  }
  const gc = (globalThis as { gc?: () => void }).gc;

  process.on('message', (message: unknown) => {
    const type = (message as { type?: string })?.type ?? message;
    void (async () => {
      if (type === 'port') {
        process.send?.({ type, port: (app.getHttpServer().address() as AddressInfo).port });
      } else if (type === 'memory') {
        for (let i = 0; i < 3; i++) gc?.();
        const { heapUsed, rss, external } = process.memoryUsage();
        process.send?.({ type, heapUsed, rss, external, gc: !!gc });
      } else if (type === 'sessions') {
        let alive = 0;
        let linked = 0;
        const links = app.get<SessionIndexStore>(SessionIndexStore);
        for (const s of input.sessions) {
          if (await getSession(s.sessionId)) alive += 1;
          const found = await links.find({ iss: input.issuer, sid: s.sid });
          if (found.some((l) => l.sessionId === s.sessionId)) linked += 1;
        }
        process.send?.({ type, alive, linked });
      } else if (type === 'stop') {
        await app.close();
        process.exit(0);
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `fuzz-receiver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
