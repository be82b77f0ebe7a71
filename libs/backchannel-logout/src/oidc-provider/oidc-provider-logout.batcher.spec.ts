import { BackchannelLogoutService } from '../provider/logout/backchannel-logout.service';
import { LogoutManyInput } from '../provider/logout/logout.events';
import {
  BackchannelLogoutResult,
  LogoutDeliverySummary,
} from '../provider/logout/logout-result.interface';
import { OidcProviderLogoutBatcher, OidcProviderLogoutCall } from './oidc-provider-logout.batcher';
import { OidcProviderSessionRegistry } from './oidc-provider-session.registry';

function summary(clientId: string, sid: string | null, status = 'queued'): LogoutDeliverySummary {
  return {
    deliveryId: `d-${clientId}-${sid}`,
    clientId,
    jti: `j-${clientId}`,
    sub: 'sub',
    sid,
    status,
    attempts: 0,
    lastHttpStatus: null,
    errorCode: null,
    errorMessage: null,
  } as LogoutDeliverySummary;
}

/** A service that plans like the real one from the registry's announcements, and records its calls. */
function fakeService(registry: OidcProviderSessionRegistry) {
  const calls: LogoutManyInput[] = [];
  const waits: Array<[string, number]> = [];
  let n = 0;
  const service = {
    logoutMany: async (input: LogoutManyInput): Promise<BackchannelLogoutResult> => {
      calls.push(input);
      const bySid = await Promise.all((input.sids ?? []).map((s) => registry.findBySid(s)));
      const bySub = await Promise.all((input.subs ?? []).map((s) => registry.findBySub(s)));
      const deliveries = [...bySid, ...bySub].flat().map((p) => summary(p.clientId, p.sid));
      return { logoutId: `logout-${++n}`, enqueued: true, skipped: [], deliveries };
    },
    waitForDeliveries: (logoutId: string, ms: number) => {
      waits.push([logoutId, ms]);
      const deliveries = calls.length
        ? [summary('rp-1', 'sid-1', 'delivered'), summary('rp-2', 'sid-2', 'failed')]
        : [];
      return Promise.resolve({ logoutId, settled: true, deliveries });
    },
  };
  return { service: service as unknown as BackchannelLogoutService, calls, waits };
}

const call = (
  clientId: string,
  sid: string | null,
  accountId = 'alice',
): OidcProviderLogoutCall => ({
  clientId,
  accountId,
  sid,
  sub: Promise.resolve(`${accountId}@${clientId}`),
});

describe('OidcProviderLogoutBatcher', () => {
  it('stores the calls of one account made in one turn as one logout; each call gets only its own delivery', async () => {
    const registry = new OidcProviderSessionRegistry();
    const { service, calls, waits } = fakeService(registry);
    const batcher = new OidcProviderLogoutBatcher(() => service, registry);
    const [a, b, c] = await Promise.all([
      batcher.logout(call('rp-1', 'sid-1'), 'end_session'),
      batcher.logout(call('rp-2', 'sid-2'), 'end_session'),
      batcher.logout(call('rp-3', 'sid-3', 'bob'), 'end_session'),
    ]);
    expect(calls).toEqual([
      { sids: ['sid-1', 'sid-2'], subs: [], reason: 'end_session' },
      { sids: ['sid-3'], subs: [], reason: 'end_session' },
    ]);
    expect(a.result.logoutId).toBe(b.result.logoutId);
    expect(c.result.logoutId).not.toBe(a.result.logoutId);
    expect(a.result.deliveries.map((d) => [d.clientId, d.sid])).toEqual([['rp-1', 'sid-1']]);
    expect(b.result.deliveries.map((d) => [d.clientId, d.sid])).toEqual([['rp-2', 'sid-2']]);
    // One bounded wait for the batch, narrowed per call.
    const [waitedA, waitedB] = await Promise.all([a.wait(1000), b.wait(1000)]);
    expect(waits).toEqual([[a.result.logoutId, 1000]]);
    expect(waitedA.map((d) => d.status)).toEqual(['delivered']);
    expect(waitedB.map((d) => d.status)).toEqual(['failed']);
    expect(await registry.findBySid('sid-1')).toEqual([]);
  });

  it('sub-only calls: one sub scope per batch, batches take turns, each call keeps its own client', async () => {
    const registry = new OidcProviderSessionRegistry();
    const { service, calls } = fakeService(registry);
    const batcher = new OidcProviderLogoutBatcher(() => service, registry);
    const first = batcher.logout(call('rp-1', null), 'end_session');
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.logout(call('rp-2', null), 'end_session');
    const [a, b] = await Promise.all([first, second]);
    expect(calls.map((c) => c.subs)).toEqual([['alice@rp-1'], ['alice@rp-2']]);
    expect(a.result.deliveries.map((d) => d.clientId)).toEqual(['rp-1']);
    expect(b.result.deliveries.map((d) => d.clientId)).toEqual(['rp-2']);
  });

  it('a call whose sub cannot be computed fails alone; a failed store fails every call of its batch', async () => {
    const registry = new OidcProviderSessionRegistry();
    const { service } = fakeService(registry);
    const batcher = new OidcProviderLogoutBatcher(() => service, registry);
    const broken = { ...call('rp-2', 'sid-2'), sub: Promise.reject(new Error('no sub')) };
    const [ok, bad] = await Promise.allSettled([
      batcher.logout(call('rp-1', 'sid-1'), 'end_session'),
      batcher.logout(broken, 'end_session'),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'no sub' } });

    const down = new OidcProviderLogoutBatcher(() => {
      throw new Error('not attached');
    }, registry);
    const results = await Promise.allSettled([
      down.logout(call('rp-1', 'sid-4'), 'end_session'),
      down.logout(call('rp-2', 'sid-5'), 'end_session'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The announcements of a failed store are not left behind for a later logout.
    expect(await registry.findBySid('sid-4')).toEqual([]);
  });
});
