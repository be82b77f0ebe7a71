import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BackchannelLogoutAuditService } from 'nestjs-backchannel-logout';
import { until } from '../support/wait';
import { AdminAgent } from './support/admin-agent';
import { CookieAgent } from './support/cookie-agent';
import { loginAtReceiver } from './support/rp-login';
import { startThreeApps, ThreeApps } from './support/three-apps';

describe('provider admin UI (no browser)', () => {
  let apps: ThreeApps;
  beforeAll(async () => {
    apps = await startThreeApps();
  });
  afterAll(() => apps.close());

  const url = (path: string) => `${apps.op.issuer}${path}`;

  it('requires sign-in for every admin page and for Bull Board', async () => {
    const anonymous = new CookieAgent();
    for (const path of [
      '/admin/clients',
      '/admin/deliveries',
      '/admin/sessions',
      '/admin/users',
      '/admin/queues/',
    ]) {
      const res = await anonymous.get(url(path));
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/admin/login']);
    }
  });

  it('refuses a wrong password and a sign-in without CSRF token', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    const wrong = await admin.signIn('admin', 'nope');
    expect(wrong.status).toBe(401);
    const forged = await new CookieAgent().post(url('/admin/login'), {
      username: 'admin',
      password: 'admin-test-password',
    });
    expect(forged.status).toBe(403);
  });

  it('signs in, shows the development banner, and serves Bull Board behind the same session', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    const signIn = await admin.signIn();
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/clients');
    expect(signIn.headers.getSetCookie().join(';')).toMatch(
      /op_admin=.*HttpOnly.*SameSite=Strict/i,
    );
    const page = await (await admin.get(url('/admin/clients'))).text();
    expect(page).toContain('id="insecure-banner"');
    expect(page).toContain('receiver-a');
    const board = await admin.get(url('/admin/queues/'));
    expect(board.status).toBe(200);
    await expect(board.text()).resolves.toMatch(/<html/i);
  });

  it('refuses an admin form post without a valid CSRF token, and changes nothing', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    await admin.signIn();
    const res = await admin.post(url('/admin/clients/receiver-a'), {
      _csrf: 'forged',
      redirect_uris: 'https://evil.example/cb',
    });
    expect(res.status).toBe(403);
    const form = await (await admin.get(url('/admin/clients/receiver-a'))).text();
    expect(form).not.toContain('evil.example');
  });

  it.each([
    ['https://rp.example.com/bcl#frag', /fragment/],
    ['/relative/path', /absolute/i],
    ['ftp://rp.example.com/bcl', /https?/],
  ])(
    'shows an error next to backchannel_logout_uri for %s and saves nothing',
    async (uri, message) => {
      const admin = new AdminAgent(apps.op.issuer);
      await admin.signIn();
      const res = await admin.submit('/admin/clients/new', '/admin/clients', {
        client_id: 'new-client',
        redirect_uris: 'https://rp.example.com/cb',
        backchannel_logout_uri: uri,
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      const fieldError = /id="backchannel_logout_uri-error"[^>]*>([\s\S]*?)<\/div>/.exec(html);
      expect(fieldError?.[1]).toMatch(message);
      expect(html).toContain(`value="${uri.replace(/&/g, '&amp;')}"`); // what the admin typed is kept
      expect((await admin.get(url('/admin/clients/new-client'))).status).toBe(404);
    },
  );

  it('creates a valid client and shows its secret once', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    await admin.signIn();
    const res = await admin.submit('/admin/clients/new', '/admin/clients', {
      client_id: 'created-client',
      client_name: 'Created <b>client</b>',
      redirect_uris: 'http://127.0.0.1:9/cb\nhttp://127.0.0.1:9/cb2',
      backchannel_logout_uri: 'http://127.0.0.1:9/bcl?x=1',
      backchannel_logout_session_required: 'on',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clients/created-client');
    const page = await (await admin.get(url('/admin/clients/created-client'))).text();
    expect(page).toMatch(/id="new-secret">[A-Za-z0-9_-]{43}</);
    expect(page).toContain('Created &lt;b&gt;client&lt;/b&gt;'); // escaped, not markup
    const again = await (await admin.get(url('/admin/clients/created-client'))).text();
    expect(again).not.toContain('id="new-secret"');
  });

  it('rotates a client secret: the new one is shown once and works, the old one stops working', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    await admin.signIn();
    await admin.submit('/admin/clients/new', '/admin/clients', {
      client_id: 'rotating-client',
      redirect_uris: 'http://127.0.0.1:9/cb',
    });
    const secretOn = async (path: string) =>
      /id="new-secret">([A-Za-z0-9_-]+)</.exec(await (await admin.get(url(path))).text())?.[1];
    const old = await secretOn('/admin/clients/rotating-client');
    expect(old).toEqual(expect.any(String));
    const tryToken = (secret: string) =>
      fetch(url('/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: 'unknown',
          client_id: 'rotating-client',
          client_secret: secret,
        }),
      });
    expect((await tryToken(old!)).status).toBe(400); // authenticated; the refresh token is what is wrong

    const res = await admin.submit(
      '/admin/clients/rotating-client',
      '/admin/clients/rotating-client/rotate-secret',
      {},
    );
    expect(res.status).toBe(303);
    const rotated = await secretOn('/admin/clients/rotating-client');
    expect(rotated).toEqual(expect.any(String));
    expect(rotated).not.toBe(old);
    expect((await tryToken(old!)).status).toBe(401);
    expect((await tryToken(rotated!)).status).toBe(400);
  });

  it('"send test logout" delivers a real token and reports success; the audit lists it', async () => {
    const admin = new AdminAgent(apps.op.issuer);
    await admin.signIn();
    const before = apps.captureA.requests.length;
    const res = await admin.submit('/admin/clients', '/admin/clients/receiver-a/test-logout', {});
    expect(res.status).toBe(303);
    const page = await (await admin.get(url('/admin/clients'))).text();
    expect(page).toMatch(/Test logout to receiver-a delivered: the RP answered HTTP 200/);
    expect(apps.captureA.requests).toHaveLength(before + 1);
    const audit = await (
      await admin.get(url('/admin/deliveries?client=receiver-a&status=delivered'))
    ).text();
    expect(audit).toMatch(/data-client="receiver-a" data-status="delivered"/);
    expect(audit).not.toMatch(/data-client="receiver-b"/);
    // The status filter knows the final "unconfirmed" (issue #8) and "paused": a valid filter, no rows.
    const unconfirmed = await (
      await admin.get(url('/admin/deliveries?client=receiver-a&status=unconfirmed'))
    ).text();
    expect(unconfirmed).toMatch(/<option value="unconfirmed" selected/);
    expect(unconfirmed).not.toMatch(/data-status="delivered"/);
  });

  it("lists a live session with its RPs, ends all of a user's sessions, disables and re-enables a user", async () => {
    const { a, b, op } = apps;
    const user = new CookieAgent();
    const session = await loginAtReceiver(user, a.url, {
      username: 'bob',
      password: 'bob-password',
    });
    await loginAtReceiver(user, b.url, { username: 'bob', password: 'bob-password' });

    const admin = new AdminAgent(op.issuer);
    await admin.signIn();
    const sessions = await (await admin.get(url('/admin/sessions'))).text();
    const row = new RegExp(`<tr data-sid="${session.sid}" data-user="bob">([\\s\\S]*?)</tr>`).exec(
      sessions,
    );
    expect(row?.[1]).toContain('receiver-a');
    expect(row?.[1]).toContain('receiver-b');

    const ended = await admin.submit('/admin/users', `/admin/users/${session.sub}/disable`, {});
    expect(ended.status).toBe(303);
    await expect((await admin.get(url('/admin/users'))).text()).resolves.toMatch(
      /bob disabled; 1 session\(s\) ended everywhere/,
    );
    // sub-wide logout tokens reached both RPs: both sessions are gone.
    await until(async () => (await user.get(`${b.url}/me`)).status === 401, 5000);
    expect((await user.get(`${a.url}/me`)).status).toBe(401);
    const audit = await op.app.get(BackchannelLogoutAuditService).list({ sub: session.sub });
    expect(
      audit.items
        .filter((d) => d.reason === 'user_disabled')
        .map((d) => d.clientId)
        .sort(),
    ).toEqual(['receiver-a', 'receiver-b']);
    // A disabled user cannot sign in again.
    await expect(
      loginAtReceiver(new CookieAgent(), a.url, { username: 'bob', password: 'bob-password' }),
    ).rejects.toThrow();
    await admin.submit('/admin/users', `/admin/users/${session.sub}/enable`, {});
    await expect(
      loginAtReceiver(new CookieAgent(), a.url, { username: 'bob', password: 'bob-password' }),
    ).resolves.toMatchObject({ sub: session.sub });
  });

  it('reports a failed test logout, then retries the failed delivery from the audit log', async () => {
    let answer = 400;
    const received: string[] = [];
    const rp: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.method ?? '');
        res.writeHead(answer, { 'content-type': 'application/json' });
        res.end(answer === 400 ? '{"error":"invalid_request"}' : '');
      });
    });
    await new Promise<void>((r) => rp.listen(0, '127.0.0.1', r));
    try {
      const admin = new AdminAgent(apps.op.issuer);
      await admin.signIn();
      await admin.submit('/admin/clients/new', '/admin/clients', {
        client_id: 'flaky-rp',
        redirect_uris: 'http://127.0.0.1:9/cb',
        backchannel_logout_uri: `http://127.0.0.1:${(rp.address() as AddressInfo).port}/bcl`,
      });
      await admin.submit('/admin/clients', '/admin/clients/flaky-rp/test-logout', {});
      const clients = await (await admin.get(url('/admin/clients'))).text();
      expect(clients).toMatch(/Test logout to flaky-rp failed \(HTTP 400\)/);

      const failed = await (
        await admin.get(url('/admin/deliveries?client=flaky-rp&status=failed'))
      ).text();
      const id = /data-delivery="([^"]+)" data-client="flaky-rp" data-status="failed"/.exec(
        failed,
      )?.[1];
      expect(id).toEqual(expect.any(String));
      expect(failed).toContain(`/admin/deliveries/${id}/retry`);

      answer = 200;
      const retried = await admin.submit('/admin/deliveries', `/admin/deliveries/${id}/retry`, {});
      expect(retried.status).toBe(303);
      await expect((await admin.get(url('/admin/deliveries'))).text()).resolves.toContain(
        'queued again',
      );
      await until(
        async () =>
          (await apps.op.app.get(BackchannelLogoutAuditService).get(id!))?.status === 'delivered',
        5000,
      );
      expect(received).toEqual(['POST', 'POST']);
    } finally {
      rp.closeAllConnections();
      await new Promise((r) => rp.close(r));
    }
  });

  it('ends a single session from the sessions page', async () => {
    const user = new CookieAgent();
    const session = await loginAtReceiver(user, apps.b.url);
    const admin = new AdminAgent(apps.op.issuer);
    await admin.signIn();
    const res = await admin.submit(
      '/admin/sessions',
      `/admin/sessions/${encodeURIComponent(session.sid)}/end`,
      {},
    );
    expect(res.status).toBe(303);
    await until(async () => (await user.get(`${apps.b.url}/me`)).status === 401, 5000);
  });
});
