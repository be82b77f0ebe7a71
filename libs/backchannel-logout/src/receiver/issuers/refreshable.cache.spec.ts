import { RefreshableCache } from './refreshable.cache';

describe('RefreshableCache', () => {
  let now = 0;
  let loads = 0;
  let fail = false;
  const cache = () =>
    new RefreshableCache(
      () => {
        loads++;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve(`v${loads}`);
      },
      10_000,
      1_000,
      () => now,
    );

  beforeEach(() => {
    now = 0;
    loads = 0;
    fail = false;
  });

  it('loads lazily once and serves the cached value until maxAge', async () => {
    const c = cache();
    expect(loads).toBe(0);
    await expect(c.get()).resolves.toBe('v1');
    await expect(c.get()).resolves.toBe('v1');
    now = 10_000;
    await expect(c.get()).resolves.toBe('v2');
    expect(loads).toBe(2);
  });

  it('shares one pending load between concurrent callers', async () => {
    const c = cache();
    await Promise.all([c.get(), c.get(), c.get(), c.refresh(), c.refresh()]);
    expect(loads).toBe(1);
  });

  it('refreshes at most once per cooldown, however often asked', async () => {
    const c = cache();
    await c.get();
    const results = await Promise.all(Array.from({ length: 50 }, () => c.refresh()));
    expect(results.every((r) => r === false)).toBe(true);
    expect(loads).toBe(1);
    now = 1_000;
    const later = await Promise.all(Array.from({ length: 50 }, () => c.refresh()));
    expect(later.filter(Boolean).length).toBe(50);
    expect(loads).toBe(2);
  });

  it('after a failed load, does not retry within the cooldown; keeps a stale value when it has one', async () => {
    const c = cache();
    fail = true;
    await expect(c.get()).rejects.toThrow('down');
    await expect(c.get()).rejects.toThrow('cooldown');
    expect(loads).toBe(1);
    fail = false;
    now = 1_000;
    await expect(c.get()).resolves.toBe('v2');
    fail = true;
    now = 20_000;
    await expect(c.get()).resolves.toBe('v2');
    await expect(c.get()).resolves.toBe('v2');
    expect(loads).toBe(3);
  });

  it('requestedAt tells when the load behind the current value began', async () => {
    const c = cache();
    expect(c.requestedAt).toBe(Number.NEGATIVE_INFINITY);
    now = 5;
    await c.get();
    expect(c.requestedAt).toBe(5);
    now = 2_000;
    await c.refresh();
    expect(c.requestedAt).toBe(2_000);
  });
});
