/* Boendestödsportalen: the few page features that need JavaScript. Without JavaScript the
 * pages still work: checklists are plain boxes, the question bank is a plain list.
 * Nothing leaves the browser: checklist ticks and self-check answers are kept in this browser's
 * localStorage only, by page and by the id the editor gave each item; so is the version whose
 * changes the reader has seen ("Ändrat sedan du var här senast"). */
(function () {
  "use strict";

  var ME = document.currentScript;

  var STORE = "boendestodsportalen.checklistor";

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function save(state) {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage off: ticks live until reload */ }
  }

  /* A tick is remembered by page and item id (data-portal-id, set by the editor), so rewording or
     moving an item keeps its tick. Ticks kept by an earlier version (by the item's text) are moved
     over the first time the item's text still matches. */
  function checklists() {
    var state = load(), moved = false;
    document.querySelectorAll("[data-portal-checklista]").forEach(function (list) {
      var page = list.getAttribute("data-portal-checklista");
      list.querySelectorAll("input[type=checkbox][data-portal-id]").forEach(function (box) {
        var key = page + "#" + box.getAttribute("data-portal-id");
        var label = list.querySelector('label[for="' + box.id + '"]');
        var old = page + ":" + (label ? label.textContent.trim() : "");
        if (state[old] === true) { state[key] = true; delete state[old]; moved = true; }
        box.checked = state[key] === true;
        box.addEventListener("change", function () {
          var now = load();
          if (box.checked) now[key] = true; else delete now[key];
          save(now);
        });
      });
    });
    if (moved) save(state);
  }

  /* "Dra en fråga": a random question, from the chosen theme if there is a choice. */
  function drawQuestion() {
    var wrap = document.querySelector(".portal-dra");
    var items = document.querySelectorAll("[data-portal-fraga]");
    if (!wrap || !items.length) return;
    var out = wrap.querySelector(".portal-dragen"), theme = wrap.querySelector("[data-portal-dra-tema]");
    wrap.hidden = false;
    wrap.querySelector("[data-portal-dra]").addEventListener("click", function () {
      var pool = Array.prototype.filter.call(items, function (item) {
        return !theme || !theme.value || item.getAttribute("data-portal-tema") === theme.value;
      });
      var item = pool[Math.floor(Math.random() * pool.length)];
      out.innerHTML = item.innerHTML;
    });
  }

  /* Question bank: show only the questions that contain what you type. */
  function filterQuestions() {
    var field = document.querySelector("[data-portal-filter]");
    if (!field) return;
    field.parentNode.hidden = false;
    field.addEventListener("input", function () {
      var text = field.value.trim().toLowerCase();
      document.querySelectorAll(".portal-fragebank [data-portal-fraga]").forEach(function (item) {
        item.hidden = text !== "" && item.textContent.toLowerCase().indexOf(text) < 0;
      });
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
    return new URL("../../", ME.src);  // this script is assets/javascripts/portal[.<hash>].js
  }

  /* A new version is ready: a bar with a real button. The live region exists before its text, so
     screen readers announce the text when it comes. */
  var waitingWorker = null;  // the newest saved version: one saved later replaces it as the one to take

  function updateBanner(worker) {
    waitingWorker = worker;
    if (document.querySelector(".portal-ny-version p")) return;
    var bar = document.querySelector(".portal-ny-version") || document.createElement("div");
    bar.className = "portal-ny-version";
    bar.setAttribute("role", "status");
    document.body.appendChild(bar);
    setTimeout(function () {
      bar.innerHTML = "<p>Portalen har uppdaterats. Ladda om för att se de senaste råden.</p>" +
        '<button type="button">Visa den nya versionen</button>';
      bar.querySelector("button").addEventListener("click", function () {
        waitingWorker.postMessage({ type: "SKIP_WAITING" });
      });
    }, 50);
  }

  var ASKED = "boendestodsportalen.spara-utan-nat";

  /* On Save-Data (or a reader who said no before), the whole portal is saved only when asked. */
  function mayDownload() {
    var choice = null;
    try { choice = localStorage.getItem(ASKED); } catch (e) { /* storage off */ }
    if (choice) return Promise.resolve(choice === "ja");
    var line = navigator.connection || {};
    if (!line.saveData && line.type !== "cellular") return Promise.resolve(true);  // Save-Data, or paid by the byte
    return new Promise(function (resolve) {
      var bar = document.createElement("div");
      bar.className = "portal-ny-version";
      bar.setAttribute("role", "region");
      bar.setAttribute("aria-label", "Spara portalen");
      bar.innerHTML = "<p>Vill du spara hela portalen i telefonen, så att den fungerar utan nät? " +
        "Det hämtar hela portalen en gång.</p>" +
        '<button type="button" data-svar="ja">Spara</button> <button type="button" data-svar="nej">Inte nu</button>';
      bar.addEventListener("click", function (event) {
        var answer = event.target.getAttribute && event.target.getAttribute("data-svar");
        if (!answer) return;
        try { localStorage.setItem(ASKED, answer); } catch (e) { /* storage off */ }
        bar.remove();
        resolve(answer === "ja");
      });
      document.body.appendChild(bar);
    });
  }

  function offline() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;  // file:// has none
    var root = siteRoot();
    var reloading = false, hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      /* A new version took over (the reader chose it here or in another tab): every open tab shows it,
         so no page of one version runs with another's files. The first worker taking over a page
         that had none changes nothing. */
      if (hadController && !reloading) { reloading = true; location.reload(); }
      hadController = true;
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      offlineStatus(event.data || {});
      if ((event.data || {}).type === "ANDRAT") changedSince(event.data.andrat, root);
    });
    window.addEventListener("load", function () {
      searchFirst().then(function () {
        return navigator.serviceWorker.getRegistration(root.href);
      }).then(function (existing) {
        return existing ? true : mayDownload();
      }).then(function (yes) {
        if (!yes) { offlineStatus({ type: "AVSTATT" }); return; }
        register(root);
      });
    });
    saveCards();
    storageUsed();
  }

  /* On the search page the first part of the index comes before the offline copy, which would
     otherwise share a slow line with it (portal-sok.js says when; at most a few seconds). */
  function searchFirst() {
    var html = document.documentElement;
    if (!document.querySelector("[data-portal-sok]") || html.hasAttribute("data-portal-sok-klar")) return Promise.resolve();
    return new Promise(function (resolve) {
      document.addEventListener("portal-sok-klar", resolve);
      setTimeout(resolve, 8000);
    });
  }

  function register(root) {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).then(function (reg) {
      var track = function (worker) {
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) updateBanner(worker);
        });
      };
      if (reg.waiting && navigator.serviceWorker.controller) updateBanner(reg.waiting);
      if (reg.installing) track(reg.installing);
      reg.addEventListener("updatefound", function () { track(reg.installing); });
      if (reg.active) {
        reg.update();  // is there a newer build? (one request, answered "not modified" when there is none)
        reg.active.postMessage({ type: "STATUS" });
        if (navigator.serviceWorker.controller) reg.active.postMessage({ type: "ANDRAT" });
      }
      else offlineStatus({ type: "SPARAR" });
    });
  }

  var SEEN = "boendestodsportalen.andrat-sett";

  /* "Ändrat sedan du var här senast": the worker compared the version this browser had with the
     new one (changes is {till, sidor: [{sida, titel, vad}]}, or null). Shown under the title until
     the reader says it is seen; only that choice is kept, in this browser. */
  function changedSince(changes, root) {
    if (!changes || !changes.sidor || !changes.sidor.length || document.querySelector(".portal-andrat")) return;
    try { if (localStorage.getItem(SEEN) === changes.till) return; } catch (e) { /* storage off: shown */ }
    var title = document.querySelector(".md-content h1");
    if (!title) return;
    var here = location.href.split(/[?#]/)[0].slice(root.href.length) || "index.html";
    if (here.slice(-1) === "/") here += "index.html";
    var box = document.createElement("aside");
    box.className = "portal-andrat";
    box.setAttribute("aria-labelledby", "portal-andrat-rubrik");
    var heading = document.createElement("h2");
    heading.id = "portal-andrat-rubrik";
    heading.textContent = "Ändrat sedan du var här senast";
    box.appendChild(heading);
    var list = document.createElement("ul");
    changes.sidor.forEach(function (change) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var self = decodeURI(here) === change.sida;
      link.href = new URL(change.sida, root).href + "#andringar";
      link.textContent = self ? "Den här sidan" : change.titel;
      if (self) item.setAttribute("data-portal-den-har-sidan", "");
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + change.vad));
      if (self) list.insertBefore(item, list.firstChild); else list.appendChild(item);
    });
    box.appendChild(list);
    var done = document.createElement("button");
    done.type = "button";
    done.className = "portal-knapp";
    done.textContent = "Jag har sett ändringarna";
    done.addEventListener("click", function () {
      try { localStorage.setItem(SEEN, changes.till); } catch (e) { /* storage off */ }
      box.remove();
      title.setAttribute("tabindex", "-1");  // focus stays on the page, not lost with the box
      title.focus();
    });
    box.appendChild(done);
    title.parentNode.insertBefore(box, title.nextSibling);
  }

  /* "Använd utan nät" says how far saving has come, and offers to try again when it failed. */
  function offlineStatus(message) {
    var out = document.querySelector("[data-portal-lagring]");
    if (message.type === "SPARAD" || (message.type === "STATUS" && message.cached)) {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist();  // ask to keep it
    }
    if (!out) return;
    var text = null, retry = false;
    if (message.type === "SPARAR") text = message.totalt ? "Sparar portalen för användning utan nät: " + message.klara +
      " av " + message.totalt + " filer …" : "Sparar portalen för användning utan nät …";
    if (message.type === "SPARAD" || (message.type === "STATUS" && message.cached)) text = "Portalen är sparad i den här webbläsaren och fungerar utan nät.";
    if (message.type === "MISSLYCKADES") { text = "Det gick inte att spara portalen för användning utan nät. Försök igen när du har bra täckning."; retry = true; }
    if (message.type === "AVSTATT") text = "Portalen är inte sparad för användning utan nät. Du kan spara den här.";
    if (text === null) return;
    out.setAttribute("role", "status");  // read out when it changes
    out.textContent = text;
    out.hidden = false;
    if (retry || message.type === "AVSTATT") {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "portal-knapp";
      button.textContent = message.type === "AVSTATT" ? "Spara portalen" : "Försök igen";
      button.addEventListener("click", function () {
        try { localStorage.setItem(ASKED, "ja"); } catch (e) { /* storage off */ }
        var root = siteRoot();
        navigator.serviceWorker.getRegistration(root.href).then(function (reg) {
          return reg ? reg.update() : register(root);
        });
        out.textContent = "Sparar portalen …";
      });
      out.appendChild(document.createTextNode(" "));
      out.appendChild(button);
    }
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
      var used = document.createElement("span");
      used.className = "portal-lagring-mangd";
      used.textContent = " Just nu sparar den här webbläsaren " + (e.usage / 1048576).toFixed(1).replace(".", ",") +
        " MB för portalen.";
      out.parentNode.insertBefore(used, out.nextSibling);
    });
  }

  /* --- self-checks: answers kept in this browser only ------------------------------------------ */

  var CHECKS = "boendestodsportalen.sjalvtest";

  function loadChecks() {
    try { return JSON.parse(localStorage.getItem(CHECKS)) || {}; } catch (e) { return {}; }
  }

  function saveChecks(state) {
    try { localStorage.setItem(CHECKS, JSON.stringify(state)); } catch (e) { /* storage off */ }
  }

  /* A self-check's answers: { question id: the chosen alternative }. `ids` are the question ids in
     page order: answers kept by an earlier version (by position, "1", "2" …) are moved to the id of
     the question at that position, once. */
  function answersOf(checkId, ids) {
    var state = loadChecks(), answers = state[checkId] || {}, moved = false;
    Object.keys(answers).forEach(function (key) {
      if (!/^[0-9]+$/.test(key)) return;
      var id = ids[Number(key) - 1];
      if (id && answers[id] === undefined) answers[id] = answers[key];
      delete answers[key];
      moved = true;
    });
    if (moved) { state[checkId] = answers; saveChecks(state); }
    return answers;
  }

  function idsOf(element) {
    return (element.getAttribute("data-fragor") || "").split(" ").filter(Boolean);
  }

  function selfChecks() {
    document.querySelectorAll("[data-portal-sjalvtest]").forEach(function (form) {
      var id = form.getAttribute("data-portal-sjalvtest");
      var questions = form.querySelectorAll(".portal-sjalvtest__fraga");
      var ids = Array.prototype.map.call(questions, function (q) { return q.getAttribute("data-portal-id"); });
      var result = form.querySelector(".portal-sjalvtest__resultat");
      function show() {
        var answers = answersOf(id, ids), right = 0, done = 0;
        questions.forEach(function (fieldset) {
          var chosen = answers[fieldset.getAttribute("data-portal-id")];
          var answer = fieldset.querySelector(".portal-sjalvtest__svar");
          fieldset.querySelectorAll("input").forEach(function (input) { input.checked = input.value === chosen; });
          answer.hidden = !chosen;
          if (!chosen) return;
          done += 1;
          var correct = fieldset.querySelector("input[data-ratt]");
          var ok = correct.value === chosen;
          if (ok) right += 1;
          answer.querySelector(".portal-sjalvtest__bedomning").textContent = ok ? "Rätt." :
            "Inte riktigt. Rätt svar: " + correct.parentNode.textContent.trim();
        });
        result.textContent = done ? "Du har svarat på " + done + " av " + questions.length + " frågor, " + right + " rätt." : "";
      }
      form.addEventListener("change", function (event) {
        var fieldset = event.target.closest(".portal-sjalvtest__fraga");
        answersOf(id, ids);
        var state = loadChecks();
        state[id] = state[id] || {};
        state[id][fieldset.getAttribute("data-portal-id")] = event.target.value;
        saveChecks(state);
        show();
      });
      form.addEventListener("reset", function (event) {
        event.preventDefault();
        var state = loadChecks();
        delete state[id];
        saveChecks(state);
        show();
        result.textContent = "Testet är nollställt.";
      });
      show();
    });
    document.querySelectorAll("[data-portal-sjalvtest-id]").forEach(function (item) {
      var ids = idsOf(item), answers = answersOf(item.getAttribute("data-portal-sjalvtest-id"), ids);
      var answered = ids.filter(function (q) { return answers[q] !== undefined; }).length;
      if (!answered) return;
      item.querySelector("span").textContent = answered + " av " + ids.length + " besvarade";
    });
  }

  /* --- the introduction certificate (introduktion/intyg.html, scripts/generate.py) ------------------
     Read from the self-check answers above; the name typed stays in the page: nothing is stored or sent. */

  var MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december"];

  /* A week's result: passed when every question has the right answer. */
  function weekResult(row) {
    var right = (row.getAttribute("data-ratt") || "").split(" "), ids = idsOf(row);
    var answers = answersOf(row.getAttribute("data-portal-intyg-rad"), ids);
    var answered = 0, correct = 0;
    right.forEach(function (value, n) {
      var chosen = answers[ids[n]];
      if (chosen === undefined) return;
      answered += 1;
      if (chosen === value) correct += 1;
    });
    return { total: right.length, answered: answered, correct: correct, passed: correct === right.length };
  }

  function certificate() {
    var box = document.querySelector("[data-portal-intyg]");
    if (!box) return;
    var sheet = box.querySelector("[data-portal-intyg-blad]");
    var passed = true;
    sheet.querySelectorAll("tr[data-portal-intyg-rad]").forEach(function (row) {
      var r = weekResult(row), id = row.getAttribute("data-portal-intyg-rad");
      passed = passed && r.passed;
      row.querySelector("[data-portal-intyg-resultat]").textContent = r.correct + " av " + r.total + " rätt";
      var left = box.querySelector('[data-portal-intyg-vecka="' + id + '"] span');
      left.textContent = r.passed ? "klart (" + r.correct + " av " + r.total + " rätt)" :
        r.answered ? r.answered + " av " + r.total + " frågor besvarade, " + r.correct + " rätt" : "inte påbörjat";
    });
    box.querySelector("[data-portal-intyg-utan-js]").hidden = true;
    box.querySelector("[data-portal-intyg-kvar]").hidden = passed;
    box.querySelector("[data-portal-intyg-klart]").hidden = !passed;
    sheet.hidden = !passed;
    if (!passed) return;
    var today = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var time = document.createElement("time");
    time.setAttribute("datetime", today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate()));
    time.textContent = today.getDate() + " " + MONTHS[today.getMonth()] + " " + today.getFullYear();
    box.querySelector("[data-portal-intyg-datum]").appendChild(time);
    var field = box.querySelector("[data-portal-intyg-namnfalt]");
    var name = box.querySelector("[data-portal-intyg-namn]");
    var status = box.querySelector("[data-portal-intyg-status]");
    var showName = function () { name.textContent = field.value.trim() || "______________________________"; };
    field.addEventListener("input", showName);
    showName();
    box.querySelector("[data-portal-intyg-skriv-ut]").addEventListener("click", function () {
      if (!field.value.trim()) {
        status.textContent = "Skriv ditt namn först.";
        field.focus();
        return;
      }
      status.textContent = "";
      window.print();
    });
  }

  /* --- keyboard at 400 % zoom (320 px): the theme's menu and search buttons are <label>s ----------- */

  function keyboardButtons() {
    var names = { __drawer: "Öppna menyn", __search: "Öppna sökningen" };
    document.querySelectorAll(".md-header label[for]").forEach(function (label) {
      var name = names[label.getAttribute("for")];
      if (!name) return;
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      if (!label.getAttribute("aria-label")) label.setAttribute("aria-label", name);
    });
    /* capture phase: the theme's own key handling must not swallow Enter on these buttons */
    document.addEventListener("keydown", function (event) {
      var label = event.target.closest && event.target.closest(".md-header label[for][tabindex]");
      if (!label || (event.key !== "Enter" && event.key !== " ")) return;
      event.preventDefault();
      event.stopPropagation();
      var toggle = document.getElementById(label.getAttribute("for"));
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      if (toggle.id === "__search" && toggle.checked) {
        var input = document.querySelector(".md-search__input");
        if (input) input.focus();
      }
    }, true);
  }

  /* A closed off-canvas menu takes no focus (it is out of sight); an open one does. */
  function hiddenMenuTakesNoFocus() {
    var drawer = document.getElementById("__drawer");
    var menu = document.querySelector(".md-sidebar--primary");
    var narrow = window.matchMedia("(max-width: 76.1875em)");
    if (!drawer || !menu) return;
    var update = function () {
      if (narrow.matches && !drawer.checked) menu.setAttribute("inert", ""); else menu.removeAttribute("inert");
    };
    drawer.addEventListener("change", update);
    narrow.addEventListener("change", update);
    update();
  }

  /* Abbreviations (SIP, LSS …) explain themselves on keyboard focus too, not only on hover. */
  function focusableAbbreviations() {
    document.querySelectorAll(".md-content abbr[title]").forEach(function (abbr) {
      abbr.setAttribute("tabindex", "0");
    });
  }

  keyboardButtons();
  hiddenMenuTakesNoFocus();
  focusableAbbreviations();
  checklists();
  selfChecks();
  certificate();
  drawQuestion();
  filterQuestions();
  printButtons();
  offline();
})();
