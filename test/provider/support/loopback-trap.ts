import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Counts every TCP connection to a loopback port: in the SSRF tests it must stay at zero. */
export class LoopbackTrap {
  connections = 0;
  private server: Server = createServer((s) => {
    this.connections += 1;
    s.destroy();
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // Dual stack where available, so 127.0.0.1, ::1 and ::ffff:127.0.0.1 all land here.
      this.server.listen(0, '::', resolve);
    }).catch(() => new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve)));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
