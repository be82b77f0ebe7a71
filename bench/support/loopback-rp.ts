import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** A relying party's back-channel endpoint on 127.0.0.1: reads the body, answers `status` with no body. */
export interface LoopbackRp {
  readonly port: number;
  /** Requests answered so far. */
  readonly count: number;
  url(path?: string): string;
  close(): Promise<void>;
}

export interface LoopbackRpOptions {
  readonly status?: number;
  /** Called just before the answer is written (e.g. to timestamp arrival). */
  readonly onRequest?: (req: IncomingMessage, body: string) => void;
}

export async function startLoopbackRp(options: LoopbackRpOptions = {}): Promise<LoopbackRp> {
  let count = 0;
  const status = options.status ?? 200;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      options.onRequest?.(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'content-length': '0' }).end();
    });
  });
  const port = await listen(server);
  return {
    port,
    get count() {
      return count;
    },
    url: (path = '/backchannel-logout') => `http://127.0.0.1:${port}${path}`,
    close: () => close(server),
  };
}

/** An RP that accepts the connection and the request, and never answers. */
export interface HungRp {
  readonly port: number;
  readonly requests: number;
  url(path?: string): string;
  /** Drop the connections held open so far (their senders see a network error). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startHungRp(): Promise<HungRp> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer(() => {
    requests++;
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    get requests() {
      return requests;
    },
    url: (path = '/backchannel-logout') => `http://127.0.0.1:${port}${path}`,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => close(server),
  };
}

export function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
