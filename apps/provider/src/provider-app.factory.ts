import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { createSampleApp, SampleAppOptions } from '../../shared/app.factory';
import { ProviderConfig } from './config/provider-config';
import { ProviderModule } from './provider.module';
import { ProviderExceptionFilter } from './web/provider-exception.filter';

/**
 * Builds the provider app from a typed config (no environment access), initialised but not
 * listening: `await (await createProviderApp(config)).listen(port, host)`.
 */
export function createProviderApp(
  config: ProviderConfig,
  options: SampleAppOptions = {},
): Promise<NestExpressApplication> {
  return createSampleApp(ProviderModule.forRoot(config), options, {
    configure: (app) => {
      app.use(cookieParser());
      app.useGlobalFilters(new ProviderExceptionFilter());
    },
  });
}
