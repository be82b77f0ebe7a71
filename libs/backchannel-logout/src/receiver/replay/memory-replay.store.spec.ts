import { MemoryReplayStore } from './memory-replay.store';

describe('MemoryReplayStore', () => {
  let now = 1_000;
  const key = (jti: string, iss = 'https://op') => ({ iss, jti });

  it('acquires a pair once; in progress until done; jti is scoped by issuer', async () => {
    const store = new MemoryReplayStore({}, () => now);
    await expect(store.acquire(key('a'), 'o1', 1_500)).resolves.toBe('acquired');
    await expect(store.acquire(key('a'), 'o2', 1_500)).resolves.toBe('in_progress');
    await expect(store.acquire(key('a', 'https://other'), 'o2', 1_500)).resolves.toBe('acquired');
    await store.complete(key('a'), 2_000);
    await expect(store.acquire(key('a'), 'o2', 1_500)).resolves.toBe('done');
    now = 2_000;
    await expect(store.acquire(key('a'), 'o3', 3_000)).resolves.toBe('acquired');
  });

  it('an expired lease can be taken over; release only frees the holder’s own lease', async () => {
    now = 1_000;
    const store = new MemoryReplayStore({}, () => now);
    await store.acquire(key('b'), 'o1', 1_100);
    now = 1_100;
    await expect(store.acquire(key('b'), 'o2', 2_000)).resolves.toBe('acquired');
    await store.release(key('b'), 'o1');
    await expect(store.acquire(key('b'), 'o3', 2_000)).resolves.toBe('in_progress');
    await store.release(key('b'), 'o2');
    await expect(store.acquire(key('b'), 'o3', 2_000)).resolves.toBe('acquired');
    await store.complete(key('b'), 5_000);
    await store.release(key('b'), 'o3');
    await expect(store.acquire(key('b'), 'o4', 2_000)).resolves.toBe('done');
  });

  it('stays bounded: purges expired entries first, then evicts the oldest', async () => {
    now = 0;
    const store = new MemoryReplayStore({ maxEntries: 3 }, () => now);
    await store.complete(key('x1'), 10);
    await store.complete(key('x2'), 100);
    await store.complete(key('x3'), 100);
    now = 20;
    await store.complete(key('x4'), 100);
    expect(store.size).toBe(3);
    await expect(store.acquire(key('x2'), 'o', 100)).resolves.toBe('done');
    await store.complete(key('x5'), 100);
    expect(store.size).toBe(3);
    await expect(store.acquire(key('x2'), 'o', 100)).resolves.toBe('acquired');
  });
});
