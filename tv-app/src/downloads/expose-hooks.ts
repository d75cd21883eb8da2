import type { hooks } from './debug-hooks';

type Hooks = typeof hooks;

/** Each hook, answering a promise: the engine's code is fetched on the first call. */
export type LazyHooks = {
  [Name in keyof Hooks]: Hooks[Name] extends (...args: infer Args) => infer Result
    ? (...args: Args) => Promise<Awaited<Result>>
    : never;
};

/**
 * `window.__lanxangDownloads` (src/downloads/debug-hooks.ts) from the start, without the download
 * engine and its store in the start-up bundle: each call fetches them first.
 */
export function exposeDownloadHooks(): void {
  const load = () => import('./debug-hooks').then((module) => module.hooks);
  window.__lanxangDownloads = new Proxy({} as LazyHooks, {
    get:
      (_target, name) =>
      async (...args: unknown[]) => {
        const loaded = await load();
        const hook = loaded[name as keyof Hooks] as (...given: unknown[]) => unknown;
        return hook(...args);
      },
  });
}
