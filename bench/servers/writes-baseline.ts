/**
 * The baseline of the write benchmarks: a bare `node:http` server that runs the very statements
 * the API runs for a watch progress save (`saveProgressSql`) and an analytics batch
 * (`insertEventsSql`), with the same parameters, as named prepared statements on a `pg.Pool` of
 * the same size. It parses the JSON body and answers `JSON.stringify` of the result; it checks no
 * signature, validates nothing and shapes nothing.
 *
 * Started by `progress.bench.ts` and `analytics.bench.ts` as a child process; reports its URL over IPC.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { insertEventsSql } from '@lanxang/api/modules/analytics/sql';
import { saveProgressSql } from '@lanxang/api/modules/progress/sql';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: Number(process.env.POOL_MAX ?? 10),
});
const saveSql = saveProgressSql('anonymous_viewer_id');

const names = new Map<string, string>();
async function query<Row>(text: string, values: unknown[]): Promise<Row[]> {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return (await pool.query({ name, text, values })).rows as Row[];
}

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

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://baseline');
  answer(request, url)
    .then((body) => send(response, body === undefined ? 404 : 200, body ?? { error: 'not found' }))
    .catch((error: unknown) => send(response, 500, { error: String(error) }));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});

process.on('disconnect', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
