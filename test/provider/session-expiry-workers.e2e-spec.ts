import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import {
  BackchannelLogoutService,
  generateSid,
  SessionLifecycleService,
} from 'nestjs-backchannel-logout';
import { SessionActivityEntity } from '../../libs/backchannel-logout/src/provider/sessions/session-activity.entity';
import { IsNull } from 'typeorm';
import { TsChild } from '../reliability/support/child-process';
import { OpNode, OpNodeConfig, opSigningKey, startOpNode } from '../reliability/support/op-node';
import { sharedDatabase, SharedDatabase } from '../reliability/support/shared-database';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { addClients } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';

const WORKER = 'test/reliability/support/op-worker.main.ts';
const SESSIONS = 30;
const CLIENTS = ['expiry-a', 'expiry-b'];

/**
 * "One run across processes": two worker processes run the expiry job on one queue and one database
 * (PostgreSQL when DATABASE_URL is set, else a shared SQLite file), while this process (an API node)
 * touches half of the expired sessions itself. Every expired session reaches each of its RPs exactly once.
 */
describe('session expiry with several worker processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-expiry-'));
  const prefix = uniquePrefix('expiry-workers');
  const workers: TsChild[] = [];
  let rp: CapturingRp;
  let db: SharedDatabase;
  let api: OpNode;

  beforeAll(async () => {
    rp = await new CapturingRp().start();
    db = await sharedDatabase(dir);
    const sessionLifetime = { idleSeconds: 1, checkIntervalMs: 100, batchSize: 4 };
    const common = {
      database: db.options,
      prefix,
      redis: testRedisOptions(),
      privateKeyPem: opSigningKey().export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    api = await startOpNode({
      ...common,
      module: { worker: false, delivery: LOOPBACK_DELIVERY, sessionLifetime },
    });
    const config: OpNodeConfig = {
      ...common,
      migrate: false,
      module: { delivery: LOOPBACK_DELIVERY, sessionLifetime },
    };
    const env = { OP_NODE_CONFIG: JSON.stringify(config) };
    workers.push(
      ...(await Promise.all(
        [1, 2].map((i) =>
          TsChild.start(`expiry-worker-${i}`, WORKER, env, { readyTimeoutMs: 90_000 }),
        ),
      )),
    );
    await addClients(
      api.dataSource,
      CLIENTS.map((clientId) => ({ clientId, backchannelLogoutUri: rp.url(`/${clientId}`) })),
    );
    // Child processes compile the app on start: slow on a loaded machine.
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('notifies every RP of every expired session exactly once', async () => {
    const bcl = api.app.get(BackchannelLogoutService);
    const lifecycle = api.app.get(SessionLifecycleService);
    const sids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const sid = generateSid();
      const sub = `expiry-user-${i}`;
      // Participants first: a session that expires while being set up still has all its RPs.
      for (const clientId of CLIENTS) await bcl.recordIdTokenIssued({ sid, sub, clientId });
      await lifecycle.begin({ sid, sub });
      sids.push(sid);
    }
    // The API node races the workers for half of them, as requests arriving after the idle limit would.
    const touched = sids.filter((_, i) => i % 2 === 0);
    await until(async () => !(await lifecycle.isLive(touched[touched.length - 1])), 10_000);
    const answers = await Promise.all(touched.map((sid) => lifecycle.touch(sid)));
    expect(answers.every((live) => !live)).toBe(true);

    const sessions = api.dataSource.getRepository(SessionActivityEntity);
    await until(async () => (await sessions.countBy({ endedAt: IsNull() })) === 0, 30_000);
    await until(() => rp.requests.length >= SESSIONS * CLIENTS.length, 30_000);

    const seen = new Map<string, number>();
    for (const request of rp.requests) {
      const claims = decodeJwt(new URLSearchParams(request.body).get('logout_token')!);
      const key = `${request.url} ${String(claims.sid)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const expected = sids.flatMap((sid) => CLIENTS.map((c) => `/${c} ${sid}`)).sort();
    expect([...seen.keys()].sort()).toEqual(expected);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const deliveries = await api.dataSource
      .createQueryBuilder()
      .select('d.reason', 'reason')
      .from('bcl_delivery', 'd')
      .getRawMany<{ reason: string }>();
    expect(deliveries).toHaveLength(SESSIONS * CLIENTS.length);
    expect(new Set(deliveries.map((d) => d.reason))).toEqual(new Set(['session_expired_idle']));
  }, 90_000);
});
