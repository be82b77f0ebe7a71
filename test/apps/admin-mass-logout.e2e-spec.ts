import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { BACKCHANNEL_LOGOUT_DEFAULT_QUEUE } from 'nestjs-backchannel-logout';
import { DataSource } from 'typeorm';
import { CountingRp } from '../reliability/support/counting-rp';
import { seedSessions } from '../provider/support/mass-logout-seed';
import { until } from '../support/wait';
import { AdminAgent } from './support/admin-agent';
import { RunningProvider, startProvider } from './support/provider-harness';

const SESSIONS = 150;

/** The row of run `id` on the mass logout page (one `<tr>`), or undefined. */
function runRow(page: string, id: string): string | undefined {
  return new RegExp(`<tr data-run="${id}"[\\s\\S]*?</tr>`).exec(page)?.[0];
}

const cell = (row: string, name: string): string | undefined =>
  new RegExp(`class="${name}">([^<]*)<`).exec(row)?.[1].trim();

describe('provider admin: mass logout page', () => {
  const compromised = new CountingRp(() => 200);
  const bystander = new CountingRp(() => 200);
  let op: RunningProvider;
  const url = (path: string) => `${op.issuer}${path}`;

  beforeAll(async () => {
    await compromised.start();
    await bystander.start();
    op = await startProvider({
      clients: [
        {
          client_id: 'compromised-rp',
          client_secret: 'compromised-secret-0123456789',
          redirect_uris: ['http://127.0.0.1:9/cb'],
          backchannel_logout_uri: compromised.url('/bcl'),
        },
        {
          client_id: 'bystander-rp',
          client_secret: 'bystander-secret-0123456789',
          redirect_uris: ['http://127.0.0.1:9/cb'],
          backchannel_logout_uri: bystander.url('/bcl'),
        },
      ],
    });
    // Every third session also has the bystander: it is notified of those (they end), not of the others.
    await seedSessions(
      op.app.get(DataSource),
      Array.from({ length: SESSIONS }, (_, i) => ({
        sid: `mass-${i}`,
        sub: `mass-user-${i}`,
        clientIds: i % 3 === 0 ? ['compromised-rp', 'bystander-rp'] : ['compromised-rp'],
      })),
    );
    await seedSessions(op.app.get(DataSource), [
      { sid: 'untouched', sub: 'other-user', clientIds: ['bystander-rp'] },
    ]);
  }, 60_000);

  afterAll(async () => {
    await op?.close();
    await compromised.stop();
    await bystander.stop();
  });

  it('requires sign-in', async () => {
    const res = await new AdminAgent(op.issuer).get(url('/admin/mass-logout'));
    expect([res.status, res.headers.get('location')]).toEqual([303, '/admin/login']);
  });

  it('refuses a start without confirmation, without CSRF token, or for an unknown client', async () => {
    const admin = new AdminAgent(op.issuer);
    await admin.signIn();
    const unconfirmed = await admin.submit('/admin/mass-logout', '/admin/mass-logout', {
      scope: 'client',
      client_id: 'compromised-rp',
    });
    expect(unconfirmed.status).toBe(400);
    const forged = await admin.post(url('/admin/mass-logout'), {
      _csrf: 'forged',
      scope: 'all',
      confirmed: 'yes',
    });
    expect(forged.status).toBe(403);
    const unknown = await admin.get(url('/admin/mass-logout/confirm?scope=client&client_id=nope'));
    expect(unknown.status).toBe(400);
    const page = await (await admin.get(url('/admin/mass-logout'))).text();
    expect(page).toContain('No mass logout yet.');
  });

  it('starts "every session of client X" after the confirmation step and shows the run complete', async () => {
    const admin = new AdminAgent(op.issuer);
    await admin.signIn();
    const picker = await (await admin.get(url('/admin/mass-logout'))).text();
    expect(picker).toContain('<option value="compromised-rp">');
    const confirmPath = '/admin/mass-logout/confirm?scope=client&client_id=compromised-rp';
    const confirm = await (await admin.get(url(confirmPath))).text();
    expect(confirm).toContain('id="confirm-mass-logout"');
    expect(confirm).toContain('<code>compromised-rp</code>');

    // The worker holds back until the page has been seen with the run still in progress.
    const queue = op.app.get<Queue>(getQueueToken(BACKCHANNEL_LOGOUT_DEFAULT_QUEUE));
    await queue.pause(true);
    let id: string | undefined;
    try {
      const started = await admin.submit(confirmPath, '/admin/mass-logout', {
        scope: 'client',
        client_id: 'compromised-rp',
        confirmed: 'yes',
      });
      expect([started.status, started.headers.get('location')]).toEqual([
        303,
        '/admin/mass-logout',
      ]);
      const running = await (await admin.get(url('/admin/mass-logout'))).text();
      id = /Mass logout (\S+) started/.exec(running)?.[1];
      expect(id).toBeDefined();
      expect(runRow(running, id!)).toContain('data-status="running"');
      expect(running).toContain('<meta http-equiv="refresh" content="2"');
    } finally {
      await queue.resume(true);
    }

    let page = '';
    await until(
      async () => {
        page = await (await admin.get(url('/admin/mass-logout'))).text();
        return runRow(page, id!)?.includes('data-status="done"') ?? false;
      },
      60_000,
      200,
    );
    const row = runRow(page, id!)!;
    expect(cell(row, 'sessions-ended')).toBe(String(SESSIONS));
    expect(cell(row, 'sessions-seen')).toBe(String(SESSIONS));
    const bystanderShare = Math.ceil(SESSIONS / 3);
    expect(cell(row, 'deliveries')).toBe(String(SESSIONS + bystanderShare));
    expect(row).toMatch(new RegExp(`<progress\\s+value="${SESSIONS}"\\s+max="${SESSIONS}"`));
    expect(cell(row, 'rate')).toMatch(/^[\d.]+ sessions\/s · [\d.]+ deliveries\/s$/);
    expect(page).not.toContain('http-equiv="refresh"');

    // Every session of the compromised client ended and each of its RPs was told; the other session lives.
    await compromised.waitForDistinct(SESSIONS, 30_000);
    await bystander.waitForDistinct(bystanderShare, 30_000);
    expect(compromised.receipts.map((r) => r.sid).sort()).toEqual(
      Array.from({ length: SESSIONS }, (_, i) => `mass-${i}`).sort(),
    );
    expect(bystander.receipts.some((r) => r.sid === 'untouched')).toBe(false);
  }, 120_000);

  it('starts "every session of every user" after its confirmation step: the last session ends too', async () => {
    const admin = new AdminAgent(op.issuer);
    await admin.signIn();
    const confirmPath = '/admin/mass-logout/confirm?scope=all';
    expect(await (await admin.get(url(confirmPath))).text()).toContain(
      'every session of every user',
    );
    const started = await admin.submit(confirmPath, '/admin/mass-logout', {
      scope: 'all',
      confirmed: 'yes',
    });
    expect(started.status).toBe(303);
    const id = /Mass logout (\S+) started/.exec(
      await (await admin.get(url('/admin/mass-logout'))).text(),
    )?.[1];
    expect(id).toBeDefined();
    let row = '';
    await until(
      async () => {
        const page = await (await admin.get(url('/admin/mass-logout'))).text();
        row = runRow(page, id!) ?? '';
        return row.includes('data-status="done"');
      },
      60_000,
      200,
    );
    expect([cell(row, 'sessions-ended'), cell(row, 'deliveries')]).toEqual(['1', '1']);
    await until(() => bystander.receipts.some((r) => r.sub === 'other-user'), 30_000);
  }, 120_000);
});
