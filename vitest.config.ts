import { defineConfig } from 'vitest/config';

// Every package's tests in one run; each package's own vitest.config.ts says how. Projects run
// one after another (groupOrder): the API's database tests, then the browser tests, never
// fighting each other for a small machine's cores.
const packages = ['contracts', 'api', 'admin', 'tv-app'];

export default defineConfig({
  test: {
    projects: packages.map((name, index) => ({
      extends: `./${name}/vitest.config.ts`,
      root: `./${name}`,
      test: { sequence: { groupOrder: index } },
    })),
  },
});
