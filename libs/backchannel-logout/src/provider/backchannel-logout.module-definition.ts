import { ConfigurableModuleBuilder } from '@nestjs/common';
import {
  BackchannelLogoutModuleExtras,
  BackchannelLogoutModuleOptions,
} from './backchannel-logout-options.interface';

/** Default Bull queue name. */
export const DEFAULT_QUEUE_NAME = 'backchannel-logout';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: BACKCHANNEL_LOGOUT_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BackchannelLogoutModuleOptions>({
  moduleName: 'BackchannelLogout',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createBackchannelLogoutOptions')
  .setExtras<BackchannelLogoutModuleExtras>(
    { isGlobal: false, queueName: DEFAULT_QUEUE_NAME, dataSource: undefined },
    (definition, extras) => ({ ...definition, global: extras.isGlobal }),
  )
  .build();
