/**
 * BCL §2.5/§2.8, the request layer (docs/conformance.md BCL-R-01…BCL-R-09, BCL-R-36), on Express and Fastify
 * against a real Nest app (receiver on port 0, express-session sessions in Redis, Redis session index and replay
 * store) and a local test issuer (port 0). Every row asserts 400 (405 for BCL-R-01), `Cache-Control: no-store`,
 * the JSON error shape with the expected code, and that no session was ended (afterEach).
 */
import request from 'supertest';
import { b64u, withSegment } from './fixtures/raw-jws';
import { expectRefused } from './fixtures/expect-refused';
import {
  CLIENT_ID,
  expectNoSessionEnded,
  startNegativeEnv,
  stopNegativeEnv,
  type NegativeEnv,
} from './fixtures/negative.setup';
import { HTTP_ADAPTERS } from '../support/http-adapter';

describe.each(HTTP_ADAPTERS)(
  'BCL §2.5/§2.8 refusals: the HTTP request (BCL-R-01…BCL-R-09, BCL-R-36), on %s',
  (adapter) => {
    let env: NegativeEnv;
    const token = (): Promise<string> => env.op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    const send = async (logoutToken: string) => env.rp.postForm({ logout_token: logoutToken });

    beforeAll(async () => {
      env = await startNegativeEnv({ adapter });
    });
    afterAll(() => stopNegativeEnv(env));
    afterEach(() => expectNoSessionEnded(env));

    it.each(['get', 'put', 'delete', 'patch'] as const)(
      'BCL-R-01: %s is refused with 405 and Allow: POST',
      async (method) => {
        const res = await request(env.rp.app.getHttpServer())[method]('/backchannel-logout');
        expectRefused(res, 'request_method_not_allowed', 405);
        expect(res.headers.allow).toBe('POST');
      },
    );

    it('BCL-R-02: a JSON body is refused', async () => {
      const res = await request(env.rp.app.getHttpServer())
        .post('/backchannel-logout')
        .send({ logout_token: await token() });
      expectRefused(res, 'request_content_type');
    });

    it('BCL-R-02: a text body is refused', async () => {
      const text = await request(env.rp.app.getHttpServer())
        .post('/backchannel-logout')
        .set('Content-Type', 'text/plain')
        .send(`logout_token=${await token()}`);
      expectRefused(text, 'request_content_type');
    });

    it('BCL-R-02: a multipart body is refused (by Fastify itself with 415: it has no parser for the type)', async () => {
      const multipart = await request(env.rp.app.getHttpServer())
        .post('/backchannel-logout')
        .field('logout_token', await token());
      if (adapter === 'express') expectRefused(multipart, 'request_content_type');
      // Fastify answers before any route runs, so the endpoint's filter never sees it; never a 5xx.
      else expect(multipart.status).toBe(415);
      expect(env.rp.destroyer.destroyed).toEqual([]);
    });

    it('BCL-R-03: a form without logout_token is refused', async () => {
      expectRefused(await env.rp.postForm({ other: 'x' }), 'request_missing_token');
    });

    it('BCL-R-03: an empty form body is refused', async () => {
      expectRefused(await env.rp.postForm(''), 'request_missing_token');
    });

    it('BCL-R-03: an empty logout_token is refused', async () => {
      expectRefused(await env.rp.postForm('logout_token='), 'request_missing_token');
    });

    it('BCL-R-04: logout_token sent twice (two valid tokens) is refused', async () => {
      const body = `logout_token=${await token()}&logout_token=${await token()}`;
      expectRefused(await env.rp.postForm(body), 'request_duplicate_token');
    });

    it('BCL-R-04: logout_token sent twice with the same value is refused', async () => {
      const t = await token();
      expectRefused(
        await env.rp.postForm(`logout_token=${t}&logout_token=${t}`),
        'request_duplicate_token',
      );
    });

    it('BCL-R-04: logout_token[x]=... (an object after the host body parser) is refused', async () => {
      expectRefused(
        await env.rp.postForm(`logout_token[x]=${await token()}`),
        'request_token_invalid',
      );
    });

    it('BCL-R-05: logout_token only in the query string is refused', async () => {
      const res = await env.rp.postForm('', `/backchannel-logout?logout_token=${await token()}`);
      expectRefused(res, 'request_token_in_query');
    });

    it('BCL-R-05: logout_token in the query string is refused even with one in the body', async () => {
      const t = await token();
      expectRefused(
        await env.rp.postForm({ logout_token: t }, `/backchannel-logout?logout_token=${t}`),
        'request_token_in_query',
      );
    });

    it('BCL-R-06: a token larger than maxTokenBytes (16 KiB) is refused', async () => {
      const big = await env.op.logoutToken({
        clientId: CLIENT_ID,
        sub: 'alice',
        claims: { pad: 'x'.repeat(17_000) },
      });
      expectRefused(await send(big), 'request_token_too_large');
    });

    it('BCL-R-06: a body larger than maxBodyBytes (64 KiB) but under the host parser limit is refused', async () => {
      const res = await env.rp.postForm({ logout_token: await token(), pad: 'x'.repeat(70_000) });
      expectRefused(res, 'request_body_too_large');
    });

    it("BCL-R-06: a body over the host body parser limit (Express 100 kb, Fastify 1 MiB) gets the host's 413, never a 5xx or a crash", async () => {
      const hostLimit = adapter === 'express' ? 100 * 1024 : 1024 * 1024;
      const res = await env.rp.postForm({
        logout_token: await token(),
        pad: 'x'.repeat(hostLimit + 20_000),
      });
      expect(res.status).toBe(413);
    });

    it.each([
      ['no dot at all', 'abc'],
      ['two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0'],
      ['four segments', 'a.b.c.d'],
      ['an empty header segment', '.eyJpc3MiOiJ4In0.c2ln'],
    ])('BCL-R-09: not a JWT (%s) is refused', async (_label, value) => {
      expectRefused(await send(value), 'token_malformed');
    });

    it('BCL-R-09: a header that is not base64url is refused', async () => {
      expectRefused(
        await send(withSegment(await token(), 0, 'eyJhbGciOiJSUzI1NiJ9+/')),
        'token_malformed',
      );
    });

    it.each([
      ['header not JSON', 0, b64u('{"alg":"RS256"')],
      ['payload not JSON', 1, b64u('not json')],
      ['header a JSON array', 0, b64u('["RS256"]')],
      ['payload a JSON string', 1, b64u('"claims"')],
      ['payload null', 1, b64u('null')],
      [
        'payload with invalid UTF-8',
        1,
        b64u(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
      ],
      ['payload with a UTF-8 BOM', 1, b64u(Buffer.from('\ufeff{"iss":"x"}', 'utf8'))],
    ])('BCL-R-09: %s is refused', async (_label, index, segment) => {
      expectRefused(await send(withSegment(await token(), index, segment)), 'token_malformed');
    });

    it('BCL-R-36: random garbage never produces anything but a 400 with the error shape', async () => {
      const inputs = [
        '....',
        '.',
        '\u0000',
        'a'.repeat(5000),
        '%%%',
        'e30.e30.e30',
        'e30.e30.',
        'W10.W10.x',
        '🙂.🙂.🙂',
      ];
      for (const value of inputs) {
        const res = await send(value);
        expect(res.status).toBe(400);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body).toEqual({
          error: 'invalid_request',
          error_description: expect.any(String),
        });
      }
    });
  },
);
