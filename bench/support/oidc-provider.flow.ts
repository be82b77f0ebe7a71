import { CookieAgent, hiddenField } from '../../test/apps/support/cookie-agent';
import { pkcePair } from '../../test/apps/support/code-flow';
import { authorizeUrl, BenchOidcClient } from './oidc-clients.util';
import { nowMs } from './stats.util';

/**
 * Sign a user in at every client of node-oidc-provider in one browser session, through its
 * devInteractions (the login prompt once, then one consent per client). The session then lists every
 * client in its authorizations, which is what its end_session notifies. No code is redeemed: the
 * back-channel logout of oidc-provider does not depend on it.
 */
export async function signInAtOidcProvider(
  agent: CookieAgent,
  issuer: string,
  clients: readonly BenchOidcClient[],
  accountId: string,
): Promise<void> {
  for (const client of clients) {
    const { challenge } = pkcePair();
    const start = authorizeUrl(`${issuer}/auth`, client, challenge);
    const toClient = (url: string) => url.startsWith(client.redirect_uris[0]);
    const { url } = await answerOidcProviderPrompts(agent, start, toClient, accountId);
    if (!new URL(url).searchParams.get('code')) {
      throw new Error(`oidc-provider: no code for ${client.client_id} (${url})`);
    }
  }
}

/**
 * GET `start` (an authorization request, or an RP's login route that redirects to one) and follow the
 * redirects, answering node-oidc-provider's devInteractions on the way (its login prompt signs `accountId`
 * in, its consent prompt is accepted), until `done` matches the next URL (not fetched). The e2e tests of the
 * node-oidc-provider integration drive their RP logins with it too.
 */
export async function answerOidcProviderPrompts(
  agent: CookieAgent,
  start: string,
  done: (url: string) => boolean,
  accountId: string,
): Promise<{ res: Response; url: string }> {
  let { res, url } = await agent.follow(await agent.get(start), start, done);
  for (let prompts = 0; !done(url); prompts++) {
    if (prompts > 3 || !url.includes('/interaction/')) {
      throw new Error(`oidc-provider: unexpected stop at ${url} (${res.status})`);
    }
    const html = await res.text();
    const prompt = html.includes('name="login"') ? 'login' : 'consent';
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: accountId, password: 'x' } : { prompt };
    const submitted = await agent.post(url, form);
    ({ res, url } = await agent.follow(submitted, url, done));
  }
  return { res, url };
}

/**
 * End the session at node-oidc-provider: its end_session_endpoint always shows a confirmation page first
 * (not timed: it does not notify anyone), then the confirmation POST notifies every RP, awaits them, and
 * redirects. Returns the round-trip time of that POST.
 */
export async function endSessionAtOidcProvider(
  agent: CookieAgent,
  issuer: string,
): Promise<number> {
  const page = await agent.get(`${issuer}/session/end`);
  const html = await page.text();
  const form = { xsrf: hiddenField(html, 'xsrf'), logout: 'yes' };
  const start = nowMs();
  const res = await agent.post(`${issuer}/session/end/confirm`, form);
  await res.arrayBuffer();
  const ms = nowMs() - start;
  if (res.status !== 303 && res.status !== 302) {
    throw new Error(`oidc-provider end_session confirm answered ${res.status}`);
  }
  return ms;
}
