import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to one request:
 * - `pass`: forward, return the receiver's answer;
 * - `drop-after`: forward, let the receiver act, then cut the connection without answering (a lost response);
 * - `late`: forward, hold the receiver's answer past the OP's timeout;
 * - `bad-gateway`: answer 502 without forwarding (an overloaded load balancer);
 * - `reset`: cut the connection before anything is forwarded.
 */
export type Fault = 'pass' | 'drop-after' | 'late' | 'bad-gateway' | 'reset';

export const FAULTS: readonly Fault[] = ['pass', 'drop-after', 'late', 'bad-gateway', 'reset'];

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with the same fault sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A loopback proxy between an OP and a real receiver that injects faults: registered as the client's
 * back-channel URI, it forwards each POST to `target` (or not) according to `choose()`, and counts what it did.
 * Only real sockets: a "lost response" is a real connection closed after the receiver answered.
 */
export class FaultProxy {
  readonly counts: Record<Fault, number> = {
    pass: 0,
    'drop-after': 0,
    late: 0,
    'bad-gateway': 0,
    reset: 0,
  };
  /** Status codes the receiver answered, by code (requests that reached it). */
  readonly receiverAnswers = new Map<number, number>();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly target: () => string,
    private readonly choose: () => Fault,
    /** How long a `late` answer is held (longer than the OP's timeout). */
    private readonly lateMs: number,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const fault = this.choose();
    this.counts[fault] += 1;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'bad-gateway') {
      res.writeHead(502, { 'content-type': 'text/plain' });
      return void res.end('bad gateway');
    }
    let answer: Response;
    try {
      answer = await fetch(this.target(), {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      });
    } catch {
      res.writeHead(502);
      return void res.end();
    }
    const text = await answer.text();
    this.receiverAnswers.set(answer.status, (this.receiverAnswers.get(answer.status) ?? 0) + 1);
    if (fault === 'drop-after') return void req.socket.destroy();
    const reply = (): void => {
      if (res.destroyed) return;
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (['content-type', 'cache-control', 'retry-after'].includes(name)) headers[name] = value;
      });
      res.writeHead(answer.status, headers);
      res.end(text);
    };
    if (fault === 'late') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        reply();
      }, this.lateMs);
      this.timers.add(timer);
      return;
    }
    reply();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
