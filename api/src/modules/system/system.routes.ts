import { routes } from '@lanxang/contracts';
import type { AppDeps } from '../../app.js';
import type { AppRouter } from '../../http/context.js';
import { buildOpenApiDocument } from '../../http/openapi.js';
import { mount, type MountOptions } from '../../http/route.js';

export function systemRoutes(
  router: AppRouter,
  options: MountOptions,
  { db, config }: AppDeps,
): void {
  mount(router, options, routes.health, () => ({ status: 'ok' as const }));

  mount(router, options, routes.ready, async ({ ctx }) => {
    const { ok } = await db.orm.checkConnection();
    const database = ok ? ('ok' as const) : ('unavailable' as const);
    if (database !== 'ok') ctx.status = 503;
    return { status: database, checks: { database } };
  });

  const openApi = buildOpenApiDocument({ serverUrl: config.publicApiUrl, version: '0.1.0' });
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
}
