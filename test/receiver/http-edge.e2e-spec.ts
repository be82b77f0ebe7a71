/**
 * The endpoint behind host middleware and body parsers, on Express and on Fastify: CSRF middleware excluded for
 * the endpoint, no cookie or session needed, Nest's default form parser, `rawBody: true`, and (Express only)
 * `bodyParser: false`, where the receiver reads the stream itself, with its cap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Controller,
  ForbiddenException,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestMiddleware,
  Post,
  RequestMethod,
  type INestApplication,
} from '@nestjs/common';
import { BackchannelLogoutReceiverModule } from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import request from 'supertest';
import { expectRefused } from './fixtures/expect-refused';
import { bootApp, MemorySessions } from './fixtures/small-app';
import { HTTP_ADAPTERS, type HttpAdapterName } from '../support/http-adapter';

const CLIENT_ID = 'rp-edge';

/**
 * A CSRF-style middleware: any POST without a matching token header and cookie is refused. Nest hands
 * middleware the Node request on both platforms.
 */
@Injectable()
class CsrfLikeMiddleware implements NestMiddleware {
  use(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
    const cookie = /csrf=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (req.method === 'POST' && (!cookie || cookie !== req.headers['x-csrf-token'])) {
      throw new ForbiddenException('CSRF token missing');
    }
    next();
  }
}

@Controller('profile')
class ProfileController {
  @Post() update(): string {
    return 'ok';
  }
}

describe('the endpoint at the HTTP edge', () => {
  let op: TestIssuer;
  let app: INestApplication | undefined;
  let sessions: MemorySessions;
  const receiver = () =>
    BackchannelLogoutReceiverModule.forRoot({
      issuers: [op.receiverIssuerOptions(CLIENT_ID)],
      sessions: sessions.options,
    });
  const post = (body: string, type = 'application/x-www-form-urlencoded') =>
    request(app!.getHttpServer()).post('/backchannel-logout').set('Content-Type', type).send(body);

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

  describe.each(HTTP_ADAPTERS)('on %s', (adapter: HttpAdapterName) => {
    it('needs no cookie, session or CSRF token when the CSRF middleware excludes it', async () => {
      @Module({ imports: [receiver()], controllers: [ProfileController] })
      class AppModule {
        configure(consumer: MiddlewareConsumer): void {
          consumer
            .apply(CsrfLikeMiddleware)
            .exclude({ path: 'backchannel-logout', method: RequestMethod.POST })
            .forRoutes('*');
        }
      }
      ({ app } = await bootApp([AppModule], { adapter }));
      // The middleware is really active on the app's other routes:
      expect((await request(app.getHttpServer()).post('/profile')).status).toBe(403);

      await sessions.seed(op.issuer, 's-csrf', 'carol');
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'carol' });
      expect((await post(`logout_token=${token}`)).status).toBe(200);
      expect(await sessions.exists('s-csrf')).toBe(false);
    });

    it('BCL-R-06: refuses a chunked body (no Content-Length) over maxBodyBytes that the host parser accepted', async () => {
      ({ app } = await bootApp([receiver()], { adapter }));
      const res = await new Promise<request.Response>((resolve, reject) => {
        const req = request(app!.getHttpServer())
          .post('/backchannel-logout')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .set('Transfer-Encoding', 'chunked');
        req.write(`logout_token=x&pad=`);
        for (let i = 0; i < 9; i++) req.write('x'.repeat(8192));
        req.end((err: Error | null, response) => (err ? reject(err) : resolve(response)));
      });
      expectRefused(res, 'request_body_too_large');
    });

    it('with rawBody: true, duplicates are detected on the raw bytes', async () => {
      ({ app } = await bootApp([receiver()], { rawBody: true, adapter }));
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'erin' });
      expectRefused(
        await post(`logout_token=${token}&logout_token=${token}`),
        'request_duplicate_token',
      );
      await sessions.seed(op.issuer, 's-rawbody', 'erin');
      expect((await post(`logout_token=${token}`)).status).toBe(200);
      expect(await sessions.exists('s-rawbody')).toBe(false);
    });
  });

  // Express only: without Nest's parser Fastify has none for forms and answers 415 before any route runs.
  describe('on express with bodyParser: false (the receiver parses the form itself)', () => {
    beforeEach(async () => {
      ({ app } = await bootApp([receiver()], { bodyParser: false }));
    });

    it('accepts a valid token', async () => {
      await sessions.seed(op.issuer, 's-raw', 'dave');
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'dave' });
      expect((await post(`ignored=1&logout_token=${token}`)).status).toBe(200);
      expect(await sessions.exists('s-raw')).toBe(false);
    });

    it('refuses a duplicate logout_token', async () => {
      const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'dave' });
      expectRefused(
        await post(`logout_token=${token}&logout_token=${token}`),
        'request_duplicate_token',
      );
    });

    it('BCL-R-06: refuses a body over maxBodyBytes with 400, also above 100 kb (no host parser in the way)', async () => {
      expectRefused(
        await post(`logout_token=x&pad=${'x'.repeat(70_000)}`),
        'request_body_too_large',
      );
      expectRefused(
        await post(`logout_token=x&pad=${'x'.repeat(300_000)}`),
        'request_body_too_large',
      );
    });

    it('BCL-R-06: refuses a chunked body (no Content-Length) over the cap while reading it', async () => {
      const res = await new Promise<request.Response>((resolve, reject) => {
        const req = request(app!.getHttpServer())
          .post('/backchannel-logout')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .set('Transfer-Encoding', 'chunked');
        req.write(`logout_token=x&pad=`);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(8192));
        req.end((err: Error | null, response) => (err ? reject(err) : resolve(response)));
      });
      expectRefused(res, 'request_body_too_large');
    });

    it('refuses a compressed body', async () => {
      const res = await request(app!.getHttpServer())
        .post('/backchannel-logout')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Encoding', 'gzip')
        .send('not really gzip');
      expectRefused(res, 'request_content_encoding');
    });
  });
});
