import { BackchannelLogoutModuleOptions } from './backchannel-logout-options.interface';
import { resolveBackchannelLogoutConfig } from './backchannel-logout.config';

const base: BackchannelLogoutModuleOptions = {
  issuer: 'https://op.example.com',
  signingKey: { kid: 'k', privateKey: { kty: 'RSA' } },
  clients: { findClients: () => Promise.resolve([]) },
};

describe('resolveBackchannelLogoutConfig', () => {
  it('applies the safe defaults', () => {
    const config = resolveBackchannelLogoutConfig(base);
    expect(config).toMatchObject({
      logoutTokenTtlSeconds: 120,
      worker: true,
      targetPolicy: { allowHttp: false, allowPrivateNetworks: false },
      delivery: { timeoutMs: 5000, attempts: 6, concurrency: 10, maxResponseBytes: 4096 },
      outbox: { relayIntervalMs: 5000, enqueueTimeoutMs: 2000 },
      health: {
        degradeAfter: 3,
        pauseAfter: 20,
        probeIntervalMs: 30_000,
        maxInFlightPerRp: 5,
        deferMs: 1000,
        stateCacheMs: 1000,
      },
    });
  });

  it('gives inline attempts one full attempt timeout (and a second) at shutdown, unless told otherwise', () => {
    expect(resolveBackchannelLogoutConfig(base).delivery.shutdownTimeoutMs).toBe(6000);
    const slow = resolveBackchannelLogoutConfig({ ...base, delivery: { timeoutMs: 10_000 } });
    expect(slow.delivery.shutdownTimeoutMs).toBe(11_000);
    const cut = resolveBackchannelLogoutConfig({ ...base, delivery: { shutdownTimeoutMs: 0 } });
    expect(cut.delivery.shutdownTimeoutMs).toBe(0);
  });

  it('caps one RP at half the worker slots, at least one', () => {
    const one = resolveBackchannelLogoutConfig({ ...base, delivery: { concurrency: 1 } });
    expect(one.health.maxInFlightPerRp).toBe(1);
  });

  it.each([
    [{ issuer: 'op.example.com' }, /issuer must be an http\(s\) URL/],
    [{ issuer: 'https://op.example.com/?tenant=a' }, /issuer/],
    [{ issuer: 'https://op.example.com/#x' }, /issuer/],
    [{ signingKey: undefined }, /signingKey is required/],
    [{ clients: undefined }, /clients is required/],
    [{ logoutTokenTtlSeconds: 0 }, /logoutTokenTtlSeconds must be a number >= 1/],
    [{ delivery: { timeoutMs: -1 } }, /delivery.timeoutMs/],
    [{ delivery: { attempts: Number.NaN } }, /delivery.attempts/],
    [{ delivery: { shutdownTimeoutMs: -1 } }, /delivery.shutdownTimeoutMs must be a number >= 0/],
    [{ health: { degradeAfter: 5, pauseAfter: 4 } }, /health.pauseAfter must be a number >= 5/],
    [{ health: { probeIntervalMs: -1 } }, /health.probeIntervalMs/],
    [{ health: { stateCacheMs: -1 } }, /health.stateCacheMs must be a number >= 0/],
  ] as Array<[Partial<BackchannelLogoutModuleOptions>, RegExp]>)('refuses %j', (patch, message) => {
    expect(() => resolveBackchannelLogoutConfig({ ...base, ...patch })).toThrow(
      expect.objectContaining({ code: 'invalid_options', message: expect.stringMatching(message) }),
    );
  });
});
