import type { Queue } from 'bull';

// ioredis states in which a command would be buffered until Redis is back instead of failing.
const OFFLINE = new Set(['end', 'close', 'reconnecting']);

/** `true` when the queue's Redis connection is down, so a command now would wait instead of answering. */
export function isQueueOffline(queue: Queue): boolean {
  return OFFLINE.has(queue.client.status);
}

/** `true` when the queue's connection is an ioredis `Cluster`. */
export function isClusterQueue(queue: Queue): boolean {
  return (queue.client as { isCluster?: boolean }).isCluster === true;
}

/**
 * `true` when every key of the queue carries the same non-empty Redis Cluster hash tag (in the prefix or the
 * queue name), so Bull's multi-key scripts stay in one slot.
 */
export function hasHashTag(queue: Queue): boolean {
  const key = queue.toKey('');
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1;
}
