import { DynamicModule, Module } from '@nestjs/common';
import { BackchannelLogoutReceiverModule } from '../receiver/backchannel-logout-receiver.module';
import type { BackchannelLogoutReceiverOptions } from '../receiver/receiver-options.interface';
import { MemoryReplayStore } from '../receiver/replay/memory-replay.store';
import { MemorySessionIndexStore } from '../receiver/sessions/index/memory-session-index.store';
import type { TestIssuer } from './test-issuer';
import { RecordingSessionDestroyer } from './recording-session.destroyer';

/** Options of {@link BackchannelLogoutReceiverTestingModule.forIssuer}. */
export interface ReceiverTestingOptions {
  /** Your RP's `client_id` at the test issuer (the tokens' `aud`). */
  readonly clientId: string;
  /** Anything to override in the receiver's options (path-independent: `issuers`, `sessions`, stores…). */
  readonly receiver?: Partial<BackchannelLogoutReceiverOptions>;
}

/**
 * The receiver, wired for a test in one import: it trusts a {@link TestIssuer}, keeps its replay store and
 * session index in memory, and records what it destroys in a {@link RecordingSessionDestroyer} (injectable).
 * Link sessions with `SessionIndexService`, post `op.logoutToken(...)`, assert on `destroyed`.
 *
 * @example
 * const op = await createTestIssuer();
 * const moduleRef = await Test.createTestingModule({
 *   imports: [BackchannelLogoutReceiverTestingModule.forIssuer(op, { clientId: 'my-rp' })],
 * }).compile();
 * const app = moduleRef.createNestApplication();
 * await app.init();
 * await app.get(SessionIndexService).link({ iss: op.issuer, sub: 'alice', sessionId: 's1' });
 * await request(app.getHttpServer()).post('/backchannel-logout').type('form')
 *   .send({ logout_token: await op.logoutToken({ clientId: 'my-rp', sub: 'alice' }) }).expect(200);
 * expect(app.get(RecordingSessionDestroyer).destroyed).toEqual(['s1']);
 */
@Module({})
export class BackchannelLogoutReceiverTestingModule {
  /** The receiver trusting `op`, with memory stores and a recording destroyer. */
  static forIssuer(op: TestIssuer, options: ReceiverTestingOptions): DynamicModule {
    const destroyer = new RecordingSessionDestroyer();
    const receiver = BackchannelLogoutReceiverModule.forRoot({
      issuers: [op.receiverIssuerOptions(options.clientId)],
      replayStore: new MemoryReplayStore(),
      sessions: { index: { store: new MemorySessionIndexStore(), destroyer } },
      ...options.receiver,
    });
    return {
      module: BackchannelLogoutReceiverTestingModule,
      imports: [receiver],
      providers: [{ provide: RecordingSessionDestroyer, useValue: destroyer }],
      exports: [receiver, RecordingSessionDestroyer],
    };
  }
}
