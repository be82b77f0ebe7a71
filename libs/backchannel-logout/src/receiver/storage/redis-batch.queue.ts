import type { Cluster, Redis } from 'ioredis';
import { CachedScript } from '../../common/redis/cached-script';
import { REDIS_BATCH_SCRIPT, type RedisBatchOp } from './redis-batch.script';

type Client = Redis | Cluster;
type Reply = [ok: 0 | 1, value: unknown];

interface Pending {
  readonly op: RedisBatchOp;
  readonly key: string;
  readonly args: readonly (string | number)[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/** Keeps one batch's command small enough for Redis's argument limits and a short script run. */
const MAX_BATCH = 256;
const queues = new WeakMap<Client, RedisBatchQueue>();

/**
 * Coalesces the single-key operations that the receiver's Redis stores issue in the same event-loop turn on the
 * same client into one script call (issue #10): the `jti` claim and the session lookup of a Logout Token become
 * one command instead of three, "done" and the unlinks one instead of four, and the operations of requests that
 * arrived in the same turn share it too. Every operation still fails or succeeds on its own. On a Redis Cluster
 * client the keys of one batch could be in different slots, so each operation goes out alone (one key per
 * command).
 *
 * A turn's operations are sent once its I/O callbacks have run (`setImmediate`): nothing in the stores relies on
 * their order relative to other commands issued in that turn (every caller awaits what must come first).
 */
export class RedisBatchQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly script = new CachedScript(REDIS_BATCH_SCRIPT);

  private constructor(private readonly client: Client) {}

  /** The queue shared by every store on `client`, so the operations of several stores coalesce. */
  static of(client: Client): RedisBatchQueue {
    let queue = queues.get(client);
    if (!queue) {
      queue = new RedisBatchQueue(client);
      queues.set(client, queue);
    }
    return queue;
  }

  /** Runs `op` on `key` with the next batch; resolves with its reply, rejects with its own error. */
  run(op: RedisBatchOp, key: string, ...args: (string | number)[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ op, key, args, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    const size = this.client.isCluster ? 1 : MAX_BATCH;
    for (let i = 0; i < all.length; i += size) void this.send(all.slice(i, i + size));
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    const keys = batch.map((p) => p.key);
    const argv: (string | number)[] = [batch.length];
    for (const p of batch) argv.push(p.op, p.args.length, ...p.args);
    let replies: Reply[];
    try {
      replies = await this.evaluate(keys, argv);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const [ok, value] = replies[i];
      if (ok === 1) p.resolve(value);
      else p.reject(new Error(String(value)));
    });
  }

  private async evaluate(keys: string[], argv: (string | number)[]): Promise<Reply[]> {
    return (await this.script.run(this.client, keys, argv)) as Reply[];
  }
}
