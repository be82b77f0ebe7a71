import { ConfigurableModuleBuilder } from '@nestjs/common';
import { createBackchannelLogoutController } from './http/backchannel-logout.controller';
import { RECEIVER_DEFAULTS } from './receiver.constants';
import type {
  BackchannelLogoutReceiverExtras,
  BackchannelLogoutReceiverOptions,
} from './receiver-options.interface';

const DEFAULT_EXTRAS: Required<BackchannelLogoutReceiverExtras> = {
  isGlobal: false,
  path: RECEIVER_DEFAULTS.path,
  controllerDecorators: [],
};

export const {
  ConfigurableModuleClass: ConfigurableReceiverModule,
  MODULE_OPTIONS_TOKEN: RECEIVER_MODULE_OPTIONS,
  OPTIONS_TYPE: RECEIVER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RECEIVER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BackchannelLogoutReceiverOptions>({
  moduleName: 'BackchannelLogoutReceiver',
})
  .setClassMethodName('forRoot')
  .setExtras<BackchannelLogoutReceiverExtras>(DEFAULT_EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? DEFAULT_EXTRAS.isGlobal,
    // The path shapes the controller class, so it is an extra: known synchronously in forRoot and forRootAsync.
    controllers: [
      createBackchannelLogoutController(
        extras.path ?? DEFAULT_EXTRAS.path,
        extras.controllerDecorators ?? DEFAULT_EXTRAS.controllerDecorators,
      ),
    ],
  }))
  .build();

/** `forRoot()` input: the options plus the extras. */
export type BackchannelLogoutReceiverModuleOptions = typeof RECEIVER_OPTIONS_TYPE;
/** `forRootAsync()` input: `useFactory`/`useClass`/`useExisting`, `imports`, `inject`, plus the extras. */
export type BackchannelLogoutReceiverModuleAsyncOptions = typeof RECEIVER_ASYNC_OPTIONS_TYPE;
