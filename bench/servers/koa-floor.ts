/**
 * The Koa floor: the smallest app the API's stack implies around the bare server's reads. Koa,
 * @koa/router with the three catalog routes, koa-compress configured as the API configures it,
 * and the bare server's pool and SQL (`catalog-answers.ts`), answering the same JSON. No
 * validation, no shaping, no logging, no ORM: what it spends over the bare server is the
 * framework's own cost per request, which no change to the API's code can remove.
 *
 * `FLOOR_CONTEXT=1` adds one `AsyncLocalStorage.run` per request, as MikroORM's request context
 * does: once any store is entered, Node runs promise hooks for every promise in the process.
 *
 * Started by `catalog.bench.ts` as a child process; reports its URL over IPC.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import Router from '@koa/router';
import { jsonCompression } from '@lanxang/api/http/json-compression';
import Koa from 'koa';
import { barePgPool, listenForBench } from './bare-pg.js';
import { catalogAnswers } from './catalog-answers.js';

const db = barePgPool();
const catalog = catalogAnswers(db);

const router = new Router();
router.get('/api/home', async (ctx) => {
  ctx.body = await catalog.home();
});
router.get('/api/movies', async (ctx) => {
  ctx.body = await catalog.search(ctx.URL.searchParams.get('q'));
});
router.get('/api/movies/:id', async (ctx) => {
  const body = await catalog.details(Number(ctx.params.id));
  ctx.status = body === undefined ? 404 : 200;
  ctx.body = body ?? { error: 'not found' };
});

const app = new Koa();
app.use(jsonCompression());
if (process.env.FLOOR_CONTEXT === '1') {
  const context = new AsyncLocalStorage<object>();
  app.use((_ctx, next) => context.run({}, next));
}
app.use(router.routes()).use(router.allowedMethods());

listenForBench(createServer(app.callback()), db.pool);
