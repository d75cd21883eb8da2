import { createTestApp, signIn } from '@lanxang/api/testing';
import { inject } from 'vitest';

export interface CatalogApi {
  url: string;
  /** A real account in this API's database, for signing in through the pages. */
  createAccount(role: 'viewer' | 'admin'): Promise<{ email: string; password: string }>;
  /** `Authorization` for reading the admin API directly: an admin session made once per API. */
  adminAuthorization(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API over a fresh PostgreSQL database holding the demo catalog (cloned from the
 * template the API's global setup seeds through the real ffmpeg pipeline).
 */
export async function startCatalogApi(): Promise<CatalogApi> {
  const app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  let adminSession: Promise<string> | undefined;
  return {
    url: app.url,
    async createAccount(role) {
      const { user, password } = await signIn(app, { role });
      return { email: user.email, password };
    },
    adminAuthorization() {
      adminSession ??= signIn(app, { role: 'admin' }).then((admin) => admin.headers.authorization);
      return adminSession;
    },
    close: () => app.close(),
  };
}
