/* Boendestödsportalen: service worker. The build puts self.__portalPrecache above this code:
 * {edition, version, files: {path: hash}, pdfs: [path], sidor: {page: {titel, n, vad}}}, where
 * sidor has the pages with substantive changes (n of them, the newest `vad`). Written by scripts/offline.py.
 *
 * - install: every file of this version into a new cache, each checked against the hash in the
 *   manifest (a file that does not match is fetched again, past any cache; still wrong, the
 *   install fails). Files unchanged since the last version are copied from its cache, and files
 *   a failed try already checked are kept, so a new try fetches only the rest. Only when every
 *   file is in (the manifest written last) does the version count as installed; until then the
 *   old one serves.
 *   Open pages hear how far it has come ({type: "SPARAR", klara, totalt}) and when it failed
 *   ({type: "MISSLYCKADES", fil}), so "Använd utan nät" can say so and offer to try again.
 * - the new version waits: the page offers it, and only the person's choice (SKIP_WAITING)
 *   switches; every open tab then reloads, so no page of one version runs with another's files.
 * - a page that only the waiting version has is not served from the network beside the old
 *   version's files: the reader is told to switch first.
 * - activate: list the pages changed in substance since the version this browser had (pages ask
 *   with {type: "ANDRAT"}), then remove this edition's older caches.
 * - fetch: this version's files from the cache; study-card PDFs from the network, kept when opened.
 * - a chosen kommun (pages send {type: "KOMMUN", id}, portal-kommun.js): its edition's files
 *   (k/<id>/, listed with their hashes in its utgava.js, whose own hash is in PRECACHE.utgavor)
 *   are saved into this version's cache, and into every new version's at install.
 */
"use strict";

var PRECACHE = self.__portalPrecache;
var PREFIX = "boendestod-" + PRECACHE.edition + "-";
var CACHE = PREFIX + PRECACHE.version;
var PDF_CACHE = "boendestod-" + PRECACHE.edition + "-studiekort";
var MANIFEST_KEY = "__portal-precache.json";
var CHANGES_KEY = "__portal-andrat.json";
var USED_KEY = "__portal-anvand";  // in a version's cache once it has taken over the pages
var CHOICE_CACHE = "boendestod-val";  // the chosen kommun, kept across versions
var CHOICE_KEY = "__portal-kommun";
var expected = Object.assign({}, PRECACHE.files);  // path → hash: this version's files, and the chosen edition's
var SCOPE = new URL("./", self.location.href).href;
var PARALLEL = 6;

function url(path) { return new URL(path, SCOPE).href; }

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

/* The newest complete older version of this edition (its cache holds the manifest), to copy from;
   with `used`, the newest one that pages were served from (marked when it took over), which is the
   version this browser had: a version that was saved but never taken is passed over. */
function previousManifest(used) {
  return caches.keys().then(function (names) {
    var older = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE && n !== PDF_CACHE; }).reverse();
    function next(i) {
      if (i >= older.length) return null;
      return caches.open(older[i]).then(function (cache) {
        return Promise.all([cache.match(MANIFEST_KEY), used ? cache.match(USED_KEY) : true]).then(function (found) {
          if (!found[0] || !found[1]) return next(i + 1);
          return found[0].json().then(function (m) { return { cache: cache, files: m.files, manifest: m }; });
        });
      });
    }
    return next(0);
  });
}

/* The first 12 hex digits of the SHA-256 of a response's body: what the build wrote in the manifest. */
function hashOf(response) {
  return response.clone().arrayBuffer().then(function (body) {
    return crypto.subtle.digest("SHA-256", body);
  }).then(function (digest) {
    return Array.prototype.map.call(new Uint8Array(digest), function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("").slice(0, 12);
  });
}

/* One file, checked: from the network (no HTTP cache the first time, a forced reload the second). */
function fetchChecked(path, attempt) {
  return fetch(url(path), { cache: attempt ? "reload" : "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(path + ": " + response.status);
    return hashOf(response).then(function (hash) {
      if (hash === expected[path]) return response;
      if (!attempt) return fetchChecked(path, 1);  // a deploy in between, or a stale copy on the way: once more
      throw new Error(path + ": innehållet stämmer inte med versionen");
    });
  }, function (err) {
    if (!attempt) return fetchChecked(path, 1);
    throw err;
  });
}

/* The chosen kommun's id, or null. */
function choice() {
  return caches.open(CHOICE_CACHE).then(function (c) { return c.match(CHOICE_KEY); })
    .then(function (r) { return r ? r.json() : {}; }).then(function (c) { return c.id || null; });
}

/* The files of a kommun's edition in this version (path → hash; none if it has no edition),
   read from its utgava.js, which is checked against this version's hash of it. */
function editionFiles(id) {
  var path = "k/" + id + "/utgava.js";
  if (!id || !(PRECACHE.utgavor || {})[id]) return Promise.resolve({});
  expected[path] = PRECACHE.utgavor[id];
  return fetchChecked(path, 0).then(function (response) {
    return response.clone().text().then(function (text) {  // "self.__portalUtgava = {...};"
      var d = JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, ""));
      var files = {};
      files[path] = PRECACHE.utgavor[id];
      Object.keys(d.filer).forEach(function (f) { files[f] = d.filer[f]; });
      Object.assign(expected, files);
      return files;
    });
  });
}

/* Save the given files into this version's cache (those not already in), each checked. */
function saveInto(cache, paths, old) {
  var done = 0, next = 0, failed = null;
  function one(path) {
    return cache.match(url(path)).then(function (saved) {  // checked and kept by an earlier try of this version
      if (saved) return null;
      var reuse = old && old.files[path] === expected[path] ? old.cache.match(url(path)) : Promise.resolve(null);
      return reuse.then(function (response) {
        return response || fetchChecked(path, 0);
      }).then(function (response) {
        return cache.put(url(path), response);
      });
    }).then(function () {
      done += 1;
      if (done % 10 === 0 || done === paths.length) tell({ type: "SPARAR", klara: done, totalt: paths.length });
    });
  }
  function worker() {  // a file that fails does not stop the others: a new try needs only what failed
    if (next >= paths.length) return Promise.resolve();
    var path = paths[next++];
    return one(path).catch(function (err) { failed = failed || err; }).then(worker);
  }
  var workers = [];
  for (var i = 0; i < PARALLEL; i++) workers.push(worker());
  return Promise.all(workers).then(function () { if (failed) throw failed; });
}

function writeManifest(cache) {
  var manifest = Object.assign({}, PRECACHE, { files: expected });
  return cache.put(MANIFEST_KEY, new Response(JSON.stringify(manifest), { headers: { "Content-Type": "application/json" } }));
}

self.addEventListener("install", function (event) {
  var edition = choice().then(editionFiles).catch(function () { return {}; });  // saved later, on the next choice
  event.waitUntil(Promise.all([caches.open(CACHE), previousManifest(), edition]).then(function (all) {
    var cache = all[0], old = all[1];
    return saveInto(cache, Object.keys(expected), old).then(function () {
      return writeManifest(cache);
    }).catch(function (err) {
      /* Not installed: nothing of this version is served. The files already checked stay in its
         cache (without the manifest it never counts as complete), so trying again fetches only the rest. */
      return tell({ type: "MISSLYCKADES", fil: String(err && err.message || err) }).then(function () { throw err; });
    });
  }));
});

/* "Ändrat sedan du var här senast": the pages with a substantive change (PRECACHE.sidor counts
   each page's substantive history lines) between the version this browser had and this one, kept
   in this version's cache for the pages to ask for. Nothing leaves the browser. */
function rememberChanges() {
  return previousManifest(true).then(function (used) {
    return used || previousManifest(false);  // a version saved before versions were marked
  }).then(function (previous) {
    if (!previous) return;  // the first version this browser saves: nothing to compare with
    var before = previous.manifest.sidor || {}, now = PRECACHE.sidor || {};
    var changed = Object.keys(now).filter(function (path) {
      return path in previous.files && now[path].n > ((before[path] || {}).n || 0);
    }).map(function (path) { return { sida: path, titel: now[path].titel, vad: now[path].vad }; });
    return caches.open(CACHE).then(function (cache) {
      return cache.put(CHANGES_KEY, new Response(JSON.stringify({ fran: previous.manifest.version,
        till: PRECACHE.version, sidor: changed }), { headers: { "Content-Type": "application/json" } }));
    });
  }).catch(function () {});  // a list not made is no reason to keep the old version
}

self.addEventListener("activate", function (event) {
  event.waitUntil(rememberChanges().then(function () {
    return caches.open(CACHE).then(function (cache) { return cache.put(USED_KEY, new Response("1")); });
  }).then(function () { return caches.keys(); }).then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE && n !== PDF_CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    return tell({ type: "SPARAD", version: PRECACHE.version, filer: Object.keys(PRECACHE.files).length });
  }));
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
  if (data.type === "KOMMUN") {  // a kommun chosen (id) or the choice removed (null)
    var id = data.id || null;
    event.waitUntil(caches.open(CHOICE_CACHE).then(function (c) {
      return c.put(CHOICE_KEY, new Response(JSON.stringify({ id: id }), { headers: { "Content-Type": "application/json" } }));
    }).then(function () {
      return Promise.all([caches.open(CACHE), editionFiles(id)]);
    }).then(function (both) {
      return saveInto(both[0], Object.keys(both[1]), null).then(function () { return writeManifest(both[0]); })
        .then(function () { return Object.keys(both[1]).length; });
    }).then(function (n) {
      event.source && event.source.postMessage({ type: "KOMMUN_SPARAD", id: id, filer: n });
    }, function () {
      event.source && event.source.postMessage({ type: "KOMMUN_MISSLYCKADES", id: id });
    }));
  }
  if (data.type === "ANDRAT") {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.match(CHANGES_KEY);
    }).then(function (r) { return r ? r.json() : null; }).then(function (changes) {
      event.source && event.source.postMessage({ type: "ANDRAT", andrat: changes });
    }));
  }
  if (data.type === "STATUS") {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.match(MANIFEST_KEY).then(function (done) {
        event.source && event.source.postMessage({ type: "STATUS", version: PRECACHE.version, cached: !!done,
          filer: Object.keys(PRECACHE.files).length });
      });
    }));
  }
});

function fromCache(request) {
  var key = typeof request === "string" ? request : request.url.split("#")[0].split("?")[0];
  if (key.slice(-1) === "/") key += "index.html";  // a folder address is its index page
  return caches.open(CACHE).then(function (cache) { return cache.match(key); });
}

/* A page the waiting version has and this one has not: not shown beside this version's files. */
var NEWER = '<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" ' +
  'content="width=device-width,initial-scale=1"><title>Ny version av portalen</title></head><body style="font:' +
  '16px/1.5 sans-serif;max-width:40em;margin:2em auto;padding:0 1em"><h1>Sidan finns i den nya versionen</h1>' +
  '<p>Portalen har uppdaterats, och den här sidan finns bara i den nya versionen. Byt till den nya versionen ' +
  'på en annan sida (rutan <em>Visa den nya versionen</em>) och öppna sidan igen.</p>' +
  '<p><a href="' + SCOPE + 'index.html">Till startsidan</a></p></body></html>';

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
    return (request.mode === "navigate" ? inWaitingVersion(request) : Promise.resolve(false)).then(function (newer) {
      if (newer) return new Response(NEWER, { headers: { "Content-Type": "text/html; charset=utf-8" } });
      return network(request);
    });
  }));
});

/* Whether the version waiting to take over has this page (its cache is complete before it waits). */
function inWaitingVersion(request) {
  if (!self.registration.waiting) return Promise.resolve(false);
  var key = request.url.split("#")[0].split("?")[0];
  return caches.keys().then(function (names) {
    var others = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE && n !== PDF_CACHE; });
    return Promise.all(others.map(function (n) {
      return caches.open(n).then(function (c) {  // a complete version only: it holds the manifest
        return c.match(MANIFEST_KEY).then(function (done) { return done ? c.match(key) : null; });
      });
    }));
  }).then(function (found) { return found.some(Boolean); });
}

function network(request) {
  return fetch(request).catch(function () {
    if (request.mode === "navigate") return fromCache(url("404.html")).then(function (r) { return r || fromCache(url("index.html")); });
    return Response.error();
  });
}
