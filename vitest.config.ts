import { defineConfig } from 'vitest/config';

// Tests sit beside the code (src/**/foo.test.ts). Suites that start servers or talk to
// PostgreSQL/Redis run in separate forks; the machine has 2 cores, so keep parallelism low.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'deploy/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'web/node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
