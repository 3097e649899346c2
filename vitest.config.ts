import { defineConfig } from 'vitest/config';

// Three projects, from fastest to slowest:
// - unit: pure code, no processes, no services (`npm run test:unit`);
// - integration: real processes on this machine (runtime, sidecar, gateway on PGlite,
//   the embedded transport) and, where a test names it, services from `test/infra/up`;
// - e2e: whole pipelines through the `asya` CLI.
const common = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...common, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: common,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: common,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
