import type { Queue } from 'bull';
import { until } from './wait';

/**
 * Waits until the delivery worker's Redis connections are up. Closing a Bull queue while its blocking client
 * is still connecting rejects `queue.process()`'s promise, which @nestjs/bull does not handle: an unhandled
 * "Connection is closed." that Jest pins on the running test (and that kills a child process).
 */
export async function workerConnected(queue: Queue): Promise<void> {
  const clients = () => (queue as unknown as { clients: Array<{ status: string }> }).clients;
  await queue.isReady();
  await until(() => clients().every((c) => c.status === 'ready'), 5000, 20).catch(() => undefined);
}
