import {
  BackchannelLogoutClient,
  BackchannelLogoutClientStore,
  BackchannelLogoutService,
  generateSid,
  SessionLifecycleService,
} from 'nestjs-backchannel-logout';
import { deleteKeysWithPrefix, uniquePrefix } from '../support/redis';
import { until } from '../support/wait';
import { LOOPBACK_DELIVERY } from './fixtures/fixture-host.config';
import { FixtureOp, startFixtureOp } from './fixtures/fixture-op.app';
import { CapturingRp } from './support/capturing-rp';

/**
 * The host's client store is down (a stand-in object: the failure of a host database we do not own) when
 * a session expires: the expiry run fails, the claim is undone, and a later run notifies — the expired
 * session is never forgotten.
 */
describe('an expired session whose logout cannot be stored', () => {
  const prefix = uniquePrefix('expiry-retry');
  let now = Date.now();
  let failing = true;
  let op: FixtureOp;
  let rp: CapturingRp;

  beforeAll(async () => {
    rp = await new CapturingRp().start();
    const clients: BackchannelLogoutClientStore = {
      findClients(ids: readonly string[]): Promise<BackchannelLogoutClient[]> {
        if (failing) return Promise.reject(new Error('client store down'));
        return Promise.resolve(
          ids.map((clientId) => ({
            clientId,
            backchannelLogoutUri: rp.url(`/${clientId}`),
            backchannelLogoutSessionRequired: false,
          })),
        );
      },
    };
    op = await startFixtureOp({
      database: { type: 'better-sqlite3', database: ':memory:' },
      prefix,
      module: {
        clients,
        delivery: LOOPBACK_DELIVERY,
        sessionLifetime: { idleSeconds: 60, checkIntervalMs: 60_000, clock: () => new Date(now) },
      },
    });
  });

  afterAll(async () => {
    await rp.stop();
    await op?.close();
    await deleteKeysWithPrefix(prefix);
  });

  it('is released by the failed run and notified by the next one', async () => {
    const lifecycle = op.get(SessionLifecycleService);
    const sid = generateSid();
    await op.get(BackchannelLogoutService).recordIdTokenIssued({ sid, sub: 'u', clientId: 'rp-1' });
    await lifecycle.begin({ sid, sub: 'u' });
    now += 61_000;
    await expect(lifecycle.runExpiry()).rejects.toThrow(/client store down/);
    // Released: still tracked as live-but-expired, so the next run claims it again.
    await expect(lifecycle.status(sid)).resolves.toMatchObject({ endedAt: null });
    failing = false;
    await expect(lifecycle.runExpiry()).resolves.toBe(1);
    await until(() => rp.requests.length === 1);
    await expect(lifecycle.runExpiry()).resolves.toBe(0);
    expect(rp.requests.map((r) => r.url)).toEqual(['/rp-1']);
  });
});
