import { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { ProviderConfig } from './config/provider-config';
import { ProviderModule } from './provider.module';
import { ProviderExceptionFilter } from './web/provider-exception.filter';

export interface ProviderAppOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Hide Nest's module/route listing at start (main.ts); `logger` applies once the app is up. */
  quietStartup?: boolean;
}

/**
 * Builds the provider app from a typed config (no environment access), initialised but not
 * listening: `await (await createProviderApp(config)).listen(port, host)`.
 */
export async function createProviderApp(
  config: ProviderConfig,
  options: ProviderAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ProviderModule.forRoot(config), {
    logger: options.quietStartup ? ['warn', 'error'] : (options.logger ?? ['log', 'warn', 'error']),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(cookieParser());
  app.useGlobalFilters(new ProviderExceptionFilter());
  app.enableShutdownHooks();
  try {
    await app.init();
    if (options.quietStartup) app.useLogger(options.logger ?? ['log', 'warn', 'error']);
  } catch (err) {
    // e.g. an invalid CLIENTS_FILE: release the database and Redis before reporting.
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}
