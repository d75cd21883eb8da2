import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tv-app',
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL with the demo catalog (seeded through the real ffmpeg pipeline) for the
    // real API, and the production build; the web app's build for /activate in the sign-in test.
    globalSetup: [
      '@lanxang/api/testing/global-setup',
      'test/support/build-once.ts',
      '@lanxang/testing/admin-build',
    ],
    // One browser drives one app: running files in parallel would only fight over 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
