import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * A Lua script run through one client: sent whole (EVAL) until that Redis has it cached, by its SHA (EVALSHA)
 * after, and whole again when the server lost its script cache (restart, SCRIPT FLUSH, failover).
 */
export class CachedScript {
  private readonly sha: string;
  private loaded = false;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: Redis | Cluster, keys: string[], argv: (string | number)[]): Promise<unknown> {
    if (this.loaded) {
      try {
        return await client.evalsha(this.sha, keys.length, ...keys, ...argv);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      }
    }
    const reply = await client.eval(this.lua, keys.length, ...keys, ...argv);
    this.loaded = true;
    return reply;
  }
}
