import type localforageModule from 'localforage';

type LocalForage = typeof localforageModule;

let library: Promise<LocalForage> | undefined;

/**
 * One localforage store (IndexedDB), with the library fetched as its own chunk on first use: it
 * is a fifth of the app's start-up JavaScript, and nothing on the way to the first screen reads a
 * store (downloads and queued writes are taken up after it is drawn).
 */
export function localStore(options: {
  name: string;
  storeName: string;
}): () => Promise<LocalForage> {
  let instance: Promise<LocalForage> | undefined;
  return () => {
    // A failed fetch of the chunk (the network dropped before the offline shell was cached) is
    // forgotten, so the next use tries again instead of every store failing until a reload.
    library ??= import('localforage').then(
      (module) => module.default,
      (error: unknown) => {
        library = undefined;
        throw error;
      },
    );
    instance ??= library.then(
      (localforage) => localforage.createInstance(options),
      (error: unknown) => {
        instance = undefined;
        throw error;
      },
    );
    return instance;
  };
}
