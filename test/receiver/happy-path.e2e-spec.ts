import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MemoryStore } from 'express-session';
import request from 'supertest';
import {
  BackchannelLogoutReceiverModule,
  createTestIssuer,
  ExpressSessionDestroyer,
  MemorySessionIndexStore,
  SessionIndexService,
  type TestIssuer,
} from 'nestjs-backchannel-logout';

describe('receiver happy path (memory stores)', () => {
  let op: TestIssuer;
  let app: INestApplication;
  let sessions: MemoryStore;

  beforeAll(async () => {
    op = await createTestIssuer();
    sessions = new MemoryStore();
    const moduleRef = await Test.createTestingModule({
      imports: [
        BackchannelLogoutReceiverModule.forRoot({
          issuers: [op.receiverIssuerOptions('rp-1')],
          sessions: {
            index: {
              store: new MemorySessionIndexStore(),
              destroyer: new ExpressSessionDestroyer(sessions),
            },
          },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await op?.close();
  });

  it('ends the linked session of a sid token and answers 200 no-store', async () => {
    const cookie = { originalMaxAge: null };
    sessions.set('s-1', { cookie });
    sessions.set('s-2', { cookie });
    const index = app.get(SessionIndexService);
    await index.link({ iss: op.issuer, sub: 'alice', sid: 'op-sid-1', sessionId: 's-1' });
    await index.link({ iss: op.issuer, sub: 'alice', sid: 'op-sid-2', sessionId: 's-2' });

    const token = await op.logoutToken({ clientId: 'rp-1', sub: 'alice', sid: 'op-sid-1' });
    const res = await request(app.getHttpServer())
      .post('/backchannel-logout')
      .type('form')
      .send({ logout_token: token });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    await expect(new Promise((r) => sessions.get('s-1', (_e, s) => r(s)))).resolves.toBeFalsy();
    await expect(new Promise((r) => sessions.get('s-2', (_e, s) => r(s)))).resolves.toBeTruthy();
  });

  it('refuses a token with a nonce with the error shape', async () => {
    const token = await op.invalidLogoutToken('with-nonce', { clientId: 'rp-1', sub: 'alice' });
    const res = await request(app.getHttpServer())
      .post('/backchannel-logout')
      .type('form')
      .send({ logout_token: token });
    expect(res.status).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('(claim_nonce_present)'),
    });
  });
});
