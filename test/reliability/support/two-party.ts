import { createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackchannelLogoutService } from 'nestjs-backchannel-logout';
import type { TestIssuer } from 'nestjs-backchannel-logout/testing';
import { LogoutDeliveryEntity } from '../../../libs/backchannel-logout/src/provider/delivery/logout-delivery.entity';
import { SessionParticipantEntity } from '../../../libs/backchannel-logout/src/provider/sessions/session-participant.entity';
import { In } from 'typeorm';
import { ISSUER, LOOPBACK_DELIVERY } from '../../provider/fixtures/fixture-host.config';
import { addClients } from '../../provider/fixtures/fixture-op.app';
import {
  ReceiverFixture,
  type ReceiverFixtureOptions,
} from '../../receiver/fixtures/receiver.fixture';
import type { TestDatabase } from '../../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../../support/redis';
import { until } from '../../support/wait';
import { FaultProxy, type Fault } from './fault-proxy';
import { OpNode, startOpNode } from './op-node';

export const TWO_PARTY_CLIENT = 'two-party-rp';
/** The OP's HTTP timeout per attempt: short, so held answers and resets cost little. */
export const TWO_PARTY_TIMEOUT_MS = 400;

/** The OP's published keys, served as its JWKS; rotating publishes the new key first, then signs with it. */
export class OpKeys {
  private readonly keys: Array<{ kid: string; key: KeyObject }> = [];
  private server: Server | null = null;
  url = '';

  constructor() {
    this.rotate();
  }

  get current(): { kid: string; key: KeyObject } {
    return this.keys[this.keys.length - 1];
  }

  rotate(): void {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.keys.push({ kid: `two-party-${this.keys.length + 1}`, key: privateKey });
  }

  async start(): Promise<void> {
    const server = createServer((_req, res) => {
      const keys = this.keys.map(({ kid, key }) => ({
        ...createPublicKey(key).export({ format: 'jwk' }),
        kid,
        alg: 'RS256',
        use: 'sig',
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** What the RP-side sessions of a run must look like at the end. */
export interface SessionExpectations {
  readonly mustEnd: string[];
  readonly mustSurvive: string[];
}

/**
 * This library's provider (an OP node: TypeORM outbox, Bull, worker) -> a fault proxy -> this library's receiver
 * (Redis sessions, index and replay store), for issue #8's two-party tests. The receiver trusts the OP's real
 * JWKS (with key rotation); every OP session has the receiver's client as its participant.
 */
export class TwoParty {
  readonly keys = new OpKeys();
  readonly prefix = uniquePrefix('two-party');
  receiver!: ReceiverFixture;
  proxy!: FaultProxy;
  node!: OpNode;

  private constructor(private readonly database: TestDatabase) {}

  static async start(
    database: TestDatabase,
    choose: () => Fault,
    receiverRedis?: ReceiverFixtureOptions['redis'],
  ): Promise<TwoParty> {
    const run = new TwoParty(database);
    await run.keys.start();
    // The fixture's TestIssuer stands in for the real OP: `issuers` below replaces what it would give.
    const op = {
      issuer: ISSUER,
      receiverIssuerOptions: (clientId: string) => ({ issuer: ISSUER, clientId }),
    } as unknown as TestIssuer;
    run.receiver = await ReceiverFixture.start(op, {
      clientId: TWO_PARTY_CLIENT,
      redis: receiverRedis,
      receiver: {
        issuers: [{ issuer: ISSUER, clientId: TWO_PARTY_CLIENT, jwksUri: run.keys.url }],
        // A rotation shortly after the last fetch must still get through (on the OP's retry).
        jwks: { cooldownSeconds: 1 },
      },
    });
    // Without an offline queue, a command sent before the connection is ready fails: wait for it.
    const redis = run.receiver.redis;
    if (redis.status !== 'ready') await once(redis, 'ready');
    const { port } = run.receiver.app.getHttpServer().address() as AddressInfo;
    const target = `http://127.0.0.1:${port}/backchannel-logout`;
    run.proxy = new FaultProxy(() => target, choose, TWO_PARTY_TIMEOUT_MS + 300);
    const proxyUrl = await run.proxy.start();
    const keys = run.keys;
    run.node = await startOpNode({
      database: await database.create(),
      prefix: run.prefix,
      redis: testRedisOptions(),
      module: {
        issuer: ISSUER,
        signingKey: () => ({ kid: keys.current.kid, alg: 'RS256', privateKey: keys.current.key }),
        delivery: {
          ...LOOPBACK_DELIVERY,
          timeoutMs: TWO_PARTY_TIMEOUT_MS,
          attempts: 40,
          backoffBaseMs: 50,
          backoffCapMs: 500,
        },
        // Per-RP health as shipped, but a paused RP is probed every second instead of every 30 s.
        health: { probeIntervalMs: 1000 },
      },
    });
    await addClients(run.node.dataSource, [
      { clientId: TWO_PARTY_CLIENT, backchannelLogoutUri: proxyUrl },
    ]);
    return run;
  }

  /** OP sessions `sid-<i>` of `user-<i>`, and at the RP the session of each (plus an older one for sub-only). */
  async seed(count: number, subOnly: (i: number) => boolean): Promise<string[]> {
    const participants = this.node.dataSource.getRepository(SessionParticipantEntity);
    for (let i = 0; i < count; i += 250) {
      await participants.insert(
        Array.from({ length: Math.min(250, count - i) }, (_, k) => ({
          id: randomUUID(),
          sid: `sid-${i + k}`,
          sub: `user-${i + k}`,
          clientId: TWO_PARTY_CLIENT,
          createdAt: new Date(),
        })),
      );
    }
    const authTime = Math.floor(Date.now() / 1000) - 60;
    const mustEnd: string[] = [];
    for (let i = 0; i < count; i++) {
      const link = { iss: ISSUER, sub: `user-${i}`, authTime };
      await this.receiver.seedSession(`pre-${i}`, { ...link, sid: `sid-${i}` });
      mustEnd.push(`pre-${i}`);
      if (subOnly(i)) {
        await this.receiver.seedSession(`pre-other-${i}`, link);
        mustEnd.push(`pre-other-${i}`);
      }
    }
    return mustEnd;
  }

  /** Logout `i` (sid or sub-only); every `reloginEvery`th user signs in again right after it. */
  async logout(i: number, subOnly: boolean, relogin: boolean): Promise<string | null> {
    const logouts = this.node.app.get(BackchannelLogoutService);
    if (subOnly) await logouts.logoutUser({ sub: `user-${i}` });
    else await logouts.logoutSession({ sid: `sid-${i}` });
    if (!relogin) return null;
    // A login after the logout, while its token may still be on the way: it must survive.
    const authTime = Math.floor(Date.now() / 1000) + 2;
    const link = { iss: ISSUER, sub: `user-${i}`, sid: `new-sid-${i}`, authTime };
    await this.receiver.seedSession(`post-${i}`, link);
    return `post-${i}`;
  }

  /** Waits until every one of `count` deliveries is final; resolves the count per status and the attempts. */
  async settled(
    count: number,
  ): Promise<{ byStatus: Record<string, number>; attemptsMax: number; attemptsTotal: number }> {
    const deliveries = this.node.dataSource.getRepository(LogoutDeliveryEntity);
    const open = In(['pending', 'queued', 'retrying', 'paused'] as const);
    await until(
      async () =>
        (await deliveries.count()) === count && (await deliveries.countBy({ status: open })) === 0,
      300_000,
      250,
    );
    const rows = await deliveries.find({ select: { status: true, attempts: true } });
    const byStatus: Record<string, number> = {};
    for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    const attempts = rows.map((r) => r.attempts);
    return {
      byStatus,
      attemptsMax: Math.max(...attempts),
      attemptsTotal: attempts.reduce((a, b) => a + b, 0),
    };
  }

  async close(): Promise<void> {
    await this.node?.close();
    await this.proxy?.stop();
    await this.receiver?.close();
    await this.keys.stop();
    await deleteKeysWithPrefix(this.prefix);
    await this.database.drop();
  }
}
