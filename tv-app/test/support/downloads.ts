import type { BrowserContext, Page } from '@lanxang/testing';

/**
 * The download engine's test hooks (`window.__lanxangDownloads`, src/downloads/debug-hooks.ts)
 * and the network around it, for the download browser tests.
 */
type Hooks = NonNullable<Window['__lanxangDownloads']>;
type Download = Awaited<ReturnType<Hooks['list']>>[number];

/** A media file's storage key in a tokened media URL (`/media/t/<token>/<key>`). */
const MEDIA = /\/media\/t\/[^/]+\/(.+)$/;

export const mediaKey = (url: string) =>
  MEDIA.exec(decodeURIComponent(new URL(url).pathname))?.[1] ?? null;

/** Runs `run` in the page with the hooks; `run` is sent as source, so it may use only `api`. */
export const hooks = <T>(page: Page, run: (api: Hooks) => T) =>
  page.evaluate(
    (source) =>
      new Function('api', `return (${source})(api)`)(window.__lanxangDownloads) as Promise<
        Awaited<T>
      >,
    run.toString(),
  );

/** Every media file the page (or every page of the context) fetched to the end, by storage key. */
export function countMedia(target: Page | BrowserContext): Map<string, number> {
  const counts = new Map<string, number>();
  target.on('requestfinished', (request) => {
    const key = mediaKey(request.url());
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return counts;
}

/** Polls the film's download until `predicate` (source of a test on `d`, a `Download`) holds. */
export async function waitForDownload(
  page: Page,
  id: number,
  predicate: string,
  timeout = 30_000,
): Promise<Download> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await page.evaluate(
      async ([movie, test]) => {
        const download = (await window.__lanxangDownloads!.list()).find((d) => d.id === movie);
        return { ok: Boolean(download && new Function('d', `return ${test}`)(download)), download };
      },
      [id, predicate] as const,
    );
    if (seen.ok) return seen.download!;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${predicate}: ${JSON.stringify(seen.download)}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Segments arrive `ms`, `2 × ms` or `3 × ms` late in turn, so a download lasts long enough to
 * pause from the remote and shows a segment done before the last (fetched side by side, equal
 * delays would land together). On a context, for every page of it (a page reopened too).
 * Returns what puts the network back to full speed.
 */
export async function slowSegments(
  target: Page | BrowserContext,
  ms: number,
): Promise<() => Promise<void>> {
  const segments = /\/media\/t\/.*\.m4s$/;
  let asked = 0;
  const handler = async (route: Parameters<Parameters<Page['route']>[1]>[0]) => {
    asked += 1;
    await new Promise((resolve) => setTimeout(resolve, (1 + ((asked - 1) % 3)) * ms));
    await route.continue().catch(() => undefined);
  };
  await target.route(segments, handler);
  return () => target.unroute(segments, handler);
}

export const setBudget = (page: Page, bytes: number) =>
  page.evaluate((value) => window.__lanxangDownloads!.setBudget(value), bytes);
