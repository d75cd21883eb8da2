// The TV app's service worker: keeps the app shell (page, bundle, chunks, fonts, Lightning core)
// so the app starts with no network and plays downloaded films. The build writes the list of
// files to keep into PRECACHE and names the cache after the build, so a new build replaces the
// old shell whole. Requests to other origins (the API, media) are not touched.
const PRECACHE = self.__LANXANG_PRECACHE__ || [];
const CACHE = `lanxang-shell-${self.__LANXANG_BUILD__ || 'dev'}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('lanxang-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Hashed files (assets/, the chunks) never change: the cache first. Everything else (the page, settings.json, the
  // entry bundle): the network first, so an online TV always runs the newest build.
  const immutable = url.pathname.includes('/assets/') || /-[A-Z0-9]{8}\.js$/.test(url.pathname);
  event.respondWith(immutable ? cacheFirst(event.request) : networkFirst(event.request));
});

async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  return hit || fetchAndKeep(request);
}

async function networkFirst(request) {
  try {
    return await fetchAndKeep(request);
  } catch (error) {
    const hit =
      (await caches.match(request, { ignoreSearch: true })) ||
      (request.mode === 'navigate' ? await caches.match('./index.html') : undefined);
    if (hit) return hit;
    throw error;
  }
}

async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
