import { defineConfig } from 'vitest/config';

// Tiers are separate projects so each can run alone: `vitest --project unit`.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'medium', include: ['test/medium/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'fault', include: ['test/fault/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 120_000 } },
    ],
  },
});
