import { apiFor, type ApiClientOptions } from './api.server';
import { env } from './env.server';

/**
 * The client for `/api/admin/*` calls. Today it adds the interim admin bearer token
 * (`ADMIN_API_TOKEN`) that the API checks; once admin sessions land (issue 4), the forwarded
 * session cookie is the credential and this becomes plain `apiFor(request)`.
 */
export function adminApiFor(request: Request, options: ApiClientOptions = {}) {
  const token = env.ADMIN_API_TOKEN;
  const baseFetch = options.fetch ?? fetch;
  const fetchWithToken: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return baseFetch(input, { ...init, headers });
  };
  return apiFor(request, { ...options, fetch: token ? fetchWithToken : baseFetch });
}

export type AdminApiClient = ReturnType<typeof adminApiFor>;
