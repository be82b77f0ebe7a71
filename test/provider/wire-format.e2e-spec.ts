import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  LOGOUT_TOKEN_EVENT_URI,
  BackchannelLogoutKeys,
  BackchannelLogoutService,
  generateSid,
} from 'nestjs-backchannel-logout';
import request from 'supertest';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { ISSUER, LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { addClients, FixtureOp, RegistrationMode, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';

const modes: RegistrationMode[] = ['forRoot', 'forRootAsync', 'forRootAsync(useClass)'];

describe.each(databaseCases())('provider wire format on %s', (_db, database) => {
  afterAll(() => database.drop());

  describe.each(modes)('registered with %s', (mode) => {
    const prefix = uniquePrefix(`wire-${mode}`);
    let rp: CapturingRp;
    let op: FixtureOp;

    beforeAll(async () => {
      rp = await new CapturingRp([{ status: 200 }]).start();
      op = await startFixtureOp({
        mode,
        database: await database.create(),
        prefix,
        module: { delivery: LOOPBACK_DELIVERY },
      });
    });

    afterAll(async () => {
      await op?.close();
      await rp?.stop();
      await deleteKeysWithPrefix(prefix);
    });

    it('merges the BCL metadata into the host discovery document', async () => {
      const res = await request(op.app.getHttpServer())
        .get('/.well-known/openid-configuration')
        .expect(200);
      expect(res.body).toEqual({
        issuer: ISSUER,
        end_session_endpoint: `${ISSUER}/logout`,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
      });
    });

    it('POSTs one exact, verifiable Logout Token per RP of the session (3 RPs, one without URI)', async () => {
      await addClients(op.dataSource, [
        {
          clientId: 'rp-a',
          backchannelLogoutUri: rp.url('/bcl/a?tenant=a&x=1'),
          backchannelLogoutSessionRequired: true,
        },
        { clientId: 'rp-b', backchannelLogoutUri: rp.url('/bcl/b') },
        { clientId: 'rp-c', backchannelLogoutUri: null },
      ]);
      const bcl = op.get(BackchannelLogoutService);
      const sid = generateSid();
      for (const clientId of ['rp-a', 'rp-a', 'rp-b', 'rp-c']) {
        await bcl.recordIdTokenIssued({ sid, sub: 'user-1', clientId });
      }

      const res = await request(op.app.getHttpServer()).post('/logout').send({ sid }).expect(200);
      expect(res.body.deliveries).toBe(2);

      const requests = await rp.waitForRequests(2);
      expect(requests).toHaveLength(2);
      const jwks = createLocalJWKSet(await op.get(BackchannelLogoutKeys).getPublicJwks());
      const seen = new Map<string, { jti: string }>();
      for (const captured of requests) {
        expect(captured.method).toBe('POST');
        expect(captured.headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect(captured.body).toMatch(
          /^logout_token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
        );
        const token = new URLSearchParams(captured.body).get('logout_token')!;
        const clientId = captured.url === '/bcl/a?tenant=a&x=1' ? 'rp-a' : 'rp-b';
        if (clientId === 'rp-b') expect(captured.url).toBe('/bcl/b');

        expect(decodeProtectedHeader(token)).toEqual({
          alg: 'RS256',
          kid: 'test-key-1',
          typ: 'logout+jwt',
        });
        const { payload } = await jwtVerify(token, jwks, {
          issuer: ISSUER,
          audience: clientId,
          typ: 'logout+jwt',
          algorithms: ['RS256'],
        });
        expect(Object.keys(payload).sort()).toEqual([
          'aud',
          'events',
          'exp',
          'iat',
          'iss',
          'jti',
          'sid',
          'sub',
        ]);
        expect(payload.aud).toBe(clientId);
        expect(payload.iss).toBe(ISSUER);
        expect(payload.sub).toBe('user-1');
        expect(payload.sid).toBe(sid);
        expect(payload.events).toEqual({ [LOGOUT_TOKEN_EVENT_URI]: {} });
        // Issue #8: iat = logout time, exp = signing time + 120 s; the attempt follows within seconds.
        expect(payload.exp! - payload.iat!).toBeGreaterThanOrEqual(120);
        expect(payload.exp! - payload.iat!).toBeLessThan(150);
        expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(30);
        expect(payload).not.toHaveProperty('nonce');
        expect(typeof payload.jti).toBe('string');
        seen.set(clientId, { jti: payload.jti! });
      }
      expect([...seen.keys()].sort()).toEqual(['rp-a', 'rp-b']);
      expect(seen.get('rp-a')!.jti).not.toBe(seen.get('rp-b')!.jti);

      const outcome = await bcl.waitForDeliveries(
        (await bcl.logoutSession({ sid: 'unknown-sid' })).logoutId,
        1000,
      );
      expect(outcome).toMatchObject({ settled: true, deliveries: [] });
    });
  });
});
