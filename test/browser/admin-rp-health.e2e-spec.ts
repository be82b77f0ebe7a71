import { Page } from 'playwright-core';
import { RunningProvider, startProvider } from '../apps/support/provider-harness';
import { CapturingRp } from '../provider/support/capturing-rp';
import { until } from '../support/wait';
import { launchChromium, screenshotter, TestBrowser } from './support/chromium';
import { adminSignIn } from './support/pages';

const CLIENT = 'browser-sick-rp';

/**
 * Browser scenario (issue #9): an RP that keeps failing shows as paused on the Clients page with its last
 * error and since when; the admin resumes it with the Resume button and its held delivery goes out.
 */
describe('browser: admin sees a paused RP and resumes it', () => {
  let op: RunningProvider;
  let browser: TestBrowser;
  let page: Page;
  let answer = 503;
  const rp = new CapturingRp([() => ({ status: answer })]);
  const shot = screenshotter('4-rp-health');
  const row = () => page.locator(`tr[data-client="${CLIENT}"]`);

  beforeAll(async () => {
    await rp.start();
    // Probe off: only the admin resumes here.
    op = await startProvider({ rpHealth: { degradeAfter: 1, pauseAfter: 2, probeIntervalMs: 0 } });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await op?.close();
    await rp.stop();
  });

  it('shows the paused RP with its last error, and Resume delivers its held logout', async () => {
    await adminSignIn(page, op.issuer);
    await page.goto(`${op.issuer}/admin/clients/new`);
    await page.fill('#client_id', CLIENT);
    await page.fill('#redirect_uris', 'http://127.0.0.1:9/cb');
    await page.fill('#backchannel_logout_uri', rp.url('/bcl'));
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create client")')]);
    await page.goto(`${op.issuer}/admin/clients`);
    await Promise.all([
      page.waitForNavigation(),
      row().locator('button:has-text("Send test logout")').click(),
    ]);
    await until(async () => {
      await page.reload();
      return (await row().locator('[data-health]').getAttribute('data-health')) === 'paused';
    }, 20_000);
    const cell = row().locator('[data-health]');
    expect(await cell.textContent()).toMatch(/paused[\s\S]*since \d{4}-\d\d-\d\d/);
    expect(await cell.locator('[data-last-error]').textContent()).toMatch(/HTTP 503/);
    await shot(page, 'paused');

    answer = 200;
    await Promise.all([
      page.waitForNavigation(),
      row().locator('button:has-text("Resume")').click(),
    ]);
    expect(await page.textContent('#flash')).toContain(`${CLIENT} resumed; 1 held delivery`);
    expect(await row().locator('[data-health]').getAttribute('data-health')).toBe('healthy');
    expect(await row().locator('button:has-text("Resume")').count()).toBe(0);
    await shot(page, 'resumed');
    await until(() => rp.requests.length >= 3, 10_000);
    expect(rp.requests.at(-1)?.body).toMatch(/^logout_token=ey/);
  });
});
