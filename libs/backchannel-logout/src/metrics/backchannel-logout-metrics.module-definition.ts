import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { BackchannelLogoutMetricsOptions } from './backchannel-logout-metrics-options.interface';

export const {
  ConfigurableModuleClass: ConfigurableMetricsModule,
  MODULE_OPTIONS_TOKEN: BACKCHANNEL_LOGOUT_METRICS_OPTIONS,
  OPTIONS_TYPE: METRICS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: METRICS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BackchannelLogoutMetricsOptions>({
  moduleName: 'BackchannelLogoutMetrics',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createBackchannelLogoutMetricsOptions')
  // Always global: the provider and receiver modules look the observer up from their own scope.
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
