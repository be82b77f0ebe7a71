import { createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BackchannelLogoutService,
  LogoutDeliveryEntity,
  SessionParticipantEntity,
  type TestIssuer,
} from 'nestjs-backchannel-logout';
import { In } from 'typeorm';
import { addClients } from '../provider/fixtures/fixture-op.app';
import { ISSUER, LOOPBACK_DELIVERY } from '../provider/fixtures/fixture-host.config';
import { ReceiverFixture } from '../receiver/fixtures/receiver.fixture';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, testRedisOptions, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { FaultProxy, seededRandom, type Fault } from './support/fault-proxy';
import { OpNode, startOpNode } from './support/op-node';
import { report } from './support/report';

const LOGOUTS = 1000;
const CLIENT_ID = 'two-party-rp';
const TIMEOUT_MS = 400;
const SEED = Number(process.env.FAULT_SEED ?? 20261203);

/** The OP's published keys, served as its JWKS; rotating publishes the new key first, then signs with it. */
class OpKeys {
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
    this.server = createServer((_req, res) => {
      const keys = this.keys.map(({ kid, key }) => ({
        ...createPublicKey(key).export({ format: 'jwk' }),
        kid,
        alg: 'RS256',
        use: 'sig',
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/**
 * Issue #8, "two-party fault test": this library's provider -> a fault proxy (lost responses after the receiver
 * acted, answers held past the OP's timeout, 502s, connection resets) -> this library's receiver, for 1 000
 * logouts (sid and sub-only), with a key rotation in the middle and sessions that begin after their user's
 * logout. Every delivery must end `delivered`, every session that existed at logout time must be gone, and no
 * session that began after the logout may be touched.
 */
describe.each(databaseCases())(
  'two-party faults, provider -> proxy -> receiver, on %s',
  (dbName, database) => {
    const prefix = uniquePrefix('two-party');
    const random = seededRandom(SEED);
    const choose = (): Fault => {
      const r = random();
      if (r < 0.6) return 'pass';
      if (r < 0.7) return 'drop-after';
      if (r < 0.8) return 'late';
      if (r < 0.9) return 'bad-gateway';
      return 'reset';
    };
    const keys = new OpKeys();
    let receiver: ReceiverFixture;
    let proxy: FaultProxy;
    let node: OpNode;

    beforeAll(async () => {
      await keys.start();
      // The fixture's TestIssuer is replaced by the real OP: only `issuer` is read when `issuers` is given.
      const op = {
        issuer: ISSUER,
        receiverIssuerOptions: () => ({ issuer: ISSUER, clientId: CLIENT_ID }),
      };
      receiver = await ReceiverFixture.start(op as unknown as TestIssuer, {
        clientId: CLIENT_ID,
        receiver: {
          issuers: [
            { issuer: ISSUER, clientId: CLIENT_ID, jwksUri: keys.url, algorithms: ['RS256'] },
          ],
          // A rotation shortly after the last fetch must still get through (on the OP's retry).
          jwks: { cooldownSeconds: 1 },
        },
      });
      const { port } = receiver.app.getHttpServer().address() as AddressInfo;
      const receiverUrl = `http://127.0.0.1:${port}/backchannel-logout`;
      proxy = new FaultProxy(() => receiverUrl, choose, TIMEOUT_MS + 300);
      const proxyUrl = await proxy.start();
      node = await startOpNode({
        database: await database.create(),
        prefix,
        redis: testRedisOptions(),
        module: {
          issuer: ISSUER,
          signingKey: () => ({ kid: keys.current.kid, alg: 'RS256', privateKey: keys.current.key }),
          delivery: {
            ...LOOPBACK_DELIVERY,
            timeoutMs: TIMEOUT_MS,
            attempts: 40,
            backoffBaseMs: 50,
            backoffCapMs: 500,
          },
        },
      });
      await addClients(node.dataSource, [{ clientId: CLIENT_ID, backchannelLogoutUri: proxyUrl }]);
    });

    afterAll(async () => {
      await node?.close();
      await proxy?.stop();
      await receiver?.close();
      await keys.stop();
      await deleteKeysWithPrefix(prefix);
      await database.drop();
    });

    it(`${LOGOUTS} logouts: 0 false failures, 0 missed logouts, 0 post-logout sessions ended`, async () => {
      const started = Date.now();
      const before = Math.floor(started / 1000) - 60;
      const subOnly = (i: number): boolean => i % 4 === 3;
      // OP side: one OP session per user, the receiver's client took part in it.
      const participants = node.dataSource.getRepository(SessionParticipantEntity);
      for (let i = 0; i < LOGOUTS; i += 250) {
        await participants.insert(
          Array.from({ length: Math.min(250, LOGOUTS - i) }, (_, k) => ({
            id: randomUUID(),
            sid: `sid-${i + k}`,
            sub: `user-${i + k}`,
            clientId: CLIENT_ID,
            createdAt: new Date(),
          })),
        );
      }
      // RP side: the session of each OP session, plus, for sub-only logouts, a second older session of the user.
      const mustEnd: string[] = [];
      for (let i = 0; i < LOGOUTS; i++) {
        await receiver.seedSession(`pre-${i}`, {
          iss: ISSUER,
          sub: `user-${i}`,
          sid: `sid-${i}`,
          authTime: before,
        });
        mustEnd.push(`pre-${i}`);
        if (subOnly(i)) {
          await receiver.seedSession(`pre-other-${i}`, {
            iss: ISSUER,
            sub: `user-${i}`,
            authTime: before,
          });
          mustEnd.push(`pre-other-${i}`);
        }
      }

      const logouts = node.app.get(BackchannelLogoutService);
      const mustSurvive: string[] = [];
      for (let i = 0; i < LOGOUTS; i++) {
        if (i === LOGOUTS / 2) keys.rotate();
        if (subOnly(i)) await logouts.logoutUser({ sub: `user-${i}` });
        else await logouts.logoutSession({ sid: `sid-${i}` });
        // Every 10th user signs in again right after the logout, while its token may still be on the way.
        if (i % 10 === 0) {
          const after = Math.floor(Date.now() / 1000) + 2;
          await receiver.seedSession(`post-${i}`, {
            iss: ISSUER,
            sub: `user-${i}`,
            sid: `new-sid-${i}`,
            authTime: after,
          });
          mustSurvive.push(`post-${i}`);
        }
      }
      const enqueuedMs = Date.now() - started;

      const deliveries = node.dataSource.getRepository(LogoutDeliveryEntity);
      const open = In(['pending', 'queued', 'retrying'] as const);
      await until(
        async () =>
          (await deliveries.count()) === LOGOUTS &&
          (await deliveries.countBy({ status: open })) === 0,
        300_000,
        250,
      );
      const byStatus: Record<string, number> = {};
      for (const row of await deliveries.find({ select: { status: true, attempts: true } })) {
        byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      }
      const attempts = (await deliveries.find({ select: { attempts: true } })).map(
        (r) => r.attempts,
      );
      const missed = await receiver.existing(mustEnd);
      const survivors = await receiver.existing(mustSurvive);

      report(`two-party-faults-${dbName.toLowerCase()}`, {
        logouts: LOGOUTS,
        seed: SEED,
        faults: proxy.counts,
        receiverAnswers: Object.fromEntries(proxy.receiverAnswers),
        deliveries: byStatus,
        falseFailures: LOGOUTS - (byStatus.delivered ?? 0),
        missedLogouts: missed.length,
        postLogoutSessionsEnded: mustSurvive.length - survivors.length,
        attemptsMax: Math.max(...attempts),
        attemptsTotal: attempts.reduce((a, b) => a + b, 0),
        enqueuedMs,
        totalMs: Date.now() - started,
      });

      expect(byStatus).toEqual({ delivered: LOGOUTS });
      expect(missed).toEqual([]);
      expect(survivors).toEqual(mustSurvive);
      // The faults really happened: every kind was injected, and some receiver answers were lost.
      for (const fault of ['drop-after', 'late', 'bad-gateway', 'reset'] as const) {
        expect(proxy.counts[fault]).toBeGreaterThan(10);
      }
    });
  },
);
