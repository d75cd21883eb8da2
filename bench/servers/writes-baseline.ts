/**
 * The baseline of the write benchmarks: a bare `node:http` server that runs the very statements
 * the API runs for a watch progress save (`saveProgressSql`) and an analytics batch
 * (`insertEventsSql`), with the same parameters, as named prepared statements on a `pg.Pool` of
 * the same size. It parses the JSON body and answers `JSON.stringify` of the result; it checks no
 * signature, validates nothing and shapes nothing.
 *
 * Started by `progress.bench.ts` and `analytics.bench.ts` as a child process; reports its URL over IPC.
 */
import type { IncomingMessage } from 'node:http';
import { insertEventsSql } from '@lanxang/api/modules/analytics/sql';
import { saveProgressSql } from '@lanxang/api/modules/progress/sql';
import { barePgPool, serveBaseline } from './bare-pg.js';

const { pool, query } = barePgPool();
const saveSql = saveProgressSql.anonymous_viewer_id;

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

interface Event {
  type: string;
  at: string;
  movieId: number;
  positionSeconds: number;
}

async function answer(request: IncomingMessage, url: URL): Promise<unknown> {
  const progress = /^\/api\/watch-progress\/(\d+)$/.exec(url.pathname);
  if (request.method === 'PUT' && progress) {
    const body = await readJson(request);
    // The anonymous id's viewer uuid, unverified: the API checks its signature, the baseline not.
    const viewer = String(request.headers['x-anonymous-id']).split('.')[1];
    const [row] = await query(saveSql, [
      viewer,
      Number(progress[1]),
      body.positionSeconds,
      body.durationSeconds,
      body.clientTimestamp,
    ]);
    return row;
  }
  if (request.method === 'POST' && url.pathname === '/api/analytics/events') {
    const body = await readJson(request);
    const events = (body.events as Event[]).map(
      ({ type, at, movieId, positionSeconds, ...data }) => ({
        movie_id: movieId,
        type,
        at,
        position_seconds: positionSeconds,
        data,
      }),
    );
    const [row] = await query(insertEventsSql, [body.sessionId, JSON.stringify(events)]);
    return row;
  }
  return undefined;
}

serveBaseline(pool, answer);
