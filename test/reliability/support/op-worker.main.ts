/**
 * A provider worker process for the fault tests (run with `node -r scripts/ts-register.js`): an OP node
 * with `worker: true` from the JSON config in OP_NODE_CONFIG. Says `ready` over IPC once its Bull
 * connections are up; `stop` closes it gracefully. Tests SIGKILL it to simulate a crash.
 */
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { workerConnected } from '../../support/queue';
import { OpNodeConfig, startOpNode } from './op-node';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.OP_NODE_CONFIG ?? '') as OpNodeConfig;
  const node = await startOpNode(config, { logger: ['error'] });
  await workerConnected(node.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE)));
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void node.close().then(() => process.exit(0));
  });
  // The test process went away: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send?.('ready');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `op-worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
