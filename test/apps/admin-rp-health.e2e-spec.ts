import { BackchannelLogoutAuditService } from 'nestjs-backchannel-logout';
import { CapturingRp } from '../provider/support/capturing-rp';
import { until } from '../support/wait';
import { AdminAgent } from './support/admin-agent';
import { RunningProvider, startProvider } from './support/provider-harness';

const CLIENT = 'sick-rp';

/** The health cell and actions of one client's row on the Clients page. */
function rowOf(page: string): string {
  return new RegExp(`<tr data-client="${CLIENT}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
}

/**
 * Issue #9 in the sample provider's admin: a failing RP shows as paused with its last error and since when;
 * the Resume button (CSRF-protected) releases its held delivery. The probe is off here, so only the admin
 * can resume it.
 */
describe('provider admin: RP health on the Clients page', () => {
  let op: RunningProvider;
  let answer = 503;
  const rp = new CapturingRp([() => ({ status: answer })]);
  const url = (path: string) => `${op.issuer}${path}`;

  beforeAll(async () => {
    await rp.start();
    op = await startProvider({ rpHealth: { degradeAfter: 1, pauseAfter: 2, probeIntervalMs: 0 } });
  });
  afterAll(async () => {
    await op?.close();
    await rp.stop();
  });

  it('shows a paused RP with its last error, refuses a forged resume, and resumes it from the button', async () => {
    const admin = new AdminAgent(op.issuer);
    await admin.signIn();
    await admin.submit('/admin/clients/new', '/admin/clients', {
      client_id: CLIENT,
      redirect_uris: 'http://127.0.0.1:9/cb',
      backchannel_logout_uri: rp.url('/bcl'),
    });
    await admin.submit('/admin/clients', `/admin/clients/${CLIENT}/test-logout`, {});
    const clientsPage = async () => rowOf(await (await admin.get(url('/admin/clients'))).text());
    await until(async () => (await clientsPage()).includes('data-health="paused"'), 20_000);

    const row = await clientsPage();
    expect(row).toMatch(/since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(row).toMatch(/data-last-error[\s\S]*(rp_temporarily_unavailable|rp_server_error)/);
    expect(row).toContain(`/admin/clients/${CLIENT}/resume`);
    const audit = op.app.get(BackchannelLogoutAuditService);
    const [held] = (await audit.list({ clientId: CLIENT })).items;
    expect(held.status).toBe('paused');

    const forged = await admin.post(url(`/admin/clients/${CLIENT}/resume`), { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await clientsPage()).toContain('data-health="paused"');

    answer = 200;
    const resumed = await admin.submit('/admin/clients', `/admin/clients/${CLIENT}/resume`, {});
    expect(resumed.status).toBe(303);
    const page = await (await admin.get(url('/admin/clients'))).text();
    expect(page).toContain(`${CLIENT} resumed; 1 held delivery queued again.`);
    expect(rowOf(page)).toContain('data-health="healthy"');
    expect(rowOf(page)).not.toContain(`/admin/clients/${CLIENT}/resume`);
    await until(async () => (await audit.get(held.id))?.status === 'delivered', 10_000);
  });
});
