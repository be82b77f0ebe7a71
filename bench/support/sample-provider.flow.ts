import { CookieAgent, hiddenField } from '../../test/apps/support/cookie-agent';
import { pkcePair } from '../../test/apps/support/code-flow';
import { authorizeUrl, BenchOidcClient, redeemCode } from './oidc-clients.util';
import { nowMs } from './stats.util';

/**
 * Sign alice in at every client of the sample provider in one browser session (code flow + PKCE, the
 * login form once, then single sign-on), redeeming each code so each ID Token issuance is recorded in
 * the library's session registry. Returns the ID Tokens, in client order.
 */
export async function signInAtSampleProvider(
  agent: CookieAgent,
  issuer: string,
  clients: readonly BenchOidcClient[],
): Promise<string[]> {
  const idTokens: string[] = [];
  for (const client of clients) {
    const { verifier, challenge } = pkcePair();
    const start = authorizeUrl(`${issuer}/authorize`, client, challenge);
    const toClient = (url: string) => url.startsWith(client.redirect_uris[0]);
    const first = await agent.follow(await agent.get(start), start, toClient);
    let { url } = first;
    if (!toClient(url)) {
      const html = await first.res.text();
      const login = await agent.post(`${issuer}/login`, {
        _csrf: hiddenField(html, '_csrf'),
        return_to: hiddenField(html, 'return_to'),
        username: 'alice',
        password: 'alice-password',
      });
      ({ url } = await agent.follow(login, `${issuer}/login`, toClient));
    }
    const code = new URL(url).searchParams.get('code');
    if (!code) throw new Error(`sample provider: no code for ${client.client_id} (${url})`);
    idTokens.push(await redeemCode(`${issuer}/token`, client, code, verifier));
  }
  return idTokens;
}

/**
 * RP-Initiated Logout at the sample provider with a valid id_token_hint (no confirmation page): the one
 * request that ends the session, fans out, waits (bounded) and redirects. Returns its round-trip time.
 */
export async function endSessionAtSampleProvider(
  agent: CookieAgent,
  issuer: string,
  client: BenchOidcClient,
  idToken: string,
): Promise<number> {
  const url = new URL(`${issuer}/end-session`);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', client.post_logout_redirect_uris[0]);
  url.searchParams.set('state', 'bench');
  const start = nowMs();
  const res = await agent.get(url.toString());
  await res.arrayBuffer();
  const ms = nowMs() - start;
  const location = res.headers.get('location') ?? '';
  if (res.status !== 302 || !location.startsWith(client.post_logout_redirect_uris[0])) {
    throw new Error(`sample provider end_session answered ${res.status} ${location}`);
  }
  return ms;
}
