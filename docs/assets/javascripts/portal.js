/* Boendestödsportalen: the few page features that need JavaScript. Without JavaScript the
 * pages still work: checklists are plain boxes, the question bank is a plain list.
 * Nothing leaves the browser: checklist ticks are kept in this browser's localStorage only. */
(function () {
  "use strict";

  var STORE = "boendestodsportalen.checklistor";

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function save(state) {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage off: ticks live until reload */ }
  }

  /* A tick is remembered by list and item text, so reordering items keeps the right ticks. */
  function keyOf(list, box) {
    var label = list.querySelector('label[for="' + box.id + '"]');
    return list.getAttribute("data-portal-checklista") + ":" + (label ? label.textContent.trim() : box.id);
  }

  function checklists() {
    var state = load();
    document.querySelectorAll("[data-portal-checklista]").forEach(function (list) {
      list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var key = keyOf(list, box);
        box.checked = state[key] === true;
        box.addEventListener("change", function () {
          var now = load();
          if (box.checked) now[key] = true; else delete now[key];
          save(now);
        });
      });
    });
  }

  function drawQuestion() {
    var wrap = document.querySelector(".portal-dra");
    var items = document.querySelectorAll("[data-portal-fraga]");
    if (!wrap || !items.length) return;
    var out = wrap.querySelector(".portal-dragen");
    wrap.hidden = false;
    wrap.querySelector("[data-portal-dra]").addEventListener("click", function () {
      var item = items[Math.floor(Math.random() * items.length)];
      out.innerHTML = item.innerHTML;
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-portal-skriv-ut]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* --- offline: the service worker (sw.js at the site's root, made by scripts/offline.py) -------- */

  function siteRoot() {
    var script = document.querySelector('script[src*="assets/javascripts/portal.js"]');
    return new URL("../../", script.src);
  }

  function updateBanner(worker) {
    if (document.querySelector(".portal-ny-version")) return;
    var bar = document.createElement("div");
    bar.className = "portal-ny-version";
    bar.setAttribute("role", "status");
    bar.innerHTML = '<p>Det finns en ny version –</p><button type="button" class="md-button md-button--primary">' +
      "uppdatera</button>";
    bar.querySelector("button").addEventListener("click", function () {
      worker.postMessage({ type: "SKIP_WAITING" });
    });
    document.body.appendChild(bar);
  }

  function offline() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;  // file:// has none
    var root = siteRoot();
    var reloading = false, hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      /* the person chose the new version: show it. (The first worker taking over changes nothing.) */
      if (hadController && !reloading) { reloading = true; location.reload(); }
    });
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).then(function (reg) {
        var track = function (worker) {
          worker.addEventListener("statechange", function () {
            if (worker.state === "installed" && navigator.serviceWorker.controller) updateBanner(worker);
          });
        };
        if (reg.waiting && navigator.serviceWorker.controller) updateBanner(reg.waiting);
        if (reg.installing) track(reg.installing);
        reg.addEventListener("updatefound", function () { track(reg.installing); });
      });
    });
    saveCards();
    storageUsed();
  }

  /* "Spara alla studiekort": the worker fetches every PDF into its card cache. */
  function saveCards() {
    var button = document.querySelector("[data-portal-spara-kort]");
    if (!button) return;
    var status = document.querySelector("[data-portal-spara-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "Sparar studiekorten …";
      navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage({ type: "CACHE_PDFS" }); });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data.type === "PDFS_CACHED") status.textContent = "Klart: " + event.data.count + " studiekort finns nu utan nät.";
      if (event.data.type === "PDFS_FAILED") status.textContent = "Det gick inte att spara alla studiekort. Försök igen när du har nät.";
    });
  }

  /* On the "Använd utan nät" page: how much this device stores for the portal now. */
  function storageUsed() {
    var out = document.querySelector("[data-portal-lagring]");
    if (!out || !navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then(function (e) {
      out.textContent = "Just nu sparar den här webbläsaren " + (e.usage / 1048576).toFixed(1).replace(".", ",") +
        " MB för portalen.";
      out.hidden = false;
    });
  }

  checklists();
  drawQuestion();
  printButtons();
  offline();
})();
