import { routes } from '@lanxang/contracts';
import { clearSessionCookie, setSessionCookie } from '../../http/auth.js';
import { signedIn } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { toDeviceDto, toUserBody } from './accounts.presenters.js';

/** Sign-up and sign-in, the anonymous viewer, and the devices paired to an account. */
export function accountRoutes(http: RouteMount, services: Services): void {
  const { db, config } = services;
  const { sessions, accounts, pairing, anonymousViewers } = services.accounts;

  const startWebSession = async (
    ctx: Parameters<typeof setSessionCookie>[0],
    user: Parameters<typeof sessions.createWeb>[1],
  ) => {
    const { token, session } = await sessions.createWeb(db.em, user, ctx.get('User-Agent') || null);
    setSessionCookie(ctx, config, token, session.expiresAt, session.createdAt);
    ctx.set('Cache-Control', 'no-store');
    return { user: toUserBody(user), expiresAt: session.expiresAt.toISOString() };
  };

  mount(http, routes.register, async ({ body, ctx }) =>
    startWebSession(ctx, await accounts.register(db.em, body, ctx.ip)),
  );
  mount(http, routes.login, async ({ body, ctx }) =>
    startWebSession(ctx, await accounts.login(db.em, body, ctx.ip)),
  );

  mount(http, routes.logout, async ({ ctx }) => {
    const { caller } = ctx.state;
    if (caller.kind === 'viewer' || caller.kind === 'admin') {
      await sessions.revokeById(db.em, caller.sessionId);
    }
    clearSessionCookie(ctx, config);
  });

  mount(http, routes.me, async ({ ctx }) => {
    // The web pages ask this on every page load: answering with the cookie and the session's
    // current expiry carries a renewal made by any other request (they run in parallel) to the browser.
    const cookie = ctx.state.sessionCookie;
    if (cookie && !ctx.response.get('Set-Cookie')) {
      setSessionCookie(ctx, config, cookie.token, cookie.expiresAt, cookie.now);
    }
    return toUserBody(await accounts.user(db.em, signedIn(ctx).userId));
  });
  mount(http, routes.updateMe, async ({ body, ctx }) =>
    toUserBody(await accounts.updateProfile(db.em, signedIn(ctx).userId, body)),
  );
  mount(http, routes.changePassword, async ({ body, ctx }) => {
    const caller = signedIn(ctx);
    await accounts.changePassword(db.em, caller.userId, caller.sessionId, body);
  });

  mount(http, routes.createAnonymousId, ({ body }) => {
    const issued = anonymousViewers.renew(body.anonymousId);
    return { anonymousId: issued.anonymousId, expiresAt: issued.expiresAt.toISOString() };
  });

  mount(http, routes.viewer, async ({ ctx }) => {
    const { caller } = ctx.state;
    if (caller.kind === 'anonymousViewer')
      return { kind: 'anonymous' as const, viewerId: caller.anonymousViewerId };
    return {
      kind: 'user' as const,
      user: toUserBody(await accounts.user(db.em, signedIn(ctx).userId)),
    };
  });

  mount(http, routes.migrateAnonymous, async ({ body, ctx }) => ({
    migrated: await anonymousViewers.migrate(db.em, body.anonymousId, signedIn(ctx).userId),
  }));

  mount(http, routes.lookupDevice, ({ body, ctx }) =>
    pairing.lookup(db.em, signedIn(ctx), body.userCode, ctx.ip),
  );
  mount(http, routes.approveDevice, ({ body, ctx }) =>
    pairing.approve(db.em, signedIn(ctx), body.userCode, ctx.ip),
  );
  mount(http, routes.denyDevice, ({ body, ctx }) =>
    pairing.deny(db.em, signedIn(ctx), body.userCode, ctx.ip),
  );

  mount(http, routes.listDevices, async ({ ctx }) => {
    const caller = signedIn(ctx);
    const devices = await sessions.listDevices(db.em, caller.userId);
    return { items: devices.map((device) => toDeviceDto(device, caller.sessionId)) };
  });

  mount(http, routes.revokeDevice, ({ params, ctx }) =>
    sessions.revokeDevice(db.em, signedIn(ctx).userId, params.id),
  );
}
