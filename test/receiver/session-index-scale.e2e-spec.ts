/**
 * The session index at scale: with 100 000 indexed sessions in Redis (and 10 000 in a TypeORM table), ending
 * one user's 3 sessions touches only those 3 — asserted through the stores (keys and rows left, commands and
 * queries issued, destroyer calls), never through timing.
 */
import type { Redis } from 'ioredis';
import {
  BackchannelLogoutReceiverModule,
  BackchannelLogoutReceiverService,
  type SessionDestroyer,
} from 'nestjs-backchannel-logout';
import {
  BACKCHANNEL_RECEIVER_ENTITIES,
  TypeOrmSessionIndexStore,
} from 'nestjs-backchannel-logout/receiver/typeorm';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { databaseCases } from '../support/databases';
import { postLogoutToken } from './fixtures/post-logout-token';
import { ReceiverFixture } from './fixtures/receiver.fixture';
import { bootApp } from './fixtures/small-app';

const CLIENT_ID = 'rp-scale';

/** Records every Redis command (name and key-like arguments) sent through a client while recording. */
function recordCommands(client: Redis): { commands: string[][]; stop: () => void } {
  const commands: string[][] = [];
  const original = client.sendCommand.bind(client);
  client.sendCommand = (command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
    commands.push([command.name, ...command.args.map(String)]);
    return (original as (...a: unknown[]) => unknown)(command, ...rest);
  };
  return { commands, stop: () => (client.sendCommand = original) };
}

describe('session index at scale (Redis, 100 000 sessions)', () => {
  const TOTAL = 100_000;
  let op: TestIssuer;
  let rp: ReceiverFixture;
  const target = ['target-1', 'target-2', 'target-3'];
  const others = Array.from({ length: TOTAL - target.length }, (_, i) => `s-${i}`);

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
    // 99 997 sessions of 33 333 other users (3 each, one OP sid per session), plus the target user's 3.
    const sessionJson = JSON.stringify({ cookie: { originalMaxAge: 3_600_000 } });
    for (let start = 0; start < others.length; start += 10_000) {
      const batch = others.slice(start, start + 10_000);
      const pipeline = rp.redis.pipeline();
      for (const id of batch) pipeline.set(`${rp.prefix}:sess:${id}`, sessionJson, 'EX', 3600);
      await pipeline.exec();
      await Promise.all(
        batch.map((id, j) => {
          const n = start + j;
          return rp.index.link({
            iss: op.issuer,
            sub: `user-${Math.floor(n / 3)}`,
            sid: `sid-${n}`,
            sessionId: id,
          });
        }),
      );
    }
    for (const [i, id] of target.entries())
      await rp.seedSession(id, { sub: 'target-user', sid: `target-sid-${i}` });
  }, 180_000);

  afterAll(async () => {
    await rp?.close();
    await op?.close();
  }, 60_000);

  it('a sub-only token destroys the 3 target sessions and reads or writes no other session', async () => {
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'target-user' });
    const recorder = recordCommands(rp.redis);
    let status: number;
    try {
      status = (await rp.postForm({ logout_token: token })).status;
    } finally {
      recorder.stop();
    }
    expect(status).toBe(200);
    expect(rp.destroyer.destroyed.sort()).toEqual(target);

    // Every key the logout touched belongs to the target user (its lookup, its 3 sessions) or to the replay store.
    const touched = new Set(
      recorder.commands.flatMap((c) => c.slice(1)).filter((a) => a.startsWith(rp.prefix)),
    );
    const enc = encodeURIComponent;
    const allowed = (key: string) =>
      key === `${rp.prefix}:index:by-sub:${enc(op.issuer)}|target-user` ||
      // The 0.1.0 layout's set, read during an upgrade (legacyKeys, on by default).
      key === `${rp.prefix}:index:sub:${enc(op.issuer)}|target-user` ||
      target.some(
        (id) =>
          key === `${rp.prefix}:sess:${id}` ||
          key.endsWith(`:index:session:${id}`) ||
          key.includes(`target-sid-`),
      ) ||
      key.startsWith(`${rp.prefix}:jti:`);
    expect([...touched].filter((key) => !allowed(key))).toEqual([]);
    expect([...touched]).toEqual(
      expect.arrayContaining(target.map((id) => `${rp.prefix}:sess:${id}`)),
    );
    expect(recorder.commands.length).toBeLessThan(40);
    expect(recorder.commands.map((c) => c[0])).not.toEqual(
      expect.arrayContaining(['scan', 'keys']),
    );

    // The store afterwards: the 3 are gone, the 99 997 others are all there.
    const pipeline = rp.redis.pipeline();
    for (const id of [...target, ...others]) pipeline.exists(`${rp.prefix}:sess:${id}`);
    const exists = ((await pipeline.exec()) ?? []).map(([, v]) => v);
    expect(exists.slice(0, 3)).toEqual([0, 0, 0]);
    expect(exists.slice(3).filter((v) => v === 1)).toHaveLength(TOTAL - 3);
    await expect(rp.index.find({ iss: op.issuer, sub: 'user-0' })).resolves.toHaveLength(3);
  });
});

describe.each(databaseCases())(
  'session index at scale (TypeORM on %s, 10 000 sessions)',
  (_name, db) => {
    const TOTAL = 10_000;
    let op: TestIssuer;
    let dataSource: DataSource;
    let app: Awaited<ReturnType<typeof bootApp>>['app'];
    const queries: string[] = [];
    let recording = false;
    const destroyed: string[] = [];
    const live = new Set<string>();

    beforeAll(async () => {
      op = await createTestIssuer();
      const queryLogger: TypeOrmLogger = {
        logQuery: (query) => void (recording && queries.push(query)),
        logQueryError: () => undefined,
        logQuerySlow: () => undefined,
        logSchemaBuild: () => undefined,
        logMigration: () => undefined,
        log: () => undefined,
      };
      dataSource = new DataSource({
        ...(await db.create()),
        entities: [...BACKCHANNEL_RECEIVER_ENTITIES],
        synchronize: true,
        logging: ['query'],
        logger: queryLogger,
      });
      await dataSource.initialize();
      const rows = Array.from({ length: TOTAL }, (_, n) => ({
        sessionId: n < 3 ? `target-${n + 1}` : `s-${n}`,
        iss: op.issuer,
        sub: n < 3 ? 'target-user' : `user-${Math.floor(n / 3)}`,
        sid: `sid-${n}`,
        authTime: null,
        expiresAt: Date.now() + 3_600_000,
      }));
      for (const row of rows) live.add(row.sessionId);
      for (let i = 0; i < rows.length; i += 500) {
        await dataSource
          .getRepository(BACKCHANNEL_RECEIVER_ENTITIES[1])
          .insert(rows.slice(i, i + 500));
      }
      const destroyer: SessionDestroyer = {
        destroy: (id) => {
          destroyed.push(id);
          live.delete(id);
          return Promise.resolve();
        },
      };
      ({ app } = await bootApp([
        BackchannelLogoutReceiverModule.forRoot({
          issuers: [op.receiverIssuerOptions(CLIENT_ID)],
          sessions: { index: { store: new TypeOrmSessionIndexStore(dataSource), destroyer } },
        }),
      ]));
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await dataSource?.destroy();
      await db.drop();
      await op?.close();
    });

    it('ends the 3 target sessions through an indexed lookup; the other rows are untouched', async () => {
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'target-user' });
      recording = true;
      const res = await postLogoutToken(app, token);
      // The index rows are unlinked right after the 200 (with "done"): wait for those writes too.
      await app.get(BackchannelLogoutReceiverService).settled();
      recording = false;
      expect(res.status).toBe(200);
      expect(destroyed.sort()).toEqual(['target-1', 'target-2', 'target-3']);
      expect(live.size).toBe(TOTAL - 3);
      expect(await dataSource.getRepository(BACKCHANNEL_RECEIVER_ENTITIES[1]).count()).toBe(
        TOTAL - 3,
      );

      // One SELECT filtered by (iss, sub), then one DELETE per ended session, by primary key.
      const selects = queries.filter((q) => /^SELECT/i.test(q));
      const deletes = queries.filter((q) => /^DELETE/i.test(q));
      expect(selects).toHaveLength(1);
      expect(selects[0]).toMatch(/"iss" = \S+ AND .*"sub" = \S+/);
      expect(deletes).toHaveLength(3);
      for (const q of deletes) expect(q).toMatch(/WHERE .*"session_id" = /);

      if (db.name === 'sqlite') {
        const plan: Array<{ detail: string }> = await dataSource.query(
          `EXPLAIN QUERY PLAN SELECT * FROM bcl_receiver_session_link WHERE iss = ? AND sub = ?`,
          [op.issuer, 'target-user'],
        );
        expect(plan.map((p) => p.detail).join(' ')).toContain(
          'USING INDEX bcl_receiver_session_link_iss_sub',
        );
      }
    });
  },
);
