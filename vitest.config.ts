import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Every package's tests in one run; each package's own vitest.config.ts says how.
export default defineConfig({
  test: {
    projects: ['contracts', 'api', 'admin', 'tv-app']
      .map((name) => `./${name}/vitest.config.ts`)
      .filter((config) => existsSync(config)),
  },
});
