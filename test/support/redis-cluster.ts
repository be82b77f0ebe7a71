import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, type ClusterOptions } from 'ioredis';
import { freePort } from './services';
import { until } from './wait';

const run = promisify(execFile);
const MASTERS = 3;

/** A real three-master Redis Cluster on loopback, private to one test file. */
export interface TestRedisCluster {
  /** The masters, as ioredis startup nodes. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  /** A new ioredis Cluster client on these nodes (the caller closes it, or `stop()` does). */
  client(options?: ClusterOptions): Cluster;
  /** Kills the servers, disconnects the clients `client()` made and removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts three `redis-server --cluster-enabled yes` masters on free loopback ports, joins them with
 * `redis-cli --cluster create` and waits until every node reports `cluster_state:ok`. Call it from a suite's
 * `beforeAll` and `stop()` it in `afterAll`; the servers are also killed when the Jest worker exits.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'bcl-redis-cluster-'));
  const servers: ChildProcess[] = [];
  const clients: Cluster[] = [];
  const killAll = () => servers.forEach((s) => s.exitCode === null && s.kill('SIGKILL'));
  process.once('exit', killAll);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clients.forEach((c) => c.disconnect());
    await Promise.all(servers.map(exited));
    process.removeListener('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The cluster bus ports are chosen too: the default (port + 10000) may be taken or above 65535.
    const ports = await distinctFreePorts(MASTERS * 2);
    const nodes = ports.slice(0, MASTERS).map((port) => ({ host: '127.0.0.1', port }));
    nodes.forEach((n, i) => servers.push(spawnNode(dir, n.port, ports[MASTERS + i])));
    await until(async () => (await Promise.all(nodes.map(answers))).every(Boolean), 10_000);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((n) => `${n.host}:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await until(async () => (await Promise.all(nodes.map(clusterOk))).every(Boolean), 20_000);
    return {
      nodes,
      client: (options) => {
        const client = new Cluster(nodes, options);
        clients.push(client);
        return client;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function spawnNode(dir: string, port: number, busPort: number): ChildProcess {
  const server = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes'],
      ...[
        '--cluster-port',
        String(busPort),
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
      ],
      ...['--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    ],
    { stdio: 'ignore' },
  );
  server.on('error', () => undefined); // a missing binary surfaces as the node never answering
  return server;
}

function exited(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });
}

async function cli(node: { port: number }, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(node.port), ...args]);
  return stdout;
}

async function answers(node: { port: number }): Promise<boolean> {
  return (await cli(node, 'PING').catch(() => '')).includes('PONG');
}

async function clusterOk(node: { port: number }): Promise<boolean> {
  const info = await cli(node, 'CLUSTER', 'INFO').catch(() => '');
  return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${MASTERS}`);
}
