import { NestExpressApplication } from '@nestjs/platform-express';
import { BackchannelLogoutAuditService, BackchannelLogoutService } from 'nestjs-backchannel-logout';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createProviderApp } from '../../apps/provider/src/provider-app.factory';
import { createReceiverApp } from '../../apps/receiver/src/receiver-app.factory';
import { providerTestConfig } from '../apps/support/provider-harness';
import { planReceiver, receiverTestConfig } from '../apps/support/receiver-harness';
import { freePort } from '../support/services';
import { PrivateRedis } from '../provider/support/private-redis';
import { uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { scrapeMetrics, valueOf } from './support/prometheus-text';

/**
 * The sample apps' /metrics and /health, against a private redis-server that the test stops and starts, and
 * a database connection it closes: 200 while both are up, 503 (naming the one that is down) otherwise.
 */
describe('sample apps: /metrics and /health', () => {
  const redis = new PrivateRedis();
  let provider: NestExpressApplication;
  let receiver: NestExpressApplication;

  beforeAll(async () => {
    await redis.start();
    const rpPort = await freePort();
    const plan = planReceiver(rpPort, 'ops-rp');
    const opPort = await freePort();
    const opConfig = providerTestConfig(opPort, { clients: [plan.client] });
    provider = await createProviderApp(
      { ...opConfig, redis: { url: redis.url, prefix: uniquePrefix('ops-op') } },
      { logger: false },
    );
    await provider.listen(opPort, '127.0.0.1');
    receiver = await createReceiverApp(
      {
        ...receiverTestConfig(plan, opConfig.issuer),
        redis: { url: redis.url, prefix: uniquePrefix('ops-rp') },
      },
      { logger: false },
    );
    await receiver.listen(rpPort, '127.0.0.1');
  });

  afterAll(async () => {
    await receiver?.close();
    await provider?.close();
    await redis.dispose();
  });

  const health = (app: NestExpressApplication): request.Test =>
    request(app.getHttpServer()).get('/health');

  it('report 200 with Redis and the database up, and count a real delivery on both sides', async () => {
    for (const app of [provider, receiver]) {
      const res = await health(app).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        status: 'ok',
        checks: {
          redis: { status: 'up', latencyMs: expect.any(Number) },
          database: { status: 'up', latencyMs: expect.any(Number) },
        },
      });
    }
    // A real signed Logout Token from the sample OP to the sample RP (the admin's "send test logout").
    const result = await provider.get(BackchannelLogoutAuditService).sendTestLogout('ops-rp');
    const outcome = await provider
      .get(BackchannelLogoutService)
      .waitForDeliveries(result.logoutId, 15000);
    expect(outcome.deliveries).toEqual([expect.objectContaining({ status: 'delivered' })]);

    const op = await scrapeMetrics(provider);
    expect(valueOf(op, 'bcl_provider_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(valueOf(op, 'bcl_provider_queue_up')).toBe(1);
    expect(valueOf(op, 'bcl_provider_outbox_up')).toBe(1);
    const rp = await scrapeMetrics(receiver);
    expect(valueOf(rp, 'bcl_receiver_logout_tokens_total', { outcome: 'accepted' })).toBe(1);
    expect(rp.some((s) => s.name.startsWith('bcl_provider_'))).toBe(false);
  });

  it("answers a body Express's parser refuses with that 4xx, not a 500", async () => {
    const res = await request(provider.getHttpServer())
      .post('/token')
      .type('form')
      .send(`grant_type=authorization_code&${'x=y&'.repeat(1001)}`)
      .expect(413);
    expect(res.text).toContain('too many parameters');
  });

  it('report 503 with Redis down, naming it, and 200 again once it is back', async () => {
    await redis.stop();
    for (const app of [provider, receiver]) {
      await until(async () => (await health(app)).status === 503);
      const res = await health(app).expect(503);
      expect(res.body).toEqual({
        status: 'unavailable',
        checks: {
          redis: {
            status: 'down',
            latencyMs: expect.any(Number),
            error: expect.stringMatching(/redis|answer/),
          },
          database: { status: 'up', latencyMs: expect.any(Number) },
        },
      });
    }
    // /metrics still answers (it is how you see the outage): the queue is reported down.
    expect(valueOf(await scrapeMetrics(provider), 'bcl_provider_queue_up')).toBe(0);

    await redis.start();
    for (const app of [provider, receiver]) {
      await until(async () => (await health(app)).status === 200, 20000);
    }
  });

  it('report 503 with the database connection gone, naming it', async () => {
    for (const app of [provider, receiver]) {
      const dataSource = app.get(DataSource);
      await dataSource.destroy();
      try {
        const res = await health(app).expect(503);
        expect(res.body).toMatchObject({
          status: 'unavailable',
          checks: {
            redis: { status: 'up' },
            database: { status: 'down', error: expect.any(String) },
          },
        });
      } finally {
        await dataSource.initialize(); // so the app closes normally
      }
      await health(app).expect(200);
    }
  });
});
