import { freePort } from '../../support/services';
import { RunningProvider, startProvider } from '../../apps/support/provider-harness';
import { planReceiver, RunningReceiver, startReceiver } from '../../apps/support/receiver-harness';

export interface BrowserApps {
  op: RunningProvider;
  a: RunningReceiver;
  b: RunningReceiver;
  close(): Promise<void>;
}

/** The real provider and two real receivers, registered with their real back-channel endpoints. */
export async function startBrowserApps(): Promise<BrowserApps> {
  const planA = planReceiver(await freePort(), 'receiver-a');
  const planB = planReceiver(await freePort(), 'receiver-b');
  const op = await startProvider({ clients: [planA.client, planB.client] });
  const a = await startReceiver(planA, op.issuer);
  const b = await startReceiver(planB, op.issuer);
  return {
    op,
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await op.close();
    },
  };
}
