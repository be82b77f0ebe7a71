import { loadOptionalPeer } from '../common/optional-peer.loader';

type PromClient = typeof import('prom-client');

/** `prom-client`: loaded only when the metrics module is used. */
export function loadPromClient(): PromClient {
  return loadOptionalPeer<PromClient>(
    'prom-client',
    'invalid_options',
    'BackchannelLogoutMetricsModule needs prom-client: npm install prom-client',
  );
}
