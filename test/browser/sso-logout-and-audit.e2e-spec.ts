import { Page } from 'playwright-core';
import { BrowserApps, startBrowserApps } from './support/browser-apps';
import { launchChromium, screenshotter, TestBrowser } from './support/chromium';
import { adminSignIn, fillProviderLogin } from './support/pages';

/** What the tests read in the page (no DOM typings in this project). */
type PageGlobals = {
  notReloaded?: boolean;
  document: { body: { dataset: Record<string, string> } };
};

/**
 * Browser scenarios 2 and 3: single sign-on at two receivers, logout at A, B's open page notices the
 * back-channel logout by itself; then the admin sees both deliveries and sends a test logout.
 */
describe('browser: back-channel logout reaches the other receiver, and the admin sees it', () => {
  let apps: BrowserApps;
  let browser: TestBrowser;
  let pageA: Page;
  let pageB: Page;
  let sid: string;
  const shot = screenshotter('2-sso-logout');
  const adminShot = screenshotter('3-admin-audit');

  beforeAll(async () => {
    apps = await startBrowserApps();
    browser = await launchChromium();
    pageA = await browser.context.newPage();
    pageB = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  it('logs in at receiver A through the provider login form', async () => {
    await pageA.goto(apps.a.url);
    await shot(pageA, 'a-anonymous');
    await Promise.all([pageA.waitForURL(/\/login\?/), pageA.click('#login-link')]);
    await shot(pageA, 'provider-login');
    await fillProviderLogin(pageA);
    await pageA.waitForURL(`${apps.a.url}/`);
    expect(await pageA.textContent('h1')).toContain('Signed in to receiver-a');
    sid = (await pageA.textContent('#sid'))!;
    await shot(pageA, 'a-signed-in');
  });

  it('is signed in at receiver B by single sign-on (no login form)', async () => {
    await pageB.goto(apps.b.url);
    const navigations: string[] = [];
    pageB.on('framenavigated', (frame) => navigations.push(frame.url()));
    await Promise.all([pageB.waitForURL(`${apps.b.url}/`), pageB.click('#login-link')]);
    expect(navigations.some((u) => u.includes('/login?'))).toBe(false);
    expect(await pageB.textContent('#sid')).toBe(sid);
    expect(await pageB.textContent('#session-status')).toContain('Session active');
    await shot(pageB, 'b-signed-in-by-sso');
  });

  it('logs out at A; B\'s open page says "logged out" within a second, without a reload, and B\'s /me is 401', async () => {
    await pageB.evaluate(() => {
      (globalThis as unknown as PageGlobals).notReloaded = true;
    });
    await Promise.all([
      pageA.waitForURL(`${apps.a.url}/?signed_out=1`),
      pageA.click('#logout-link'),
    ]);
    expect(await pageA.textContent('main')).toContain('You signed out');
    await shot(pageA, 'a-signed-out');

    // The provider redirected A only after delivering to both RPs, so B's session is already gone.
    // A function predicate (not a string): the receiver's CSP forbids eval, which string predicates need.
    await pageB.waitForFunction(
      () => (globalThis as unknown as PageGlobals).document.body.dataset.session === 'logged-out',
      null,
      { timeout: 1000, polling: 50 },
    );
    expect(await pageB.textContent('#session-status')).toMatch(/logged out/);
    expect(await pageB.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded)).toBe(
      true,
    );
    expect(await pageB.evaluate(() => fetch('/me').then((r) => r.status))).toBe(401);
    await shot(pageB, 'b-logged-out-without-reload');
  });

  it('shows both deliveries as delivered in the admin log, and "send test logout" succeeds', async () => {
    const admin = await browser.context.newPage();
    await adminSignIn(admin, apps.op.issuer);
    await admin.goto(`${apps.op.issuer}/admin/deliveries`);
    const rows = admin.locator('#deliveries tbody tr[data-status="delivered"]');
    expect(await rows.count()).toBe(2);
    expect(
      (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-client')))).sort(),
    ).toEqual(['receiver-a', 'receiver-b']);
    expect(await admin.textContent('#deliveries')).toContain(sid.slice(0, 10));
    await adminShot(admin, 'deliveries');

    await admin.selectOption('#filter-client', 'receiver-b');
    await Promise.all([admin.waitForNavigation(), admin.click('button:has-text("Filter")')]);
    expect(await admin.locator('#deliveries tbody tr[data-client]').count()).toBe(1);
    await adminShot(admin, 'deliveries-filtered');

    await admin.goto(`${apps.op.issuer}/admin/clients`);
    await Promise.all([
      admin.waitForURL(`${apps.op.issuer}/admin/clients`),
      admin.click('tr[data-client="receiver-b"] button:has-text("Send test logout")'),
    ]);
    expect(await admin.textContent('#flash')).toContain(
      'Test logout to receiver-b delivered: the RP answered HTTP 200',
    );
    await adminShot(admin, 'test-logout-success');
  });
});
