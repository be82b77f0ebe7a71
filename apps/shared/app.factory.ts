import { DynamicModule, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

export interface SampleAppOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Hide Nest's module/route listing at start (main.ts); `logger` applies once the app is up. */
  quietStartup?: boolean;
}

/** What differs between the apps at creation: Nest's body parser, and middleware/filters added before init. */
export interface SampleAppSetup {
  bodyParser?: boolean;
  configure(app: NestExpressApplication): void;
}

/**
 * Creates a sample app, initialised but not listening: no `X-Powered-By`, proxies trusted on loopback only,
 * shutdown hooks on. When start-up fails (e.g. an invalid CLIENTS_FILE) the app is closed before the error
 * is rethrown, so its database and Redis connections are released.
 */
export async function createSampleApp(
  module: DynamicModule,
  options: SampleAppOptions,
  setup: SampleAppSetup,
): Promise<NestExpressApplication> {
  const logger = options.logger ?? ['log', 'warn', 'error'];
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: options.quietStartup ? ['warn', 'error'] : logger,
    abortOnError: false,
    bodyParser: setup.bodyParser,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  try {
    setup.configure(app);
    app.enableShutdownHooks();
    await app.init();
    if (options.quietStartup) app.useLogger(logger);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}
