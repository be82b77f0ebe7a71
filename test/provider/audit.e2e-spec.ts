import {
  BackchannelLogoutAuditService,
  BackchannelLogoutError,
  BackchannelLogoutService,
} from 'nestjs-backchannel-logout';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { RecordingLogger } from '../support/recording.logger';
import { until } from '../support/wait';
import { addClients, FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import {
  claimsOf,
  clientId,
  recordDeliveryEvents,
  sessionOf,
  tokenOf,
} from './support/provider-helpers';
import { FixtureClient } from './fixtures/fixture-client.entity';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';

/** Newest-first ordering needs distinct creation times: waits until the millisecond clock has moved on. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  await until(() => Date.now() > now, 1000, 1);
}

describe.each(databaseCases())('delivery audit on %s', (_db, database) => {
  const prefix = uniquePrefix('audit');
  const logs = new RecordingLogger();
  let op: FixtureOp;
  let bcl: BackchannelLogoutService;
  let audit: BackchannelLogoutAuditService;
  let rp: CapturingRp;
  const otherTokens: string[] = [];

  beforeAll(async () => {
    rp = await new CapturingRp([{ status: 200 }]).start();
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      logger: logs,
      module: { delivery: { ...LOOPBACK_DELIVERY, backoffBaseMs: 50 } },
    });
    bcl = op.get(BackchannelLogoutService);
    audit = op.get(BackchannelLogoutAuditService);
  });

  afterAll(async () => {
    await op?.close();
    await rp?.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('lists and filters deliveries, newest first, page by page', async () => {
    const [a, b] = [clientId('list'), clientId('list')];
    const before = new Date(Date.now() - 1000);
    const first = await bcl.logoutSession({
      sid: await sessionOf(
        op,
        [
          { clientId: a, uri: rp.url('/a') },
          { clientId: b, uri: rp.url('/b') },
        ],
        'list-user',
      ),
      reason: 'rp_initiated',
    });
    await nextMillisecond();
    const second = await bcl.logoutUser({ sub: 'list-user' });
    await nextMillisecond();
    const third = await bcl.logoutSession({
      sid: await sessionOf(op, [{ clientId: `${a}-x`, uri: rp.url('/x') }], 'other'),
    });
    await bcl.waitForDeliveries(first.logoutId, 15000);
    await bcl.waitForDeliveries(third.logoutId, 15000);
    expect(second.deliveries).toHaveLength(0); // the session was already logged out and forgotten

    const mine = await audit.list({ clientId: a });
    expect(mine.items.map((d) => [d.clientId, d.status, d.reason, d.sub])).toEqual([
      [a, 'delivered', 'rp_initiated', 'list-user'],
    ]);
    expect((await audit.list({ logoutId: first.logoutId })).total).toBe(2);
    expect((await audit.list({ sub: 'other' })).items.map((d) => d.clientId)).toEqual([`${a}-x`]);
    expect((await audit.list({ sid: first.deliveries[0].sid! })).total).toBe(2);
    expect((await audit.list({ status: 'delivered', from: before })).total).toBeGreaterThanOrEqual(
      3,
    );
    expect(
      (await audit.list({ status: ['failed', 'pending'], logoutId: first.logoutId })).total,
    ).toBe(0);
    expect((await audit.list({ to: before })).total).toBe(0);
    expect((await audit.list({ jti: first.deliveries[1].jti })).items.map((d) => d.id)).toEqual([
      first.deliveries[1].deliveryId,
    ]);

    const page1 = await audit.list({ from: before, pageSize: 2 });
    const page2 = await audit.list({ from: before, pageSize: 2, page: 2 });
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.items[0].logoutId).toBe(third.logoutId); // newest first
    expect(page2.items).toHaveLength(1);
    expect(new Set([...page1.items, ...page2.items].map((d) => d.id)).size).toBe(3);
  });

  it('retries a failed delivery: a new cycle of attempts with the same jti', async () => {
    const flaky = await new CapturingRp([{ status: 400 }, { status: 200 }]).start();
    try {
      const sid = await sessionOf(op, [{ clientId: clientId('retry'), uri: flaky.url() }]);
      const { logoutId, deliveries } = await bcl.logoutSession({ sid });
      await bcl.waitForDeliveries(logoutId, 15000);
      const id = deliveries[0].deliveryId;
      expect(await audit.get(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        errorCode: 'rp_rejected',
      });

      const retried = await audit.retry(id);
      expect(retried).toMatchObject({
        status: expect.stringMatching(/^(queued|delivered)$/),
        errorCode: null,
      });
      const outcome = await bcl.waitForDeliveries(logoutId, 15000);
      expect(outcome.deliveries).toEqual([
        expect.objectContaining({ status: 'delivered', attempts: 2 }),
      ]);
      expect(flaky.requests.map((r) => claimsOf(r).jti)).toEqual([
        deliveries[0].jti,
        deliveries[0].jti,
      ]);

      await expect(audit.retry(id)).rejects.toMatchObject({ code: 'delivery_not_retryable' });
      await expect(audit.retry('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
        BackchannelLogoutError,
      );
      await expect(audit.retry('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        code: 'delivery_not_found',
      });
    } finally {
      otherTokens.push(...flaky.requests.map(tokenOf));
      await flaky.stop();
    }
  });

  it('retries to the current URI after an administrator fixed it; a failure with no sid is not retryable', async () => {
    const events = recordDeliveryEvents(op);
    const id = clientId('fixed');
    const sid = await sessionOf(op, [{ clientId: id, uri: rp.url(`/${id}#oops`) }]);
    const { logoutId, deliveries } = await bcl.logoutSession({ sid });
    expect(deliveries).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: 'uri_fragment' }),
    ]);
    expect(events.failed).toEqual([
      expect.objectContaining({
        errorCode: 'uri_fragment',
        final: true,
        delivery: expect.objectContaining({ attempt: 0 }),
      }),
    ]);

    await op.dataSource
      .getRepository(FixtureClient)
      .update({ clientId: id }, { backchannelLogoutUri: rp.url(`/${id}`) });
    expect(await audit.retry(deliveries[0].deliveryId)).toMatchObject({
      uri: rp.url(`/${id}`),
      errorCode: null,
    });
    const outcome = await bcl.waitForDeliveries(logoutId, 15000);
    expect(outcome.deliveries).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
    ]);
    expect(rp.requests.filter((r) => r.url === `/${id}`)).toHaveLength(1);

    const strict = clientId('strict');
    await addClients(op.dataSource, [
      { clientId: strict, backchannelLogoutUri: rp.url(), backchannelLogoutSessionRequired: true },
    ]);
    await bcl.recordIdTokenIssued({ sid: null, sub: 'no-sid-user', clientId: strict });
    const noSid = await bcl.logoutUser({ sub: 'no-sid-user' });
    expect(noSid.deliveries[0].errorCode).toBe('session_required_no_sid');
    await expect(audit.retry(noSid.deliveries[0].deliveryId)).rejects.toMatchObject({
      code: 'delivery_not_retryable',
    });
  });

  it('sends a real test logout to one client, recorded with reason "test"', async () => {
    const id = clientId('test-send');
    await addClients(op.dataSource, [
      {
        clientId: id,
        backchannelLogoutUri: rp.url(`/${id}?probe=1`),
        backchannelLogoutSessionRequired: true,
      },
    ]);
    const result = await audit.sendTestLogout(id);
    const outcome = await bcl.waitForDeliveries(result.logoutId, 15000);
    expect(outcome.deliveries).toEqual([
      expect.objectContaining({ clientId: id, status: 'delivered' }),
    ]);
    const request = rp.requests.find((r) => r.url === `/${id}?probe=1`)!;
    expect(claimsOf(request)).toMatchObject({
      aud: id,
      sub: 'backchannel-logout-test',
      sid: expect.any(String),
    });
    expect((await audit.get(result.deliveries[0].deliveryId))!.reason).toBe('test');

    await expect(audit.sendTestLogout('no-such-client')).rejects.toMatchObject({
      code: 'client_not_found',
    });
  });

  it('logs jti, client and outcome, never the token', () => {
    const all = logs.text().join('\n');
    // Structured lines (objects): outcome, jti and client as fields.
    expect(all).toMatch(
      /"outcome":"delivered","jti":"[\w-]+","clientId":"[\w-]+","attempt":1,"httpStatus":200/,
    );
    expect(all).toMatch(
      /"outcome":"failed","jti":"[\w-]+","clientId":"[\w-]+","attempt":1,"httpStatus":400,.*"errorCode":"rp_rejected"/,
    );
    const tokens = [...rp.requests.map(tokenOf), ...otherTokens];
    expect(tokens.length).toBeGreaterThanOrEqual(5);
    for (const token of tokens) expect(all).not.toContain(token.split('.')[2]);
  });
});
