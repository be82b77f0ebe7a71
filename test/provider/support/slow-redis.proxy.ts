import { connect, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1:0 in front of the real Redis. A connection that names itself (`CLIENT SETNAME`,
 * which Bull sends on its worker's blocking connection) gets every later reply `delayMs` late, in order: a
 * slow link on exactly the connection a shutdown has to cut while it still waits for answers. Every other
 * connection passes straight through.
 */
export class SlowRedisProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly delayMs: number,
  ) {}

  /** Where to point Bull (`redis` option): the proxy. */
  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: (this.server!.address() as AddressInfo).port };
  }

  async start(): Promise<this> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private pipe(client: Socket): void {
    const redis = connect(this.target.port, this.target.host);
    for (const s of [client, redis]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    let slow = false;
    client.on('data', (chunk: Buffer) => {
      if (/setname/i.test(chunk.toString('latin1'))) slow = true;
      redis.write(chunk);
    });
    let last = 0; // when the previous reply chunk goes out: later chunks never overtake it
    redis.on('data', (chunk: Buffer) => {
      if (!slow) return void client.write(chunk);
      last = Math.max(Date.now() + this.delayMs, last);
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, last - Date.now());
    });
    client.on('close', () => redis.destroy());
    redis.on('close', () => client.destroy());
  }
}
