import { Page } from 'playwright-core';
import { freePort } from '../support/services';
import { until } from '../support/wait';
import { CookieAgent } from '../apps/support/cookie-agent';
import { RunningProvider, startProvider } from '../apps/support/provider-harness';
import { planReceiver, RunningReceiver, startReceiver } from '../apps/support/receiver-harness';
import { loginAtReceiver } from '../apps/support/rp-login';
import { launchChromium, screenshotter, TestBrowser } from './support/chromium';
import { adminSignIn } from './support/pages';

/**
 * Browser: the admin sees the session lifetimes, resets a user's password and deletes a user; each ends
 * the user's sessions, and the real receiver is told (its session is gone).
 */
describe('browser: admin session lifetimes, password reset and user deletion', () => {
  let op: RunningProvider;
  let rp: RunningReceiver;
  let browser: TestBrowser;
  let page: Page;
  const shot = screenshotter('admin-session-lifecycle');

  beforeAll(async () => {
    const plan = planReceiver(await freePort(), 'receiver-lifecycle');
    op = await startProvider({
      clients: [plan.client],
      sessionLifetime: { idleSeconds: 900, absoluteSeconds: 28800, checkIntervalMs: 60_000 },
    });
    rp = await startReceiver(plan, op.issuer);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await adminSignIn(page, op.issuer);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await op?.close();
  });

  const signedInAtRp = async (agent: CookieAgent) =>
    (await agent.get(`${rp.url}/me`)).status === 200;

  it('shows the idle and absolute lifetimes and when each session expires', async () => {
    const bob = new CookieAgent();
    await loginAtReceiver(bob, rp.url, { username: 'bob', password: 'bob-password' });
    await page.goto(`${op.issuer}/admin/sessions`);
    expect(await page.textContent('#session-lifetimes')).toMatch(
      /Idle timeout:\s*15 min\s*· Absolute lifetime:\s*8 h/,
    );
    const row = page.locator('#sessions tr[data-user="bob"]');
    expect(await row.locator('td.expires').textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    await shot(page, 'sessions');
  });

  it('resets a password: the sessions end and the receiver is told', async () => {
    const bob = new CookieAgent();
    await loginAtReceiver(bob, rp.url, { username: 'bob', password: 'bob-password' });
    await page.goto(`${op.issuer}/admin/users`);
    const row = page.locator('#users tr[data-user="bob"]');
    await row.locator('input[name="password"]').fill('bob-new-password-123');
    await Promise.all([
      page.waitForNavigation(),
      row.locator('button:has-text("Reset password")').click(),
    ]);
    expect(await page.textContent('main')).toMatch(/Password of bob reset; 2 session\(s\) ended/);
    await until(async () => !(await signedInAtRp(bob)));
    await shot(page, 'password-reset');
  });

  it('deletes a user: the sessions end, the receiver is told, the user is gone', async () => {
    const bob = new CookieAgent();
    await loginAtReceiver(bob, rp.url, { username: 'bob', password: 'bob-new-password-123' });
    await page.goto(`${op.issuer}/admin/users`);
    await Promise.all([
      page.waitForNavigation(),
      page.locator('#users tr[data-user="bob"] button:has-text("Delete")').click(),
    ]);
    expect(await page.textContent('main')).toMatch(/bob deleted; 1 session\(s\) ended/);
    expect(await page.locator('#users tr[data-user="bob"]').count()).toBe(0);
    await until(async () => !(await signedInAtRp(bob)));
    await shot(page, 'user-deleted');
  });
});
