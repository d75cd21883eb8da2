import { data } from '@remix-run/node';

/**
 * Every admin action calls this before writing. Two layers keep a forged cross-site POST out:
 *
 * - The admin's cookies are `SameSite=Lax` (this app's own, and the API session cookie that
 *   accounts bring), so a form posted from another site arrives without them.
 * - That alone is not enough while the interim `ADMIN_API_TOKEN` lives on this server: the server
 *   would add it to any request, cookie or not. So the browser's `Origin` header (sent on every
 *   cross-origin and same-origin POST by current browsers, and not settable by a page) must name
 *   this very host; `Sec-Fetch-Site` is the fallback when a privacy setting drops `Origin`.
 *
 * No per-form token is needed on top: the OWASP "verify origin with standard headers" defence is
 * complete when the header is required, as here, rather than checked only when present.
 */
export function assertSameOrigin(request: Request): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (host && originHost === host) return;
  } else if (request.headers.get('sec-fetch-site') === 'same-origin') {
    return;
  }
  throw data(
    { code: 'forbidden', detail: 'This form must be sent from the Lanxang admin itself.' },
    { status: 403 },
  );
}
