/* 兜底 service worker: keeps the app shell on the phone so the visit pages open without signal.
 *
 * Written by hand (no workbox). The build (vite.config.ts, plugin `doudi-service-worker`) replaces
 * the version and the precache list and writes the result to dist/sw.js.
 *
 * - install: precache index.html, the entry chunks and the visit pages' chunks (the app shell);
 * - /assets/*: cache-first (hashed names never change), caching on first use whatever was not precached;
 * - page navigations: network first (4 s), falling back to the cached index.html;
 * - GET /api/auth/me: network first; the last signed-in answer is kept so the shell opens offline
 *   (no other API answer is cached here: the offline pack lives in IndexedDB, see src/offline/db.ts);
 *   a 401 forgets it. Signing out is done by the page (src/offline/pack.ts `forgetOfflineData`), which
 *   deletes this copy and the offline pack (not the outbox); requests other than GET never pass through here.
 */
/* global self, caches, Request, Response */
const VERSION = '__DOUDI_SW_VERSION__';
const PRECACHE = /*__DOUDI_PRECACHE__*/ ['/', '/index.html'];
const SHELL_CACHE = `doudi-shell-${VERSION}`;
const ASSET_CACHE = `doudi-assets-${VERSION}`;
const SESSION_CACHE = 'doudi-session';
const SESSION_KEY = '/__offline__/session';
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  // index.html must be cached; an asset that fails (a deploy replaced it meanwhile) is cached on first use instead.
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) =>
        cache.add(new Request('/index.html', { cache: 'reload' })).then(() =>
          Promise.all(PRECACHE.filter((url) => url !== '/index.html').map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => undefined))),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => (key.startsWith('doudi-shell-') || key.startsWith('doudi-assets-')) && key !== SHELL_CACHE && key !== ASSET_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method !== 'GET') return;
  if (url.pathname === '/api/auth/me') {
    event.respondWith(session(request));
    return;
  }
  if (url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
    return;
  }
  // favicon, manifest, icons: network first, the precached copy offline.
  event.respondWith(fetch(request).catch(() => caches.match(request).then((hit) => hit || Response.error())));
});

async function asset(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(ASSET_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function navigation(request) {
  const shell = await caches.open(SHELL_CACHE);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      await shell.put('/index.html', response.clone());
    }
    return response;
  } catch {
    const cached = await shell.match('/index.html');
    return cached || Response.error();
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function session(request) {
  const cache = await caches.open(SESSION_CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch {
    const kept = await cache.match(SESSION_KEY);
    if (!kept) return Response.error();
    const body = await kept.text();
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'x-doudi-offline': '1' } });
  }
  if (response.status === 200) {
    try {
      const body = await response.clone().json();
      // The CSRF token is not kept: it is rotated by the server and read from the cookie anyway.
      const kept = JSON.stringify({ ...body, csrfToken: '' });
      await cache.put(SESSION_KEY, new Response(kept, { headers: { 'content-type': 'application/json' } }));
    } catch {
      // not JSON: keep nothing
    }
  } else if (response.status === 401) {
    await cache.delete(SESSION_KEY);
  }
  return response;
}
