/**
 * The three store ports, each implementation against its real backend: memory, Redis, and TypeORM on SQLite
 * (and PostgreSQL when DATABASE_URL is set), with the tables created by the library's migration.
 */
import type { LogoutMarkerStore, ReplayStore, SessionIndexStore } from 'nestjs-backchannel-logout';
import {
  MemoryLogoutMarkerStore,
  MemoryReplayStore,
  MemorySessionIndexStore,
  RedisLogoutMarkerStore,
  RedisReplayStore,
  RedisSessionIndexStore,
} from 'nestjs-backchannel-logout/receiver';
import {
  TypeOrmLogoutMarkerStore,
  TypeOrmReplayStore,
  TypeOrmSessionIndexStore,
} from 'nestjs-backchannel-logout/receiver/typeorm';
import { until } from '../support/wait';
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

    const soon = () => Date.now() + 60_000;

    it('acquires an (iss, jti) once, scoped by issuer; in progress until done; done stays done', async () => {
      const [a, b] = [replayStore(), replayStore()];
      const key = { iss: ISS, jti: 'j-1' };
      await expect(a.acquire(key, 'owner-a', soon())).resolves.toBe('acquired');
      await expect(b.acquire(key, 'owner-b', soon())).resolves.toBe('in_progress');
      await expect(b.acquire({ iss: OTHER_ISS, jti: 'j-1' }, 'owner-b', soon())).resolves.toBe(
        'acquired',
      );
      await a.complete(key, soon());
      await expect(b.acquire(key, 'owner-b', soon())).resolves.toBe('done');
      // Releasing never undoes a performed logout.
      await a.release(key, 'owner-a');
      await expect(b.acquire(key, 'owner-b', soon())).resolves.toBe('done');
    });

    it('release by the holder frees it for a takeover; release by anyone else does not', async () => {
      const [a, b] = [replayStore(), replayStore()];
      const key = { iss: ISS, jti: 'j-rel' };
      await a.acquire(key, 'owner-a', soon());
      await b.release(key, 'owner-b');
      await expect(b.acquire(key, 'owner-b', soon())).resolves.toBe('in_progress');
      await a.release(key, 'owner-a');
      await expect(b.acquire(key, 'owner-b', soon())).resolves.toBe('acquired');
    });

    it('an expired lease can be taken over, and a done record expires', async () => {
      const store = replayStore();
      const key = { iss: ISS, jti: 'j-exp' };
      // 1 s: long enough for the second call to land within it on a loaded machine.
      await expect(store.acquire(key, 'o1', Date.now() + 1000)).resolves.toBe('acquired');
      await expect(store.acquire(key, 'o2', Date.now() + 1000)).resolves.toBe('in_progress');
      // Until the lease expires, o2 keeps seeing it in progress; then it takes over.
      let state: string = 'in_progress';
      await until(
        async () => (state = await store.acquire(key, 'o2', soon())) !== 'in_progress',
        5000,
      );
      expect(state).toBe('acquired');
      await store.complete(key, Date.now() + 1000);
      await expect(store.acquire(key, 'o3', soon())).resolves.toBe('done');
      // Until the done record expires it stays done; then the key is free again.
      await until(async () => (state = await store.acquire(key, 'o3', soon())) !== 'done', 5000);
      expect(state).toBe('acquired');
    });

    it('lets exactly one of many concurrent deliveries acquire', async () => {
      const stores = Array.from({ length: 8 }, () => replayStore());
      const results = await Promise.all(
        stores.map((s, i) => s.acquire({ iss: ISS, jti: 'j-race' }, `o-${i}`, soon())),
      );
      expect(results.filter((r) => r === 'acquired')).toHaveLength(1);
      expect(results.filter((r) => r === 'in_progress')).toHaveLength(7);
    });

    it('handles a long jti (stored as a digest)', async () => {
      const store = replayStore();
      const jti = 'x'.repeat(4000);
      await expect(store.acquire({ iss: ISS, jti }, 'o1', soon())).resolves.toBe('acquired');
      await store.complete({ iss: ISS, jti }, soon());
      await expect(store.acquire({ iss: ISS, jti }, 'o2', soon())).resolves.toBe('done');
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
      await until(async () => (await ids({ iss: ISS, sub: 'carol' })).length === 0, 5000, 20);
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
      await until(
        async () => Object.keys(await store.find({ iss: ISS, sub: 'carol' })).length === 0,
        5000,
      );
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
