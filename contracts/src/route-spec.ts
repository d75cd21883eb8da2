import type { z } from 'zod';

/**
 * Who may call a route. The API enforces it; the OpenAPI document states it.
 * - `public`: anyone; credentials are not even looked at (catalog reads stay shared-cacheable).
 * - `optional`: anyone; a signed-in caller is recognised.
 * - `viewerOrAnonymous`: a signed-in account or a TV's signed anonymous id (`X-Anonymous-Id`).
 * - `viewer`: any signed-in account. `admin`: a signed-in admin.
 */
export type Access = 'public' | 'optional' | 'viewerOrAnonymous' | 'viewer' | 'admin';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/movies/{idOrSlug}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success body; `null` for an empty 204. */
  response: z.ZodType | null;
  status?: number;
  /** Public, cacheable catalog data: the API adds a strong ETag and `Cache-Control`. */
  cacheable?: boolean;
  /** The OAuth endpoints take form-encoded bodies (RFC 6749) instead of JSON. */
  bodyType?: 'form';
  /** The failure body when it is not problem+json (the OAuth endpoints answer RFC 6749 §5.2 errors). */
  errorBody?: z.ZodType;
}

/**
 * Keeps a spec's literal types (method, schemas) so callers infer each route's input and output.
 * It lives apart from every area's routes so any of them can import it without a cycle.
 */
export const defineRoute = <const Spec extends RouteSpec>(spec: Spec): Spec => spec;
