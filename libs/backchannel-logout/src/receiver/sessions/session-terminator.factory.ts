import { RECEIVER_DEFAULTS } from '../receiver.constants';
import type { ResolvedReceiverConfig } from '../receiver-config';
import { SessionIndexTerminator } from './index/session-index.terminator';
import { LogoutMarkerTerminator } from './markers/logout-marker.terminator';
import type { SessionTerminator } from './session-terminator.interface';

/** Builds the `SessionTerminator` of the configured strategy. */
export function createSessionTerminator(config: ResolvedReceiverConfig): SessionTerminator {
  const sessions = config.options.sessions;
  if ('index' in sessions) {
    const { store, destroyer, concurrency } = sessions.index;
    return new SessionIndexTerminator(
      store,
      destroyer,
      concurrency ?? RECEIVER_DEFAULTS.destroyConcurrency,
    );
  }
  if ('markers' in sessions) {
    return new LogoutMarkerTerminator(
      sessions.markers.store,
      sessions.markers.ttlSeconds ?? RECEIVER_DEFAULTS.markerTtlSeconds,
    );
  }
  return sessions.terminator;
}
