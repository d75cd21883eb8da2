import { startFakeApi } from './fake-api';

export interface CatalogApi {
  url: string;
  /** What the tests run against, for their log. */
  kind: 'LANXANG_API_URL' | 'fake';
  close(): Promise<void>;
}

/**
 * The API the browser tests talk to: a running Lanxang API when `LANXANG_API_URL` is set (e.g.
 * `npm start`'s on http://127.0.0.1:3001), else the contract-shaped fake. The tests derive what
 * they expect from the API's own answers, so they hold for either.
 */
export async function startCatalogApi(): Promise<CatalogApi> {
  const external = process.env.LANXANG_API_URL;
  if (external)
    return { url: external.replace(/\/$/, ''), kind: 'LANXANG_API_URL', close: async () => {} };
  const fake = await startFakeApi();
  return { url: fake.url, kind: 'fake', close: fake.close };
}
