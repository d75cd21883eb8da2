import {
  AdminAnalyticsQuerySchema,
  AdminAnalyticsSchema,
  AnalyticsAcceptedSchema,
  AnalyticsBatchSchema,
} from './analytics.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** Playback analytics: the TV's event batches in, the admin's figures out. */
export const analyticsRouteSpecs = {
  postAnalyticsEvents: defineRoute({
    method: 'post',
    path: '/api/analytics/events',
    summary:
      'A batch of playback events from one session (413 past the batch or body limit); stored in one statement',
    tag: 'analytics',
    access: 'viewerOrAnonymous',
    body: AnalyticsBatchSchema,
    response: AnalyticsAcceptedSchema,
    status: 202,
  }),
  adminAnalytics: defineRoute({
    method: 'get',
    path: '/api/admin/analytics',
    summary:
      'Plays, watch hours, completion, time to first frame, rebuffering, errors and top films per day over a date range (one film with movieId)',
    tag: 'admin',
    access: 'admin',
    query: AdminAnalyticsQuerySchema,
    response: AdminAnalyticsSchema,
  }),
} satisfies Record<string, RouteSpec>;
