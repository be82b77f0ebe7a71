import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BackchannelLogoutError } from '../../common/backchannel-logout.error';
import { sendLogoutRequest, SendOptions } from './logout-request.sender';
import { PinnedAgentPool } from './pinned-agent.pool';

interface Listener {
  server: Server;
  port: number;
  requests: Array<{ url: string; host: string | undefined; body: string }>;
  connections: number;
  close(): Promise<void>;
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const l = { requests: [], connections: 0 } as unknown as Listener;
  l.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      l.requests.push({ url: req.url ?? '', host: req.headers.host, body });
      handler(req, res);
    });
  });
  l.server.on('connection', (s: Socket) => {
    l.connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => l.server.listen(0, '127.0.0.1', r));
  l.port = (l.server.address() as AddressInfo).port;
  l.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => l.server.close(() => r()));
  };
  return l;
}

// These tests talk to loopback listeners: private networks are allowed unless a test says otherwise.
const options: SendOptions = {
  timeoutMs: 2000,
  maxResponseBytes: 64,
  userAgent: 'test',
  allowPrivateNetworks: true,
};
const target = (url: string, address = '127.0.0.1') => ({
  url: new URL(url),
  address,
  family: 4 as const,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return (err as BackchannelLogoutError).code;
  }
}

describe('sendLogoutRequest', () => {
  const open: Listener[] = [];
  afterEach(async () => {
    for (const l of open.splice(0)) await l.close();
  });

  it('connects to the checked address, never resolving the host name again', async () => {
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    // `.invalid` never resolves (RFC 6761): the request can only arrive through the pinned address.
    const response = await sendLogoutRequest(
      target(`http://rebind.invalid:${rp.port}/bcl?q=1`),
      'a.b.c',
      options,
    );
    expect(response.status).toBe(200);
    expect(rp.requests).toEqual([
      { url: '/bcl?q=1', host: `rebind.invalid:${rp.port}`, body: 'logout_token=a.b.c' },
    ]);
  });

  it('falls back to the next checked address when the first cannot be reached (dual-stack RP)', async () => {
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    // The RP listens on 127.0.0.1 only; ::1 (first, as many resolvers order it) refuses the connection.
    const dualStack = {
      url: new URL(`http://dual.invalid:${rp.port}/bcl`),
      address: '::1',
      family: 6 as const,
      addresses: [
        { address: '::1', family: 6 as const },
        { address: '127.0.0.1', family: 4 as const },
      ],
    };
    const response = await sendLogoutRequest(dualStack, 'a.b.c', options);
    expect(response.status).toBe(200);
    expect(rp.requests).toHaveLength(1);
  });

  it('refuses a socket connected to a refused address (second guard), before any byte of the request', async () => {
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    const code = await codeOf(
      sendLogoutRequest(target(`http://rp.invalid:${rp.port}/`), 'a.b.c', {
        ...options,
        allowPrivateNetworks: false,
      }),
    );
    expect(code).toBe('target_address_refused');
    await new Promise((r) => setTimeout(r, 100));
    expect(rp.connections).toBe(1);
    expect(rp.requests).toHaveLength(0);
  });

  it('never follows a redirect', async () => {
    const elsewhere = await listen((_req, res) => res.writeHead(200).end());
    const rp = await listen((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/` }).end(),
    );
    open.push(elsewhere, rp);
    const response = await sendLogoutRequest(
      target(`http://127.0.0.1:${rp.port}/`),
      'a.b.c',
      options,
    );
    expect(response).toMatchObject({
      status: 302,
      location: `http://127.0.0.1:${elsewhere.port}/`,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(elsewhere.connections).toBe(0);
  });

  it('times out a hung RP', async () => {
    const rp = await listen(() => undefined);
    open.push(rp);
    const started = Date.now();
    expect(
      await codeOf(
        sendLogoutRequest(target(`http://127.0.0.1:${rp.port}/`), 't', {
          ...options,
          timeoutMs: 300,
        }),
      ),
    ).toBe('rp_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('ends a request at once when its signal is aborted (shutdown), closing the connection', async () => {
    let closed = false;
    const rp = await listen((req) => req.socket.on('close', () => (closed = true)));
    open.push(rp);
    const cut = new AbortController();
    const sending = codeOf(
      sendLogoutRequest(target(`http://127.0.0.1:${rp.port}/`), 't', {
        ...options,
        timeoutMs: 10_000,
        signal: cut.signal,
      }),
    );
    while (rp.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    cut.abort();
    expect(await sending).toBe('network_error');
    expect(Date.now() - started).toBeLessThan(1000);
    while (!closed) await new Promise((r) => setTimeout(r, 10));
  });

  it('reads at most maxResponseBytes of the body', async () => {
    const rp = await listen((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.write('x'.repeat(1024 * 1024));
      res.end();
    });
    open.push(rp);
    const response = await sendLogoutRequest(target(`http://127.0.0.1:${rp.port}/`), 't', options);
    expect(response.status).toBe(400);
    expect(response.body.length).toBeLessThanOrEqual(64);
  });

  it('reports a refused connection as a network error', async () => {
    const rp = await listen(() => undefined);
    const port = rp.port;
    await rp.close();
    expect(await codeOf(sendLogoutRequest(target(`http://127.0.0.1:${port}/`), 't', options))).toBe(
      'network_error',
    );
  });
});

describe('sendLogoutRequest with keep-alive connections', () => {
  const open: Listener[] = [];
  const agents = new PinnedAgentPool();
  const pooled: SendOptions = { ...options, agents };
  afterEach(async () => {
    agents.destroy();
    for (const l of open.splice(0)) await l.close();
  });

  it('reuses one connection for the same origin and checked address', async () => {
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    const url = `http://rp.invalid:${rp.port}/bcl`;
    for (const token of ['a.b.c', 'd.e.f', 'g.h.i']) {
      expect((await sendLogoutRequest(target(url), token, pooled)).status).toBe(200);
    }
    expect(rp.requests.map((r) => r.body)).toEqual([
      'logout_token=a.b.c',
      'logout_token=d.e.f',
      'logout_token=g.h.i',
    ]);
    expect(rp.connections).toBe(1);
  });

  it('never reuses a connection for an address that was not checked for this request (rebinding)', async () => {
    // Listens on 127.0.0.1 only: a request pinned to 127.0.0.2 can only fail, unless it took the pooled socket.
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    const url = `http://rp.invalid:${rp.port}/bcl`;
    expect((await sendLogoutRequest(target(url), 'a.b.c', pooled)).status).toBe(200);
    expect(await codeOf(sendLogoutRequest(target(url, '127.0.0.2'), 'd.e.f', pooled))).toBe(
      'network_error',
    );
    expect(rp.requests).toHaveLength(1);
    expect(rp.connections).toBe(1);
  });

  it('checks a reused connection again (second guard): refused when the policy now refuses its address', async () => {
    const rp = await listen((_req, res) => res.writeHead(200).end());
    open.push(rp);
    const url = `http://rp.invalid:${rp.port}/bcl`;
    expect((await sendLogoutRequest(target(url), 'a.b.c', pooled)).status).toBe(200);
    const code = await codeOf(
      sendLogoutRequest(target(url), 'd.e.f', { ...pooled, allowPrivateNetworks: false }),
    );
    expect(code).toBe('target_address_refused');
    expect(rp.requests).toHaveLength(1);
  });

  it('sends once more on a new connection when a reused one was closed by the RP before it answered', async () => {
    const served = new WeakSet<Socket>();
    const rp = await listen((req, res) => {
      // The second request on a connection finds it gone, as when the RP closed it while idle.
      if (served.has(req.socket)) return req.socket.destroy();
      served.add(req.socket);
      res.writeHead(200).end();
    });
    open.push(rp);
    const url = `http://127.0.0.1:${rp.port}/`;
    expect((await sendLogoutRequest(target(url), 'a.b.c', pooled)).status).toBe(200);
    expect((await sendLogoutRequest(target(url), 'd.e.f', pooled)).status).toBe(200);
    expect(rp.connections).toBe(2);
    expect(rp.requests.map((r) => r.body)).toEqual([
      'logout_token=a.b.c',
      'logout_token=d.e.f',
      'logout_token=d.e.f',
    ]);
  });

  it('does not pool a connection whose body was cut at maxResponseBytes', async () => {
    const rp = await listen((_req, res) => res.writeHead(400).end('x'.repeat(4096)));
    open.push(rp);
    const url = `http://127.0.0.1:${rp.port}/`;
    expect((await sendLogoutRequest(target(url), 't', pooled)).status).toBe(400);
    expect((await sendLogoutRequest(target(url), 't', pooled)).status).toBe(400);
    expect(rp.connections).toBe(2);
  });
});
