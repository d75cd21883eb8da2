import { createTestApp } from '@lanxang/api/testing';
import { inject } from 'vitest';

declare module 'vitest' {
  /** Provided by the API's global setup (`../api/src/testing/global-setup.ts`). */
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export interface CatalogApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The real API over a fresh PostgreSQL database holding the demo catalog (cloned from the
 * template the API's global setup seeds through the real ffmpeg pipeline).
 */
export async function startCatalogApi(): Promise<CatalogApi> {
  const app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  return { url: app.url, close: () => app.close() };
}
