// Interlock's service worker, written at build time by scripts/service_worker.py from
// scripts/sw.template.js: VERSION is a hash of the build, FILES its file list.
//
// - install: caches every file of this build (and the app's address itself);
// - activate: deletes the caches of older builds, then takes over open tabs; a tab that
//   was already running keeps the code it loaded, and the page tells the user that a
//   new version is ready on reload (index.html);
// - fetch: answers from the cache first (the app opens with no network); the app's
//   address (with any query; a share link's fragment never reaches the network) is
//   answered with the cached index.html. Anything not cached goes to the network.
const VERSION = __VERSION__;
const FILES = __FILES__;
const CACHE = `interlock-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(['./', ...FILES].map((f) => new Request(f, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('interlock-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const page = request.mode === 'navigate' && /\/(index\.html)?$/.test(url.pathname);
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(page ? './' : request, { ignoreSearch: true });
    return hit ?? fetch(request);
  })());
});
