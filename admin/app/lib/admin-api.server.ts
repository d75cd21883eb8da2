import { apiFor, type ApiClientOptions } from './api.server';

/**
 * The client for `/api/admin/*` calls. The browser's forwarded session cookie is the credential:
 * the API checks that it belongs to an admin, on every call.
 */
export function adminApiFor(request: Request, options: ApiClientOptions = {}) {
  return apiFor(request, options);
}

export type AdminApiClient = ReturnType<typeof adminApiFor>;
