import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys of the no-code workflow against real hosts (engine processes, SQLite file), in
 * Chromium through the browser host and, where an Electron binary exists, in the built Electron app.
 * Two workers at most: the engines are processes too and CI has two cores.
 */
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// Kept free of e2e imports: this file is type-checked with the Node config too (no DOM).
export default defineConfig<object, { hostKind: 'browser' | 'electron' }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  use: {
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'browser',
      use: {
        hostKind: 'browser',
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    { name: 'electron', use: { hostKind: 'electron' } },
  ],
});
