import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser journeys: one server (started once in support/global-setup.ts) and one Chromium per file,
// files run one after another in a single forked worker. Timeouts are long because the server loads
// the regions and the demo county on start and Chromium is slow to start on 2 cores.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    globalSetup: ['./support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    retry: 0,
    // expect.poll waits as long as a Playwright action does: a page that shows a saved change after its refetch
    // may take more than the default second when the server, Chromium and the tests share two cores.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
