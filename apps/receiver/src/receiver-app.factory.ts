import { NestExpressApplication } from '@nestjs/platform-express';
import type { Store } from 'express-session';
import { createSampleApp, SampleAppOptions } from '../../shared/app.factory';
import { ReceiverConfig } from './config/receiver-config';
import { ReceiverModule } from './receiver.module';
import { createSessionMiddleware } from './session/session-middleware.factory';
import { RECEIVER_SESSION_STORE } from './session/session-store.provider';

/** Builds the relying party from a typed config (no environment access), initialised but not listening. */
export function createReceiverApp(
  config: ReceiverConfig,
  options: SampleAppOptions = {},
): Promise<NestExpressApplication> {
  return createSampleApp(ReceiverModule.forRoot(config), options, {
    // No route of this RP takes a body but the back-channel endpoint, which reads its own (capped, 400 on
    // any failure). Express's parser would answer 413/415 itself and Nest would log its error, raw body
    // (the Logout Token) included.
    bodyParser: false,
    configure: (app) => {
      app.use(createSessionMiddleware(config, app.get<Store>(RECEIVER_SESSION_STORE)));
    },
  });
}
