import { DEVICE_CODE_GRANT, routes } from '@lanxang/contracts';
import { ANONYMOUS_ID_HEADER } from '../../http/credentials.js';
import type { AppContext } from '../../http/context.js';
import { OAuthError } from '../../http/errors.js';
import type { RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';

/**
 * The RFC 8628 endpoints. Not mounted through `mount`: they take form bodies and fail with
 * RFC 6749 §5.2 errors (`OAuthError`), which is what OAuth client libraries expect.
 */
export function oauthRoutes({ router }: RouteMount, { db, accounts }: Services): void {
  const { pairing, sessions } = accounts;
  router.post(routes.deviceAuthorization.path, async (ctx) => {
    const form = formOf(ctx);
    ctx.body = await pairing.start(db.em, {
      clientId: form.client_id,
      anonymousId: ctx.get(ANONYMOUS_ID_HEADER) || undefined,
      userAgent: ctx.get('User-Agent') || undefined,
      ip: ctx.ip,
    });
    ctx.set('Cache-Control', 'no-store');
  });

  router.post(routes.token.path, async (ctx) => {
    const form = formOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    if (!form.grant_type) throw new OAuthError('invalid_request', 'grant_type is required.');
    if (form.grant_type === DEVICE_CODE_GRANT) {
      if (!form.device_code) throw new OAuthError('invalid_request', 'device_code is required.');
      ctx.body = tokenBody(await pairing.poll(db.em, form.device_code, form.client_id));
      return;
    }
    if (form.grant_type === 'refresh_token') {
      if (!form.refresh_token)
        throw new OAuthError('invalid_request', 'refresh_token is required.');
      const tokens = await sessions.refresh(db.em, form.refresh_token, form.client_id);
      if (!tokens)
        throw new OAuthError(
          'invalid_grant',
          'The refresh token is invalid, expired, revoked or already used.',
        );
      ctx.body = tokenBody(tokens);
      return;
    }
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type ${form.grant_type} is not supported here.`,
    );
  });
}

const tokenBody = (tokens: {
  accessToken: string;
  refreshToken: string;
  accessExpiresInSeconds: number;
}) => ({
  access_token: tokens.accessToken,
  token_type: 'Bearer' as const,
  expires_in: tokens.accessExpiresInSeconds,
  refresh_token: tokens.refreshToken,
});

/** RFC 6749 §3.2: form-encoded, each parameter at most once. */
function formOf(ctx: AppContext): Record<string, string | undefined> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new OAuthError(
      'invalid_request',
      'Send the parameters as application/x-www-form-urlencoded.',
    );
  }
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const form: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string')
      throw new OAuthError('invalid_request', `${name} was sent more than once.`);
    form[name] = value;
  }
  return form;
}
