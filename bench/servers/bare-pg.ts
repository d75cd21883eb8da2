/**
 * What every bare-`pg` baseline server shares: a `pg.Pool` running named prepared statements (the
 * API's naming scheme, `api/src/db.ts`, so PostgreSQL plans each once per connection), a plain
 * `node:http` server answering `JSON.stringify` of what the handler returns (404 for
 * `undefined`), the URL reported over IPC, graceful close when the bench goes, and its CPU time
 * on request.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pg from 'pg';

export function barePgPool() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: Number(process.env.POOL_MAX ?? 10),
  });
  const names = new Map<string, string>();
  return {
    pool,
    async query<Row>(text: string, values: unknown[]): Promise<Row[]> {
      let name = names.get(text);
      if (!name) {
        name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
        names.set(text, name);
      }
      const result = await pool.query({ name, text, values });
      return result.rows as Row[];
    },
  };
}

export function serveBaseline(
  pool: pg.Pool,
  answer: (request: IncomingMessage, url: URL) => Promise<unknown>,
): void {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://baseline');
    answer(request, url)
      .then((body) =>
        send(response, body === undefined ? 404 : 200, body ?? { error: 'not found' }),
      )
      .catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  listenForBench(server, pool);
}

/** Any bench server's life: listen, report the URL, close with the bench, tell its CPU time. */
export function listenForBench(server: Server, pool: pg.Pool): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.send?.({ url: `http://127.0.0.1:${port}` });
  });
  process.on('disconnect', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
  // The bench reads this process's CPU time around each load run.
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}
