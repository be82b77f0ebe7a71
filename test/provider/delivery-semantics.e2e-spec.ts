import { randomUUID } from 'node:crypto';
import { BackchannelLogoutAuditService, BackchannelLogoutService } from 'nestjs-backchannel-logout';
// Internal classes: the one home of the delivery row and its queue gateway (not public API).
import { DeliveryQueueGateway } from '../../libs/backchannel-logout/src/provider/delivery/delivery-queue.gateway';
import { DeliveryOutbox } from '../../libs/backchannel-logout/src/provider/delivery/delivery.outbox';
import { DeliveryRepository } from '../../libs/backchannel-logout/src/provider/delivery/delivery.repository';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { addClients, FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { CapturingRp, RpReply } from './support/capturing-rp';
import { claimsOf, clientId, recordDeliveryEvents, sessionOf } from './support/provider-helpers';

const TTL = 120;

describe.each(databaseCases())('delivery semantics of issue #8 on %s', (_db, database) => {
  const prefix = uniquePrefix('semantics');
  const rps: CapturingRp[] = [];
  let op: FixtureOp;
  let bcl: BackchannelLogoutService;
  let audit: BackchannelLogoutAuditService;
  let repository: DeliveryRepository;
  let events: ReturnType<typeof recordDeliveryEvents>;

  async function rp(replies: RpReply[]): Promise<CapturingRp> {
    const started = await new CapturingRp(replies).start();
    rps.push(started);
    return started;
  }

  beforeAll(async () => {
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: {
        logoutTokenTtlSeconds: TTL,
        // relayIntervalMs 0: no relay pass interferes with the paused rows below.
        outbox: { relayIntervalMs: 0 },
        delivery: {
          ...LOOPBACK_DELIVERY,
          attempts: 4,
          backoffBaseMs: 100,
          backoffCapMs: 200,
          timeoutMs: 500,
        },
      },
    });
    bcl = op.get(BackchannelLogoutService);
    audit = op.get(BackchannelLogoutAuditService);
    repository = op.get(DeliveryRepository);
    events = recordDeliveryEvents(op);
  });

  afterAll(async () => {
    await op?.close();
    for (const r of rps) await r.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('a delivery first attempted an hour after the logout carries the logout time in iat and a fresh exp', async () => {
    const target = await rp([{ status: 200 }]);
    const id = clientId('late');
    await addClients(op.dataSource, [
      { clientId: id, backchannelLogoutUri: target.url(), backchannelLogoutSessionRequired: false },
    ]);
    const loggedOutAt = new Date(Date.now() - 3600_000);
    const [row] = await repository.create(
      {
        logoutId: randomUUID(),
        reason: 'backlog',
        initiatingClientId: null,
        deliveries: [{ clientId: id, uri: target.url(), sub: 'late-user', sid: null }],
      },
      loggedOutAt,
    );
    const sentAt = Date.now();
    await op.get(DeliveryOutbox).enqueue([row.id]);
    const [request] = await target.waitForRequests(1);

    const claims = claimsOf(request);
    expect(claims.iat).toBe(Math.floor(loggedOutAt.getTime() / 1000));
    expect(claims.exp as number).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) + TTL);
    expect(claims.exp as number).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + TTL);
    await until(async () => (await audit.get(row.id))?.status === 'delivered');
    expect((await audit.get(row.id))!.tokenIssuedAt).toEqual(
      new Date(Math.floor(loggedOutAt.getTime() / 1000) * 1000),
    );
  });

  it('first attempt unanswered (timeout), then 400 token_replayed: unconfirmed / retransmission_refused, not failed', async () => {
    const replayed = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"token_replayed","error_description":"jti already used"}',
    };
    const target = await rp(['hang', replayed]);
    const id = clientId('replay-refusing');
    const sid = await sessionOf(op, [{ clientId: id, uri: target.url() }]);
    const { logoutId, deliveries } = await bcl.logoutSession({ sid });

    const outcome = await bcl.waitForDeliveries(logoutId, 15000);
    expect(outcome.settled).toBe(true);
    expect(outcome.deliveries).toEqual([
      expect.objectContaining({
        status: 'unconfirmed',
        attempts: 2,
        lastHttpStatus: 400,
        errorCode: 'retransmission_refused',
        errorMessage:
          'The RP refused a retransmission of a token whose first attempt went unanswered; the logout most likely happened: HTTP 400: token_replayed (jti already used)',
      }),
    ]);
    expect(target.requests).toHaveLength(2);
    expect(claimsOf(target.requests[1]).jti).toBe(claimsOf(target.requests[0]).jti);
    const mine = events.failed.filter((e) => e.delivery.deliveryId === deliveries[0].deliveryId);
    expect(mine.map((e) => [e.errorCode, e.final])).toEqual([
      ['rp_timeout', false],
      ['retransmission_refused', true],
    ]);
    expect((await audit.list({ status: 'unconfirmed', logoutId })).total).toBe(1);
    expect((await audit.list({ status: 'failed', logoutId })).total).toBe(0);
  });

  it('any 4xx after an unanswered attempt is unconfirmed; a 400 temporarily_unavailable is retried', async () => {
    const after = await rp(['hang', { status: 400, body: '{"error":"invalid_request"}' }]);
    const busy = await rp([
      {
        status: 400,
        headers: { 'retry-after': '1' },
        body: '{"error":"temporarily_unavailable","error_description":"replay store down"}',
      },
      { status: 200 },
    ]);
    const [a, b] = [clientId('after-timeout'), clientId('busy')];
    const sid = await sessionOf(op, [
      { clientId: a, uri: after.url() },
      { clientId: b, uri: busy.url() },
    ]);
    const { logoutId } = await bcl.logoutSession({ sid });
    const outcome = await bcl.waitForDeliveries(logoutId, 15000);
    const byClient = new Map(outcome.deliveries.map((d) => [d.clientId, d]));
    expect(byClient.get(a)).toMatchObject({
      status: 'unconfirmed',
      errorCode: 'retransmission_refused',
    });
    expect(byClient.get(b)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(busy.requests[1].at - busy.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('pauseClient holds the open deliveries of one RP back; resumeClient lets them go', async () => {
    const target = await rp([{ status: 200 }]);
    const [paused, other] = [clientId('paused'), clientId('other')];
    await addClients(op.dataSource, [
      {
        clientId: paused,
        backchannelLogoutUri: target.url(),
        backchannelLogoutSessionRequired: false,
      },
    ]);
    const rows = await repository.create({
      logoutId: randomUUID(),
      reason: null,
      initiatingClientId: null,
      deliveries: [
        { clientId: paused, uri: target.url(), sub: 'p', sid: null },
        { clientId: paused, uri: target.url(), sub: 'q', sid: null },
        { clientId: other, uri: target.url(), sub: 'r', sid: null },
      ],
    });
    expect(await repository.pauseClient(paused)).toBe(2);
    const statuses = async () =>
      Promise.all(rows.map(async (r) => (await audit.get(r.id))!.status));
    expect(await statuses()).toEqual(['paused', 'paused', 'pending']);
    // A job that runs for a paused row sends nothing.
    await op.get(DeliveryQueueGateway).add([rows[0].id]);
    await until(async () => (await op.get(DeliveryQueueGateway).revive([rows[0].id])).length > 0);
    expect(target.requests).toHaveLength(0);
    expect((await audit.get(rows[0].id))!.status).toBe('paused');

    const resumed = await repository.resumeClient(paused);
    expect(resumed.sort()).toEqual([rows[0].id, rows[1].id].sort());
    expect(await statuses()).toEqual(['queued', 'queued', 'pending']);
    await op.get(DeliveryQueueGateway).revive(resumed);
    await target.waitForRequests(2);
    await until(async () => (await statuses()).join() === 'delivered,delivered,pending');
    expect(await repository.pauseClient(paused)).toBe(0);
  });
});
