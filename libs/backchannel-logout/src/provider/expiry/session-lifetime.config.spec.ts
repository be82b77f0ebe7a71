import { isBackchannelLogoutError } from '../../common/backchannel-logout.error';
import { resolveSessionLifetime } from './session-lifetime.config';

describe('resolveSessionLifetime', () => {
  it('is off without lifetimes or a source', () => {
    expect(resolveSessionLifetime(undefined)).toMatchObject({
      enabled: false,
      idleMs: null,
      absoluteMs: null,
      checkIntervalMs: 60_000,
      batchSize: 100,
    });
  });

  it('converts seconds and derives the touch interval from the idle limit', () => {
    expect(resolveSessionLifetime({ idleSeconds: 300, absoluteSeconds: 3600 })).toMatchObject({
      enabled: true,
      idleMs: 300_000,
      absoluteMs: 3_600_000,
      touchIntervalMs: 30_000,
    });
    expect(resolveSessionLifetime({ idleSeconds: 86_400 }).touchIntervalMs).toBe(60_000);
  });

  it.each([
    [{ idleSeconds: 0 }, /idleSeconds/],
    [{ absoluteSeconds: Number.NaN }, /absoluteSeconds/],
    [{ checkIntervalMs: 10 }, /checkIntervalMs/],
    [{ batchSize: 0 }, /batchSize/],
  ])('refuses %p', (options, message) => {
    let error: unknown;
    try {
      resolveSessionLifetime(options);
    } catch (err) {
      error = err;
    }
    expect(isBackchannelLogoutError(error) && error.code).toBe('invalid_options');
    expect((error as Error).message).toMatch(message);
  });
});
