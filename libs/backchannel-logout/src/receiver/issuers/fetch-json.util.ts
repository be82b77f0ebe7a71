/** Limits for fetching an issuer's discovery document or JWKS. */
export interface FetchJsonLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/**
 * GET a JSON document with a timeout and a size cap. Redirects are not followed (like jose's remote JWKS):
 * keys must come from the issuer's own `jwks_uri` (JWT-BCP §3.8).
 */
export async function fetchJson(url: string, limits: FetchJsonLimits): Promise<unknown> {
  const response = await fetch(url, {
    method: 'GET',
    redirect: 'manual',
    headers: { accept: 'application/json, application/jwk-set+json' },
    signal: AbortSignal.timeout(limits.timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`GET ${url} answered HTTP ${response.status}`);
  }
  const text = await readCapped(response, limits.maxBytes);
  return JSON.parse(text) as unknown;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`response larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
