import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  BACKCHANNEL_LOGOUT_EVENT_NAMES,
  BackchannelLogoutResult,
  BackchannelLogoutService,
  IdTokenIssuedEvent,
  LogoutSessionEvent,
  LogoutUserEvent,
} from 'nestjs-backchannel-logout';
import request from 'supertest';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { FixtureClient } from './fixtures/fixture-client.entity';
import { addClients, FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';
import { claimsOf, clientId, sessionOf } from './support/provider-helpers';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';

describe.each(databaseCases())('logout triggers on %s', (_db, database) => {
  const prefix = uniquePrefix('logout');
  const rps: CapturingRp[] = [];
  let op: FixtureOp;
  let bcl: BackchannelLogoutService;

  async function rp(replies: ConstructorParameters<typeof CapturingRp>[0] = [{ status: 200 }]) {
    const started = await new CapturingRp(replies).start();
    rps.push(started);
    return started;
  }

  beforeAll(async () => {
    op = await startFixtureOp({
      database: await database.create(),
      prefix,
      module: {
        delivery: {
          ...LOOPBACK_DELIVERY,
          timeoutMs: 2000,
          backoffBaseMs: 100,
        },
      },
    });
    bcl = op.get(BackchannelLogoutService);
  });

  afterAll(async () => {
    for (const r of rps) await r.stop();
    await op?.close();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
  });

  it('user logout: sub-only token, or one token per sid for session-required clients; skips what it must', async () => {
    const target = await rp();
    const sub = `user-${clientId('u')}`;
    const [plain, strict, noSid, inactive, gone, noUri] = [
      'plain',
      'strict',
      'nosid',
      'inactive',
      'gone',
      'nouri',
    ].map(clientId);
    await addClients(op.dataSource, [
      { clientId: plain, backchannelLogoutUri: target.url(`/${plain}`) },
      {
        clientId: strict,
        backchannelLogoutUri: target.url(`/${strict}`),
        backchannelLogoutSessionRequired: true,
      },
      {
        clientId: noSid,
        backchannelLogoutUri: target.url(`/${noSid}`),
        backchannelLogoutSessionRequired: true,
      },
      { clientId: inactive, backchannelLogoutUri: target.url(`/${inactive}`), enabled: false },
      { clientId: gone, backchannelLogoutUri: target.url(`/${gone}`) },
      { clientId: noUri, backchannelLogoutUri: null },
    ]);
    for (const sid of ['s-1', 's-2']) {
      for (const c of [plain, strict, inactive, gone, noUri])
        await bcl.recordIdTokenIssued({ sid: `${sub}-${sid}`, sub, clientId: c });
    }
    await bcl.recordIdTokenIssued({ sid: null, sub, clientId: noSid });
    await op.dataSource.getRepository(FixtureClient).delete({ clientId: gone });

    const result = await bcl.logoutUser({ sub, reason: 'account_disabled' });
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { clientId: inactive, reason: 'client_not_found' },
        { clientId: gone, reason: 'client_not_found' },
        { clientId: noUri, reason: 'no_backchannel_logout_uri' },
      ]),
    );
    expect(result.skipped).toHaveLength(3);
    const byClient = (r: BackchannelLogoutResult, id: string) =>
      r.deliveries.filter((d) => d.clientId === id);
    expect(byClient(result, plain)).toEqual([
      expect.objectContaining({ sub, sid: null, status: 'queued' }),
    ]);
    expect(
      byClient(result, strict)
        .map((d) => d.sid)
        .sort(),
    ).toEqual([`${sub}-s-1`, `${sub}-s-2`]);
    expect(byClient(result, noSid)).toEqual([
      expect.objectContaining({
        status: 'failed',
        errorCode: 'session_required_no_sid',
        sid: null,
      }),
    ]);

    const outcome = await bcl.waitForDeliveries(result.logoutId, 15000);
    expect(outcome.settled).toBe(true);
    const requests = await target.waitForRequests(3);
    const plainClaims = requests.filter((r) => r.url === `/${plain}`).map(claimsOf);
    expect(plainClaims).toHaveLength(1);
    expect(plainClaims[0]).toMatchObject({ sub, aud: plain });
    expect(plainClaims[0]).not.toHaveProperty('sid');
    const strictClaims = requests.filter((r) => r.url === `/${strict}`).map(claimsOf);
    expect(strictClaims.map((c) => c.sid).sort()).toEqual([`${sub}-s-1`, `${sub}-s-2`]);
    expect(new Set(strictClaims.map((c) => c.jti)).size).toBe(2);
    expect(requests.filter((r) => r.url === `/${noSid}`)).toHaveLength(0);

    // The registry forgot this user: a second logout has nobody left to notify.
    expect((await bcl.logoutUser({ sub })).deliveries).toEqual([]);
  });

  it('session logout forgets only that session', async () => {
    const target = await rp();
    const id = clientId('two-sessions');
    const first = await sessionOf(op, [{ clientId: id, uri: target.url() }], 'user-two');
    const second = `${first}-second`;
    await bcl.recordIdTokenIssued({ sid: second, sub: 'user-two', clientId: id });

    expect((await bcl.logoutSession({ sid: first })).deliveries).toHaveLength(1);
    expect((await bcl.logoutSession({ sid: first })).deliveries).toHaveLength(0);
    const other = await bcl.logoutSession({ sid: second });
    expect(other.deliveries).toEqual([expect.objectContaining({ sid: second, sub: 'user-two' })]);
    await bcl.waitForDeliveries(other.logoutId, 15000);
    expect((await target.waitForRequests(2)).map((r) => claimsOf(r).sid).sort()).toEqual(
      [first, second].sort(),
    );
  });

  it('logoutMany: each sid and sub notified as its own call would, stored as one logout', async () => {
    const target = await rp();
    const [a, b, c] = ['many-a', 'many-b', 'many-c'].map(clientId);
    await addClients(op.dataSource, [
      { clientId: a, backchannelLogoutUri: target.url(`/${a}`) },
      { clientId: b, backchannelLogoutUri: target.url(`/${b}`) },
      { clientId: c, backchannelLogoutUri: target.url(`/${c}`) },
    ]);
    const sub = `user-${clientId('many')}`;
    // One sid per client, as node-oidc-provider gives them; and a sid-less session at a third client.
    await bcl.recordIdTokenIssued({ sid: `${sub}-a`, sub, clientId: a });
    await bcl.recordIdTokenIssued({ sid: `${sub}-b`, sub, clientId: b });
    await bcl.recordIdTokenIssued({ sid: null, sub: `${sub}-other`, clientId: c });

    const result = await bcl.logoutMany({
      sids: [`${sub}-a`, `${sub}-b`, `${sub}-a`],
      subs: [`${sub}-other`],
      reason: 'end_session',
    });
    const rows = result.deliveries.map((d) => [d.clientId, d.sub, d.sid]);
    expect(rows.sort()).toEqual(
      [
        [a, sub, `${sub}-a`],
        [b, sub, `${sub}-b`],
        [c, `${sub}-other`, null],
      ].sort(),
    );
    expect((await bcl.waitForDeliveries(result.logoutId, 15000)).settled).toBe(true);
    const claims = (await target.waitForRequests(3)).map(claimsOf);
    expect(claims.map((t) => [t.aud, t.sid ?? null]).sort()).toEqual(
      [
        [a, `${sub}-a`],
        [b, `${sub}-b`],
        [c, null],
      ].sort(),
    );
    // Every scope is forgotten, as its own call would have forgotten it.
    const again = await bcl.logoutMany({ sids: [`${sub}-a`, `${sub}-b`], subs: [`${sub}-other`] });
    expect(again.deliveries).toEqual([]);
    await expect(bcl.logoutMany({ sids: [] })).rejects.toMatchObject({ code: 'invalid_options' });
  });

  it('is driven by @nestjs/event-emitter events as well as by calls', async () => {
    const target = await rp();
    const [a, b] = [clientId('evt'), clientId('evt')];
    await addClients(op.dataSource, [
      { clientId: a, backchannelLogoutUri: target.url(`/${a}`) },
      { clientId: b, backchannelLogoutUri: target.url(`/${b}`) },
    ]);
    const events = op.app.get(EventEmitter2);
    await events.emitAsync(
      BACKCHANNEL_LOGOUT_EVENT_NAMES.idTokenIssued,
      new IdTokenIssuedEvent({ sid: 'evt-sid', sub: 'evt-user', clientId: a }),
    );
    await events.emitAsync(
      BACKCHANNEL_LOGOUT_EVENT_NAMES.idTokenIssued,
      new IdTokenIssuedEvent({ sid: 'evt-sid-2', sub: 'evt-user', clientId: b }),
    );

    const [sessionResult] = (await events.emitAsync(
      BACKCHANNEL_LOGOUT_EVENT_NAMES.sessionEnded,
      new LogoutSessionEvent({ sid: 'evt-sid', reason: 'op_logout', initiatingClientId: a }),
    )) as BackchannelLogoutResult[];
    expect(sessionResult.deliveries).toEqual([
      expect.objectContaining({ clientId: a, sid: 'evt-sid' }),
    ]);

    events.emit(
      BACKCHANNEL_LOGOUT_EVENT_NAMES.userLoggedOut,
      new LogoutUserEvent({ sub: 'evt-user', reason: 'admin_revoke' }),
    );
    const requests = await target.waitForRequests(2);
    expect(requests.map((r) => r.url).sort()).toEqual([`/${a}`, `/${b}`].sort());

    // A failing event (no sid) is logged, never an unhandled rejection in the host.
    const [bad] = await events.emitAsync(
      BACKCHANNEL_LOGOUT_EVENT_NAMES.sessionEnded,
      new LogoutSessionEvent({ sid: '' }),
    );
    expect(bad).toBeUndefined();
  });

  it("the host's logout handler completes while every RP hangs; delivery goes on in the background", async () => {
    const hung = [await rp(['hang']), await rp(['hang']), await rp(['hang'])];
    const ids = hung.map(() => clientId('hung'));
    const sid = await sessionOf(
      op,
      ids.map((id, i) => ({ clientId: id, uri: hung[i].url() })),
    );

    const res = await request(op.app.getHttpServer()).post('/logout').send({ sid }).expect(200);
    expect(res.body.deliveries).toBe(3);
    // No RP has answered, yet the handler has returned: nothing about these deliveries is settled.
    const now = await bcl.waitForDeliveries(res.body.logoutId, 0);
    expect(now.settled).toBe(false);
    expect(now.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
      ['queued', 0],
    ]);
    for (const r of hung) await r.waitForRequests(1);
    // Free the worker: drop the hung RPs (the attempts then end as network errors and are retried).
    for (const r of hung) await r.stop();
    rps.splice(rps.indexOf(hung[0]), 3);
    // Each hung attempt has ended and been recorded before the suite closes the app under the worker.
    await until(async () =>
      (await bcl.waitForDeliveries(res.body.logoutId, 0)).deliveries.every((d) => d.attempts >= 1),
    );
  });
});
