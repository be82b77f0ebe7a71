import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the RP received it. */
export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
}

/** How the RP answers one request: a status (+ headers/body), or `hang` (never answers). */
export type RpReply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang'
  | ((request: CapturedRequest) => {
      status: number;
      headers?: Record<string, string>;
      body?: string;
    });

/**
 * A real HTTP relying party on 127.0.0.1:0 that records every request and answers from a script
 * (the last reply repeats). Tests that use it must allow http and private networks in the module, and say so.
 */
export class CapturingRp {
  readonly requests: CapturedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private waiters: Array<() => void> = [];

  constructor(private readonly replies: RpReply[] = [{ status: 200 }]) {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/backchannel-logout'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Resolves once `count` requests have arrived. */
  async waitForRequests(count: number, timeoutMs = 15000): Promise<CapturedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.requests;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const index = this.requests.length;
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      for (const w of this.waiters.splice(0)) w();
      const scripted = this.replies[Math.min(index, this.replies.length - 1)];
      if (scripted === 'hang') return;
      const reply = typeof scripted === 'function' ? scripted(this.requests[index]) : scripted;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  }
}
