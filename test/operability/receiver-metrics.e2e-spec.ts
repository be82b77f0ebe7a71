import { Global, Module } from '@nestjs/common';
import {
  BackchannelLogoutMetricsModule,
  BackchannelLogoutObserver,
} from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { ReceiverFixture } from '../receiver/fixtures/receiver.fixture';
import { MetricsController } from './support/metrics.controller';
import { scrapeMetrics, Sample, valueOf } from './support/prometheus-text';

const CLIENT_ID = 'rp-metrics';

@Module({ controllers: [MetricsController] })
class MetricsHttpModule {}

describe('receiver metrics', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      imports: [BackchannelLogoutMetricsModule.forRoot({ prefix: 'rp_' }), MetricsHttpModule],
    });
  });

  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  const scrape = (): Promise<Sample[]> => scrapeMetrics(rp.app);

  it('counts accepted tokens, the sessions they ended, and every refusal by its code', async () => {
    await rp.seedSession('m-s1', { sub: 'alice', sid: 'm-sid-1' });
    await rp.seedSession('m-s2', { sub: 'alice', sid: 'm-sid-2' });
    await rp.seedSession('m-s3', { sub: 'bob', sid: 'm-sid-3' });

    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    await rp.postForm({ logout_token: token }).expect(200);
    // A retransmission of a performed logout is acknowledged (issue #8 contract): accepted, 0 sessions ended.
    await rp.postForm({ logout_token: token }).expect(200);
    await rp.postForm({ logout_token: 'not-a-jwt' }).expect(400);
    const nonce = await op.invalidLogoutToken('with-nonce', { clientId: CLIENT_ID, sub: 'bob' });
    await rp.postForm({ logout_token: nonce }).expect(400);
    await request(rp.app.getHttpServer())
      .post('/backchannel-logout')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ logout_token: token }))
      .expect(400);
    await request(rp.app.getHttpServer()).get('/backchannel-logout').expect(405);
    expect(await rp.existing(['m-s1', 'm-s2', 'm-s3'])).toEqual(['m-s3']);

    const samples = await scrape();
    const tokens = (outcome: string, error_code: string): number | undefined =>
      valueOf(samples, 'rp_receiver_logout_tokens_total', { outcome, error_code });
    expect(tokens('accepted', '')).toBe(2);
    expect(tokens('rejected', 'token_malformed')).toBe(1);
    expect(tokens('rejected', 'claim_nonce_present')).toBe(1);
    expect(tokens('rejected', 'request_content_type')).toBe(1);
    expect(tokens('rejected', 'request_method_not_allowed')).toBe(1);
    expect(samples.filter((s) => s.name === 'rp_receiver_logout_tokens_total')).toHaveLength(5);
    expect(valueOf(samples, 'rp_receiver_sessions_ended_total')).toBe(2);
  });

  it('has no provider series in a receiver-only app (nothing to alert on by mistake)', async () => {
    const samples = await scrape();
    expect(samples.filter((s) => s.name.startsWith('rp_provider_'))).toEqual([]);
    expect(samples.some((s) => s.name.startsWith('rp_receiver_'))).toBe(true);
  });
});

/** A host's own observer (e.g. tracing) that throws on every call. */
@Global()
@Module({
  providers: [
    {
      provide: BackchannelLogoutObserver,
      useValue: {
        logoutTokenReceived: () => {
          throw new Error('observer exploded');
        },
      } satisfies BackchannelLogoutObserver,
    },
  ],
  exports: [BackchannelLogoutObserver],
})
class ThrowingObserverModule {}

describe('a host observer that throws', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, {
      clientId: CLIENT_ID,
      imports: [ThrowingObserverModule],
    });
  });

  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('changes no answer: the logout still succeeds and a refusal is still a 400; the failure is logged', async () => {
    await rp.seedSession('t-s1', { sub: 'carol', sid: 't-sid-1' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'carol' });
    await rp.postForm({ logout_token: token }).expect(200);
    expect(await rp.sessionExists('t-s1')).toBe(false);
    const refused = await rp.postForm({ logout_token: 'garbage' }).expect(400);
    expect(refused.body).toMatchObject({ error: 'invalid_request' });
    expect(
      rp.logger.text('error').filter((l) => l.includes('observer threw: observer exploded')),
    ).toHaveLength(2);
  });
});
