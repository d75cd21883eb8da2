import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts: the Remix plugin must not run inside vitest.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    name: 'admin',
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL with the demo catalog for the real API, and the production build.
    globalSetup: ['@lanxang/api/testing/global-setup', '@lanxang/testing/admin-build'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
