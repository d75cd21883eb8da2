import { AnonymousIdSchema, ProblemSchema } from '@lanxang/contracts';
import { expect } from 'vitest';
import type { TestApp } from '@lanxang/api/testing';

export type Headers = Record<string, string>;

/** The demo catalog's films as the progress rules see them. */
export interface DemoFilms {
  /** Published, with a ready video of `videoSeconds`. */
  playable: { id: number; videoSeconds: number };
  /** Published films without a video: their runtime bounds the duration. */
  listed: { id: number; runtimeSeconds: number }[];
  draft: { id: number };
}

export async function demoFilms(app: TestApp): Promise<DemoFilms> {
  const rows = await app.db.sql<{
    id: number;
    status: string;
    runtime_minutes: number;
    video_seconds: number | null;
  }>(
    `select m.id, m.status, m.runtime_minutes,
       (select max(v.duration_seconds) from video_sources v where v.movie_id = m.id and v.status = 'ready') as video_seconds
     from movies m order by m.id`,
  );
  const playable = rows.find((row) => row.status === 'published' && row.video_seconds !== null);
  const draft = rows.find((row) => row.status === 'draft');
  if (!playable?.video_seconds || !draft) throw new Error('the demo catalog changed');
  return {
    playable: { id: playable.id, videoSeconds: playable.video_seconds },
    listed: rows
      .filter((row) => row.status === 'published' && row.video_seconds === null)
      .map((row) => ({ id: row.id, runtimeSeconds: row.runtime_minutes * 60 })),
    draft: { id: draft.id },
  };
}

export function client(app: TestApp) {
  const json = (method: string, path: string, headers: Headers, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    json,
    /** A TV that is not paired: its signed anonymous id, as a header. */
    async tv(): Promise<Headers> {
      const issued = AnonymousIdSchema.parse(
        await (await json('POST', '/api/anonymous', {}, {})).json(),
      );
      return { 'x-anonymous-id': issued.anonymousId };
    },
    save: (headers: Headers, movieId: number | string, body: unknown) =>
      json('PUT', `/api/watch-progress/${movieId}`, headers, body),
  };
}

/** An ISO timestamp `seconds` from now (negative: in the past). */
export const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

export async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  return ProblemSchema.parse(await response.json());
}
