import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts: the Remix plugin must not run inside vitest.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    name: 'admin',
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL with the demo catalog for the real API, and the production build.
    globalSetup: ['../api/src/testing/global-setup.ts', 'test/support/build-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
