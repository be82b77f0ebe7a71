import { randomBytes } from 'node:crypto';
import { basicAuth } from '../../test/apps/support/code-flow';

/** A client registered at an OP under test, in Dynamic Client Registration metadata names. */
export interface BenchOidcClient extends Record<string, unknown> {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string;
}

/** `count` clients whose back-channel URIs are given; redirect URIs point at a port nobody calls. */
export function benchOidcClients(backchannelUris: readonly string[]): BenchOidcClient[] {
  return backchannelUris.map((uri, i) => ({
    client_id: `bench-rp-${i}`,
    client_secret: `bench-rp-${i}-secret-0123456789abcdef`,
    redirect_uris: [`http://127.0.0.1:9/rp-${i}/callback`],
    post_logout_redirect_uris: [`http://127.0.0.1:9/rp-${i}/logged-out`],
    backchannel_logout_uri: uri,
  }));
}

export function authorizeUrl(endpoint: string, client: BenchOidcClient, challenge: string): string {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Redeem a code at `tokenEndpoint` (client_secret_basic); returns the ID Token. */
export async function redeemCode(
  tokenEndpoint: string,
  client: BenchOidcClient,
  code: string,
  verifier: string,
): Promise<string> {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuth(client),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirect_uris[0],
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await res.json()) as { id_token?: string; error?: string };
  if (!res.ok || !body.id_token) throw new Error(`token endpoint: ${res.status} ${body.error}`);
  return body.id_token;
}
