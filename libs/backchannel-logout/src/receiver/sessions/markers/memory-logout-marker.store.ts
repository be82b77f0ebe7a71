import type {
  FoundLogoutMarkers,
  LogoutMarker,
  LogoutMarkerQuery,
  LogoutMarkerStore,
} from './logout-marker-store.interface';

interface Entry {
  readonly marker: LogoutMarker;
  readonly expiresAt: number;
}

/** A `LogoutMarkerStore` in process memory, for tests and single-process apps. */
export class MemoryLogoutMarkerStore implements LogoutMarkerStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  mark(marker: LogoutMarker, ttlSeconds: number): Promise<void> {
    const key = markerKey(marker.kind, marker.iss, marker.kind === 'sid' ? marker.sid : marker.sub);
    const current = this.live(key);
    if (!current || current.iat <= marker.iat) {
      this.entries.set(key, { marker, expiresAt: this.now() + 1000 * ttlSeconds });
    }
    return Promise.resolve();
  }

  find(query: LogoutMarkerQuery): Promise<FoundLogoutMarkers> {
    const sid =
      query.sid !== undefined ? this.live(markerKey('sid', query.iss, query.sid)) : undefined;
    const sub =
      query.sub !== undefined ? this.live(markerKey('sub', query.iss, query.sub)) : undefined;
    return Promise.resolve({
      ...(sid?.kind === 'sid' ? { sid } : {}),
      ...(sub?.kind === 'sub' ? { sub } : {}),
    });
  }

  clearSid(iss: string, sid: string): Promise<void> {
    this.entries.delete(markerKey('sid', iss, sid));
    return Promise.resolve();
  }

  private live(key: string): LogoutMarker | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.marker;
    this.entries.delete(key);
    return undefined;
  }
}

function markerKey(kind: 'sid' | 'sub', iss: string, value: string): string {
  return JSON.stringify([kind, iss, value]);
}
