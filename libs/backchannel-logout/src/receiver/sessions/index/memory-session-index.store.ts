import type {
  SessionIndexStore,
  SessionLink,
  SessionLinkInput,
  SessionLinkQuery,
} from './session-index-store.interface';

/** Options of `MemorySessionIndexStore`. */
export interface MemorySessionIndexStoreOptions {
  /** Default lifetime of a link. Default 7 days. */
  readonly ttlSeconds?: number;
}

interface Entry {
  readonly link: SessionLink;
  readonly expiresAt: number;
}

/** A `SessionIndexStore` in process memory, for tests and single-process apps with an in-memory session store. */
export class MemorySessionIndexStore implements SessionIndexStore {
  private readonly sessions = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly ttlSeconds: number;

  constructor(
    options: MemorySessionIndexStoreOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
  }

  async link(input: SessionLinkInput): Promise<void> {
    await this.unlink(input.sessionId);
    const { ttlSeconds, ...link } = input;
    const expiresAt = this.now() + 1000 * (ttlSeconds ?? this.ttlSeconds);
    this.sessions.set(link.sessionId, { link, expiresAt });
    for (const key of keysOf(link)) {
      const ids = this.byKey.get(key) ?? new Set<string>();
      ids.add(link.sessionId);
      this.byKey.set(key, ids);
    }
  }

  unlink(sessionId: string): Promise<void> {
    const entry = this.sessions.get(sessionId);
    if (entry) {
      this.sessions.delete(sessionId);
      for (const key of keysOf(entry.link)) {
        const ids = this.byKey.get(key);
        ids?.delete(sessionId);
        if (ids?.size === 0) this.byKey.delete(key);
      }
    }
    return Promise.resolve();
  }

  find(query: SessionLinkQuery): Promise<SessionLink[]> {
    const key =
      'sid' in query
        ? indexKey('sid', query.iss, query.sid)
        : indexKey('sub', query.iss, query.sub);
    const now = this.now();
    const links: SessionLink[] = [];
    for (const id of this.byKey.get(key) ?? []) {
      const entry = this.sessions.get(id);
      if (entry && entry.expiresAt > now) links.push(entry.link);
    }
    return Promise.resolve(links);
  }
}

function keysOf(link: SessionLink): string[] {
  const keys: string[] = [];
  if (link.sid !== undefined) keys.push(indexKey('sid', link.iss, link.sid));
  if (link.sub !== undefined) keys.push(indexKey('sub', link.iss, link.sub));
  return keys;
}

function indexKey(kind: 'sid' | 'sub', iss: string, value: string): string {
  return JSON.stringify([kind, iss, value]);
}
