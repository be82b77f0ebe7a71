import { NestExpressApplication } from '@nestjs/platform-express';
import { useContainer } from 'class-validator';
import cookieParser from 'cookie-parser';
import { createSampleApp, SampleAppOptions } from '../../shared/app.factory';
import { AccountsModule } from './clients/accounts.module';
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
      // class-validator takes its constraints from Nest's container, so @IsBackchannelLogoutUri follows the
      // module's allowHttp/allowPrivateNetworks and the redirect URI rules the development switch.
      useContainer(app.select(AccountsModule), { fallbackOnErrors: true });
      app.useGlobalFilters(new ProviderExceptionFilter());
    },
  });
}
