import { defineConfig } from 'vitest/config';

// Tiers are separate projects so each runs alone: `vitest run --project unit`.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'medium', include: ['test/medium/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'fault', include: ['test/fault/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 120_000, fileParallelism: false } },
      // QEMU guest with emulated USB cameras (docs/hardware-lab.md); prepares its lab once, skips with the reason when it cannot.
      { test: { name: 'hardware', include: ['test/hardware/**/*.hw.test.ts'], environment: 'node', globalSetup: ['test/hardware/support/global-setup.ts'], testTimeout: 240_000, hookTimeout: 240_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.e2e.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
