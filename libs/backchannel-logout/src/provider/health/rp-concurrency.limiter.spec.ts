import { RpConcurrencyLimiter } from './rp-concurrency.limiter';

describe('RpConcurrencyLimiter', () => {
  it('admits up to the limit per RP, independently of other RPs, and frees a slot on release', () => {
    const limiter = new RpConcurrencyLimiter();
    const first = limiter.tryAcquire('a', 2);
    const second = limiter.tryAcquire('a', 2);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(limiter.tryAcquire('a', 2)).toBeNull();
    expect(limiter.tryAcquire('b', 2)).not.toBeNull();
    first!();
    first!(); // a second release of the same slot frees nothing more
    expect(limiter.count('a')).toBe(1);
    expect(limiter.tryAcquire('a', 2)).not.toBeNull();
    expect(limiter.tryAcquire('a', 2)).toBeNull();
  });
});
