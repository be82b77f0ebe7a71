import { CaptureProxy } from './capture-proxy';
import { TestClient } from './code-flow';
import { freePort } from '../../support/services';
import { ProviderOverrides, RunningProvider, startProvider } from './provider-harness';
import { planReceiver, RunningReceiver, startReceiver } from './receiver-harness';

export interface ThreeApps {
  op: RunningProvider;
  a: RunningReceiver;
  b: RunningReceiver;
  captureA: CaptureProxy;
  captureB: CaptureProxy;
  close(): Promise<void>;
}

/**
 * The sample provider and two sample receivers on free ports, registered as two clients whose
 * back-channel URIs go through capture proxies in front of the real receiver endpoints.
 */
export async function startThreeApps(overrides: ProviderOverrides = {}): Promise<ThreeApps> {
  const planA = planReceiver(await freePort(), 'receiver-a');
  // B uses a non-default back-channel path (BCL_PATH).
  const planB = planReceiver(await freePort(), 'receiver-b', '/oidc/backchannel');
  const captureA = new CaptureProxy(() => `http://127.0.0.1:${planA.port}${planA.backchannelPath}`);
  const captureB = new CaptureProxy(() => `http://127.0.0.1:${planB.port}${planB.backchannelPath}`);
  const viaProxy = (client: TestClient, proxy: string): TestClient => ({
    ...client,
    backchannel_logout_uri: `${proxy}/rp/backchannel-logout?tenant=demo`,
  });
  const clients = [
    viaProxy(planA.client, await captureA.start()),
    viaProxy(planB.client, await captureB.start()),
  ];
  const op = await startProvider({
    ...overrides,
    clients: [...clients, ...(overrides.clients ?? [])],
  });
  const a = await startReceiver(planA, op.issuer);
  const b = await startReceiver(planB, op.issuer);
  return {
    op,
    a,
    b,
    captureA,
    captureB,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await op.close();
      await Promise.all([captureA.close(), captureB.close()]);
    },
  };
}
