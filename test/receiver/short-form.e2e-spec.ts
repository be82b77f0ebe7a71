/**
 * The receiver set-up in a few lines: `redis` plus `sessions: { expressSession: store }` builds the Redis session
 * index and the ExpressSessionDestroyer, and the replay store defaults to the same Redis. End to end: a real
 * express-session app (connect-redis on real Redis) logs a user in, a Logout Token ends that session, and its
 * copy, sent to a second instance that shares only the Redis, is acknowledged without doing anything twice.
 */
import {
  Controller,
  Get,
  Module,
  Req,
  UnauthorizedException,
  type INestApplication,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import RedisStore from 'connect-redis';
import type { Request } from 'express';
import session from 'express-session';
import Redis from 'ioredis';
import {
  BackchannelLogoutReceiverModule,
  SessionIndexService,
} from 'nestjs-backchannel-logout/receiver';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { postLogoutToken } from './fixtures/post-logout-token';
import { RedisClaimKill } from '../../libs/backchannel-logout/src/receiver/sessions/index/redis-claim-kill.store';
import { bootApp } from './fixtures/small-app';

const CLIENT_ID = 'rp-short-form';

type UserSession = session.Session & { user?: string };

describe('receiver short form: sessions: { expressSession }', () => {
  const prefix = uniquePrefix('short-form');
  let op: TestIssuer;
  let redis: Redis;
  let sessionStore: RedisStore;
  const apps: INestApplication[] = [];

  @Controller()
  class LoginController {
    constructor(private readonly index: SessionIndexService) {}

    /** What the RP's OIDC callback does: start the session and link it to the OP's `iss` + `sub`. */
    @Get('login')
    async login(@Req() req: Request): Promise<string> {
      (req.session as UserSession).user = 'alice';
      await new Promise<void>((resolve, reject) =>
        req.session.save((err) => (err ? reject(err as Error) : resolve())),
      );
      await this.index.link({ iss: op.issuer, sub: 'alice', sessionId: req.sessionID });
      return req.sessionID;
    }

    @Get('me')
    me(@Req() req: Request): string {
      const user = (req.session as UserSession).user;
      if (!user) throw new UnauthorizedException();
      return user;
    }
  }

  @Module({ controllers: [LoginController] })
  class RpModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer
        .apply(
          session({ store: sessionStore, secret: 'test', resave: false, saveUninitialized: false }),
        )
        .forRoutes('*');
    }
  }

  async function startRp(redisSessionPrefix?: string): Promise<INestApplication> {
    const { app } = await bootApp([
      BackchannelLogoutReceiverModule.forRoot({
        isGlobal: true,
        issuers: [op.receiverIssuerOptions(CLIENT_ID)],
        redis: { client: redis, keyPrefix: `${prefix}:bcl:` },
        sessions: { expressSession: sessionStore, redisSessionPrefix },
      }),
      RpModule,
    ]);
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    op = await createTestIssuer();
    redis = new Redis(testRedisUrl());
    sessionStore = new RedisStore({ client: redis, prefix: `${prefix}:sess:` });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await op.close();
    await deleteKeysWithPrefix(prefix);
    await redis.quit();
  });

  it('ends the express-session session the token names; another instance acknowledges its copy without ending newer sessions', async () => {
    const rp = await startRp();
    const agent = request.agent(rp.getHttpServer());
    const sessionId = (await agent.get('/login').expect(200)).text;
    await agent.get('/me').expect(200, 'alice');
    expect(await redis.exists(`${prefix}:sess:${sessionId}`)).toBe(1);
    // The index the short form built lives in the given Redis, under the given prefix.
    expect(await redis.keys(`${prefix}:bcl:index:*`)).not.toHaveLength(0);

    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    await postLogoutToken(rp, token).expect(200);

    expect(await redis.exists(`${prefix}:sess:${sessionId}`)).toBe(0);
    await agent.get('/me').expect(401);
    // The replay store defaulted to the same Redis: a second instance sharing only Redis knows this logout was
    // done, so it acknowledges a copy of the token without ending the session alice opened since.
    expect(await redis.keys(`${prefix}:bcl:jti:*`)).toHaveLength(1);
    const rp2 = await startRp();
    const later = request.agent(rp2.getHttpServer());
    await later.get('/login').expect(200);
    await postLogoutToken(rp2, token).expect(200);
    await later.get('/me').expect(200, 'alice');
  });

  it("with redisSessionPrefix (connect-redis keys), the kill is in the claim's command and the session ends", async () => {
    const rp = await startRp(`${prefix}:sess:`);
    expect(rp.get(RedisClaimKill, { strict: false })).toBeInstanceOf(RedisClaimKill);
    const agent = request.agent(rp.getHttpServer());
    const sessionId = (await agent.get('/login').expect(200)).text;
    await agent.get('/me').expect(200, 'alice');
    await postLogoutToken(rp, await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' })).expect(
      200,
    );
    expect(await redis.exists(`${prefix}:sess:${sessionId}`)).toBe(0);
    await agent.get('/me').expect(401);
  });
});
