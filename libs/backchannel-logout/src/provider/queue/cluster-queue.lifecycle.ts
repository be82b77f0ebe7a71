import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { BCL_QUEUE } from '../backchannel-logout.tokens';
import { hasHashTag, isClusterQueue } from '../delivery/queue-connection.util';
import { openedForClusterQueue } from './redis-cluster-queue.factory';

// Bull's connection getters and the createClient type that sets each one's `<type>Initialized` flag.
const CONNECTIONS = [
  ['client', 'client'],
  ['eclient', 'subscriber'],
  ['bclient', 'bclient'],
] as const;

/**
 * The delivery queue on Redis Cluster: refuses to start without a hash-tagged key prefix (Bull's scripts would
 * fail with CROSSSLOT on the first job), and disconnects the connections `redisClusterQueueOptions` opened.
 */
@Injectable()
export class ClusterQueueLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(BCL_QUEUE) private readonly queue: Queue) {}

  async onModuleInit(): Promise<void> {
    if (isClusterQueue(this.queue) && !hasHashTag(this.queue)) {
      // Nest runs no shutdown hook after a failed start: release the queue and its connections now.
      await this.onApplicationShutdown();
      throw BackchannelLogoutError.of(
        'invalid_options',
        `the delivery queue is on Redis Cluster, so its Bull prefix needs a hash tag such as {bcl} (keys are ${this.queue.toKey('')}...)`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const ours = this.ownConnections();
    if (ours.length === 0) return;
    await this.queue.close(); // the same promise as @nestjs/bull's own close
    for (const connection of ours) connection.disconnect();
  }

  private ownConnections(): Array<{ disconnect(): void }> {
    const queue = this.queue as unknown as Record<string, unknown>;
    // Reading queue[type] before it exists would open a connection just to close it.
    return CONNECTIONS.filter(([, type]) => queue[`${type}Initialized`] === true)
      .map(([getter]) => queue[getter] as { disconnect(): void })
      .filter(openedForClusterQueue);
  }
}
