import type { ResolvedReceiverConfig } from '../receiver-config';

/** A store that opened its own connection and must close it on shutdown. */
export interface Closeable {
  close(): Promise<void>;
}

function isCloseable(value: unknown): value is Closeable {
  return (
    typeof value === 'object' && value !== null && typeof (value as Closeable).close === 'function'
  );
}

/** Every store referenced by the options that can be closed. */
export async function closeOwnedStores(config: ResolvedReceiverConfig): Promise<void> {
  const sessions = config.options.sessions;
  const candidates: unknown[] = [
    config.replayStore,
    'index' in sessions ? sessions.index.store : undefined,
    'markers' in sessions ? sessions.markers.store : undefined,
  ];
  await Promise.all([...new Set(candidates)].filter(isCloseable).map((store) => store.close()));
}
