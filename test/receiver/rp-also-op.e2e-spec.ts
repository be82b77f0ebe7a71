/**
 * BCL §2.7 / BCL-R-39 with the real provider module: upstream OP → this library's receiver in an app that
 * is also an OP → the provider module signs a new Logout Token → a downstream RP (this library's receiver
 * again) ends its session. The downstream token is minted by the middle OP (its iss, aud, sid, jti), never
 * the forwarded upstream token.
 */
import type { INestApplication } from '@nestjs/common';
import { BackchannelLogoutService, SessionIndexService } from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { DataSource } from 'typeorm';
import { databaseCases } from '../support/databases';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { addClients } from '../provider/fixtures/fixture-op.app';
import { postLogoutToken } from './fixtures/post-logout-token';
import { ReceiverFixture } from './fixtures/receiver.fixture';
import { MIDDLE_CLIENT_ID, MIDDLE_ISSUER, startRpOp } from './fixtures/rp-op.app';
import type { MemorySessions } from './fixtures/small-app';

const DOWNSTREAM_CLIENT_ID = 'downstream-rp';

describe.each(databaseCases())(
  'an RP that is also an OP propagates logouts downstream (%s)',
  (_name, db) => {
    const prefix = uniquePrefix('rp-op');
    let upstream: TestIssuer;
    let middle: { app: INestApplication; sessions: MemorySessions; dataSource: DataSource };
    let downstream: ReceiverFixture;

    beforeAll(async () => {
      upstream = await createTestIssuer();
      middle = await startRpOp(upstream, await db.create(), prefix);
      const middleUrl = await middle.app.getUrl();
      downstream = await ReceiverFixture.start(upstream, {
        clientId: DOWNSTREAM_CLIENT_ID,
        receiver: {
          issuers: [
            {
              issuer: MIDDLE_ISSUER,
              clientId: DOWNSTREAM_CLIENT_ID,
              jwksUri: `${middleUrl}/jwks`,
              algorithms: ['RS256'],
            },
          ],
        },
      });
      await addClients(middle.dataSource, [
        {
          clientId: DOWNSTREAM_CLIENT_ID,
          backchannelLogoutUri: `${await downstream.app.getUrl()}/backchannel-logout`,
        },
      ]);
    });
    afterAll(async () => {
      await downstream?.close();
      await middle?.app.close();
      await upstream?.close();
      await deleteKeysWithPrefix(prefix);
      await db.drop();
    });

    /** Alice signs in at the middle app through upstream, then at the downstream RP through the middle OP. */
    async function signIn(
      localId: string,
      upstreamSid: string,
      downstreamId: string,
    ): Promise<void> {
      await middle.sessions.seed(upstream.issuer, localId, 'alice');
      await middle.app
        .get(SessionIndexService)
        .link({ iss: upstream.issuer, sub: 'alice', sid: upstreamSid, sessionId: localId });
      // The middle OP's own session id is its local session id (the default sidForSession mapping).
      await middle.app
        .get(BackchannelLogoutService)
        .recordIdTokenIssued({ sid: localId, sub: 'alice', clientId: DOWNSTREAM_CLIENT_ID });
      await downstream.seedSession(downstreamId, {
        iss: MIDDLE_ISSUER,
        sub: 'alice',
        sid: localId,
      });
    }

    it('a sid token from upstream ends the middle session and, through the provider, the downstream one', async () => {
      await signIn('mid-1', 'up-sid-1', 'down-1');
      await signIn('mid-2', 'up-sid-2', 'down-2');
      const token = await upstream.logoutToken({
        clientId: MIDDLE_CLIENT_ID,
        sub: 'alice',
        sid: 'up-sid-1',
      });
      const res = await postLogoutToken(middle.app, token);
      expect(res.status).toBe(200);
      expect(await middle.sessions.exists('mid-1')).toBe(false);
      expect(await middle.sessions.exists('mid-2')).toBe(true);

      await until(async () => (await downstream.existing(['down-1'])).length === 0, 5000);
      expect(await downstream.existing(['down-1', 'down-2'])).toEqual(['down-2']);
      expect(downstream.destroyer.destroyed).toEqual(['down-1']);
    });

    it('a sub-only token from upstream logs the user out downstream everywhere', async () => {
      await signIn('mid-3', 'up-sid-3', 'down-3');
      const token = await upstream.logoutToken({ clientId: MIDDLE_CLIENT_ID, sub: 'alice' });
      const res = await postLogoutToken(middle.app, token);
      expect(res.status).toBe(200);
      await until(async () => (await downstream.existing(['down-2', 'down-3'])).length === 0, 5000);
      expect(await downstream.existing(['down-2', 'down-3'])).toEqual([]);
      expect(downstream.logger.text('warn')).toEqual([]);
    });
  },
);
