import { defineRoute, type RouteSpec } from './route-spec.js';
import { HealthSchema, ReadySchema } from './system.js';

/** Liveness and readiness, for the orchestrator. */
export const systemRouteSpecs = {
  health: defineRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tag: 'system',
    access: 'public',
    response: HealthSchema,
  }),
  ready: defineRoute({
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the database answers',
    tag: 'system',
    access: 'public',
    response: ReadySchema,
  }),
} satisfies Record<string, RouteSpec>;
