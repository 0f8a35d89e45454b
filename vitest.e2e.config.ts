import { defineConfig } from 'vitest/config'

/** Browser tests against the built course. The global setup builds what is stale (incremental). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 300_000,
    hookTimeout: 1_800_000,
    fileParallelism: false,
    pool: 'forks',
  },
})
