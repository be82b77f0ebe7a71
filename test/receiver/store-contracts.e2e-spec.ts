/**
 * The three store ports, each implementation against its real backend: memory, Redis, and TypeORM on SQLite
 * (and PostgreSQL when DATABASE_URL is set), with the tables created by the library's migration.
 */
import {
  MemoryLogoutMarkerStore,
  MemoryReplayStore,
  MemorySessionIndexStore,
  RedisLogoutMarkerStore,
  RedisReplayStore,
  RedisSessionIndexStore,
  TypeOrmLogoutMarkerStore,
  TypeOrmReplayStore,
  TypeOrmSessionIndexStore,
  type LogoutMarkerStore,
  type ReplayStore,
  type SessionIndexStore,
} from 'nestjs-backchannel-logout';
import { sleep } from '../support/wait';
import { backendCases, type StoreBackend } from './fixtures/store-backends';

const ISS = 'https://op.example|with:odd/chars';
const OTHER_ISS = 'https://op2.example';

function pick<T>(
  backend: StoreBackend,
  memory: () => T,
  redis: (b: StoreBackend) => T,
  typeorm: (b: StoreBackend) => T,
): T {
  if (backend.redis) return redis(backend);
  if (backend.dataSource) return typeorm(backend);
  return memory();
}

describe.each(backendCases())('stores on %s', (_name, makeBackend) => {
  let backend: StoreBackend;
  beforeAll(async () => {
    backend = await makeBackend();
  });
  afterAll(() => backend.dispose());

  describe('ReplayStore', () => {
    let shared: MemoryReplayStore | undefined;
    // Two store objects over the same backend, as two RP instances would have (memory: the same object).
    const replayStore = (): ReplayStore =>
      pick<ReplayStore>(
        backend,
        () => (shared ??= new MemoryReplayStore()),
        (b) => new RedisReplayStore({ client: b.redis!, keyPrefix: b.prefix }),
        (b) => new TypeOrmReplayStore(b.dataSource!),
      );

    it('accepts an (iss, jti) once, scoped by issuer, and release forgets it', async () => {
      const [a, b] = [replayStore(), replayStore()];
      const soon = Date.now() + 60_000;
      await expect(a.markUsed({ iss: ISS, jti: 'j-1' }, soon)).resolves.toBe(true);
      await expect(b.markUsed({ iss: ISS, jti: 'j-1' }, soon)).resolves.toBe(false);
      await expect(b.markUsed({ iss: OTHER_ISS, jti: 'j-1' }, soon)).resolves.toBe(true);
      await a.release({ iss: ISS, jti: 'j-1' });
      await expect(b.markUsed({ iss: ISS, jti: 'j-1' }, soon)).resolves.toBe(true);
    });

    it('forgets a pair after it expires', async () => {
      const store = replayStore();
      await expect(store.markUsed({ iss: ISS, jti: 'j-exp' }, Date.now() + 150)).resolves.toBe(
        true,
      );
      await expect(store.markUsed({ iss: ISS, jti: 'j-exp' }, Date.now() + 150)).resolves.toBe(
        false,
      );
      await sleep(300);
      await expect(store.markUsed({ iss: ISS, jti: 'j-exp' }, Date.now() + 60_000)).resolves.toBe(
        true,
      );
    });

    it('lets exactly one of many concurrent deliveries win', async () => {
      const stores = Array.from({ length: 8 }, () => replayStore());
      const results = await Promise.all(
        stores.map((s) => s.markUsed({ iss: ISS, jti: 'j-race' }, Date.now() + 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('handles a long jti (stored as a digest)', async () => {
      const store = replayStore();
      const jti = 'x'.repeat(4000);
      await expect(store.markUsed({ iss: ISS, jti }, Date.now() + 60_000)).resolves.toBe(true);
      await expect(store.markUsed({ iss: ISS, jti }, Date.now() + 60_000)).resolves.toBe(false);
    });
  });

  describe('SessionIndexStore', () => {
    let store: SessionIndexStore;
    beforeAll(() => {
      store = pick<SessionIndexStore>(
        backend,
        () => new MemorySessionIndexStore(),
        (b) => new RedisSessionIndexStore({ client: b.redis!, keyPrefix: b.prefix }),
        (b) => new TypeOrmSessionIndexStore(b.dataSource!),
      );
    });
    const ids = async (query: Parameters<SessionIndexStore['find']>[0]) =>
      (await store.find(query)).map((l) => l.sessionId).sort();

    it('finds links by (iss, sid) and (iss, sub), scoped by issuer, with all their fields', async () => {
      await store.link({
        iss: ISS,
        sub: 'alice',
        sid: 'sid-1',
        sessionId: 'S1',
        authTime: 1_700_000_000,
      });
      await store.link({ iss: ISS, sub: 'alice', sid: 'sid-2', sessionId: 'S2' });
      await store.link({ iss: ISS, sid: 'sid-3', sessionId: 'S3' });
      await store.link({ iss: OTHER_ISS, sub: 'alice', sid: 'sid-1', sessionId: 'X1' });
      await expect(store.find({ iss: ISS, sid: 'sid-1' })).resolves.toEqual([
        { iss: ISS, sub: 'alice', sid: 'sid-1', sessionId: 'S1', authTime: 1_700_000_000 },
      ]);
      expect(await ids({ iss: ISS, sub: 'alice' })).toEqual(['S1', 'S2']);
      expect(await ids({ iss: ISS, sid: 'sid-3' })).toEqual(['S3']);
      expect(await ids({ iss: OTHER_ISS, sub: 'alice' })).toEqual(['X1']);
      expect(await ids({ iss: ISS, sub: 'nobody' })).toEqual([]);
    });

    it('unlink removes a session from both lookups; relinking moves it', async () => {
      await store.link({ iss: ISS, sub: 'bob', sid: 'b-1', sessionId: 'B1' });
      await store.unlink('B1');
      expect(await ids({ iss: ISS, sub: 'bob' })).toEqual([]);
      expect(await ids({ iss: ISS, sid: 'b-1' })).toEqual([]);
      await store.link({ iss: ISS, sub: 'bob', sid: 'b-2', sessionId: 'B2' });
      await store.link({ iss: ISS, sub: 'bob', sid: 'b-3', sessionId: 'B2' });
      expect(await ids({ iss: ISS, sid: 'b-2' })).toEqual([]);
      expect(await ids({ iss: ISS, sid: 'b-3' })).toEqual(['B2']);
      await store.unlink('never-linked');
    });

    it('does not return a link after its ttl', async () => {
      await store.link({ iss: ISS, sub: 'carol', sessionId: 'C1', ttlSeconds: 0.15 });
      expect(await ids({ iss: ISS, sub: 'carol' })).toEqual(['C1']);
      await sleep(300);
      expect(await ids({ iss: ISS, sub: 'carol' })).toEqual([]);
    });
  });

  describe('LogoutMarkerStore', () => {
    let store: LogoutMarkerStore;
    beforeAll(() => {
      store = pick<LogoutMarkerStore>(
        backend,
        () => new MemoryLogoutMarkerStore(),
        (b) => new RedisLogoutMarkerStore({ client: b.redis!, keyPrefix: b.prefix }),
        (b) => new TypeOrmLogoutMarkerStore(b.dataSource!),
      );
    });

    it('stores sid and sub markers and finds them for a session', async () => {
      await store.mark({ kind: 'sid', iss: ISS, sid: 'm-sid', sub: 'alice', iat: 1000 }, 60);
      await store.mark({ kind: 'sub', iss: ISS, sub: 'alice', iat: 2000 }, 60);
      await expect(store.find({ iss: ISS, sid: 'm-sid', sub: 'alice' })).resolves.toEqual({
        sid: { kind: 'sid', iss: ISS, sid: 'm-sid', sub: 'alice', iat: 1000 },
        sub: { kind: 'sub', iss: ISS, sub: 'alice', iat: 2000 },
      });
      await expect(store.find({ iss: OTHER_ISS, sid: 'm-sid', sub: 'alice' })).resolves.toEqual({});
      await expect(store.find({ iss: ISS })).resolves.toEqual({});
    });

    it('keeps the later iat', async () => {
      await store.mark({ kind: 'sub', iss: ISS, sub: 'bob', iat: 5000 }, 60);
      await store.mark({ kind: 'sub', iss: ISS, sub: 'bob', iat: 4000 }, 60);
      expect((await store.find({ iss: ISS, sub: 'bob' })).sub?.iat).toBe(5000);
      await store.mark({ kind: 'sub', iss: ISS, sub: 'bob', iat: 6000 }, 60);
      expect((await store.find({ iss: ISS, sub: 'bob' })).sub?.iat).toBe(6000);
    });

    it('clearSid removes only that sid marker; markers expire', async () => {
      await store.mark({ kind: 'sid', iss: ISS, sid: 'c-sid', iat: 1 }, 60);
      await store.mark({ kind: 'sub', iss: ISS, sub: 'carol', iat: 1 }, 1);
      await store.clearSid(ISS, 'c-sid');
      await expect(store.find({ iss: ISS, sid: 'c-sid', sub: 'carol' })).resolves.toEqual({
        sub: { kind: 'sub', iss: ISS, sub: 'carol', iat: 1 },
      });
      await sleep(1100);
      await expect(store.find({ iss: ISS, sub: 'carol' })).resolves.toEqual({});
    });
  });
});

// test/cluster/store-contracts runs this file with only a Redis Cluster backend: no migration to check there.
const typeormCases = backendCases().filter(([name]) => name.startsWith('typeorm'));
if (typeormCases.length > 0)
  describe.each(typeormCases)('the migration on %s', (_name, makeBackend) => {
    it('creates exactly the schema of BACKCHANNEL_RECEIVER_ENTITIES', async () => {
      const backend = await makeBackend();
      try {
        const pending = await backend.dataSource!.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await backend.dispose();
      }
    });
  });
