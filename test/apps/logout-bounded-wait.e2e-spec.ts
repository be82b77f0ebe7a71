import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BackchannelLogoutAuditService } from 'nestjs-backchannel-logout';
import { codeGrant, TestClient } from './support/code-flow';
import { CookieAgent } from './support/cookie-agent';
import { freePort } from '../support/services';
import { RunningProvider, startProvider } from './support/provider-harness';
import { planReceiver, RunningReceiver, startReceiver } from './support/receiver-harness';
import { loginAtReceiver, logoutAtReceiver } from './support/rp-login';

/** RPIL §3 with a hung RP: the user is redirected after the bounded wait, not after the RP answers. */
describe('end_session with an RP that never answers', () => {
  let op: RunningProvider;
  let a: RunningReceiver;
  let hung: Server;
  const hungRequests: string[] = [];

  beforeAll(async () => {
    hung = createServer((req) => {
      hungRequests.push(req.method ?? '');
      // never answers
    });
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const planA = planReceiver(await freePort(), 'receiver-a');
    const hungClient: TestClient = {
      client_id: 'hung-rp',
      client_secret: 'hung-rp-secret-0123456789',
      redirect_uris: ['http://127.0.0.1:9/hung/callback'],
      backchannel_logout_uri: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/bcl`,
    };
    op = await startProvider({ clients: [planA.client, hungClient], logoutWaitMs: 700 });
    a = await startReceiver(planA, op.issuer);
  });
  afterAll(async () => {
    hung.closeAllConnections(); // the in-flight delivery fails fast instead of waiting for its timeout
    await new Promise((r) => hung.close(r));
    await a.close();
    await op.close();
  });

  it('redirects once A is notified and the wait is over, while the hung RP is still pending', async () => {
    const agent = new CookieAgent();
    const { sid } = await loginAtReceiver(agent, a.url);
    // The same browser session signs in at the hung RP too.
    const hungClient = {
      client_id: 'hung-rp',
      client_secret: 'hung-rp-secret-0123456789',
      redirect_uris: ['http://127.0.0.1:9/hung/callback'],
    };
    const { res: tokens } = await codeGrant(agent, op.issuer, hungClient);
    expect(tokens.status).toBe(200);

    const out = await logoutAtReceiver(agent, a.url);
    const back = await agent.get(out.headers.get('location')!);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(new RegExp(`^${a.url}/logout/callback\\?state=`));

    const audit = await op.app.get(BackchannelLogoutAuditService).list({ sid });
    const status = Object.fromEntries(audit.items.map((d) => [d.clientId, d.status]));
    expect(status['receiver-a']).toBe('delivered');
    expect(['queued', 'retrying']).toContain(status['hung-rp']);
    expect(hungRequests).toEqual(['POST']); // it was sent, it just never answered
  });
});
