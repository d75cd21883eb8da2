import { routes } from '@lanxang/contracts';
import { buildOpenApiDocument } from '../../http/openapi.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';

/** Liveness, readiness and the OpenAPI document. */
export function systemRoutes(http: RouteMount, { db, config }: Services): void {
  mount(http, routes.health, () => ({ status: 'ok' as const }));

  mount(http, routes.ready, async ({ ctx }) => {
    const { ok } = await db.orm.checkConnection();
    const database = ok ? ('ok' as const) : ('unavailable' as const);
    if (database !== 'ok') ctx.status = 503;
    return { status: database, checks: { database } };
  });

  const openApi = buildOpenApiDocument({ serverUrl: config.publicApiUrl, version: '0.1.0' });
  http.router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
}
