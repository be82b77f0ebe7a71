import { Page } from 'playwright-core';
import { ADMIN } from '../../apps/support/provider-harness';

/** Signs in on the provider's login form (the page must be showing it). */
export async function fillProviderLogin(
  page: Page,
  username = 'alice',
  password = 'alice-password',
): Promise<void> {
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

export async function adminSignIn(page: Page, issuer: string): Promise<void> {
  await page.goto(`${issuer}/admin`);
  await page.fill('#admin-username', ADMIN.user);
  await page.fill('#admin-password', ADMIN.password);
  await Promise.all([
    page.waitForURL(`${issuer}/admin/clients`),
    page.click('button[type="submit"]'),
  ]);
}
