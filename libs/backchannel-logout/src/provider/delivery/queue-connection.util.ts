import type { Queue } from 'bull';

// ioredis states in which a command would be buffered until Redis is back instead of failing.
const OFFLINE = new Set(['end', 'close', 'reconnecting']);

/** `true` when the queue's Redis connection is down, so a command now would wait instead of answering. */
export function isQueueOffline(queue: Queue): boolean {
  return OFFLINE.has(queue.client.status);
}
