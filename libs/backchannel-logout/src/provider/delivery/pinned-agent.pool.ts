import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { CheckedTarget } from '../../common/network/target-resolver.util';

/** Agents kept at once; the least recently used one beyond this is closed. */
const MAX_AGENTS = 256;
/** Idle keep-alive sockets kept per agent. */
const MAX_FREE_SOCKETS = 16;

/**
 * A `lookup` that answers with the addresses already checked, so the socket cannot go elsewhere. With
 * `all` (Node's default autoSelectFamily) it hands over every checked address, so a dual-stack RP whose
 * IPv6 path is unreachable is still reached over IPv4 instead of failing on the first address forever.
 */
export function pinnedLookup(target: CheckedTarget): LookupFunction {
  const all = target.addresses ?? [{ address: target.address, family: target.family }];
  return (_hostname, options, callback) => {
    if (options.all)
      callback(
        null,
        all.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, target.address, target.family);
  };
}

/**
 * Keep-alive agents, one per RP origin AND set of checked addresses. A pooled socket was opened through
 * that set's pinned lookup, so reusing it goes only to an address checked for this very request: when the
 * name resolves elsewhere (rebinding), the key differs and a new agent opens a new, checked connection.
 */
export class PinnedAgentPool {
  private readonly agents = new Map<string, http.Agent>();

  /** The agent for `target` (created on first use, then most recently used). */
  agentFor(target: CheckedTarget): http.Agent {
    const addresses = (target.addresses ?? [target])
      .map((a) => `${a.family}/${a.address}`)
      .sort()
      .join(',');
    const key = `${target.url.protocol}//${target.url.host}|${target.address}|${addresses}`;
    let agent = this.agents.get(key);
    if (agent) {
      this.agents.delete(key);
    } else {
      const options = {
        keepAlive: true,
        maxFreeSockets: MAX_FREE_SOCKETS,
        scheduling: 'lifo' as const,
        lookup: pinnedLookup(target),
      };
      agent = target.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      if (this.agents.size >= MAX_AGENTS) {
        const [oldest, old] = this.agents.entries().next().value as [string, http.Agent];
        this.agents.delete(oldest);
        old.destroy();
      }
    }
    this.agents.set(key, agent);
    return agent;
  }

  /** Close every pooled connection. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
