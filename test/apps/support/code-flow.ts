import { createHash, randomBytes } from 'node:crypto';
import { CookieAgent, hiddenField } from './cookie-agent';

export interface TestClient extends Record<string, unknown> {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(
  issuer: string,
  client: TestClient,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(`${issuer}/authorize`);
  const all: Record<string, string | undefined> = {
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    response_type: 'code',
    scope: 'openid profile',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Submits the provider's login form (GET page, read CSRF token, POST); returns the 303 response. */
export async function submitLogin(
  agent: CookieAgent,
  loginPageUrl: string,
  username = 'alice',
  password = 'alice-password',
): Promise<Response> {
  const page = await agent.get(loginPageUrl);
  const html = await page.text();
  return agent.post(new URL('/login', loginPageUrl).toString(), {
    _csrf: hiddenField(html, '_csrf'),
    return_to: hiddenField(html, 'return_to'),
    username,
    password,
  });
}

/** The hidden fields of a server-rendered form, by name. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)"/g)) {
    fields[m[1]] = hiddenField(html, m[1]);
  }
  return fields;
}

/** Answers the provider's consent page (prompt=consent) with `decision`; returns the provider's answer. */
export async function submitConsent(
  agent: CookieAgent,
  issuer: string,
  page: Response,
  decision: 'allow' | 'deny' = 'allow',
): Promise<Response> {
  const html = await page.text();
  if (!html.includes('action="/authorize/consent"')) throw new Error('not the consent page');
  return agent.post(`${issuer}/authorize/consent`, { ...hiddenFields(html), decision });
}

/**
 * Runs /authorize in the agent (signing in first if the provider asks, allowing on the consent page
 * for prompt=consent) and returns the redirect back to the client with its parameters.
 */
export async function authorizeCode(
  agent: CookieAgent,
  issuer: string,
  client: TestClient,
  params: Record<string, string | undefined> = {},
  user: { username: string; password: string } = { username: 'alice', password: 'alice-password' },
): Promise<{ callback: URL; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const start = authorizeUrl(issuer, client, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...params,
  });
  const toClient = (url: string) => url.startsWith(client.redirect_uris[0]);
  let { res, url } = await agent.follow(await agent.get(start), start, toClient);
  if (!toClient(url) && new URL(url).pathname === '/login') {
    const login = await submitLogin(agent, url, user.username, user.password);
    ({ res, url } = await agent.follow(login, `${issuer}/login`, toClient));
  }
  if (!toClient(url) && res.status === 200 && new URL(url).pathname === '/authorize') {
    const answer = await submitConsent(agent, issuer, res);
    ({ res, url } = await agent.follow(answer, `${issuer}/authorize/consent`, toClient));
  }
  if (!toClient(url)) throw new Error(`did not come back to the client: ${url} ${res.status}`);
  return { callback: new URL(url), verifier };
}

export function basicAuth(client: TestClient): string {
  const enc = (s: string) => encodeURIComponent(s);
  return `Basic ${Buffer.from(`${enc(client.client_id)}:${enc(client.client_secret)}`).toString('base64')}`;
}

export function tokenRequest(
  issuer: string,
  client: TestClient,
  params: Record<string, string>,
  auth: 'basic' | 'post' = 'basic',
): Promise<Response> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') headers.authorization = basicAuth(client);
  else {
    body.set('client_id', client.client_id);
    body.set('client_secret', client.client_secret);
  }
  return fetch(`${issuer}/token`, { method: 'POST', headers, body: body.toString() });
}

/** Runs the code flow in the agent and redeems the code: where the flow came back, and the token answer. */
export async function codeGrant(
  agent: CookieAgent,
  issuer: string,
  client: TestClient,
  params: Record<string, string | undefined> = {},
): Promise<{ callback: URL; res: Response }> {
  const { callback, verifier } = await authorizeCode(agent, issuer, client, params);
  const res = await tokenRequest(issuer, client, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    redirect_uri: client.redirect_uris[0],
    code_verifier: verifier,
  });
  return { callback, res };
}
