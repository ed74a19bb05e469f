// Service worker: the app shell from a versioned cache, so the client starts with no network.
// The build stamps BUILD_ID with a hash of the shell files; a new build installs a new cache
// whole (app.js and app.wasm always from the same build) and drops the old one. /api/ is never
// cached or intercepted: sync must see the real network.
'use strict';

const BUILD_ID = '@XUEJI_BUILD_ID@';
const CACHE = `xueji-shell-${BUILD_ID}`;
const SHELL = ['./', 'index.html', 'xueji-bridge.js', 'app.js', 'app.wasm', 'fonts/xueji-base.otf'];

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
