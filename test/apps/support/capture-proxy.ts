import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the real RP answered. */
  responseStatus: number;
  responseBody: string;
}

/**
 * Stands at an RP's door: records each back-channel request exactly as it arrives, forwards it to the
 * real receiver endpoint, and returns the receiver's answer to the OP. Registered as the client's
 * backchannel_logout_uri, so the test sees the wire format while the real RP still does the work.
 */
export class CaptureProxy {
  readonly requests: CapturedRequest[] = [];
  private server?: Server;
  private waiters: Array<() => void> = [];

  constructor(private readonly target: () => string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers: Record<string, string> = {};
        if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
        void fetch(this.target(), {
          method: req.method,
          headers,
          body: req.method === 'POST' ? body : undefined,
        })
          .then(async (answer) => {
            const text = await answer.text();
            this.requests.push({
              method: req.method ?? '',
              url: req.url ?? '',
              headers: req.headers,
              body,
              responseStatus: answer.status,
              responseBody: text,
            });
            this.waiters.splice(0).forEach((w) => w());
            res.writeHead(answer.status, {
              'content-type': answer.headers.get('content-type') ?? 'text/plain',
            });
            res.end(text);
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` requests were captured (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10000): Promise<CapturedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.requests;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
