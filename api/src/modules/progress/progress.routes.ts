import { routes } from '@lanxang/contracts';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { ownerOf } from '../accounts/owner.js';

/** A viewer's own watch progress; every route reads and writes as the caller's owner only. */
export function progressRoutes(http: RouteMount, { progress }: Services): void {
  mount(http, routes.putWatchProgress, ({ params, body, ctx }) =>
    progress.save(ownerOf(ctx.state.caller), params.movieId, body),
  );
  mount(http, routes.listWatchProgress, async ({ query, ctx }) => ({
    items: await progress.continueWatching(ownerOf(ctx.state.caller), query.locale),
  }));
  mount(http, routes.getWatchProgress, ({ params, ctx }) =>
    progress.get(ownerOf(ctx.state.caller), params.movieId),
  );
  mount(http, routes.deleteWatchProgress, ({ params, ctx }) =>
    progress.dismiss(ownerOf(ctx.state.caller), params.movieId),
  );
}
