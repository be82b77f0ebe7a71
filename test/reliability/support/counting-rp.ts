import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One Logout Token as an RP received it. */
export interface Receipt {
  readonly jti: string;
  readonly aud: string;
  readonly sub?: string;
  readonly sid?: string;
  readonly path: string;
  readonly at: number;
}

/** How the RP answers a request: a status, or `hang` (reads the request, never answers). */
export type RpBehaviour = (path: string) => number | 'hang';

/**
 * A loopback relying party for fault tests: records the `jti` and `aud` of every Logout Token it receives
 * (decoded, not verified: these tests are about counting) and answers by path. It can be started on a port
 * chosen in advance (URIs registered while nothing listens there yet) and stopped and started again.
 */
export class CountingRp {
  readonly receipts: Receipt[] = [];
  private readonly counts = new Map<string, number>();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private behaviour: RpBehaviour = () => 200,
    /** Answer after this long (the token is counted on arrival, as an RP that processed it). */
    private readonly delayMs = 0,
  ) {}

  async start(port = this.port): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 1000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setBehaviour(behaviour: RpBehaviour): void {
    this.behaviour = behaviour;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** How many times `jti` arrived. */
  countOf(jti: string): number {
    return this.counts.get(jti) ?? 0;
  }

  /** Distinct jtis received. */
  get distinct(): number {
    return this.counts.size;
  }

  /** jti → count for those received more than once. */
  duplicates(): Array<[string, number]> {
    return [...this.counts].filter(([, n]) => n > 1);
  }

  async waitForDistinct(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.distinct < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} distinct jtis, got ${this.distinct}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('logout_token');
      const claims = token ? decodePayload(token) : null;
      const answer = this.behaviour(path);
      if (claims && answer !== 'hang' && answer >= 200 && answer < 300) {
        // Counted on arrival when the RP accepts it (2xx): the RP has processed the token, answered or not.
        this.receipts.push({ ...claims, path, at: Date.now() });
        this.counts.set(claims.jti, (this.counts.get(claims.jti) ?? 0) + 1);
      }
      if (answer === 'hang') return;
      if (this.delayMs > 0) setTimeout(() => res.writeHead(answer).end(), this.delayMs);
      else res.writeHead(answer).end();
    });
  }
}

function decodePayload(
  token: string,
): { jti: string; aud: string; sub?: string; sid?: string } | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
      jti?: unknown;
      aud?: unknown;
      sub?: unknown;
      sid?: unknown;
    };
    if (typeof payload.jti !== 'string') return null;
    return {
      jti: payload.jti,
      aud: String(payload.aud),
      ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
      ...(typeof payload.sid === 'string' ? { sid: payload.sid } : {}),
    };
  } catch {
    return null;
  }
}
