/**
 * How the module is configured and mounted: forRoot and forRootAsync, a custom path, a global prefix,
 * RouterModule, controller decorators for a global guard, typ policy (BCL-R-20), requireExp, invalid options.
 */
import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Module,
  SetMetadata,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { APP_GUARD, Reflector, RouterModule } from '@nestjs/core';
import {
  BackchannelLogoutReceiverModule,
  LogoutMarkerStore,
  SessionIndexStore,
  type BackchannelLogoutReceiverModuleOptions,
} from 'nestjs-backchannel-logout';
import { RedisReplayStore } from 'nestjs-backchannel-logout/receiver';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { expectRefused } from './fixtures/expect-refused';
import { postLogoutToken } from './fixtures/post-logout-token';
import { bootApp, MemorySessions } from './fixtures/small-app';

const CLIENT_ID = 'rp-config';

describe('module configuration', () => {
  let op: TestIssuer;
  let app: INestApplication | undefined;
  let sessions: MemorySessions;

  beforeAll(async () => {
    op = await createTestIssuer();
  });
  beforeEach(() => {
    sessions = new MemorySessions();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => op.close());

  const options = (
    extra: Partial<BackchannelLogoutReceiverModuleOptions> = {},
  ): BackchannelLogoutReceiverModuleOptions => ({
    issuers: [op.receiverIssuerOptions(CLIENT_ID)],
    sessions: sessions.options,
    ...extra,
  });

  async function logoutWorksAt(path: string, sub = `u-${Math.random()}`): Promise<void> {
    await sessions.seed(op.issuer, `${sub}-s`, sub);
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub });
    const res = await postLogoutToken(app!, token, path);
    expect(res.status).toBe(200);
    expect(await sessions.exists(`${sub}-s`)).toBe(false);
  }

  const registrations: Array<[string, () => DynamicModule]> = [
    ['forRoot', () => BackchannelLogoutReceiverModule.forRoot(options({ path: 'oidc/bcl' }))],
    [
      'forRootAsync',
      () =>
        BackchannelLogoutReceiverModule.forRootAsync({
          path: 'oidc/bcl',
          useFactory: () => Promise.resolve(options()),
        }),
    ],
  ];

  it.each(registrations)(
    '%s mounts the endpoint at the configured path under the global prefix',
    async (_name, register) => {
      ({ app } = await bootApp([register()], { globalPrefix: 'api' }));
      await logoutWorksAt('/api/oidc/bcl');
      expect(app.get(SessionIndexStore)).toBe(sessions.index);
      expect(app.get(LogoutMarkerStore)).toBeNull();
      expect(
        (await request(app.getHttpServer()).post('/api/backchannel-logout').type('form')).status,
      ).toBe(404);
    },
  );

  it('RouterModule mounts it under a module path', async () => {
    ({ app } = await bootApp([
      BackchannelLogoutReceiverModule.forRoot(options()),
      RouterModule.register([{ path: 'auth', module: BackchannelLogoutReceiverModule }]),
    ]));
    await logoutWorksAt('/auth/backchannel-logout');
  });

  it('controllerDecorators let a global auth guard skip the endpoint', async () => {
    const IS_PUBLIC = 'is-public';
    @Injectable()
    class DenyUnlessPublic implements CanActivate {
      constructor(private readonly reflector: Reflector) {}
      canActivate(context: ExecutionContext): boolean {
        return this.reflector.get<boolean>(IS_PUBLIC, context.getClass()) === true;
      }
    }
    @Module({ providers: [{ provide: APP_GUARD, useClass: DenyUnlessPublic }] })
    class AuthModule {}

    const guarded = await bootApp([AuthModule, BackchannelLogoutReceiverModule.forRoot(options())]);
    try {
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'guarded' });
      const res = await postLogoutToken(guarded.app, token);
      expectRefused(res, 'receiver_internal_error');
      expect(guarded.logger.text('error').join('\n')).toContain('ForbiddenException');
    } finally {
      await guarded.app.close();
    }

    ({ app } = await bootApp([
      AuthModule,
      BackchannelLogoutReceiverModule.forRoot(
        options({ controllerDecorators: [SetMetadata(IS_PUBLIC, true)] }),
      ),
    ]));
    await logoutWorksAt('/backchannel-logout');
  });

  it('BCL-R-20: strict typ policy refuses an absent typ and JWT, accepts logout+jwt', async () => {
    ({ app } = await bootApp([
      BackchannelLogoutReceiverModule.forRoot(options({ typPolicy: 'strict' })),
    ]));
    const post = async (header: Record<string, unknown>) =>
      postLogoutToken(app!, await op.logoutToken({ clientId: CLIENT_ID, sub: 'someone', header }));
    expectRefused(await post({ typ: undefined }), 'typ_invalid');
    expectRefused(await post({ typ: 'JWT' }), 'typ_invalid');
    expect((await post({ typ: 'application/logout+jwt' })).status).toBe(200);
  });

  it('requireExp: false accepts a token without exp (legacy OPs), and recognises its retransmission', async () => {
    ({ app } = await bootApp([
      BackchannelLogoutReceiverModule.forRoot(options({ requireExp: false })),
    ]));
    const token = await op.invalidLogoutToken('no-exp', { clientId: CLIENT_ID, sub: 'legacy' });
    const post = () => postLogoutToken(app!, token);
    expect((await post()).status).toBe(200);
    // Issue #8 contract: a retransmission of a performed logout is acknowledged, not refused.
    const again = await post();
    expect(again.status).toBe(200);
    expect(again.headers['cache-control']).toBe('no-store');
  });

  it('closes the Redis connection of a store built from a URL on shutdown', async () => {
    const prefix = uniquePrefix('url-store');
    const replayStore = new RedisReplayStore({ url: testRedisUrl(), keyPrefix: `${prefix}:` });
    ({ app } = await bootApp([BackchannelLogoutReceiverModule.forRoot(options({ replayStore }))]));
    await logoutWorksAt('/backchannel-logout');
    await app.close();
    app = undefined;
    await expect(replayStore.complete({ iss: 'x', jti: 'y' }, Date.now() + 1000)).rejects.toThrow(
      /closed/i,
    );
    await deleteKeysWithPrefix(prefix);
  });

  it.each([
    ['no issuers', { issuers: [] }],
    [
      'a duplicate issuer',
      {
        issuers: [
          { issuer: 'https://a', clientId: 'x' },
          { issuer: 'https://a', clientId: 'y' },
        ],
      },
    ],
    ['an empty clientId', { issuers: [{ issuer: 'https://a', clientId: '' }] }],
    [
      'alg none allowed',
      { issuers: [{ issuer: 'https://a', clientId: 'x', algorithms: ['none'] }] },
    ],
    [
      'HS256 without a clientSecret',
      { issuers: [{ issuer: 'https://a', clientId: 'x', algorithms: ['HS256'] }] },
    ],
    [
      'an unsupported algorithm',
      { issuers: [{ issuer: 'https://a', clientId: 'x', algorithms: ['RS257'] }] },
    ],
    [
      'an empty algorithms list',
      { issuers: [{ issuer: 'https://a', clientId: 'x', algorithms: [] }] },
    ],
    ['a negative tolerance', { clockToleranceSeconds: -1 }],
    ['an unknown typ policy', { typPolicy: 'loose' }],
    ['sessions.expressSession without redis', { sessions: { expressSession: { destroy() {} } } }],
    [
      'sessions.expressSession that is no session store',
      { sessions: { expressSession: {} }, redis: { url: testRedisUrl() } },
    ],
    ['a transientFailureStatus other than 400 or 503', { transientFailureStatus: 500 }],
    [
      'an idTokenSignedResponseAlg of none',
      { issuers: [{ issuer: 'https://a', clientId: 'x', idTokenSignedResponseAlg: 'none' }] },
    ],
    [
      'an HS256 idTokenSignedResponseAlg without a clientSecret',
      { issuers: [{ issuer: 'https://a', clientId: 'x', idTokenSignedResponseAlg: 'HS256' }] },
    ],
    [
      // Core §2: a sub is unique only per issuer, so the local user must be mapped with it.
      'a downstream notifier without userIdFor and several trusted issuers',
      {
        issuers: [
          { issuer: 'https://a', clientId: 'x' },
          { issuer: 'https://b', clientId: 'x' },
        ],
        downstream: { notifier: { logoutUser: () => null, logoutSession: () => null } },
      },
    ],
  ])('refuses to start with %s', async (_label, extra) => {
    await expect(
      bootApp([BackchannelLogoutReceiverModule.forRoot(options(extra as never))]),
    ).rejects.toMatchObject({
      code: 'receiver_invalid_options',
    });
  });
});
