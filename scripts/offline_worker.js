/* Boendestödsportalen: service worker. The build puts self.__portalPrecache above this code:
 * {edition, version, files: {path: hash}, pdfs: [path]}. Written by scripts/offline.py.
 *
 * - install: cache every file of this version (files unchanged since the last version are
 *   copied from its cache, not downloaded again). The page works online meanwhile.
 * - the new version waits: the page offers "Det finns en ny version – uppdatera", and only
 *   the person's choice (SKIP_WAITING) switches; so a page never mixes two versions.
 * - activate: remove this edition's older caches.
 * - fetch: this version's files from the cache; study-card PDFs from the network, kept when opened.
 */
"use strict";

var PRECACHE = self.__portalPrecache;
var PREFIX = "boendestod-" + PRECACHE.edition + "-";
var CACHE = PREFIX + PRECACHE.version;
var PDF_CACHE = "boendestod-" + PRECACHE.edition + "-studiekort";
var MANIFEST_KEY = "__portal-precache.json";
var SCOPE = new URL("./", self.location.href).href;

function url(path) { return new URL(path, SCOPE).href; }

function previousManifest() {
  return caches.keys().then(function (names) {
    var older = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE && n !== PDF_CACHE; });
    if (!older.length) return null;
    return caches.open(older[older.length - 1]).then(function (cache) {
      return cache.match(MANIFEST_KEY).then(function (r) {
        return r ? r.json().then(function (m) { return { cache: cache, files: m.files }; }) : null;
      });
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([caches.open(CACHE), previousManifest()]).then(function (both) {
    var cache = both[0], old = both[1];
    var paths = Object.keys(PRECACHE.files);
    return Promise.all(paths.map(function (path) {
      var reuse = old && old.files[path] === PRECACHE.files[path] ? old.cache.match(url(path)) : Promise.resolve(null);
      return reuse.then(function (response) {
        if (response) return cache.put(url(path), response);
        return fetch(url(path), { cache: "no-cache" }).then(function (fresh) {
          if (!fresh.ok) throw new Error(path + ": " + fresh.status);
          return cache.put(url(path), fresh);
        });
      });
    })).then(function () {
      return cache.put(MANIFEST_KEY, new Response(JSON.stringify(PRECACHE), { headers: { "Content-Type": "application/json" } }));
    });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE && n !== PDF_CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "CACHE_PDFS") {
    event.waitUntil(caches.open(PDF_CACHE).then(function (cache) {
      return cache.addAll(PRECACHE.pdfs.map(url));
    }).then(function () {
      event.source && event.source.postMessage({ type: "PDFS_CACHED", count: PRECACHE.pdfs.length });
    }, function () {
      event.source && event.source.postMessage({ type: "PDFS_FAILED" });
    }));
  }
  if (data.type === "STATUS") {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.match(MANIFEST_KEY).then(function (done) {
        event.source && event.source.postMessage({ type: "STATUS", version: PRECACHE.version, cached: !!done });
      });
    }));
  }
});

function fromCache(request) {
  var key = typeof request === "string" ? request : request.url.split("#")[0].split("?")[0];
  if (key.slice(-1) === "/") key += "index.html";  // a folder address is its index page
  return caches.open(CACHE).then(function (cache) { return cache.match(key); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var path = new URL(request.url).pathname;
  if (/\.pdf$/.test(path)) {  // study cards: fresh when online, kept for use without network
    event.respondWith(caches.open(PDF_CACHE).then(function (cache) {
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }, function () {
        return cache.match(request).then(function (r) { return r || Response.error(); });
      });
    }));
    return;
  }
  event.respondWith(fromCache(request).then(function (cached) {
    if (cached) return cached;
    return fetch(request).catch(function () {
      if (request.mode === "navigate") return fromCache(url("index.html"));
      return Response.error();
    });
  }));
});
