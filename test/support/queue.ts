import type { Queue } from 'bull';
import { until } from './wait';

/**
 * Waits until the delivery worker's Redis connections are up. Closing a Bull queue while its blocking client
 * is still connecting rejects `queue.process()`'s promise, which @nestjs/bull does not handle: an unhandled
 * "Connection is closed." that Jest pins on the running test (and that kills a child process).
 */
export async function workerConnected(queue: Queue): Promise<void> {
  const q = queue as unknown as Record<string, unknown> & { clients: Array<{ status: string }> };
  // With a createClient (e.g. redisClusterQueueOptions) Bull lists none of its connections in `clients`.
  const clients = () =>
    q.clients.length > 0
      ? q.clients
      : [
          ['client', 'client'],
          ['eclient', 'subscriber'],
          ['bclient', 'bclient'],
        ]
          .filter(([, type]) => q[`${type}Initialized`] === true)
          .map(([getter]) => q[getter] as { status: string });
  await queue.isReady();
  await until(() => clients().every((c) => c.status === 'ready'), 5000, 20).catch(() => undefined);
}
