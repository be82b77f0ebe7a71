import { MemoryReplayStore } from './memory-replay.store';

describe('MemoryReplayStore', () => {
  let now = 1_000;
  const key = (jti: string, iss = 'https://op') => ({ iss, jti });

  it('accepts a pair once until it expires; jti is scoped by issuer', async () => {
    const store = new MemoryReplayStore({}, () => now);
    await expect(store.markUsed(key('a'), 2_000)).resolves.toBe(true);
    await expect(store.markUsed(key('a'), 2_000)).resolves.toBe(false);
    await expect(store.markUsed(key('a', 'https://other'), 2_000)).resolves.toBe(true);
    now = 2_000;
    await expect(store.markUsed(key('a'), 3_000)).resolves.toBe(true);
  });

  it('release forgets a pair', async () => {
    const store = new MemoryReplayStore({}, () => now);
    await store.markUsed(key('b'), now + 1_000);
    await store.release(key('b'));
    await expect(store.markUsed(key('b'), now + 1_000)).resolves.toBe(true);
  });

  it('stays bounded: purges expired entries first, then evicts the oldest', async () => {
    now = 0;
    const store = new MemoryReplayStore({ maxEntries: 3 }, () => now);
    await store.markUsed(key('x1'), 10);
    await store.markUsed(key('x2'), 100);
    await store.markUsed(key('x3'), 100);
    now = 20;
    await store.markUsed(key('x4'), 100);
    expect(store.size).toBe(3);
    await expect(store.markUsed(key('x2'), 100)).resolves.toBe(false);
    await store.markUsed(key('x5'), 100);
    expect(store.size).toBe(3);
    await expect(store.markUsed(key('x2'), 100)).resolves.toBe(true);
  });
});
