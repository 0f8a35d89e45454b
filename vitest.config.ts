import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['logic/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
