import { ANALYTICS_BATCH_MAX, routes } from '@lanxang/contracts';
import { HttpError } from '../../http/errors.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { analyticsBatchBody } from './analytics-input.js';

/** Playback events from TVs, and the admin's figures. */
export function analyticsRoutes(http: RouteMount, { analytics }: Services): void {
  // A batch too long is refused as too large (413), before it is validated event by event.
  http.router.post(routes.postAnalyticsEvents.path, (ctx, next) => {
    const events: unknown = (ctx.request.body as { events?: unknown } | undefined)?.events;
    if (Array.isArray(events) && events.length > ANALYTICS_BATCH_MAX)
      throw new HttpError(
        413,
        'too_many_events',
        `A batch carries at most ${ANALYTICS_BATCH_MAX} events; this one has ${events.length}.`,
      );
    return next();
  });
  mount(http, { ...routes.postAnalyticsEvents, body: analyticsBatchBody }, async ({ body }) => ({
    accepted: await analytics.service.ingest(body),
  }));
  mount(http, routes.adminAnalytics, ({ query }) => analytics.service.read(query));
}
