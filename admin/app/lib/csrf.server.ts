/**
 * Every admin action calls this before writing. Three layers keep a forged cross-site POST out:
 *
 * - The admin's cookies are `SameSite=Lax` (this app's own, and the API session cookie that
 *   accounts bring), so a form posted from another site arrives without them.
 * - Remix itself aborts an action whose `Origin` names another host (`throwIfPotentialCSRFAttack`),
 *   but lets a request with no `Origin` at all through.
 * - That gap matters while the interim `ADMIN_API_TOKEN` lives on this server: the server adds it
 *   to any request, cookie or not. So here the browser's `Origin` (sent with every POST by current
 *   browsers, and not settable by a page) is required and must name this very host;
 *   `Sec-Fetch-Site: same-origin` stands in when a privacy setting drops `Origin`.
 *
 * No per-form token on top: the OWASP "verify origin with standard headers" defence is complete
 * when the header is required, as here, rather than checked only when present.
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
  throw new Response(
    JSON.stringify({
      code: 'forbidden',
      detail: 'This form must be sent from the Lanxang admin itself.',
    }),
    { status: 403, headers: { 'content-type': 'application/json' } },
  );
}
