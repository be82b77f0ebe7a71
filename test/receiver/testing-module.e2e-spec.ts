import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SessionIndexService } from 'nestjs-backchannel-logout/receiver';
import {
  BackchannelLogoutReceiverTestingModule,
  createTestIssuer,
  RecordingSessionDestroyer,
  type TestIssuer,
} from 'nestjs-backchannel-logout/testing';
import request from 'supertest';

/** The `/testing` subpath's module: what an RP team's own e2e test writes, as its TSDoc example shows. */
describe('BackchannelLogoutReceiverTestingModule', () => {
  let op: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    op = await createTestIssuer();
    const moduleRef = await Test.createTestingModule({
      imports: [BackchannelLogoutReceiverTestingModule.forIssuer(op, { clientId: 'my-rp' })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await op?.close();
  });

  const post = (logoutToken: string) =>
    request(app.getHttpServer())
      .post('/backchannel-logout')
      .type('form')
      .send({ logout_token: logoutToken });

  it('ends exactly the linked sessions a token names, and records them', async () => {
    const index = app.get(SessionIndexService);
    await index.link({ iss: op.issuer, sub: 'alice', sid: 'op-1', sessionId: 's1' });
    await index.link({ iss: op.issuer, sub: 'alice', sid: 'op-2', sessionId: 's2' });
    await index.link({ iss: op.issuer, sub: 'bob', sessionId: 's3' });
    await post(await op.logoutToken({ clientId: 'my-rp', sub: 'alice', sid: 'op-1' })).expect(200);
    expect(app.get(RecordingSessionDestroyer).destroyed).toEqual(['s1']);
    await post(await op.logoutToken({ clientId: 'my-rp', sub: 'alice' })).expect(200);
    expect(app.get(RecordingSessionDestroyer).destroyed).toEqual(['s1', 's2']);
  });

  it('refuses a token for another audience with 400, ending nothing', async () => {
    const before = app.get(RecordingSessionDestroyer).destroyed.length;
    const res = await post(await op.logoutToken({ clientId: 'other-rp', sub: 'bob' }));
    expect(res.status).toBe(400);
    expect(app.get(RecordingSessionDestroyer).destroyed).toHaveLength(before);
  });
});
