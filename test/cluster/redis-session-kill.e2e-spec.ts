/**
 * `RedisSessionDestroyer` on a real three-master Redis Cluster: the session keys are in other slots than the
 * hash-tagged replay and index keys, so the one-command kill does not apply and the receiver takes the usual
 * path (claim + lookup, then one `DEL` per session). Sessions still end, duplicates stay duplicates.
 */
import type { INestApplication } from '@nestjs/common';
import type { Cluster } from 'ioredis';
import { BackchannelLogoutReceiverModule } from 'nestjs-backchannel-logout';
import {
  RedisReplayStore,
  RedisSessionDestroyer,
  RedisSessionIndexStore,
} from 'nestjs-backchannel-logout/receiver';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { RedisClaimKill } from '../../libs/backchannel-logout/src/receiver/sessions/index/redis-claim-kill.store';
import { bootApp } from '../receiver/fixtures/small-app';
import { uniquePrefix } from '../support/redis';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';

const CLIENT_ID = 'rp-cluster-kill';

describe('RedisSessionDestroyer on Redis Cluster: the usual path', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  let op: TestIssuer;
  let app: INestApplication;
  let index: RedisSessionIndexStore;
  const prefix = `${uniquePrefix('cluster-kill')}:`;
  const sessionKey = (id: string) => `${prefix}sess:${id}`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = cluster.client();
    op = await createTestIssuer();
    index = new RedisSessionIndexStore({ client, keyPrefix: prefix });
    ({ app } = await bootApp([
      BackchannelLogoutReceiverModule.forRoot({
        issuers: [op.receiverIssuerOptions(CLIENT_ID)],
        replayStore: new RedisReplayStore({ client, keyPrefix: prefix }),
        sessions: {
          index: {
            store: index,
            destroyer: new RedisSessionDestroyer({ client, prefix: `${prefix}sess:` }),
          },
        },
      }),
    ]));
  });
  afterAll(async () => {
    await app?.close();
    await op?.close();
    await cluster?.stop();
  });

  async function seed(sessionId: string, sub: string): Promise<void> {
    await client.set(sessionKey(sessionId), '{"cookie":{}}');
    await index.link({ iss: op.issuer, sub, sessionId });
  }

  const send = (token: string) =>
    request(app.getHttpServer() as never)
      .post('/backchannel-logout')
      .type('form')
      .send({ logout_token: token });

  it('does not wire the one-command kill', () => {
    expect(app.get(RedisClaimKill, { strict: false })).toBeNull();
  });

  it('ends the sessions; a retransmission is a duplicate and a session begun since survives', async () => {
    await seed('c-1', 'carl');
    await seed('c-2', 'carl');
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'carl' });
    expect((await send(token)).status).toBe(200);
    expect(await client.exists(sessionKey('c-1'))).toBe(0);
    expect(await client.exists(sessionKey('c-2'))).toBe(0);
    await seed('c-3', 'carl');
    // The first answer's "done" may still be on its way: the copy waits for it and is a duplicate either way.
    expect((await send(token)).status).toBe(200);
    expect(await client.exists(sessionKey('c-3'))).toBe(1);
  });
});
