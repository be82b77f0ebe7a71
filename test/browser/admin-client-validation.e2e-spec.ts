import { Page } from 'playwright-core';
import { BrowserApps, startBrowserApps } from './support/browser-apps';
import { launchChromium, screenshotter, TestBrowser } from './support/chromium';
import { adminSignIn } from './support/pages';

/** Browser scenario 1: invalid back-channel logout URIs are refused next to the field; a valid one is saved. */
describe('browser: admin registers a backchannel_logout_uri', () => {
  let apps: BrowserApps;
  let browser: TestBrowser;
  let page: Page;
  const shot = screenshotter('1-admin-client');

  beforeAll(async () => {
    apps = await startBrowserApps();
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await apps?.close();
  });

  const uriError = () => page.locator('#backchannel_logout_uri-error');

  it('signs in and opens the new-client form', async () => {
    await adminSignIn(page, apps.op.issuer);
    await shot(page, 'clients');
    await page.click('text=New client');
    await page.fill('#client_id', 'browser-rp');
    await page.fill('#redirect_uris', 'https://rp.example.com/callback');
    await shot(page, 'new-client-form');
  });

  it.each([
    [
      'fragment',
      'https://rp.example.com/backchannel-logout#section',
      'must not contain a fragment',
    ],
    ['relative', '/backchannel-logout', 'must be an absolute URI'],
    ['ftp', 'ftp://rp.example.com/backchannel-logout', 'must use https'],
  ])('refuses a %s URI with an error next to the field', async (name, uri, message) => {
    await page.fill('#backchannel_logout_uri', uri);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create client")')]);
    expect(await uriError().textContent()).toContain(message);
    // The error sits in the field's own block, and the field keeps what was typed.
    expect(await page.locator('.field.invalid #backchannel_logout_uri').inputValue()).toBe(uri);
    expect(await page.textContent('main')).toContain('Nothing was saved');
    await shot(page, `invalid-${name}`);
  });

  it('saves a valid URI and shows it', async () => {
    await page.fill(
      '#backchannel_logout_uri',
      'https://localhost:8443/backchannel-logout?tenant=7',
    );
    await page.check('#backchannel_logout_session_required');
    await Promise.all([
      page.waitForURL(/\/admin\/clients\/browser-rp$/),
      page.click('button:has-text("Create client")'),
    ]);
    expect(await page.textContent('#flash')).toContain('Client browser-rp created');
    expect(await page.inputValue('#backchannel_logout_uri')).toBe(
      'https://localhost:8443/backchannel-logout?tenant=7',
    );
    expect(await page.isChecked('#backchannel_logout_session_required')).toBe(true);
    expect(await uriError().count()).toBe(0);
    await shot(page, 'saved');
    await page.goto(`${apps.op.issuer}/admin/clients`);
    expect(await page.textContent('tr[data-client="browser-rp"]')).toContain(
      'https://localhost:8443/backchannel-logout?tenant=7',
    );
    await shot(page, 'clients-after');
  });
});
