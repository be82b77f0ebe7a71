import { CookieAgent, hiddenField } from './cookie-agent';
import { submitLogin } from './code-flow';
import { json } from './json';

/**
 * Logs the agent in at a sample receiver: /login → provider (login form only when there is no OP
 * session yet) → /callback → home page. Returns `{sub, sid}` from the receiver's /me.
 */
export async function loginAtReceiver(
  agent: CookieAgent,
  rpUrl: string,
  user = { username: 'alice', password: 'alice-password' },
): Promise<{ sub: string; sid: string; sawLoginForm: boolean }> {
  const start = await agent.get(`${rpUrl}/login`);
  if (start.status !== 302) throw new Error(`/login answered ${start.status}`);
  let { res, url } = await agent.follow(
    start,
    `${rpUrl}/login`,
    (u) => new URL(u).pathname === '/login' && !u.startsWith(rpUrl),
  );
  let sawLoginForm = false;
  if (!url.startsWith(rpUrl)) {
    sawLoginForm = true;
    const login = await submitLogin(agent, url, user.username, user.password);
    ({ res, url } = await agent.follow(login, url));
  }
  await res.arrayBuffer();
  if (url !== `${rpUrl}/`) throw new Error(`login ended at ${url}`);
  const me = await agent.get(`${rpUrl}/me`);
  if (me.status !== 200) throw new Error(`/me answered ${me.status} after login`);
  return { ...(await json(me)), sawLoginForm };
}

/** Signs the agent out at a sample receiver the way its page does: the Log out form, with its CSRF token. */
export async function logoutAtReceiver(agent: CookieAgent, rpUrl: string): Promise<Response> {
  const home = await (await agent.get(`${rpUrl}/`)).text();
  return agent.post(`${rpUrl}/logout`, { _csrf: hiddenField(home, '_csrf') });
}
