import { RpHealthCache } from './rp-health.cache';

describe('RpHealthCache', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 1_000));

  it('trusts a state for the TTL, then forgets it', () => {
    const cache = new RpHealthCache(1000, clock);
    expect(cache.state('rp')).toBeUndefined();
    cache.remember('rp', 'degraded');
    now += 999;
    expect(cache.state('rp')).toBe('degraded');
    now += 1;
    expect(cache.state('rp')).toBeUndefined();
  });

  it('knows a success changes nothing only for a healthy RP without streak at the same URI', () => {
    const cache = new RpHealthCache(1000, clock);
    cache.remember('rp', 'healthy');
    expect(cache.isClean('rp', 'https://rp/bcl')).toBe(false); // read, streak unknown
    cache.remember('rp', 'healthy', 'https://rp/bcl');
    expect(cache.isClean('rp', 'https://rp/bcl')).toBe(true);
    expect(cache.isClean('rp', 'https://rp/other')).toBe(false); // the probe's URI must be written
    expect(cache.isClean('other', 'https://rp/bcl')).toBe(false);
    cache.remember('rp', 'healthy', null); // a failure that did not change the state
    expect(cache.isClean('rp', 'https://rp/bcl')).toBe(false);
    cache.remember('rp', 'degraded', 'https://rp/bcl');
    expect(cache.isClean('rp', 'https://rp/bcl')).toBe(false);
    cache.remember('rp', 'healthy', 'https://rp/bcl');
    now += 1000;
    expect(cache.isClean('rp', 'https://rp/bcl')).toBe(false);
  });

  it('keeps the unhealthy list for the TTL unless a state changes here', () => {
    const cache = new RpHealthCache(1000, clock);
    expect(cache.unhealthyClients()).toBeUndefined();
    cache.rememberUnhealthy(['a']);
    now += 500;
    expect(cache.unhealthyClients()).toEqual(['a']);
    cache.remember('b', 'healthy', 'https://b'); // no change of state: the list stands
    expect(cache.unhealthyClients()).toEqual(['a']);
    cache.changed('b', 'degraded');
    expect(cache.unhealthyClients()).toBeUndefined();
    expect(cache.state('b')).toBe('degraded');
    cache.rememberUnhealthy(['a', 'b']);
    now += 1000;
    expect(cache.unhealthyClients()).toBeUndefined();
  });

  it('remembers nothing with a TTL of 0', () => {
    const cache = new RpHealthCache(0, clock);
    cache.remember('rp', 'healthy', 'https://rp');
    cache.rememberUnhealthy([]);
    expect(cache.state('rp')).toBeUndefined();
    expect(cache.isClean('rp', 'https://rp')).toBe(false);
    expect(cache.unhealthyClients()).toBeUndefined();
  });
});
