/**
 * Stands in for this site's origin when resolving a target. Any fixed origin works: only whether
 * the target stays on it matters, and the request's own Host header is not to be trusted for that.
 */
const OUR_ORIGIN = 'http://admin.invalid';

/**
 * A path on this site to send the browser to; anything else becomes `fallback`. The target is
 * parsed the way a browser would (tabs and newlines dropped, `\` read as `/`), so what passes is
 * what the browser will follow, and it is handed back in that parsed form.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(to, OUR_ORIGIN);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` resolves on our origin to the path `//evil`, which a browser reads as another host.
  if (url.origin !== OUR_ORIGIN || path.startsWith('//')) return fallback;
  return path;
}
