import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test issuer's HTTP server serves; read at request time, so changes apply at once. */
export interface TestIssuerDocuments {
  discovery(): Record<string, unknown>;
  jwks(): { keys: Array<Readonly<Record<string, unknown>>> };
}

/** Request counters of the test issuer's server. */
export interface TestIssuerRequestCounts {
  discovery: number;
  jwks: number;
}

/** Start a loopback HTTP server on port 0 serving discovery and JWKS; resolves with its base URL. */
export async function startTestIssuerServer(
  documents: TestIssuerDocuments,
  counts: TestIssuerRequestCounts,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let body: unknown;
    if (path === '/.well-known/openid-configuration') {
      counts.discovery++;
      body = documents.discovery();
    } else if (path === '/jwks') {
      counts.jwks++;
      body = documents.jwks();
    }
    res.setHeader('Connection', 'close');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
