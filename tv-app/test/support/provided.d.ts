import 'vitest';

// What `../api/src/testing/global-setup.ts` (a globalSetup in vitest.config.ts) provides.
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
