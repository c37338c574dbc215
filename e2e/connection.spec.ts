/**
 * The backend going away and coming back with the tab open: the page says so instead of failing silently, and
 * an address already used (or from an earlier start) opens a page that says how to get a fresh one. Browser host only (the
 * desktop app's backend lives and dies with its window).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { startHost } from './support/host';

test('backend restart with the tab open: a banner while it is away, a fresh-link banner and page after', async ({ hostKind, browser }) => {
  test.skip(hostKind !== 'browser', 'the browser host is what can restart under an open tab');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nwb-e2e-'));
  const first = await startHost(dataDir);
  let second: Awaited<ReturnType<typeof startHost>> | null = null;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(first.url);
    await expect(page.getByTestId('nav-runs')).toBeVisible();
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toHaveCount(0);

    await first.stop();
    await expect(banner).toContainText('Cannot reach the workbench server');
    // Moving to a screen while the server is away keeps the banner up rather than doing nothing.
    await page.getByTestId('nav-compare').click();
    await expect(banner).toContainText('reconnects by itself');

    // The same port, a new launch token: the tab's credential is refused, and it says what to do.
    second = await startHost(dataDir, Number(new URL(first.origin).port));
    await expect(banner).toContainText('no longer valid', { timeout: 30_000 });

    await page.goto(first.url);
    await expect(page.locator('h1')).toHaveText('This link has already been used');
    await expect(page.locator('body')).not.toContainText('UNAUTHORIZED');

    await page.goto(second.url);
    await expect(page.getByTestId('nav-runs')).toBeVisible();
    await expect(banner).toHaveCount(0);
  } finally {
    await context.close();
    await first.stop();
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
