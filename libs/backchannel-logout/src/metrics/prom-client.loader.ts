import { BackchannelLogoutError } from '../common/backchannel-logout.error';

type PromClient = typeof import('prom-client');

/** `prom-client` is an optional peer: loaded only when the metrics module is used. */
export function loadPromClient(): PromClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('prom-client') as PromClient;
  } catch (err) {
    throw BackchannelLogoutError.of(
      'invalid_options',
      'BackchannelLogoutMetricsModule needs prom-client: npm install prom-client',
      err,
    );
  }
}
