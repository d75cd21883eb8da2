import { MediaJobSchema, type MediaJob } from '@lanxang/contracts';
import { expect } from 'vitest';
import { signIn, type TestApp } from '@lanxang/api/testing';

let adminAuthorization: string | undefined;

/** Signs a real admin in to this app's database; `adminHeaders()` carries that session from then on. */
export async function useAdmin(app: Pick<TestApp, 'db'>): Promise<void> {
  adminAuthorization = (await signIn(app, { role: 'admin' })).headers.authorization;
}

/** Admin credentials for these tests: a real admin session (see `useAdmin`). */
export function adminHeaders(): Record<string, string> {
  if (!adminAuthorization) throw new Error('call useAdmin(app) before sending admin requests');
  return { authorization: adminAuthorization };
}

type Requester = (path: string, init?: RequestInit) => Promise<Response>;

/** A multipart upload the way the admin's browser sends one. */
export async function uploadVideo(
  request: Requester,
  movieId: number,
  file: { bytes: Uint8Array; name: string; type?: string },
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([file.bytes], { type: file.type ?? 'video/mp4' }), file.name);
  return request(`/api/admin/movies/${movieId}/video`, {
    method: 'POST',
    headers: adminHeaders(),
    body: form,
  });
}

export async function createMovie(
  request: Requester,
  title: string,
  publish = true,
): Promise<number> {
  const created = await request('/api/admin/movies', {
    method: 'POST',
    headers: { ...adminHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ title: { en: title } }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  if (publish) {
    const published = await request(`/api/admin/movies/${id}/publish`, {
      method: 'POST',
      headers: adminHeaders(),
    });
    expect(published.status).toBe(200);
  }
  return id;
}

export async function getJob(request: Requester, id: number): Promise<MediaJob> {
  const response = await request(`/api/admin/jobs/${id}`, { headers: adminHeaders() });
  expect(response.status).toBe(200);
  return MediaJobSchema.parse(await response.json());
}

/** Polls the job API (as the admin does) until `done` holds; the test timeout bounds it. */
export async function waitForJob(
  request: Requester,
  id: number,
  done: (job: MediaJob) => boolean,
  seen?: (job: MediaJob) => void,
): Promise<MediaJob> {
  for (;;) {
    const job = await getJob(request, id);
    seen?.(job);
    if (done(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export const finished = (job: MediaJob) => ['completed', 'failed', 'cancelled'].includes(job.state);
