import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tv-app',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    // One browser drives one app: running files in parallel would only fight over 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
