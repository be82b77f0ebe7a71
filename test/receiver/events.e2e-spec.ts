/** After a successful logout the receiver emits BACKCHANNEL_LOGOUT_RECEIVED through @nestjs/event-emitter. */
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import {
  BACKCHANNEL_LOGOUT_RECEIVED,
  BackchannelLogoutReceivedEvent,
  BackchannelLogoutReceiverModule,
} from 'nestjs-backchannel-logout';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { postLogoutToken } from './fixtures/post-logout-token';
import { bootApp, MemorySessions } from './fixtures/small-app';

const CLIENT_ID = 'rp-events';

@Injectable()
class LogoutAudit {
  readonly events: BackchannelLogoutReceivedEvent[] = [];

  @OnEvent(BACKCHANNEL_LOGOUT_RECEIVED)
  record(event: BackchannelLogoutReceivedEvent): void {
    this.events.push(event);
  }

  @OnEvent(BACKCHANNEL_LOGOUT_RECEIVED)
  fail(): void {
    throw new Error('a broken listener');
  }
}

@Module({ providers: [LogoutAudit] })
class AuditModule {}

describe('the logout event', () => {
  let op: TestIssuer;
  let app: INestApplication;
  const sessions = new MemorySessions();

  beforeAll(async () => {
    op = await createTestIssuer();
    ({ app } = await bootApp([
      EventEmitterModule.forRoot(),
      AuditModule,
      BackchannelLogoutReceiverModule.forRoot({
        issuers: [op.receiverIssuerOptions(CLIENT_ID)],
        sessions: sessions.options,
      }),
    ]));
  });
  afterAll(async () => {
    await app?.close();
    await op?.close();
  });

  it('carries the verified claims and the ended sessions; a failing listener does not fail the logout', async () => {
    await sessions.seed(op.issuer, 'ev-1', 'alice');
    await sessions.seed(op.issuer, 'ev-2', 'alice');
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'alice' });
    const res = await postLogoutToken(app, token);
    expect(res.status).toBe(200);

    const [event] = app.get(LogoutAudit).events;
    expect(event).toBeInstanceOf(BackchannelLogoutReceivedEvent);
    expect(event.token).toMatchObject({
      iss: op.issuer,
      sub: 'alice',
      clientId: CLIENT_ID,
      aud: [CLIENT_ID],
    });
    expect([...event.endedSessionIds].sort()).toEqual(['ev-1', 'ev-2']);
    expect(event.sessionsEnded).toBe(2);
  });

  it('is not emitted for a refused token', async () => {
    const before = app.get(LogoutAudit).events.length;
    const token = await op.invalidLogoutToken('with-nonce', { clientId: CLIENT_ID, sub: 'alice' });
    const res = await postLogoutToken(app, token);
    expect(res.status).toBe(400);
    expect(app.get(LogoutAudit).events.length).toBe(before);
  });
});
