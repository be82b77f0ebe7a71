import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP relying party on 127.0.0.1:0 that holds every answer until {@link answerAfter} is called (then
 * answers 200 that long later, and any later request as long after it arrives), or forever. A test acts while
 * deliveries are in flight: it learns when requests have arrived instead of guessing with a sleep. Tests that
 * use it must allow http and private networks in the module.
 */
export class HoldingRp {
  /** The path of every request, in arrival order. */
  readonly arrivals: string[] = [];
  /** The path of every request answered (the hold ended and the 200 was written). */
  readonly answered: string[] = [];
  /** The path of every request the OP gave up on (closed the connection) before it was answered. */
  readonly abandoned: string[] = [];
  private holdMs: number | null = null;
  private held: Array<() => void> = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private waiters: Array<() => void> = [];

  constructor() {
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

  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Answer the requests held now `ms` from now, and every later request `ms` after it arrives. */
  answerAfter(ms: number): void {
    this.holdMs = ms;
    const held = this.held.splice(0);
    setTimeout(() => held.forEach((answer) => answer()), ms);
  }

  /** Resolves once `count` requests have arrived (woken by each arrival, no polling). */
  async waitForArrivals(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.arrivals.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} requests, got ${this.arrivals.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      this.arrivals.push(path);
      let answered = false;
      const answer = (): void => {
        if (res.destroyed) return;
        answered = true;
        this.answered.push(path);
        res.writeHead(200).end();
      };
      res.on('close', () => {
        if (!answered) this.abandoned.push(path);
      });
      if (this.holdMs === null) this.held.push(answer);
      else setTimeout(answer, this.holdMs);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
}
