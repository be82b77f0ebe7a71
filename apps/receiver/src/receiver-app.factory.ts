import { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Store } from 'express-session';
import { ReceiverConfig } from './config/receiver-config';
import { ReceiverModule } from './receiver.module';
import { createSessionMiddleware } from './session/session-middleware.factory';
import { RECEIVER_SESSION_STORE } from './session/session-store.provider';

export interface ReceiverAppOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Hide Nest's module/route listing at start (main.ts); `logger` applies once the app is up. */
  quietStartup?: boolean;
}

/** Builds the relying party from a typed config (no environment access), initialised but not listening. */
export async function createReceiverApp(
  config: ReceiverConfig,
  options: ReceiverAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ReceiverModule.forRoot(config), {
    logger: options.quietStartup ? ['warn', 'error'] : (options.logger ?? ['log', 'warn', 'error']),
    abortOnError: false,
    // No route of this RP takes a body but the back-channel endpoint, which reads its own (capped, 400 on
    // any failure). Express's parser would answer 413/415 itself and Nest would log its error, raw body
    // (the Logout Token) included.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(createSessionMiddleware(config, app.get<Store>(RECEIVER_SESSION_STORE)));
  app.enableShutdownHooks();
  try {
    await app.init();
    if (options.quietStartup) app.useLogger(options.logger ?? ['log', 'warn', 'error']);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}
