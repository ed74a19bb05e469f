// Service worker: the app shell from a versioned cache, so the client starts with no network.
// The build stamps BUILD_ID with a hash of the shell files; a new build installs a new cache
// whole (app.js and app.wasm always from the same build) and drops the old one. /api/ is never
// cached or intercepted: sync must see the real network. Rare-character font chunks (fonts/rare/,
// content-addressed) live in their own cache that outlasts builds; the page fills it
// (xueji-bridge.js loadAsset) and this worker answers from it too.
'use strict';

const BUILD_ID = '@XUEJI_BUILD_ID@';
const CACHE = `xueji-shell-${BUILD_ID}`;
const RARE_FONT_CACHE = 'xueji-rare-fonts';
const SHELL = ['./', 'index.html', 'xueji-bridge.js', 'app.js', 'app.wasm', 'fonts/xueji-base.otf',
  'fonts/rare/index.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('xueji-shell-') && key !== CACHE)
          .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (url.pathname.includes('/fonts/rare/') && !url.pathname.endsWith('.json')) {
    event.respondWith(
      caches.open(RARE_FONT_CACHE).then((cache) => cache.match(request).then((cached) => {
        if (cached) return cached;
        return fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      })),
    );
    return;
  }

  // Cache first for the shell (consistent with this worker's build), network for the rest;
  // a navigation with no network gets the cached index.html.
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((cached) => {
        if (cached) return cached;
        return fetch(request).catch(() => {
          if (request.mode === 'navigate') return cache.match('index.html');
          return Response.error();
        });
      })),
  );
});
