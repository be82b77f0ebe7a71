import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium (scripts/test.js installs it); `npx playwright install` cannot run here. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = path.resolve(__dirname, '../../../artifacts/screenshots');

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile (its own --user-data-dir), closed and deleted by `close()`. */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'bcl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves `artifacts/screenshots/<scenario>-<nn>-<step>.png`. */
export function screenshotter(scenario: string): (page: Page, step: string) => Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n++;
    const file = `${scenario}-${String(n).padStart(2, '0')}-${step}.png`;
    await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true });
  };
}
