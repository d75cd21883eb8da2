import { chmod, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import {
  MediaJobListSchema,
  PlaybackSchema,
  ProblemSchema,
  type MediaJob,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';
import { ffmpeg, listTree, makeTempDir } from './helpers.js';
import {
  adminHeaders,
  useAdmin,
  createMovie,
  finished,
  getJob,
  uploadVideo,
  waitForJob,
} from './pipeline-helpers.js';

const UPLOAD_LIMIT = 4 * 1024 * 1024;
const QUEUE_ENV = {
  MEDIA_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT),
  MEDIA_JOB_RETRY_LIMIT: '1',
  MEDIA_JOB_RETRY_DELAY_SECONDS: '0',
  MEDIA_JOB_POLL_SECONDS: '0.5',
};

let app: TestApp;
let work: Awaited<ReturnType<typeof makeTempDir>>;
const clips: Record<'short' | 'long' | 'audio' | 'truncated', Uint8Array> = {} as never;

beforeAll(async () => {
  work = await makeTempDir('pipeline');
  const file = (name: string) => path.join(work.dir, name);
  // Small and short: the tests check behaviour, the ladder tests check the encodes.
  await ffmpeg([
    ...'-f lavfi -i testsrc2=s=320x180:r=25:d=3 -f lavfi -i sine=frequency=440:duration=3'.split(
      ' ',
    ),
    ...'-c:v libx264 -preset ultrafast -c:a aac -shortest'.split(' '),
    file('short.mp4'),
  ]);
  await ffmpeg([
    ...'-f lavfi -i testsrc2=s=640x360:r=25:d=40 -f lavfi -i sine=frequency=330:duration=40'.split(
      ' ',
    ),
    ...'-c:v libx264 -preset ultrafast -b:v 300k -c:a aac -b:a 48k -shortest'.split(' '),
    file('long.mp4'),
  ]);
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=3',
    '-c:a',
    'aac',
    file('audio.m4a'),
  ]);
  for (const name of ['short', 'long', 'audio'] as const) {
    clips[name] = await readFile(file(`${name}.${name === 'audio' ? 'm4a' : 'mp4'}`));
  }
  // An upload cut off half-way: the moov atom (written last) never arrived.
  clips.truncated = clips.long.subarray(0, Math.floor(clips.long.length / 2));

  app = await createTestApp(inject('postgresAdminUrl'), { env: QUEUE_ENV });
  await useAdmin(app);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await work?.remove();
});

const problem = async (response: Response, status: number) => {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return ProblemSchema.parse(JSON.parse(body));
};
const workTree = () => listTree(app.config.media.workDir);
const jobsOf = async (movieId: number) =>
  MediaJobListSchema.parse(
    await (
      await app.request(`/api/admin/jobs?movieId=${movieId}`, { headers: adminHeaders() })
    ).json(),
  ).items;

describe('upload → transcode → playback', () => {
  it('queues a job for a good upload, reports progress, and publishes what the player needs', async () => {
    const movieId = await createMovie(app.request, 'Pipeline Film');
    expect((await app.request(`/api/movies/${movieId}/playback`)).status).toBe(404);

    // The client's name tries to climb out of the uploads directory: it is only ever a label.
    const response = await uploadVideo(app.request, movieId, {
      bytes: clips.short,
      name: '../../../etc/evil.mp4',
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const queued = (await response.json()) as MediaJob;
    expect(queued).toMatchObject({
      movieId,
      state: 'queued',
      sourceName: 'evil.mp4',
      sourceBytes: clips.short.length,
    });

    const states = new Set<string>();
    const steps = new Set<string>();
    const job = await waitForJob(app.request, queued.id, finished, (seen) => {
      states.add(seen.state);
      steps.add(seen.step);
    });
    expect(job, JSON.stringify(job.error)).toMatchObject({
      state: 'completed',
      step: 'done',
      percent: 100,
      attempts: 1,
      error: null,
    });
    expect(job.finishedAt).not.toBeNull();
    expect([...states]).toContain('completed');
    // Nothing is left in scratch space: the upload and the job's work directory are gone.
    expect((await workTree()).filter((entry) => !['uploads', 'jobs'].includes(entry))).toEqual([]);
    expect(await listTree(path.join(app.config.mediaDir, 'etc'))).toEqual([]);

    const playback = PlaybackSchema.parse(
      await (await app.request(`/api/movies/${movieId}/playback`)).json(),
    );
    // Signed URLs: `/media/t/<token>/<key>`.
    const signed = `${app.url}/media/t/${tokenOf(playback.masterUrl)}`;
    expect(playback.masterUrl).toBe(`${signed}/video/${movieId}/hls/master.m3u8`);
    expect(playback.durationSeconds).toBeCloseTo(3, 0);
    expect(playback.trickplay).toEqual({
      vttUrl: `${signed}/video/${movieId}/trickplay/thumbnails.vtt`,
      intervalSeconds: 10,
    });
    expect(playback.subtitles).toEqual([]);
    const master = await fetch(playback.masterUrl);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await master.text()).toMatch(
      /#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=640x360,CODECS="avc1\.[0-9a-f]+,mp4a\.40\.2"/,
    );
    expect((await fetch(playback.posterUrl!)).headers.get('content-type')).toBe('image/jpeg');
    expect(await (await fetch(playback.trickplay!.vttUrl)).text()).toMatch(/^WEBVTT/);

    const listed = await jobsOf(movieId);
    expect(listed.map((item) => item.id)).toEqual([queued.id]);
    // The catalog sees the film's one ready source.
    const details = (await (await app.request(`/api/movies/${movieId}`)).json()) as {
      videoSources: { status: string }[];
    };
    expect(details.videoSources).toEqual([expect.objectContaining({ status: 'ready' })]);
  });

  it('adds WebVTT subtitles to the master playlist as a SUBTITLES group and to playback', async () => {
    const movieId = await createMovie(app.request, 'Subtitled Film');
    const job = (await (
      await uploadVideo(app.request, movieId, { bytes: clips.short, name: 'film.mp4' })
    ).json()) as MediaJob;
    expect((await waitForJob(app.request, job.id, finished)).state).toBe('completed');

    const put = (locale: string, body: string | Uint8Array) =>
      app.request(`/api/admin/movies/${movieId}/subtitles/${locale}`, {
        method: 'PUT',
        headers: { ...adminHeaders(), 'content-type': 'text/vtt' },
        body,
      });
    const vtt = (text: string) =>
      `\uFEFFWEBVTT\r\n\r\n00:00:00.500 --> 00:00:02.000\r\n${text}\r\n`;
    expect((await put('en', vtt('Hello'))).status).toBe(200);
    expect((await put('lo', vtt('ສະບາຍດີ'))).status).toBe(200);

    expect((await problem(await put('en', 'Hello, not a WebVTT file'), 400)).code).toBe(
      'invalid_subtitles',
    );
    expect(
      (await problem(await put('en', 'WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n'), 400))
        .code,
    ).toBe('invalid_subtitles');
    expect(
      (
        await problem(
          await put('en', new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe])),
          400,
        )
      ).code,
    ).toBe('invalid_subtitles');
    expect((await put('fr', vtt('Bonjour'))).status).toBe(400);

    const playback = PlaybackSchema.parse(
      await (await app.request(`/api/movies/${movieId}/playback`)).json(),
    );
    const signed = `${app.url}/media/t/${tokenOf(playback.masterUrl)}`;
    expect(playback.subtitles).toEqual([
      { locale: 'en', label: 'English', url: `${signed}/subtitles/${movieId}/en.vtt` },
      { locale: 'lo', label: 'ລາວ', url: `${signed}/subtitles/${movieId}/lo.vtt` },
    ]);
    // The invalid uploads did not replace the good English track.
    expect(await (await fetch(playback.subtitles[0]!.url)).text()).toBe(
      'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello\n',
    );

    const master = await (await fetch(playback.masterUrl)).text();
    expect(master).toContain(
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",DEFAULT=NO,AUTOSELECT=YES,URI="../../../subtitles/',
    );
    expect(master).toMatch(/RESOLUTION=640x360,.*SUBTITLES="subs"/);
    // The relative URI resolves to a subtitle playlist that lists the WebVTT file.
    const enUri = /LANGUAGE="en".*URI="([^"]+)"/.exec(master)![1]!;
    const subtitlePlaylist = await fetch(new URL(enUri, playback.masterUrl));
    expect(subtitlePlaylist.status).toBe(200);
    expect(await subtitlePlaylist.text()).toMatch(/#EXTINF:\d+\.000,\nen\.vtt\n#EXT-X-ENDLIST/);

    const removed = await app.request(`/api/admin/movies/${movieId}/subtitles/lo`, {
      method: 'DELETE',
      headers: adminHeaders(),
    });
    expect(removed.status).toBe(204);
    expect(await (await fetch(playback.masterUrl)).text()).not.toContain('LANGUAGE="lo"');
    expect((await fetch(playback.subtitles[1]!.url)).status).toBe(404);
  });

  it('registers an existing HLS master URL as the film’s source', async () => {
    const movieId = await createMovie(app.request, 'CDN Film');
    const post = (body: unknown) =>
      app.request(`/api/admin/movies/${movieId}/video/url`, {
        method: 'POST',
        headers: { ...adminHeaders(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await problem(await post({ url: 'https://cdn.example.com/film.mp4' }), 400)).code).toBe(
      'validation_failed',
    );
    expect((await problem(await post({ url: 'file:///etc/passwd.m3u8' }), 400)).code).toBe(
      'validation_failed',
    );
    const response = await post({
      url: 'https://cdn.example.com/films/1/master.m3u8',
      durationSeconds: 5400,
    });
    expect(response.status).toBe(201);
    const playback = PlaybackSchema.parse(
      await (await app.request(`/api/movies/${movieId}/playback`)).json(),
    );
    expect(playback).toMatchObject({
      masterUrl: 'https://cdn.example.com/films/1/master.m3u8',
      durationSeconds: 5400,
      trickplay: null,
      posterUrl: null,
    });
  });

  it('refuses uploads and job actions without admin credentials', async () => {
    const form = new FormData();
    form.append('file', new Blob([clips.short]), 'a.mp4');
    expect(
      (await app.request('/api/admin/movies/1/video', { method: 'POST', body: form })).status,
    ).toBe(401);
    expect((await app.request('/api/admin/jobs')).status).toBe(401);
    expect((await app.request('/api/admin/jobs/1/cancel', { method: 'POST' })).status).toBe(401);
    expect(
      (
        await problem(
          await uploadVideo(app.request, 999_999, { bytes: clips.short, name: 'a.mp4' }),
          404,
        )
      ).code,
    ).toBe('not_found');
  });
});

describe('bad input: a clear error, nothing on disk, no job', () => {
  let movieId: number;
  beforeAll(async () => {
    movieId = await createMovie(app.request, 'Bad Input Film');
  });

  const expectRefused = async (response: Response, status: number, code: string) => {
    const body = await problem(response, status);
    expect(body.code).toBe(code);
    expect(await listTree(path.join(app.config.media.workDir, 'uploads'))).toEqual([]);
    expect(await jobsOf(movieId)).toEqual([]);
    return body;
  };

  it('a text file renamed .mp4 is not a video', async () => {
    const bytes = new TextEncoder().encode('These are my notes, not a film.\n'.repeat(100));
    const body = await expectRefused(
      await uploadVideo(app.request, movieId, { bytes, name: 'notes.mp4' }),
      422,
      'not_a_video',
    );
    // ffprobe's message names the server's upload path; the client must not see it.
    expect(body.detail).not.toMatch(/\/|upload/);
  });

  it('audio only has no picture', async () => {
    const body = await expectRefused(
      await uploadVideo(app.request, movieId, { bytes: clips.audio, name: 'song.m4a' }),
      422,
      'no_video_stream',
    );
    expect(body.detail).toMatch(/sound but no picture/);
  });

  it('a file cut short is truncated', async () => {
    await expectRefused(
      await uploadVideo(app.request, movieId, { bytes: clips.truncated, name: 'cut.mp4' }),
      422,
      'truncated_video',
    );
  });

  it('a file over the configured limit is refused with 413, announced or not', async () => {
    const tooBig = new Uint8Array(UPLOAD_LIMIT + 512 * 1024).fill(7);
    // With a Content-Length, refused before any byte is read.
    const announced = await uploadVideo(app.request, movieId, { bytes: tooBig, name: 'huge.mp4' });
    await expectRefused(announced, 413, 'payload_too_large');

    // Chunked, with no length: refused when the limit is crossed, the partial file removed.
    const status = await new Promise<number>((resolve, reject) => {
      const boundary = 'lanxang-boundary';
      const req = httpRequest(`${app.url}/api/admin/movies/${movieId}/video`, {
        method: 'POST',
        headers: {
          ...adminHeaders(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
      );
      const chunk = Buffer.alloc(256 * 1024, 7);
      let sent = 0;
      const pump = () => {
        while (sent < UPLOAD_LIMIT * 3) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(await listTree(path.join(app.config.media.workDir, 'uploads'))).toEqual([]);
    expect(await jobsOf(movieId)).toEqual([]);
  });

  it('a request without the file field is a 400', async () => {
    const form = new FormData();
    form.append('notes', 'no file here');
    const response = await app.request(`/api/admin/movies/${movieId}/video`, {
      method: 'POST',
      headers: adminHeaders(),
      body: form,
    });
    await expectRefused(response, 400, 'bad_request');
  });
});

describe('cancelling', () => {
  it('stops ffmpeg mid-transcode, leaves nothing published, and the next job still runs', async () => {
    const movieId = await createMovie(app.request, 'Cancelled Film');
    const long = (await (
      await uploadVideo(app.request, movieId, { bytes: clips.long, name: 'long.mp4' })
    ).json()) as MediaJob;
    const next = (await (
      await uploadVideo(app.request, movieId, { bytes: clips.short, name: 'short.mp4' })
    ).json()) as MediaJob;
    expect(next.state).toBe('queued');

    await waitForJob(app.request, long.id, (job) => job.step === 'transcoding' || finished(job));
    const cancel = await app.request(`/api/admin/jobs/${long.id}/cancel`, {
      method: 'POST',
      headers: adminHeaders(),
    });
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    expect(((await cancel.json()) as MediaJob).state).toBe('cancelled');

    const done = await waitForJob(app.request, next.id, finished);
    expect(done.state, JSON.stringify(done.error)).toBe('completed');
    expect(await getJob(app.request, long.id)).toMatchObject({ state: 'cancelled' });
    // Cancelling twice, or a finished job, is a conflict.
    expect(
      (
        await problem(
          await app.request(`/api/admin/jobs/${long.id}/cancel`, {
            method: 'POST',
            headers: adminHeaders(),
          }),
          409,
        )
      ).code,
    ).toBe('job_finished');
    expect(await listTree(path.join(app.config.media.workDir, 'uploads'))).toEqual([]);
    // The published ladder is the short clip's (3 s), not a half of the long one.
    const playback = PlaybackSchema.parse(
      await (await app.request(`/api/movies/${movieId}/playback`)).json(),
    );
    expect(playback.durationSeconds).toBeCloseTo(3, 0);
  });
});

describe('a full disk', () => {
  it('fails the job cleanly with ffmpeg’s error after its retries, leaving no output', async () => {
    // Simulated: a stand-in ffmpeg that fails as ffmpeg 5.1 does when a write hits ENOSPC. (The
    // real /dev/full mapping is covered in bad-input.test.ts; a real tiny filesystem needs root.)
    const fakeFfmpeg = path.join(work.dir, 'ffmpeg-disk-full.sh');
    await writeFile(
      fakeFfmpeg,
      '#!/bin/sh\necho "[hls @ 0x55d0] Failed to write segment: No space left on device" >&2\necho "Conversion failed!" >&2\nexit 1\n',
    );
    await chmod(fakeFfmpeg, 0o755);
    const full = await createTestApp(inject('postgresAdminUrl'), {
      env: { ...QUEUE_ENV, FFMPEG_PATH: fakeFfmpeg },
    });
    try {
      await useAdmin(full);
      const movieId = await createMovie(full.request, 'Full Disk Film');
      const queued = (await (
        await uploadVideo(full.request, movieId, { bytes: clips.short, name: 'film.mp4' })
      ).json()) as MediaJob;
      const states = new Set<string>();
      const job = await waitForJob(full.request, queued.id, finished, (seen) =>
        states.add(seen.state),
      );
      expect(job).toMatchObject({ state: 'failed', attempts: 2, maxAttempts: 2 });
      expect(job.error).toMatchObject({
        code: 'disk_full',
        message: expect.stringMatching(/No space left on device/),
      });
      expect(job.error!.detail).toContain('Conversion failed!');
      expect(await listTree(full.config.media.workDir)).toEqual(
        expect.not.arrayContaining([expect.stringMatching(/\.upload$|^jobs\//)]),
      );
      expect(await listTree(path.join(full.config.mediaDir, 'video'))).toEqual([]);
      expect((await full.request(`/api/movies/${movieId}/playback`)).status).toBe(404);
    } finally {
      await full.close();
      await useAdmin(app);
    }
  });
});

/** The token a signed media URL carries. */
const tokenOf = (url: string) => /\/media\/t\/([^/]+)\//.exec(url)?.[1];
