import 'vitest';

// What `@lanxang/api/testing/global-setup` (a globalSetup in vitest.config.ts) provides.
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
